// Pure tests of deployment profiles and the container spec built from them (no Docker here).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deployJsonSchema } from '../../scripts/gen-deploy-schema';
import { parseProfile, parseSize, profileName, profileSchema } from '../../server/src/deploy/profile';
import type { ProfileInput } from '../../server/src/deploy/profile';
import {
  LABEL_HTTP,
  LABEL_MANAGED,
  LABEL_PROFILE,
  LABEL_REPOSITORY,
  LABEL_WORKSPACE,
  buildContainerSpec,
  containerName,
  deviceRequests,
  redactSpec,
  tritonCommand,
  autoCompleteDisabled,
} from '../../server/src/deploy/spec';
import { REPO_ROOT } from '../shared';

const ctx = {
  profilePath: '/ws/llama.triton-deploy.json',
  repositoryPath: '/ws/model_repository',
  workspace: '/ws',
  secrets: {},
};
const profile = (p: ProfileInput) => profileSchema.parse(p);

describe('deployment profiles', () => {
  test('defaults follow NVIDIA documentation and Triton ports', () => {
    const p = profile({ image: 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3' });
    assert.equal(p.gpus, 'all');
    assert.equal(p.worldSize, 1);
    assert.deepEqual(p.ports, { http: 8000, grpc: 8001, metrics: 8002 });
    assert.equal(p.bindAddress, '127.0.0.1');
    assert.equal(p.shmSize, '2g');
    assert.deepEqual(p.ulimits, { memlock: -1, stack: 67108864 });
    assert.equal(p.gracePeriodSeconds, 40);
    assert.equal(p.modelRepository, 'model_repository');
  });

  test('problems name the field', () => {
    const r = parseProfile(
      JSON.stringify({
        image: 'x',
        ports: { http: 70000 },
        gpus: 1,
        worldSize: 2,
        extra: true,
        shmSize: '2 GB',
      }),
    );
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems.join('\n');
    assert.match(String(problems), /ports\.http: /);
    assert.match(String(problems), /shmSize: /);
    assert.match(String(problems), /extra/);
    assert.match(String(problems), /gpus: worldSize 2 needs one GPU per rank, but gpus selects 1/);
    assert.deepEqual(parseProfile('{ nope').ok, false);
  });

  test('secrets never come from the file', () => {
    const r = parseProfile(JSON.stringify({ image: 'x', env: { HF_TOKEN: 'hf_abc', LOG_LEVEL: '1' } }));
    assert.ok(!r.ok && r.problems.some((p) => /env\.HF_TOKEN: HF_TOKEN looks like a secret/.test(p)));
    assert.ok(parseProfile(JSON.stringify({ image: 'x', secrets: ['HF_TOKEN'] })).ok);
  });

  test('ports must differ', () => {
    const r = parseProfile(JSON.stringify({ image: 'x', ports: { http: 9000, grpc: 9000 } }));
    assert.ok(!r.ok && r.problems.some((p) => p.startsWith('ports: ')));
  });

  test('names and sizes', () => {
    assert.equal(profileName('/a/b/llama-70b.triton-deploy.json'), 'llama-70b');
    assert.equal(parseSize('2g'), 2 * 1024 ** 3);
    assert.equal(parseSize('512m'), 512 * 1024 ** 2);
    assert.equal(parseSize('4096'), 4096);
    assert.equal(containerName(profile({ image: 'x' }), '/w/.llama 3.triton-deploy.json'), 'triton-llama-3');
    assert.equal(containerName(profile({ image: 'x', containerName: 'mine' }), '/w/a.json'), 'mine');
  });

  test('schemas/triton-deploy.schema.json is generated from the zod schema (npm run gen:schema)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'schemas', 'triton-deploy.schema.json'), 'utf8');
    assert.equal(committed, deployJsonSchema());
  });

  test('package.json validates profiles with that schema', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const entries = (manifest.contributes.jsonValidation as { url: string }[]).filter(
      (e) => e.url === './schemas/triton-deploy.schema.json',
    );
    assert.deepEqual(entries, [
      { fileMatch: '*.triton-deploy.json', url: './schemas/triton-deploy.schema.json' },
    ]);
  });
});

