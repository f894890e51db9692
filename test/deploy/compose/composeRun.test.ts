// REAL RUNS of a profile with 2 replicas: `triton-repo up | status | down` through the Compose tool on this
// machine (Debian's docker-compose 1.29.2 here) against the real Docker engine, with two STAND-IN Triton
// replicas (test/deploy/standin: a test double, not Triton) behind the REAL nginx (Debian's binary in an
// image built without a registry: ./nginx/build-image.sh). Without an engine or a Compose tool these skip,
// except under CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  composeFileIn,
  composeProjectName,
  composeStateDir,
} from '../../../server/src/deploy/compose/composeFiles';
import { readExportHeader } from '../../../server/src/deploy/exportedFile';
import { dockerSkip } from '../../dockerEngine';
import { freePort } from '../../freePort';
import { skipWithout } from '../../requiredTool';
import { REPO_ROOT } from '../../shared';
import { runCli } from '../../cli/runCli';
import { ensureStandinImage } from '../standinImage';

const composeAvailable =
  spawnSync('docker-compose', ['version', '--short'], { stdio: 'ignore' }).status === 0 ||
  spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
const skip =
  dockerSkip ||
  skipWithout(
    'no Compose tool (docker compose or docker-compose)',
    composeAvailable,
    'apt-get install docker-compose',
  );

const REPOSITORY = join(REPO_ROOT, 'test', 'fixtures', 'deploy', 'model_repository');
const dir = mkdtempSync(join(tmpdir(), 'compose-run-'));
const profile = join(dir, 'pair.triton-deploy.json');
const project = composeProjectName(profile);
const env = { DOCKER_HOST: process.env.DOCKER_HOST ?? '' };
let balancer = '';

const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });

/** The ids of the project's replica containers. */
function replicaIds(): string[] {
  const label = `label=com.docker.compose.project=${project}`;
  const found = docker('ps', '-q', '--filter', label, '--filter', 'label=dev.triton-toolkit.role=replica');
  return found.stdout.split('\n').filter(Boolean);
}

