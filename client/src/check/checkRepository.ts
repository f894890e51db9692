// "Triton: Check Repository": runs the check CI runs (`triton-repo check <folder>`, the bundled CLI, in a
// process of its own) on every folder of the workspace, so a reviewer sees what CI will say: the report in
// the "Triton: Check Repository" output, and a summary with CI's verdict. Cancellable: the process is killed.
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import type { CheckReport } from '../../../server/src/core/check/checkPaths';
import { formatText, summarize } from '../../../server/src/cli/output';
import type { Settings } from '../settings';

export const CHECK_REPOSITORY_COMMAND = 'tritonToolkit.checkRepository';

/** Arguments for callers that are not a person (tests): a token to cancel with. */
export interface CheckRepositoryArgs {
  token?: vscode.CancellationToken;
}

export interface FolderOutcome {
  folder: string;
  /** The CLI's exit status: 0 CI passes, 1 CI fails on problems, 2 nothing to check or a failure. */
  exitCode: number;
  repositories: string[];
  files: number;
  errors: number;
  warnings: number;
  /** What the CLI wrote on stderr (paths it could not check). */
  stderr: string;
}

export type CheckRepositoryOutcome = { cancelled: true } | { cancelled: false; folders: FolderOutcome[] };

/** The options CI would be given for the editor's settings. */
function cliOptions(settings: Settings): string[] {
  return [
    ...(settings.strictModelConfig ? ['--strict-model-config'] : []),
    ...(settings.gpuCount !== null ? ['--gpus', String(settings.gpuCount)] : []),
  ];
}

export function registerCheckRepository(context: vscode.ExtensionContext, settings: () => Settings): void {
  const output = vscode.window.createOutputChannel('Triton: Check Repository');
  context.subscriptions.push(output);
  const cli = context.asAbsolutePath('dist/cli.js');

  const checkFolder = (folder: string, token: vscode.CancellationToken) =>
    new Promise<{ code: number; stdout: string; stderr: string } | undefined>((resolve, reject) => {
      if (token.isCancellationRequested) return resolve(undefined);
      const child = fork(cli, ['check', folder, '--format', 'json', ...cliOptions(settings())], {
        cwd: folder,
        silent: true,
        // The extension host may be Electron: run its binary as Node, as the language client does.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const cancel = token.onCancellationRequested(() => child.kill());
      child.once('error', (e) => {
        cancel.dispose();
        reject(e);
      });
      child.once('exit', (code) => {
        cancel.dispose();
        resolve(token.isCancellationRequested ? undefined : { code: code ?? 2, stdout, stderr });
      });
    });

  const run = async (arg?: CheckRepositoryArgs): Promise<CheckRepositoryOutcome> => {
    const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Triton: Check Repository',
        cancellable: true,
      },
      async (progress, progressToken): Promise<CheckRepositoryOutcome> => {
        const results: FolderOutcome[] = [];
        const token = anyToken(progressToken, arg?.token);
        output.clear();
        for (const [i, folder] of folders.entries()) {
          progress.report({ message: `${folder.name} (${i + 1}/${folders.length})` });
          const r = await checkFolder(folder.uri.fsPath, token);
          if (!r) return { cancelled: true };
          const report = JSON.parse(r.stdout || '{"files":[],"repositories":[]}') as Pick<
            CheckReport,
            'files' | 'repositories'
          >;
          const full: CheckReport = { ...report, failures: [] };
          const s = summarize(full);
          output.appendLine(
            `$ triton-repo check ${folder.uri.fsPath} ${cliOptions(settings()).join(' ')}`.trim(),
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
  };
  context.subscriptions.push(vscode.commands.registerCommand(CHECK_REPOSITORY_COMMAND, run));
}

/** A token cancelled when either is (the progress notification's, or a caller's). */
function anyToken(
  a: vscode.CancellationToken,
  b: vscode.CancellationToken | undefined,
): vscode.CancellationToken {
  if (!b) return a;
  const source = new vscode.CancellationTokenSource();
  if (a.isCancellationRequested || b.isCancellationRequested) source.cancel();
  a.onCancellationRequested(() => source.cancel());
  b.onCancellationRequested(() => source.cancel());
  return source.token;
}
