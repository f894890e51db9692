// Nothing hidden and idempotent launches in VS Code, against the real Docker engine of the test run and the
// STAND-IN images (test doubles: test/deploy/standin for tritonserver): Stop uses the profile's grace period;
// Launch of a running profile reports it, and a changed profile offers Restart; engine-build containers
// appear in the Triton Containers view with their profile and age; what an earlier session left is found
// and offered for Stop / Remove. Skipped only when no engine answers and CI is not 'true'.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { requireDockerEngine } from '../../dockerEngine';
import type { ContainerViewItem } from '../../../client/src/deploy/containers';
import type { LaunchOutcome } from '../../../client/src/commands/launch';
import type { Orphan } from '../../../server/src/build/recovery';
import type { StopResult } from '../../../server/src/deploy/deploy';
import { ensureStandinImage } from '../../deploy/standinImage';
import { writeStandinProfile } from '../../deploy/standinProfile';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const LABEL_BUILD = 'dev.triton-toolkit.build';
const LABEL_BUILD_STAGING = 'dev.triton-toolkit.build-staging';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Answers showWarningMessage with `choice` (the button a person would press) and records the messages. */
async function answeringWarnings<T>(choice: string | undefined, fn: () => Promise<T>) {
  const window = vscode.window as Window;
  const original = window.showWarningMessage;
  const messages: string[] = [];
  window.showWarningMessage = ((m: string) => {
    messages.push(m);
    return Promise.resolve(choice);
  }) as typeof window.showWarningMessage;
  try {
    return { result: await fn(), messages };
  } finally {
    window.showWarningMessage = original;
  }
}

