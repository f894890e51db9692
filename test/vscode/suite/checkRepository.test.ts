// "Triton: Check Repository" inside VS Code: it runs the check CI runs (the bundled CLI) on the workspace
// folder and returns, and shows, CI's verdict; a cancelled run stops the check.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import type { CheckRepositoryOutcome } from '../../../client/src/check/checkRepository';

const COMMAND = 'tritonToolkit.checkRepository';
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('Triton: Check Repository', () => {
  it('is contributed to the command palette as "Triton: Check Repository"', () => {
    const contributed = manifest.contributes.commands.find((c) => c.command === COMMAND);
    assert.ok(contributed);
    assert.equal(`${contributed.category}: ${contributed.title}`, 'Triton: Check Repository');
  });

  it('checks every repository of the workspace as `triton-repo check` in CI does', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const outcome = await vscode.commands.executeCommand<CheckRepositoryOutcome>(COMMAND);
    assert.ok(outcome && !outcome.cancelled, 'the check ran to the end');
    assert.equal(outcome.folders.length, 1);
    const [result] = outcome.folders;
    // What CI would print, from the same bundle on the command line.
    const ci = spawnSync(
      process.execPath,
      [join(extension.extensionPath, 'dist', 'cli.js'), 'check', folder, '--format', 'json'],
      { cwd: folder, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    const expected = JSON.parse(ci.stdout) as {
      repositories: string[];
      summary: { files: number; errors: number; warnings: number };
    };
    assert.equal(result!.exitCode, ci.status);
    assert.equal(result!.exitCode, 1, 'the workspace has a broken model: CI fails');
    assert.deepEqual(result!.repositories, [
      join(folder, 'model_repository'),
      join(folder, 'templates_repository'),
    ]);
    assert.deepEqual(result!.repositories, expected.repositories);
    assert.deepEqual(
      { files: result!.files, errors: result!.errors, warnings: result!.warnings },
      expected.summary,
    );
    assert.ok(result!.errors > 0);
  });

  it('stops when cancelled, before or while the check runs', async () => {
    const before = new vscode.CancellationTokenSource();
    before.cancel();
    assert.deepEqual(
      await vscode.commands.executeCommand<CheckRepositoryOutcome>(COMMAND, { token: before.token }),
      {
        cancelled: true,
      },
    );
    // While it runs: the CLI process (Node's start alone takes longer than this) is killed.
    const during = new vscode.CancellationTokenSource();
    const running = vscode.commands.executeCommand<CheckRepositoryOutcome>(COMMAND, { token: during.token });
    setTimeout(() => during.cancel(), 10);
    assert.deepEqual(await running, { cancelled: true });
  });
});
