// "Triton: Build Engine": runs a build profile's `triton-build` task (build/buildTask.ts) and resolves when
// its build has finished, with how it ended (for callers that are not a person: tests).
import * as vscode from 'vscode';
import { BUILD_PROFILE_SUFFIX } from '../../../server/src/build/profile';
import { BUILD_TASK_TYPE, buildTask } from '../build/buildTask';
import type { BuildOutcome } from '../build/buildTask';
import { pickWorkspaceFile } from '../pickFile';
import { command } from './command';
import type { Services } from './services';

/** Build Engine arguments for tests: the profile instead of the picker. */
export interface BuildEngineArgs {
  profile: string;
  /** Stop a build of the same profile that is still running instead of asking. */
  stopRunning?: boolean;
}

export default command(
  'tritonToolkit.buildEngine',
  async (services: Services, arg?: vscode.Uri | BuildEngineArgs): Promise<BuildOutcome | undefined> => {
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : arg?.profile
          ? vscode.Uri.file(arg.profile)
          : await pickWorkspaceFile(BUILD_PROFILE_SUFFIX, 'Build profile');
    if (!uri) {
      void vscode.window.showWarningMessage(`No *${BUILD_PROFILE_SUFFIX} profile in the workspace.`);
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    let finish: (outcome: BuildOutcome) => void = () => undefined;
    const finished = new Promise<BuildOutcome>((resolve) => (finish = resolve));
    const task = buildTask(
      { type: BUILD_TASK_TYPE, profile: uri.fsPath },
      folder ?? vscode.TaskScope.Workspace,
      services.runtime,
      finish,
      !(arg instanceof vscode.Uri) && arg?.stopRunning === true,
    );
    await vscode.tasks.executeTask(task);
    const outcome = await finished;
    if (outcome.ok) void vscode.window.showInformationMessage(`Engine built: ${outcome.outputPath}`);
    else if (!outcome.cancelled)
      void vscode.window.showErrorMessage(`Build failed: ${outcome.message} (see the Problems view)`);
    return outcome;
  },
  { trusted: true },
);
