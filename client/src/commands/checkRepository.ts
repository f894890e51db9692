// "Triton: Check Repository": runs the check CI runs on every folder of the workspace, so a reviewer sees
// what CI will say: the report in the "Triton: Check Repository" output, and a summary with CI's verdict.
// Cancellable: the check's process is killed. It does not need the language server.
import * as vscode from 'vscode';
import type { CheckReport } from '../../../server/src/core/check/checkPaths';
import { formatText, summarize } from '../../../server/src/cli/output';
import { anyToken, checkFolder, cliOptions } from '../check/checkRepository';
import type { CheckRepositoryArgs, CheckRepositoryOutcome, FolderOutcome } from '../check/checkRepository';
import { command } from './command';
import type { Services } from './services';

export default command('tritonToolkit.checkRepository', (services: Services, arg?: CheckRepositoryArgs) =>
  checkWorkspace(services, arg),
);

async function checkWorkspace(
  services: Services,
  arg?: CheckRepositoryArgs,
): Promise<CheckRepositoryOutcome> {
  const output = services.checkOutput();
  const cli = services.context.asAbsolutePath('dist/cli.js');
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Triton: Check Repository', cancellable: true },
    async (progress, progressToken): Promise<CheckRepositoryOutcome> => {
      const results: FolderOutcome[] = [];
      const token = anyToken(progressToken, arg?.token);
      output.clear();
      for (const [i, folder] of folders.entries()) {
        progress.report({ message: `${folder.name} (${i + 1}/${folders.length})` });
        const settings = services.settings();
        const r = await checkFolder(cli, folder.uri.fsPath, settings, token);
        if (!r) return { cancelled: true };
        const report = JSON.parse(r.stdout || '{"files":[],"repositories":[]}') as Pick<
          CheckReport,
          'files' | 'repositories'
        >;
        const full: CheckReport = { ...report, failures: [] };
        const s = summarize(full);
        output.appendLine(
          `$ triton-repo check ${folder.uri.fsPath} ${cliOptions(settings).join(' ')}`.trim(),
        );
        output.append(formatText(full) + r.stderr);
        output.appendLine(`exit status ${r.code}${r.code === 0 ? '' : ': CI fails'}`);
        results.push({
          folder: folder.uri.fsPath,
          exitCode: r.code,
          repositories: report.repositories,
          files: s.files,
          errors: s.errors,
          warnings: s.warnings,
          stderr: r.stderr,
        });
      }
      return { cancelled: false, folders: results };
    },
  );
  if (outcome.cancelled) {
    void vscode.window.showInformationMessage('Triton: Check Repository was cancelled.');
    return outcome;
  }
  output.show(true);
  const errors = outcome.folders.reduce((n, f) => n + f.errors, 0);
  const warnings = outcome.folders.reduce((n, f) => n + f.warnings, 0);
  const repositories = outcome.folders.reduce((n, f) => n + f.repositories.length, 0);
  const failing = outcome.folders.some((f) => f.exitCode !== 0);
  void vscode.window.showInformationMessage(
    `Triton: ${repositories} model ${repositories === 1 ? 'repository' : 'repositories'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}; CI would ${failing ? 'fail' : 'pass'}.`,
  );
  return outcome;
}
