// Launch, watch and stop against a REAL Docker engine, with a STAND-IN for tritonserver (a test double built
// by test/deploy/standin/build-image.sh: busybox sh + nc, not Triton). .ci/start-docker.sh starts the
// engine and .ci/run exports DOCKER_HOST. Without an engine the tests skip, except under CI=true.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { down, listOurs, status, stop, up } from '../../server/src/deploy/deploy';
import type { UpResult } from '../../server/src/deploy/deploy';
import { dockerodeRuntime } from '../../server/src/deploy/dockerodeRuntime';
import { fetchModelStates, parseModelIndex } from '../../server/src/deploy/models';
import { buildGenerateRequest, parseSseData, sendTestRequest } from '../../server/src/deploy/request';
import { profileSchema } from '../../server/src/deploy/profile';
import type { ProfileInput } from '../../server/src/deploy/profile';
import { isRuntimeError } from '../../server/src/deploy/runtime';
import { buildContainerSpec, LABEL_PROFILE, LABEL_WORKSPACE } from '../../server/src/deploy/spec';
import { withFingerprint } from '../../server/src/deploy/specChanges';
import { ENGINE_REQUIRED, dockerAnswers, dockerSkip } from '../dockerEngine';
import { REPO_ROOT } from '../shared';
import { ensureStandinImage, standinTag } from './standinImage';

const IMAGE = standinTag();
const REPOSITORY = join(REPO_ROOT, 'test', 'fixtures', 'deploy', 'model_repository');
const runtime = dockerodeRuntime();

// Every container of this run carries this workspace label, so cleanup and the final check see only ours.
const workspace = mkdtempSync(join(tmpdir(), 'deploy-test-'));
let serial = 0;

/** Every test gets this long; a hang fails that test with a clear message instead of cancelling the suite. */
const TEST_TIMEOUT_MS = 90_000;

/** Listens on 127.0.0.1:`port` (0: any free port); rejects (never hangs) if the port is taken. */
function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

function close(s: Server): Promise<void> {
  return new Promise((resolve) => s.close(() => resolve()));
}

/** Three distinct ports that were free a moment ago (they are held together, so they differ). */
async function freePorts(): Promise<{ http: number; grpc: number; metrics: number }> {
  const held = [await listen(0), await listen(0), await listen(0)];
  const [http, grpc, metrics] = held.map((s) => (s.address() as { port: number }).port) as [
    number,
    number,
    number,
  ];
  await Promise.all(held.map(close));
  return { http, grpc, metrics };
}

