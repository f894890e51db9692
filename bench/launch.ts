/**
 * Launch overhead: the time from the launch command (server/src/deploy `up()`, what "Launch Triton" and
 * `triton-repo up` run) to the container running, next to the same launch by the docker CLI
 * (`docker run -d` with the equivalent options: name, labels, env, ports, read-only repository mount,
 * shm size, command). Both against the engine of DOCKER_HOST, with the tritonserver STAND-IN image (a test
 * double, test/deploy/standin). "Running" for up() is the moment it has started the container and begins
 * waiting for readiness; for the CLI, `docker run -d` returning. Median of a few runs after one warm-up each;
 * every container is removed again. Prints "n/a (no Docker engine)" when none answers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listOurs, up } from '../server/src/deploy/deploy';
import { dockerodeRuntime } from '../server/src/deploy/dockerodeRuntime';
import { profileSchema } from '../server/src/deploy/profile';
import { buildContainerSpec } from '../server/src/deploy/spec';
import type { ContainerSpec } from '../server/src/deploy/spec';
import { ensureStandinImage } from '../test/deploy/standinImage';
import { median } from './measure';
import { freePort } from '../test/freePort';

const RUNS = 5;
const REPOSITORY = join(__dirname, '..', 'test', 'fixtures', 'deploy', 'model_repository');

/** `docker run -d` with the options of the spec (what the Engine API create + start of up() carries). */
export function dockerRunArgs(spec: ContainerSpec): string[] {
  const args = ['run', '-d', '--name', spec.name];
  for (const [k, v] of Object.entries(spec.Labels)) args.push('--label', `${k}=${v}`);
  for (const e of spec.Env) args.push('-e', e);
  for (const [port, bindings] of Object.entries(spec.HostConfig.PortBindings)) {
    for (const b of bindings) args.push('-p', `${b.HostIp}:${b.HostPort}:${port.split('/')[0]}`);
  }
  for (const bind of spec.HostConfig.Binds) args.push('-v', bind);
  args.push('--shm-size', String(spec.HostConfig.ShmSize));
  for (const u of spec.HostConfig.Ulimits) args.push('--ulimit', `${u.Name}=${u.Soft}:${u.Hard}`);
  if (spec.HostConfig.DeviceRequests.length > 0) args.push('--gpus', 'all');
  args.push('--stop-signal', spec.StopSignal, spec.Image, ...spec.Cmd);
  return args;
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`.padStart(9);
}

export async function launchBench(): Promise<void> {
  console.log(
    '\nLaunch: the launch command to the container running, against `docker run -d` (stand-in image)',
  );
  const engine = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (engine.status !== 0) {
    console.log('  n/a (no Docker engine)');
    return;
  }
  const image = ensureStandinImage();
  const runtime = dockerodeRuntime();
  const workspace = mkdtempSync(join(tmpdir(), 'bench-launch-'));
  let serial = 0;
  const spec = async () => {
    serial++;
    const profile = profileSchema.parse({
      image,
      gpus: 0,
      ulimits: {},
      containerName: `triton-bench-${process.pid}-${serial}`,
      ports: { http: await freePort(), grpc: await freePort(), metrics: await freePort() },
      env: { STANDIN_START_SECONDS: '0' },
    });
    return buildContainerSpec(profile, {
      profilePath: join(workspace, `bench.triton-deploy.json`),
      repositoryPath: REPOSITORY,
      workspace,
      secrets: {},
    });
  };
  const ours: number[] = [];
  const cli: number[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      // up(): from the call to the container started (it then waits for readiness, not counted).
      const s1 = await spec();
      const t0 = performance.now();
      let running: number | undefined;
      const result = await up(runtime, s1, {
        readyTimeoutMs: 20_000,
        repositoryPath: REPOSITORY,
        onProgress: (m) => {
          if (m.startsWith('waiting for')) running ??= performance.now() - t0;
        },
      });
      if (!result.ok) throw new Error(`launch failed: ${result.message}`);
      await runtime.remove(result.id);
      if (i > 0) ours.push(running!);

      const s2 = await spec();
      const t1 = performance.now();
      const r = spawnSync('docker', dockerRunArgs(s2), { encoding: 'utf8', timeout: 60_000 });
      const ms = performance.now() - t1;
      if (r.status !== 0) throw new Error(`docker run failed: ${r.stderr}`);
      spawnSync('docker', ['rm', '-f', r.stdout.trim()], { stdio: 'ignore', timeout: 30_000 });
      if (i > 0) cli.push(ms);
    }
    const a = median(ours);
    const b = median(cli);
    console.log(`  launch command (up(): ping, image check, create, start)  ${fmt(a)}  n=${ours.length}`);
    console.log(`  docker run -d (CLI process, same options)                ${fmt(b)}  n=${cli.length}`);
    console.log(
      `  => overhead ${(a - b).toFixed(1)} ms (${a <= b ? 'faster than' : 'slower than'} the docker CLI; target: under 100 ms)`,
    );
  } finally {
    // Both launches carry this run's labels (docker run gets them too), so this finds every one left.
    for (const c of await listOurs(runtime, { workspace }).catch(() => [])) {
      await runtime.remove(c.id).catch(() => undefined);
    }
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (require.main === module) void launchBench();