/** POST to the balancer; the reply and which replica (its container's host name) answered. */
async function generate(body: Record<string, unknown>, stream = false) {
  const res = await fetch(`${balancer}/v2/models/simple/${stream ? 'generate_stream' : 'generate'}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { status: res.status, host: res.headers.get('x-standin-host'), text: await res.text() };
}

/** Two free ports in a row (the replicas' metrics ports). */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p < 65535 && (await portFree(p + 1))) return p;
  }
}

async function portFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('replicas behind nginx, for real', { skip, timeout: 300_000 }, () => {
  before(async () => {
    const image = ensureStandinImage();
    const nginxImage = ensureStandinImage(join(__dirname, 'nginx'), 'triton-toolkit-test-nginx');
    const port = await freePort();
    balancer = `http://127.0.0.1:${port}`;
    writeFileSync(
      profile,
      JSON.stringify({
        image,
        modelRepository: REPOSITORY,
        replicas: 2,
        gpus: 0, // no GPU here: the replicas reserve none (the generated GPU reservations are unit-tested)
        ulimits: {}, // memlock=-1 is refused in this VM (DOCKER_IN_CI.md)
        tritonArgs: ['--exit-timeout-secs=10'],
        gracePeriodSeconds: 20,
        ports: { http: 8000, grpc: 8001, metrics: await twoFreePorts() },
        loadBalancer: { port, image: nginxImage },
        readyTimeoutSeconds: 120,
      }),
    );
  });

  after(() => {
    // Whatever a failed test left: the project taken down by Compose itself, never anyone else's.
    const file = composeFileIn(composeStateDir(profile));
    spawnSync('docker-compose', ['-p', project, '-f', file, 'down', '--volumes', '--remove-orphans'], {
      stdio: 'ignore',
      timeout: 120_000,
    });
  });

  test('up starts both replicas and nginx and waits until they are ready, naming the Compose tool', () => {
    const r = runCli(dir, ['up', profile], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `^ready: ${balancer} \\(2 replicas behind nginx, Compose project ${project}, run by (docker-compose 1\\.|docker compose )`,
      ),
    );
    assert.match(r.stderr, /using (docker-compose|docker compose) [\d.]+/);
    // Its files in its state directory, written as every export writes them: the header, no temporary left.
    const state = composeStateDir(profile);
    assert.deepEqual(readdirSync(state).sort(), ['compose.yaml', 'nginx.conf']);
    for (const name of ['compose.yaml', 'nginx.conf'])
      assert.equal(readExportHeader(readFileSync(join(state, name), 'utf8'))?.edited, false, name);
  });

  test('requests through the balancer reach both replicas', async () => {
    const hosts = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = await generate({ text_input: `hi ${i}` });
      assert.equal(r.status, 200, r.text);
      assert.match(r.text, new RegExp(`stand-in reply to: hi ${i}`));
      hosts.add(r.host!);
    }
    const ids = replicaIds();
    assert.equal(ids.length, 2);
    assert.deepEqual([...hosts].sort(), ids.map((id) => id.slice(0, 12)).sort());
  });

  test('a streamed generate_stream arrives whole, event by event (not buffered by nginx)', async () => {
    const words = Array.from({ length: 16 }, (_, i) => `w${i}`);
    const res = await fetch(`${balancer}/v2/models/simple/generate_stream`, {
      method: 'POST',
      body: JSON.stringify({ text_input: words.join(' ') }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const decoder = new TextDecoder();
    let text = '';
    let firstAt = 0;
    const start = Date.now();
    for await (const chunk of res.body!) {
      if (!firstAt) firstAt = Date.now() - start;
      text += decoder.decode(chunk as Uint8Array, { stream: true });
    }
    const total = Date.now() - start;
    const outputs = [...text.matchAll(/^data: (.*)$/gm)].map(
      (m) => (JSON.parse(m[1]!) as { text_output: string }).text_output,
    );
    assert.equal(outputs.join(''), `stand-in reply to: ${words.join(' ')} `);
    // The stand-in sends an event every 50 ms (about a second in all): a buffering proxy would hand
    // everything over at the end.
    assert.ok(total - firstAt > 400, `first event after ${firstAt} ms of ${total} ms`);
  });

  test('stopping a replica with a request in flight loses no request; new ones go to the other', async () => {
    const slow = generate({ text_input: 'slow one', standin_seconds: 3 });
    await new Promise((r) => setTimeout(r, 500));
    // least_conn: the busy replica has one request open, so a new one goes to the other.
    const other = (await generate({ text_input: 'probe' })).host!;
    const ids = replicaIds();
    const busy = ids.find((id) => !id.startsWith(other))!;
    assert.ok(busy, `the busy replica, given ${other} among ${ids.join(', ')}`);
    const stopping = new Promise<ReturnType<typeof docker>>((resolve) =>
      setImmediate(() => resolve(docker('stop', '-t', '20', busy))),
    );
    await new Promise((r) => setTimeout(r, 300));
    const during = await Promise.all([1, 2, 3].map((i) => generate({ text_input: `during ${i}` })));
    for (const r of during) {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.host, other);
    }
    const finished = await slow;
    assert.equal(finished.status, 200, finished.text);
    assert.equal(finished.host, busy.slice(0, 12), 'answered by the replica that was stopped');
    assert.match(finished.text, /stand-in reply to: slow one/);
    await stopping;
    const exit = docker('inspect', '-f', '{{.State.ExitCode}}', busy).stdout.trim();
    assert.equal(exit, '0', 'it drained and exited by itself, not killed');
    const after = await generate({ text_input: 'after' });
    assert.equal(after.status, 200);
    assert.equal(after.host, other);
  });

  test('status shows the project with its replicas and the balancer', () => {
    const r = runCli(dir, ['status', '--format', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    const ours = (
      JSON.parse(r.stdout) as { containers: { composeProject?: string; role?: string; ready: boolean }[] }
    ).containers.filter((c) => c.composeProject === project);
    assert.deepEqual(ours.map((c) => c.role).sort(), ['balancer', 'replica', 'replica']);
    const text = runCli(dir, ['status'], env).stdout;
    assert.match(text, new RegExp(`^${project}\\tCompose project: 1 of 2 replicas ready`, 'm'));
  });

  test('down drains and leaves no container, network or volume', () => {
    const r = runCli(dir, ['down', profile], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stopped \(replicas drained, nginx last\) and removed by/);
    assert.ok(r.stderr.indexOf('stopping nginx last') > r.stderr.indexOf('stopping triton-0, triton-1'));
    const label = `label=com.docker.compose.project=${project}`;
    assert.equal(docker('ps', '-aq', '--filter', label).stdout.trim(), '');
    assert.equal(docker('network', 'ls', '-q', '--filter', `name=${project}`).stdout.trim(), '');
    assert.equal(docker('volume', 'ls', '-q', '--filter', label).stdout.trim(), '');
  });
});

describe('up with replicas, without a machine', () => {
  test('--dry-run prints the files; no Compose tool is a clear error', () => {
    const d = mkdtempSync(join(tmpdir(), 'compose-dry-'));
    const p = join(d, 'two.triton-deploy.json');
    writeFileSync(
      p,
      JSON.stringify({ image: 'img:1', modelRepository: REPOSITORY, replicas: 2, gpus: ['0', '1'] }),
    );
    const dry = runCli(d, ['up', p, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^# compose\.yaml\n# Generated by the Triton toolkit \(triton-repo export compose\) from two\.triton-deploy\.json/,
    );
    assert.match(dry.stdout, /# nginx\.conf\n/);
    const none = runCli(d, ['up', p], { PATH: join(d, 'no-such-bin') });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /neither `docker compose` \(the Compose v2 plugin\) nor `docker-compose` \(v1\) is installed/,
    );
  });
});