describe('Nothing hidden, idempotent launches (stand-in for tritonserver)', function () {
  this.timeout(120_000);
  let repo = '';
  let folder = '';
  let image = '';
  let view: () => Promise<ContainerViewItem[]>;
  let findOrphans: () => Promise<Orphan[]>;
  const profiles: string[] = [];
  const containers: string[] = [];

  const writeProfile = async (name: string, extra: object): Promise<string> => {
    const path = join(folder, `${name}-${process.pid}.triton-deploy.json`);
    await writeStandinProfile(path, repo, image, {
      containerName: `triton-vscode-${name}-${process.pid}`,
      readyTimeoutSeconds: 30,
      ...extra,
    });
    profiles.push(path);
    return path;
  };

  before(async function () {
    requireDockerEngine(this);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    repo = extension.extensionPath;
    const api = (await extension.activate()) as {
      containerView?: () => Promise<ContainerViewItem[]>;
      findOrphans?: () => Promise<Orphan[]>;
    };
    assert.ok(api.containerView && api.findOrphans, 'the extension exposes its view and orphan check');
    view = api.containerView;
    findOrphans = api.findOrphans;
    image = ensureStandinImage(join(repo, 'test', 'deploy', 'standin'));
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws);
    folder = ws.uri.fsPath;
  });

  after(async () => {
    for (const profile of profiles) {
      await vscode.commands.executeCommand('tritonToolkit.stop', { profile });
      rmSync(profile, { force: true });
    }
    for (const c of containers) execFileSync('docker', ['rm', '-f', c], { stdio: 'ignore' });
  });

  it("Stop waits the profile's grace period, then kills (not a 30 s default)", async () => {
    const profile = await writeProfile('grace', {
      gracePeriodSeconds: 2,
      env: { STANDIN_ON_TERM: 'ignore', STANDIN_START_SECONDS: '0' },
    });
    const launched = await vscode.commands.executeCommand<LaunchOutcome>('tritonToolkit.launch', { profile });
    assert.ok(launched?.ok, launched && !launched.ok ? launched.message : 'no outcome');
    const started = Date.now();
    const stopped = await vscode.commands.executeCommand<StopResult[]>('tritonToolkit.stop', { profile });
    const took = Date.now() - started;
    assert.deepEqual(
      stopped?.map((r) => r.outcome),
      ['killed'],
    );
    assert.ok(took >= 2000 && took < 20_000, `killed after the profile's 2 s (${took} ms)`);
  });

  it('Launch of a running profile reports it; a changed profile offers Restart, which replaces it', async () => {
    const profile = await writeProfile('again', {
      gracePeriodSeconds: 5,
      env: { STANDIN_START_SECONDS: '0' },
    });
    const first = await vscode.commands.executeCommand<LaunchOutcome>('tritonToolkit.launch', { profile });
    assert.ok(first?.ok, first && !first.ok ? first.message : 'no outcome');
    const again = await vscode.commands.executeCommand<LaunchOutcome>('tritonToolkit.launch', { profile });
    assert.ok(again?.ok, again && !again.ok ? again.message : 'no outcome');
    assert.equal(again.existing, true);
    assert.equal(again.id, first.id);

    const text = JSON.parse(readFileSync(profile, 'utf8')) as { env: object };
    writeFileSync(profile, JSON.stringify({ ...text, env: { STANDIN_START_SECONDS: '1' } }));
    const { result: changed, messages } = await answeringWarnings('Restart', () =>
      Promise.resolve(vscode.commands.executeCommand<LaunchOutcome>('tritonToolkit.launch', { profile })),
    );
    assert.ok(changed && !changed.ok);
    assert.deepEqual(changed.changes, ['environment variable STANDIN_START_SECONDS changed']);
    assert.match(messages[0] ?? '', /The profile changed since its container started/);
    // The Restart button relaunches with --recreate: a new container, ready.
    const deadline = Date.now() + 60_000;
    let item: ContainerViewItem | undefined;
    for (;;) {
      item = (await view()).find((i) => i.label === first.name);
      // Between the old container's removal and the new one's creation there is no container of that name.
      const inspect = spawnSync('docker', ['inspect', '-f', '{{.Id}}', first.name], {
        encoding: 'utf8',
      }).stdout.trim();
      if (inspect && inspect !== first.id && item?.description.startsWith('ready')) break;
      assert.ok(Date.now() < deadline, `Restart did not replace ${first.name}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  it('build containers are in the view with profile and age; orphans are found and offered Stop / Remove', async () => {
    const buildProfile = join(folder, `orphan-${process.pid}.triton-build.json`);
    const run = (name: string, cmd: string[]) => {
      containers.push(name);
      return execFileSync(
        'docker',
        [
          'run',
          '-d',
          '--name',
          name,
          '--label',
          `${LABEL_BUILD}=${buildProfile}`,
          '--label',
          `${LABEL_BUILD_STAGING}=${join(folder, `.gone-${process.pid}.building-x`)}`,
          image,
          ...cmd,
        ],
        { encoding: 'utf8' },
      ).trim();
    };
    const runningName = `triton-build-orphan-running-${process.pid}`;
    const exitedName = `triton-build-orphan-exited-${process.pid}`;
    run(runningName, ['sleep', '120']);
    run(exitedName, ['true']);
    execFileSync('docker', ['wait', exitedName]);

    const items = await view();
    const running = items.find((i) => i.label === runningName);
    const exited = items.find((i) => i.label === exitedName);
    assert.match(
      running?.description ?? '',
      new RegExp(`^build running for \\d+ s · orphan-${process.pid}\\.triton-build\\.json$`),
    );
    assert.match(exited?.description ?? '', /^build exited, created \d+ s ago · /);

    const { result: found, messages } = await answeringWarnings('Stop', () => findOrphans());
    assert.deepEqual(found.map((o) => o.container.name).sort(), [exitedName, runningName].sort());
    assert.match(messages[0] ?? '', /^Left by an earlier session: /);
    // Stop: the running orphan is stopped and removed; the exited one stays until Remove.
    const deadline = Date.now() + 30_000;
    while ((await view()).some((i) => i.label === runningName)) {
      assert.ok(Date.now() < deadline, 'Stop did not remove the running orphan');
      await new Promise((r) => setTimeout(r, 200));
    }
    await answeringWarnings('Remove', () => findOrphans());
    while ((await view()).some((i) => i.label === exitedName)) {
      assert.ok(Date.now() < deadline, 'Remove did not remove the exited orphan');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
