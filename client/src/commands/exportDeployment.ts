// Triton: Export Deployment…: a deployment profile written as another tool's files, into a folder the user
// picks, the main file opened. Compose (replicas behind nginx) is here; each target is one entry of TARGETS.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportComposeProject } from '../../../server/src/deploy/compose/composeFiles';
import { COMPOSE_FILE } from '../../../server/src/deploy/compose/composeFile';
import { loadProfileFile } from '../../../server/src/deploy/launch';
import type { LoadedProfile } from '../../../server/src/deploy/launch';
import { PROFILE_SUFFIX } from '../../../server/src/deploy/profile';
import { gpuInventoryAsync } from '../../../server/src/host/gpus';
import { pickWorkspaceFile } from '../pickFile';

/** What a test passes instead of the pickers and the prompt. */
export interface ExportArgs {
  profile?: string;
  target?: string;
  folder?: string;
  /** Replace files edited since they were exported, without asking. */
  force?: boolean;
}

interface Target {
  id: string;
  label: string;
  detail: string;
  /** Writes the files; the path of the main file, or undefined when the user was told why not. */
  write(loaded: LoadedProfile, folder: string, force: boolean): Promise<string | 'edited' | undefined>;
}

const TARGETS: Target[] = [
  {
    id: 'compose',
    label: 'Compose',
    detail: 'compose.yaml and nginx.conf: one Triton per replica on GPUs of its own, nginx in front',
    async write(loaded, folder, force) {
      const result = await exportComposeProject(loaded, {
        outDir: folder,
        workspace: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(loaded.path),
        hostGpus: (await gpuInventoryAsync())?.map((g) => String(g.index)),
        force,
      });
      if (result.ok) {
        for (const note of result.notes) void vscode.window.showInformationMessage(note);
        return path.join(folder, COMPOSE_FILE);
      }
      if (result.kind === 'edited') return 'edited';
      void vscode.window.showErrorMessage(`Not exported: ${result.lines.join('; ')}`);
      return undefined;
    },
  },
];

export function registerExportDeployment(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('tritonToolkit.exportDeployment', (args: ExportArgs = {}) =>
      exportDeployment(args),
    ),
  );
}

/** Returns the main file written (for tests), or undefined. */
export async function exportDeployment(args: ExportArgs): Promise<string | undefined> {
  const uri = args.profile
    ? vscode.Uri.file(args.profile)
    : await pickWorkspaceFile(PROFILE_SUFFIX, 'The deployment profile to export');
  if (!uri) return undefined;
  const load = await loadProfileFile(uri.fsPath);
  if (!load.ok) return void vscode.window.showErrorMessage(`Invalid profile: ${load.problems.join('; ')}`);
  const target =
    TARGETS.find((t) => t.id === args.target) ??
    (await vscode.window.showQuickPick(TARGETS, { placeHolder: 'Export as' }));
  if (!target) return undefined;
  const folder =
    args.folder ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Export Here',
        defaultUri: vscode.Uri.file(path.dirname(uri.fsPath)),
      })
    )?.[0]?.fsPath;
  if (!folder) return undefined;
  let main = await target.write(load.loaded, folder, args.force === true);
  if (main === 'edited') {
    const replace = await vscode.window.showWarningMessage(
      `Files in ${folder} were edited since they were exported. Replace them?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return undefined;
    main = await target.write(load.loaded, folder, true);
  }
  if (main === undefined || main === 'edited') return undefined;
  await vscode.window.showTextDocument(vscode.Uri.file(main));
  return main;
}