describe('GPU selection', () => {
  test('all, a count, device ids, none', () => {
    const gpu = { Driver: 'nvidia', Capabilities: [['gpu']] };
    assert.deepEqual(deviceRequests('all'), [{ ...gpu, Count: -1 }]);
    assert.deepEqual(deviceRequests(2), [{ ...gpu, Count: 2 }]);
    assert.deepEqual(deviceRequests(['0', '3']), [{ ...gpu, Count: 0, DeviceIDs: ['0', '3'] }]);
    assert.deepEqual(deviceRequests(['GPU-8c2c4b7e-1f']), [
      { ...gpu, Count: 0, DeviceIDs: ['GPU-8c2c4b7e-1f'] },
    ]);
    assert.deepEqual(deviceRequests(0), []);
  });
});

describe('the container spec', () => {
  test("world size 1 runs tritonserver as PID 1, with launch_triton_server.py's closing flags (its --no-mpi line)", () => {
    const spec = buildContainerSpec(profile({ image: 'img' }), ctx);
    assert.deepEqual(spec.Cmd, [
      'tritonserver',
      '--model-repository=/models',
      '--http-port=8000',
      '--grpc-port=8001',
      '--metrics-port=8002',
      '--disable-auto-complete-config',
      '--backend-config=python,shm-region-prefix-name=prefix0_',
    ]);
    assert.equal(spec.name, 'triton-llama');
    assert.equal(spec.Image, 'img');
    assert.equal(spec.StopSignal, 'SIGTERM');
  });

  test('world size 2 runs mpirun with one tritonserver rank each, leader first', () => {
    const cmd = tritonCommand(profile({ image: 'img', worldSize: 2, gpus: 2 }));
    const ranks = cmd.join(' ').split(' : ');
    assert.equal(ranks.length, 2);
    assert.match(ranks[0]!, /^mpirun --allow-run-as-root -n 1 tritonserver --model-repository=\/models /);
    assert.doesNotMatch(ranks[0]!, /model-control-mode/);
    assert.match(
      ranks[0]!,
      /--disable-auto-complete-config --backend-config=python,shm-region-prefix-name=prefix0_$/,
    );
    assert.match(ranks[1]!, /^-n 1 tritonserver .*--model-control-mode=explicit --load-model=tensorrt_llm /);
    assert.match(ranks[1]!, /shm-region-prefix-name=prefix1_$/);
    assert.ok(!cmd.some((a) => /python|launch_triton_server/.test(a) && !a.startsWith('--backend-config')));
  });

  test('autoCompleteConfig: true leaves auto-complete on, for every rank; the flag is never given twice', () => {
    for (const worldSize of [1, 2]) {
      const cmd = tritonCommand(
        profile({ image: 'img', worldSize, gpus: worldSize, autoCompleteConfig: true }),
      );
      assert.ok(!cmd.includes('--disable-auto-complete-config'), cmd.join(' '));
      assert.equal(
        cmd.filter((a) => a.startsWith('--backend-config=python,shm-region-prefix-name=')).length,
        worldSize,
      );
    }
    const own = tritonCommand(profile({ image: 'img', tritonArgs: ['--disable-auto-complete-config'] }));
    assert.equal(own.filter((a) => a === '--disable-auto-complete-config').length, 1);
    assert.equal(autoCompleteDisabled(profile({ image: 'img' })), true);
    assert.equal(autoCompleteDisabled(profile({ image: 'img', autoCompleteConfig: true })), false);
    assert.equal(
      autoCompleteDisabled(
        profile({ image: 'img', autoCompleteConfig: true, tritonArgs: ['--disable-auto-complete-config'] }),
      ),
      true,
    );
  });

  test('world size 8: eight ranks, each its own shared-memory prefix, worker models listed', () => {
    const cmd = tritonCommand(
      profile({ image: 'img', worldSize: 8, gpus: 'all', workerModels: ['tensorrt_llm', 'draft'] }),
    );
    assert.equal(cmd.filter((a) => a === 'tritonserver').length, 8);
    assert.equal(cmd.filter((a) => a === ':').length, 7);
    for (let r = 0; r < 8; r++)
      assert.ok(cmd.includes(`--backend-config=python,shm-region-prefix-name=prefix${r}_`));
    assert.equal(cmd.filter((a) => a === '--load-model=draft').length, 7);
    assert.equal(cmd[0], 'mpirun');
  });

  test('ports on the bind address, read-only repository, shm, ulimits, GPUs', () => {
    const spec = buildContainerSpec(
      profile({
        image: 'img',
        gpus: ['1'],
        ports: { http: 9000, grpc: 9001, metrics: 9002 },
        bindAddress: '0.0.0.0',
        shmSize: '20g',
        ulimits: { memlock: -1, nofile: { soft: 1024, hard: 4096 } },
      }),
      ctx,
    );
    const h = spec.HostConfig;
    assert.deepEqual(h.PortBindings, {
      '8000/tcp': [{ HostIp: '0.0.0.0', HostPort: '9000' }],
      '8001/tcp': [{ HostIp: '0.0.0.0', HostPort: '9001' }],
      '8002/tcp': [{ HostIp: '0.0.0.0', HostPort: '9002' }],
    });
    assert.deepEqual(Object.keys(spec.ExposedPorts), ['8000/tcp', '8001/tcp', '8002/tcp']);
    assert.deepEqual(h.Binds, ['/ws/model_repository:/models:ro']);
    assert.equal(h.ShmSize, 20 * 1024 ** 3);
    assert.deepEqual(h.Ulimits, [
      { Name: 'memlock', Soft: -1, Hard: -1 },
      { Name: 'nofile', Soft: 1024, Hard: 4096 },
    ]);
    assert.deepEqual(h.DeviceRequests, [
      { Driver: 'nvidia', Count: 0, DeviceIDs: ['1'], Capabilities: [['gpu']] },
    ]);
    assert.equal(spec.Labels[LABEL_HTTP], 'http://0.0.0.0:9000');
  });

  test('labels mark the container as ours, with profile, repository and workspace', () => {
    const spec = buildContainerSpec(profile({ image: 'img' }), ctx);
    assert.equal(spec.Labels[LABEL_MANAGED], 'true');
    assert.equal(spec.Labels[LABEL_PROFILE], ctx.profilePath);
    assert.equal(spec.Labels[LABEL_REPOSITORY], ctx.repositoryPath);
    assert.equal(spec.Labels[LABEL_WORKSPACE], '/ws');
    assert.equal(spec.Labels[LABEL_HTTP], 'http://127.0.0.1:8000');
  });

  test('an IPv6 bind address is bracketed in the URL', () => {
    const spec = buildContainerSpec(profile({ image: 'img', bindAddress: '::1' }), ctx);
    assert.equal(spec.Labels[LABEL_HTTP], 'http://[::1]:8000');
    assert.equal(spec.HostConfig.PortBindings['8000/tcp']![0]!.HostIp, '::1');
  });

  test('secrets go into Env only, and redaction masks them', () => {
    const p = profile({ image: 'img', env: { LOG: '1' }, secrets: ['HF_TOKEN'] });
    assert.throws(() => buildContainerSpec(p, ctx), /no value for the secret\(s\) HF_TOKEN/);
    const spec = buildContainerSpec(p, { ...ctx, secrets: { HF_TOKEN: 'hf_secret' } });
    assert.deepEqual(spec.Env, ['LOG=1', 'HF_TOKEN=hf_secret']);
    assert.ok(!JSON.stringify(spec.Labels).includes('hf_secret'));
    const shown = JSON.stringify(redactSpec(spec, p.secrets));
    assert.ok(!shown.includes('hf_secret'));
    assert.ok(shown.includes('HF_TOKEN=***'));
  });
});
