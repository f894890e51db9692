// Triton containers in VS Code, against the real Docker engine of the test run (DOCKER_HOST, inherited from
// code-server's environment) and the STAND-IN image for tritonserver (a test double, test/deploy/standin):
// "Launch Triton" on a profile, the Triton Containers view turning ready with its models, "Send Test
// Request", and "Stop Triton". Skipped only when no engine answers and CI is not 'true'.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { requireDockerEngine } from '../../dockerEngine';
import type { ContainerViewItem } from '../../../client/src/deploy/containers';
import type { LaunchOutcome } from '../../../client/src/commands/launch';
import type { StopResult } from '../../../server/src/deploy/deploy';
import type { TestResponse } from '../../../server/src/deploy/request';
import { ensureStandinImage } from '../../deploy/standinImage';
import { writeStandinProfile } from '../../deploy/standinProfile';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('Triton containers in VS Code (stand-in for tritonserver)', function () {
  this.timeout(120_000);
  let repo = '';
  let profile = '';
  let view: () => Promise<ContainerViewItem[]>;
  let statusBar: () => Promise<string | undefined>;

  before(async function () {
    requireDockerEngine(this);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    repo = extension.extensionPath;
    const api = (await extension.activate()) as {
      containerView?: () => Promise<ContainerViewItem[]>;
      statusBar?: () => Promise<string | undefined>;
    };
    assert.ok(api.containerView, 'the extension exposes its container view');
    view = api.containerView;
    assert.ok(api.statusBar);
    statusBar = api.statusBar;
    const image = ensureStandinImage(join(repo, 'test', 'deploy', 'standin'));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    profile = join(folder.uri.fsPath, `vscode-${process.pid}.triton-deploy.json`);
    await writeStandinProfile(profile, repo, image, {
      containerName: `triton-vscode-test-${process.pid}`,
      gracePeriodSeconds: 5,
      readyTimeoutSeconds: 30,
      env: { STANDIN_START_SECONDS: '1', STANDIN_UNAVAILABLE_MODEL: 'second' },
      // Triton's defaults would stop (exit-on-error) or never be ready (strict-readiness) with it.
      tritonArgs: ['--exit-on-error=false', '--strict-readiness=false'],
    });
  });

  after(async () => {
    if (!profile) return;
    // Whatever a failed assertion left behind: only this profile's container.
    await vscode.commands.executeCommand('tritonToolkit.stop', { profile });
    rmSync(profile, { force: true });
  });

  it('launches a profile, shows it ready with its models, answers a test request, and stops it', async () => {
    const launched = await vscode.commands.executeCommand<LaunchOutcome>('tritonToolkit.launch', { profile });
    assert.ok(launched?.ok, launched && !launched.ok ? launched.message : 'the launch returned nothing');

    const items = await view();
    const mine = items.find((i) => i.label === launched.name);
    assert.ok(mine, `the view lists ${launched.name}; it shows: ${JSON.stringify(items)}`);
    assert.equal(mine.description, `ready ${launched.url}`);
    assert.deepEqual(
      mine.children.map((c) => [c.label, c.description]),
      [
        ['second', 'v1 UNAVAILABLE: Invalid argument: stand-in refuses to load this model'],
        ['simple', 'v1 READY'],
      ],
    );

    // The status bar says what the engine says (read from it, not from the last command).
    assert.equal(await statusBar(), `$(server) Triton: ready ${launched.url}`);

    const reply = await vscode.commands.executeCommand<TestResponse>('tritonToolkit.sendTestRequest', {
      profile,
      model: 'simple',
      prompt: 'hello from VS Code',
    });
    assert.equal(reply?.ok, true, reply?.text);
    assert.equal(reply.text, 'stand-in reply to: hello from VS Code');
    // No model named: among the ready models only (the UNAVAILABLE one is not offered).
    const picked = await vscode.commands.executeCommand<TestResponse>('tritonToolkit.sendTestRequest', {
      profile,
      prompt: 'which model?',
    });
    assert.equal(picked?.ok, true, picked?.text);
    assert.equal(picked.text, 'stand-in reply to: which model?');

    const stopped = await vscode.commands.executeCommand<StopResult[]>('tritonToolkit.stop', { profile });
    assert.deepEqual(
      stopped?.map((r) => [r.name, r.outcome]),
      [[launched.name, 'terminated']],
    );
    assert.equal(await statusBar(), undefined, 'no container: no status bar item');
    const remaining = await view();
    assert.equal(
      remaining.find((i) => i.label === launched.name),
      undefined,
      'the view no longer lists the container',
    );
  });
});
