// The commands that do not need the language server work when it fails to start: they are registered at
// activation before the client starts (client/src/commands). Runs only against a copy of the extension
// whose dist/server.js exits at once (test/vscode/serverDown.test.ts); the commands that do ask the server
// say so instead of hanging.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Runs `fn` with the toasts recorded instead of shown. */
async function recordingMessages<T>(fn: () => Thenable<T>) {
  const window = vscode.window as Window;
  const { showWarningMessage, showErrorMessage, showInformationMessage } = window;
  const messages: string[] = [];
  const record = ((m: string) => {
    messages.push(m);
    return Promise.resolve(undefined);
  }) as typeof window.showWarningMessage;
  window.showWarningMessage = record;
  window.showErrorMessage = record as typeof window.showErrorMessage;
  window.showInformationMessage = record as typeof window.showInformationMessage;
  try {
    return { result: await fn(), messages };
  } finally {
    Object.assign(window, { showWarningMessage, showErrorMessage, showInformationMessage });
  }
}

describe('Commands without the server (language server down)', function () {
  this.timeout(60_000);
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  it('activates, and the commands that do not need the server work', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const api = (await extension.activate()) as { client?: { isRunning(): boolean } };
    assert.equal(api.client?.isRunning(), false, 'the language server is not running');

    const commands = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest.contributes.commands)
      assert.ok(commands.has(c.command), `${c.command} registered`);

    const repository = join(root(), 'server-down', 'model_repository');
    mkdirSync(repository, { recursive: true });
    const profile = await vscode.commands.executeCommand<vscode.Uri>('tritonToolkit.newDeployProfile', {
      repository,
      name: 'down',
    });
    assert.ok(profile && existsSync(profile.fsPath), 'New Deployment Profile wrote the profile');

    const { messages } = await recordingMessages(() =>
      vscode.commands.executeCommand('tritonToolkit.launch', {
        profile: join(root(), 'server-down', 'missing.triton-deploy.json'),
      }),
    );
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /^Invalid profile: /, 'Launch runs and reads the profile');
    rmSync(join(root(), 'server-down'), { recursive: true, force: true });
  });

  it('a command that asks the server says it is not running, with the command named', async () => {
    const config = join(root(), 'down-config', 'm', 'config.pbtxt');
    mkdirSync(join(root(), 'down-config', 'm'), { recursive: true });
    writeFileSync(config, 'name: "m"\nbackend: "python"\n');
    const { result, messages } = await recordingMessages(() =>
      vscode.commands.executeCommand('tritonToolkit.renderRepository', {
        repository: join(root(), 'down-config'),
        out: join(root(), 'down-config-rendered'),
      }),
    );
    assert.equal(result, undefined);
    assert.deepEqual(messages, [
      'Triton: Render Model Repository failed: the Triton language server is not running',
    ]);
    rmSync(join(root(), 'down-config'), { recursive: true, force: true });
  });
});