/** Waits (bounded) until a log line matches: the followed log stream lags behind the container. */
async function waitForLog(
  logs: string[],
  pattern: string | RegExp,
  what: string,
  ms = 10_000,
): Promise<void> {
  const matches = (l: string) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l));
  const deadline = Date.now() + ms;
  while (!logs.some(matches)) {
    if (Date.now() > deadline) {
      assert.fail(
        `${what}: no log line matching ${String(pattern)} within ${ms / 1000} s; the log:\n` +
          (logs.length ? logs.join('\n') : '(no log lines at all)'),
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function failure(result: UpResult): string {
  return result.ok ? '' : `launch failed (${result.kind}): ${result.message || '(empty message)'}`;
}

async function specFor(input: Partial<ProfileInput>, secrets: Record<string, string> = {}) {
  serial++;
  const profile = profileSchema.parse({
    image: IMAGE,
    gpus: 0,
    ulimits: {},
    gracePeriodSeconds: 5,
    containerName: `triton-standin-test-${process.pid}-${serial}`,
    ports: await freePorts(),
    ...input,
  });
  return buildContainerSpec(profile, {
    profilePath: join(workspace, `p${serial}.triton-deploy.json`),
    repositoryPath: REPOSITORY,
    workspace,
    secrets,
  });
}

async function launch(input: Partial<ProfileInput>, keepFollowing = false) {
  const spec = await specFor(input);
  const logs: string[] = [];
  const result = await up(runtime, spec, {
    readyTimeoutMs: 20_000,
    repositoryPath: REPOSITORY,
    keepFollowing,
    onLog: (l) => logs.push(l.text),
  });
  return { spec, logs, result };
}

function assertFailed(result: UpResult, kind: string, message: RegExp): void {
  assert.equal(result.ok, false, 'the launch should have failed');
  if (result.ok) return;
  assert.equal(result.kind, kind, result.message);
  assert.match(result.message, message);
}

async function assertNothingLeft(): Promise<void> {
  const left = await listOurs(runtime, { workspace });
  assert.deepEqual(
    left.map((c) => `${c.name} (${c.state})`),
    [],
    'a container was left behind',
  );
}

describe(
  'containers on a real Docker engine (stand-in for tritonserver)',
  { skip: dockerSkip, timeout: 180_000 },
  () => {
    before(() => {
      assert.ok(dockerAnswers, ENGINE_REQUIRED);
      ensureStandinImage();
    });

    // A failed test must not leave its containers to the next ones: remove everything with this run's label,
    // then fail the test that left it.
    afterEach(async () => {
      const left = await listOurs(runtime, { workspace });
      for (const c of left) await runtime.remove(c.id);
      assert.deepEqual(
        left.map((c) => `${c.name} (${c.state})`),
        [],
        'the test left a container behind (removed now)',
      );
    });

    after(async () => {
      // Whatever a failed assertion left: remove it, then fail if there was anything.
      const left = await listOurs(runtime, { workspace }).catch(() => []);
      for (const c of left) await runtime.remove(c.id).catch(() => undefined);
      rmSync(workspace, { recursive: true, force: true });
      assert.deepEqual(
        left.map((c) => c.name),
        [],
      );
    });

    test(
      'launch until ready, logs streamed, status, graceful stop confirmed by SIGTERM',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { spec, logs, result } = await launch({ env: { STANDIN_START_SECONDS: '2' } }, true);
        assert.ok(result.ok, failure(result));
        try {
          await waitForLog(logs, /Started HTTPService at 0\.0\.0\.0:8000/, 'the logs are streamed');
          await waitForLog(logs, "successfully loaded 'simple' version 1", 'the logs are streamed');
          const res = await fetch(`${result.url}/v2/health/ready`);
          assert.equal(res.status, 200);

          const [entry] = (await status(runtime, { workspace })).filter((e) => e.name === spec.name);
          assert.ok(entry, 'status lists the container');
          assert.equal(entry.state, 'running');
          assert.equal(entry.ready, true);
          assert.equal(entry.url, result.url);
          assert.deepEqual(entry.models, [
            { name: 'second', version: '1', state: 'READY' },
            { name: 'simple', version: '1', state: 'READY' },
          ]);

          const stopped = await stop(runtime, result.id, 5, undefined);
          assert.equal(stopped.outcome, 'terminated');
          assert.equal(stopped.exitCode, 0);
          await waitForLog(logs, 'stand-in rank 0: received SIGTERM, draining', 'the server got SIGTERM');
          await waitForLog(logs, 'drained, exiting', 'the server drained');
        } finally {
          result.stopLogs();
        }
        await assertNothingLeft();
      },
    );

    test(
      'a server that ignores SIGTERM is killed after the grace period',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { result } = await launch({ env: { STANDIN_ON_TERM: 'ignore', STANDIN_START_SECONDS: '0' } });
        assert.ok(result.ok, failure(result));
        const started = Date.now();
        const stopped = await stop(runtime, result.id, 1, undefined);
        assert.equal(stopped.outcome, 'killed');
        assert.equal(stopped.exitCode, 137);
        assert.ok(Date.now() - started >= 1000, 'waited for the grace period first');
        await assertNothingLeft();
      },
    );

    test(
      'world size 2: mpirun forwards SIGTERM to both ranks; down stops the whole workspace',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { logs, result } = await launch({ worldSize: 2, env: { STANDIN_START_SECONDS: '0' } }, true);
        assert.ok(result.ok, failure(result));
        try {
          await waitForLog(logs, 'stand-in mpirun: started 2 ranks', 'mpirun started both ranks');
          const results = await down(runtime, { workspace });
          assert.deepEqual(
            results.map((r) => r.outcome),
            ['terminated'],
          );
          for (const rank of [0, 1]) {
            await waitForLog(logs, `stand-in rank ${rank}: received SIGTERM`, `rank ${rank} got SIGTERM`);
          }
        } finally {
          result.stopLogs();
        }
        await assertNothingLeft();
      },
    );

    test(
      "a model-load failure becomes a diagnostic on that model's config.pbtxt",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { result } = await launch({
          env: { STANDIN_FAIL_MODEL: 'second', STANDIN_START_SECONDS: '0' },
        });
        assertFailed(result, 'exited', /exited with code 1 before Triton was ready; failed to load: second/);
        if (result.ok) return;
        assert.equal(result.diagnostics.length, 1);
        assert.equal(result.diagnostics[0]!.path, join(REPOSITORY, 'second', 'config.pbtxt'));
        assert.match(result.diagnostics[0]!.diagnostic.message, /stand-in refuses to load this model/);
        assert.ok(result.tail.some((l) => l.includes('failed to load all models')));
        await assertNothingLeft();
      },
    );

    test(
      'a GPU request without the NVIDIA Container Toolkit: actionable, and the created container is removed',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { result } = await launch({ gpus: 'all' });
        assertFailed(result, 'nvidia-runtime-missing', /NVIDIA Container Toolkit/);
        assert.match(
          result.ok ? '' : result.message,
          /could not select device driver "nvidia" with capabilities: \[\[gpu\]\]/,
        );
        await assertNothingLeft();
      },
    );

    test(
      "memlock=-1 (NVIDIA's documented flag) refused by the host",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { result } = await launch({ ulimits: { memlock: -1 } });
        assertFailed(result, 'ulimit-refused', /error setting rlimit/);
        await assertNothingLeft();
      },
    );

    test('a busy host port', { timeout: TEST_TIMEOUT_MS }, async () => {
      const ports = await freePorts();
      // Held from before the launch until after it (the port was free a moment ago; listen() rejects if not).
      const blocker = await listen(ports.http);
      try {
        const { result } = await launch({ ports });
        assertFailed(result, 'port-in-use', new RegExp(`\\(${ports.http}\\)`));
      } finally {
        await close(blocker);
      }
      await assertNothingLeft();
    });

    test('a missing image', { timeout: TEST_TIMEOUT_MS }, async () => {
      const { result } = await launch({ image: 'triton-toolkit-standin:no-such-tag' });
      assertFailed(result, 'image-missing', /docker pull triton-toolkit-standin:no-such-tag/);
      await assertNothingLeft();
    });

    test('a name conflict', { timeout: TEST_TIMEOUT_MS }, async () => {
      const first = await launch({ env: { STANDIN_START_SECONDS: '0' } });
      assert.ok(first.result.ok, failure(first.result));
      const second = await launch({ containerName: first.spec.name });
      assertFailed(second.result, 'name-conflict', new RegExp(`named ${first.spec.name} already exists`));
      await down(runtime, { workspace });
      await assertNothingLeft();
    });

    test('containers that are not ours are never touched', { timeout: TEST_TIMEOUT_MS }, async () => {
      const name = `not-ours-${process.pid}`;
      // It carries this run's workspace label (not the managed one), so down() can be scoped to this run
      // and never stops the containers of another run sharing the engine.
      const id = execFileSync(
        'docker',
        ['run', '-d', '--name', name, '--label', `${LABEL_WORKSPACE}=${workspace}`, IMAGE, 'sleep', '60'],
        { encoding: 'utf8' },
      ).trim();
      try {
        await assert.rejects(stop(runtime, id, 1, undefined), /not started by this extension/);
        assert.equal((await runtime.inspect(id)).running, true);
        await down(runtime, { workspace });
        assert.equal((await runtime.inspect(id)).running, true);
      } finally {
        execFileSync('docker', ['rm', '-f', id]);
      }
    });

    test('the CLI: up, status --format json, down', { timeout: TEST_TIMEOUT_MS }, async () => {
      const ports = await freePorts();
      const profilePath = join(workspace, 'cli.triton-deploy.json');
      const cliName = `triton-cli-${process.pid}`;
      writeFileSync(
        profilePath,
        JSON.stringify({
          image: IMAGE,
          modelRepository: REPOSITORY,
          gpus: 0,
          ulimits: {},
          ports,
          containerName: cliName,
          secrets: ['HF_TOKEN'],
        }),
      );
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
          encoding: 'utf8',
          env: { ...process.env, HF_TOKEN: 'hf_do_not_print' },
          timeout: 60_000,
        });
      const upRun = cli('up', profilePath, '--workspace', workspace, '--timeout', '20');
      assert.equal(upRun.status, 0, upRun.stderr);
      assert.match(
        upRun.stdout,
        new RegExp(`^ready: http://127\\.0\\.0\\.1:${ports.http} \\(container ${cliName},`),
      );
      assert.ok(!(upRun.stdout + upRun.stderr).includes('hf_do_not_print'), 'the secret is never printed');
      const st = cli('status', '--format', 'json', '--workspace', workspace);
      const json = JSON.parse(st.stdout) as {
        containers: { name: string; ready: boolean; profile: string }[];
      };
      assert.deepEqual(
        json.containers.map((c) => [c.name, c.ready, c.profile]),
        [[cliName, true, profilePath]],
      );
      const downRun = cli('down', profilePath);
      assert.equal(downRun.status, 0, downRun.stderr);
      assert.equal(downRun.stdout, `${cliName}: stopped by SIGTERM (exit code 0); removed\n`);
      await assertNothingLeft();
    });

    test(
      'a model that failed to load: UNAVAILABLE with its reason, in status() and in the CLI',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        // Only a Triton told neither to exit on the error nor to wait for every model serves the others.
        const { spec, result } = await launch({
          env: { STANDIN_UNAVAILABLE_MODEL: 'second', STANDIN_START_SECONDS: '0' },
          tritonArgs: ['--exit-on-error=false', '--strict-readiness=false'],
        });
        assert.ok(result.ok, failure(result));
        const models = await fetchModelStates(result.url);
        assert.deepEqual(models, [
          {
            name: 'second',
            version: '1',
            state: 'UNAVAILABLE',
            reason: 'Invalid argument: stand-in refuses to load this model',
          },
          { name: 'simple', version: '1', state: 'READY' },
        ]);
        const [entry] = (await status(runtime, { workspace })).filter((e) => e.name === spec.name);
        assert.deepEqual(entry?.models, models);

        const cli = (...args: string[]) =>
          spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
            encoding: 'utf8',
            timeout: 60_000,
          });
        const text = cli('status', '--workspace', workspace);
        assert.equal(text.status, 0, text.stderr);
        assert.match(
          text.stdout,
          new RegExp(
            // The machine's GPUs come first (nvidia-smi; "unknown" on these GPU-less machines).
            `^GPUs: .*\n${spec.name}\tready\t${result.url}\t.*\n` +
              '  second v1 UNAVAILABLE: Invalid argument: stand-in refuses to load this model\n' +
              '  simple v1 READY\n$',
          ),
        );
        const json = JSON.parse(cli('status', '--format', 'json', '--workspace', workspace).stdout) as {
          containers: { name: string; models: unknown }[];
        };
        assert.deepEqual(json.containers[0]?.models, models);
        await stop(runtime, result.id, 5, undefined);
        await assertNothingLeft();
      },
    );

    test(
      'a test request to generate and generate_stream: the reply and its latency; the CLI request',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const ports = await freePorts();
        const profilePath = join(workspace, 'request.triton-deploy.json');
        writeFileSync(
          profilePath,
          JSON.stringify({ image: IMAGE, modelRepository: REPOSITORY, gpus: 0, ulimits: {}, ports }),
        );
        const spec = buildContainerSpec(
          profileSchema.parse({
            image: IMAGE,
            gpus: 0,
            ulimits: {},
            ports,
            containerName: `triton-request-${process.pid}`,
            env: { STANDIN_START_SECONDS: '0' },
          }),
          { profilePath, repositoryPath: REPOSITORY, workspace, secrets: {} },
        );
        const result = await up(runtime, spec, { readyTimeoutMs: 20_000, repositoryPath: REPOSITORY });
        assert.ok(result.ok, failure(result));

        const plain = await sendTestRequest(
          buildGenerateRequest({ base: result.url, model: 'simple', prompt: 'hello there', maxTokens: 8 }),
        );
        assert.deepEqual([plain.ok, plain.status, plain.text], [true, 200, 'stand-in reply to: hello there']);
        assert.ok(plain.latencyMs > 0 && plain.latencyMs < 10_000, `latency ${plain.latencyMs} ms`);

        const streamed = await sendTestRequest(
          buildGenerateRequest({ base: result.url, model: 'simple', prompt: 'hello there', stream: true }),
        );
        assert.equal(streamed.ok, true, streamed.text);
        assert.equal(streamed.text, 'stand-in reply to: hello there ');
        assert.equal(streamed.chunks, 5);
        assert.ok(streamed.firstChunkMs! <= streamed.latencyMs);

        const unknown = await sendTestRequest(buildGenerateRequest({ base: result.url, prompt: 'x' }));
        assert.deepEqual(
          [unknown.ok, unknown.status, unknown.text],
          [false, 400, "Request for unknown model: 'ensemble' is not found"],
        );

        const cli = (...args: string[]) =>
          spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
            encoding: 'utf8',
            timeout: 60_000,
          });
        const run = cli('request', profilePath, 'from the CLI', '--model', 'simple', '--stream');
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout, 'stand-in reply to: from the CLI \n');
        assert.match(run.stderr, /HTTP 200, latency first chunk [\d.]+ ms, all [\d.]+ ms, 6 chunks/);
        const refused = cli('request', profilePath, 'x');
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, /failed: HTTP 400/);

        await stop(runtime, result.id, 5, undefined);
        await assertNothingLeft();
      },
    );

    test(
      "Triton's defaults: a model that fails to load stops the server (--exit-on-error)",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { result } = await launch({
          env: { STANDIN_UNAVAILABLE_MODEL: 'second', STANDIN_START_SECONDS: '0' },
        });
        assertFailed(result, 'exited', /exited with code 1 before Triton was ready; failed to load: second/);
        await assertNothingLeft();
      },
    );

    test(
      '--exit-on-error=false: never ready while a model is UNAVAILABLE (--strict-readiness); up says why',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const started = Date.now();
        const { result } = await launch({
          env: { STANDIN_UNAVAILABLE_MODEL: 'second', STANDIN_START_SECONDS: '0' },
          tritonArgs: ['--exit-on-error=false'],
        });
        assertFailed(result, 'not-ready', /--strict-readiness.*second v1 UNAVAILABLE: Invalid argument/);
        // Reported once the index settled, not after the 20 s readiness timeout.
        assert.ok(Date.now() - started < 15_000, 'up does not wait for the timeout');
        if (!result.ok) {
          assert.deepEqual(
            result.diagnostics.map((d) => d.path),
            [join(REPOSITORY, 'second', 'config.pbtxt')],
          );
        }
        await assertNothingLeft();
      },
    );

    test(
      "down stops with the profile's grace period (not a 30 s default)",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { spec, result } = await launch({
          env: { STANDIN_ON_TERM: 'ignore', STANDIN_START_SECONDS: '0' },
          gracePeriodSeconds: 2,
        });
        assert.ok(result.ok, failure(result));
        const started = Date.now();
        const [r] = await down(runtime, { profilePath: spec.Labels[LABEL_PROFILE]! });
        const took = Date.now() - started;
        assert.equal(r?.outcome, 'killed');
        assert.ok(took >= 2000, `waited the 2 s grace period first (${took} ms)`);
        assert.ok(took < 20_000, `killed after the profile's 2 s, not a default (${took} ms)`);
        await assertNothingLeft();
      },
    );

    test(
      'up again: same spec -> the running container, ready; another spec -> what changed; --recreate',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const ports = await freePorts();
        serial++;
        const profilePath = join(workspace, `again${serial}.triton-deploy.json`);
        const specOf = (input: Partial<ProfileInput>) =>
          buildContainerSpec(
            profileSchema.parse({
              image: IMAGE,
              gpus: 0,
              ulimits: {},
              gracePeriodSeconds: 5,
              containerName: `triton-standin-again-${process.pid}-${serial}`,
              ports,
              ...input,
            }),
            { profilePath, repositoryPath: REPOSITORY, workspace, secrets: {} },
          );
        const options = { readyTimeoutMs: 20_000, repositoryPath: REPOSITORY };
        const first = await up(runtime, specOf({ env: { STANDIN_START_SECONDS: '0' } }), options);
        assert.ok(first.ok, failure(first));
        assert.equal(first.existing, undefined);

        const again = await up(runtime, specOf({ env: { STANDIN_START_SECONDS: '0' } }), options);
        assert.ok(again.ok, failure(again));
        assert.equal(again.existing, true);
        assert.equal(again.id, first.id);

        const changed = specOf({ env: { STANDIN_START_SECONDS: '1' }, shmSize: '1g' });
        const refused = await up(runtime, changed, options);
        assertFailed(refused, 'spec-changed', /--recreate/);
        assert.deepEqual(refused.ok ? [] : refused.changes, [
          'shmSize: 2147483648 -> 1073741824',
          'environment variable STANDIN_START_SECONDS changed',
        ]);
        assert.equal((await runtime.inspect(first.id)).running, true, 'the running one is left alone');

        const recreated = await up(runtime, changed, { ...options, recreate: true });
        assert.ok(recreated.ok, failure(recreated));
        assert.notEqual(recreated.id, first.id);
        await assert.rejects(runtime.inspect(first.id), /no such container/i);
        await down(runtime, { profilePath });
        await assertNothingLeft();
      },
    );

    test(
      'the CLI killed (-9) while waiting for readiness: up again adopts the container, then reports it ready',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const profilePath = join(workspace, 'killed.triton-deploy.json');
        const name = `triton-killed-${process.pid}`;
        writeFileSync(
          profilePath,
          JSON.stringify({
            image: IMAGE,
            modelRepository: REPOSITORY,
            gpus: 0,
            ulimits: {},
            ports: await freePorts(),
            containerName: name,
            gracePeriodSeconds: 5,
            env: { STANDIN_START_SECONDS: '4' },
          }),
        );
        const cliPath = join(REPO_ROOT, 'dist', 'cli.js');
        const killed = spawn(process.execPath, [cliPath, 'up', profilePath, '--workspace', workspace], {
          stdio: 'ignore',
        });
        // Kill it once its container runs (it is then waiting for readiness).
        const deadline = Date.now() + 30_000;
        for (;;) {
          const found = await listOurs(runtime, { profilePath });
          if (found.some((c) => c.state === 'running')) break;
          assert.ok(Date.now() < deadline, 'the container of the first up never ran');
          await new Promise((r) => setTimeout(r, 100));
        }
        killed.kill('SIGKILL');
        await new Promise((r) => killed.once('exit', r));
        const cli = (...args: string[]) =>
          spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
        const second = cli('up', profilePath, '--workspace', workspace);
        assert.equal(second.status, 0, second.stderr);
        assert.match(second.stdout, new RegExp(`^ready: http://127\\.0\\.0\\.1:\\d+ \\(container ${name}, `));
        assert.doesNotMatch(second.stderr, /already exists/);
        const third = cli('up', profilePath, '--workspace', workspace);
        assert.equal(third.status, 0, third.stderr);
        assert.match(third.stdout, /; it was already running\)\n$/);
        assert.equal((await listOurs(runtime, { profilePath })).length, 1, 'one container, never two');
        assert.equal(cli('down', profilePath).status, 0);
        await assertNothingLeft();
      },
    );

    test(
      'a stopped container of the profile (a killed launch) is removed and the profile launched again',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const spec = await specFor({ env: { STANDIN_START_SECONDS: '0' } });
        const left = await runtime.create(withFingerprint(spec));
        const progress: string[] = [];
        const result = await up(runtime, spec, {
          readyTimeoutMs: 20_000,
          repositoryPath: REPOSITORY,
          onProgress: (m) => progress.push(m),
        });
        assert.ok(result.ok, failure(result));
        assert.notEqual(result.id, left);
        assert.ok(
          progress.includes(`removed ${spec.name} (created), left by an earlier launch`),
          progress.join('\n'),
        );
        await stop(runtime, result.id, 5, undefined);
        await assertNothingLeft();
      },
    );

    test('an unreachable engine is reported as such', { timeout: TEST_TIMEOUT_MS }, async () => {
      const nowhere = dockerodeRuntime({ socketPath: join(workspace, 'no-docker.sock') });
      await assert.rejects(nowhere.ping(), (e: unknown) => {
        assert.ok(isRuntimeError(e));
        assert.equal(e.kind, 'engine-unreachable');
        assert.match(e.message, /is Docker installed and running\?/);
        return true;
      });
    });
  },
);

