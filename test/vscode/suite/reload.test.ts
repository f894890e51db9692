// After a window reload with a running container, VS Code shows the truth: the status bar and the Triton
// Containers view come from the engine, and the container's log stream is re-attached, so "Show Logs" is
// not empty. The reload is modelled by the session that launched the container being another one: the
// container is started by `triton-repo up` (dist/cli.js, a process of its own that then exits, as a window
// that reloads does), against the same workspace and the same Docker engine, and this extension instance
// never launched it, so nothing it shows can come from its memory. The STAND-IN image stands in for
// tritonserver (a test double, test/deploy/standin). Skipped only when no engine answers and CI is not 'true'.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import type { ContainerViewItem } from '../../../client/src/deploy/containers';
import { requireDockerEngine } from '../../dockerEngine';
import { ensureStandinImage } from '../../deploy/standinImage';
import { writeStandinProfile } from '../../deploy/standinProfile';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** The text of the "Triton Containers" output once `done` holds for it (or the last text read). */
async function containerLogs(done: (text: string) => boolean): Promise<string> {
  await vscode.commands.executeCommand('tritonToolkit.showLogs');
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    const doc = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('Triton Containers'),
    );
    text = doc?.getText() ?? '';
    if (done(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  return text;
}

describe('After a window reload with a running container (stand-in for tritonserver)', function () {
  this.timeout(120_000);
  let repo = '';
  let profile = '';
  let name = '';
  let api: {
    containerView?: () => Promise<ContainerViewItem[]>;
    statusBar?: () => Promise<string | undefined>;
  } = {};

  before(async function () {
    requireDockerEngine(this);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    repo = extension.extensionPath;
    api = (await extension.activate()) as typeof api;
    const image = ensureStandinImage(join(repo, 'test', 'deploy', 'standin'));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    name = `triton-vscode-reload-${process.pid}`;
    profile = join(folder.uri.fsPath, `reload-${process.pid}.triton-deploy.json`);
    await writeStandinProfile(profile, repo, image, {
      containerName: name,
      gracePeriodSeconds: 5,
      readyTimeoutSeconds: 30,
      env: { STANDIN_START_SECONDS: '1' },
      tritonArgs: ['--exit-on-error=false'],
    });
  });

  after(async () => {
    if (!profile) return;
    // Only this profile's container.
    await vscode.commands.executeCommand('tritonToolkit.stop', { profile });
    rmSync(profile, { force: true });
  });

  it('the status bar and the view show the container ready, and its logs are re-attached', async () => {
    assert.ok(api.statusBar && api.containerView);
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // The session before the reload: it launches the container and is gone.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repo, 'dist', 'cli.js'), 'up', profile, '--workspace', folder],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000 },
    );
    const url = /^ready: (\S+)/m.exec(stdout)?.[1];
    assert.ok(url, `triton-repo up printed the URL: ${stdout}`);

    assert.equal(await api.statusBar(), `$(server) Triton: ready ${url}`);
    const mine = (await api.containerView()).find((i) => i.label === name);
    assert.equal(mine?.description, `ready ${url}`);

    const logs = await containerLogs((t) => t.includes(`[${name}]`) && t.includes('Started HTTPService'));
    assert.match(logs, new RegExp(`\\[${name}\\] \\(log of the running container, re-attached\\)`));
    assert.match(logs, new RegExp(`\\[${name}\\] .*stand-in tritonserver rank 0`));
    assert.match(logs, new RegExp(`\\[${name}\\] .*Started HTTPService`));
  });
});
