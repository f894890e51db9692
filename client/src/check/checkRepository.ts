// What "Triton: Check Repository" (client/src/commands/checkRepository.ts) runs: the check CI runs
// (`triton-repo check <folder>`, the bundled CLI, in a process of its own) on one folder, killed when the
// check is cancelled.
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import type { Settings } from '../settings';

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
export function cliOptions(settings: Settings): string[] {
  return [
    ...(settings.strictModelConfig ? ['--strict-model-config'] : []),
    ...(settings.gpuCount !== null ? ['--gpus', String(settings.gpuCount)] : []),
  ];
}

/** `dist/cli.js check <folder> --format json`; undefined when cancelled (the process is killed). */
export function checkFolder(
  cli: string,
  folder: string,
  settings: Settings,
  token: vscode.CancellationToken,
): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
  return new Promise((resolve, reject) => {
    if (token.isCancellationRequested) return resolve(undefined);
    const child = fork(cli, ['check', folder, '--format', 'json', ...cliOptions(settings)], {
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
}

/** A token cancelled when either is (the progress notification's, or a caller's). */
export function anyToken(
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