test('the CLI refuses to launch a repository with errors (no engine needed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-broken-'));
  try {
    const repo = join(dir, 'model_repository', 'broken');
    execFileSync('mkdir', ['-p', join(repo, '1')]);
    writeFileSync(join(repo, 'config.pbtxt'), 'name: "broken"\nmax_batch_sise: 4\n');
    writeFileSync(join(dir, 'b.triton-deploy.json'), JSON.stringify({ image: IMAGE, gpus: 0 }));
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'cli.js'), 'up', join(dir, 'b.triton-deploy.json')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 1);
    assert.match(r.stdout, /config\.pbtxt:2:1: error schema\/unknown-field/);
    assert.match(r.stderr, /not launching: the model repository .* has errors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parseModelIndex reads Triton's repository index (no engine needed)", () => {
  assert.deepEqual(
    parseModelIndex([
      { name: 'ensemble', version: '1', state: 'READY' },
      { name: 'tensorrt_llm', version: '', state: 'UNAVAILABLE', reason: 'unloaded' },
      { name: 'preprocessing' },
    ]),
    [
      { name: 'ensemble', version: '1', state: 'READY' },
      { name: 'tensorrt_llm', state: 'UNAVAILABLE', reason: 'unloaded' },
      { name: 'preprocessing', state: 'UNKNOWN' },
    ],
  );
  assert.throws(() => parseModelIndex({ error: 'x' }), /not a JSON array/);
  assert.throws(() => parseModelIndex([{ state: 'READY' }]), /entry 0 .* has no name/);
});

test('the generate request, and server-sent events (no engine needed)', () => {
  assert.deepEqual(buildGenerateRequest({ base: 'http://127.0.0.1:8000/', prompt: 'Hi "you"' }), {
    url: 'http://127.0.0.1:8000/v2/models/ensemble/generate',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"text_input":"Hi \\"you\\"","max_tokens":64}',
    stream: false,
  });
  const s = buildGenerateRequest({ base: 'http://h:1', prompt: 'p', model: 'm', maxTokens: 3, stream: true });
  assert.equal(s.url, 'http://h:1/v2/models/m/generate_stream');
  assert.equal(s.headers.accept, 'text/event-stream');
  assert.equal(s.body, '{"text_input":"p","max_tokens":3}');
  assert.deepEqual(parseSseData('data: {"text_output":"a"}\n\n: comment\ndata:{"text_output":"b"}\r\n\n'), [
    { text_output: 'a' },
    { text_output: 'b' },
  ]);
});
