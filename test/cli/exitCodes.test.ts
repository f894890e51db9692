// Issue 18, point 4: one exit-status convention in every command (README, "Exit status"): 0 done, 1 ran and
// found problems, 2 could not run (usage, I/O, Docker unreachable, image missing, a target it must not touch).
// Docker failures use an engine address where nothing listens; the cases that need a real engine run
// against the test run's engine (test/dockerEngine.ts) and in test/{deploy,build,fromimage}/docker.test.ts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dockerSkip } from '../dockerEngine';
import { runCli, templateRepository } from './runCli';

let work: string;
let nowhere: Record<string, string>;
const run = (...args: string[]) => runCli(work, args);
const noDocker = (...args: string[]) => runCli(work, args, nowhere);
const UNREACHABLE = /Cannot reach the Docker engine at unix:\/\/.*no-docker\.sock/;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-repo-exit-'));
  nowhere = { DOCKER_HOST: `unix://${join(work, 'no-docker.sock')}` };
  mkdirSync(join(work, 'repo', 'good', '1'), { recursive: true });
  writeFileSync(join(work, 'repo', 'good', 'config.pbtxt'), 'name: "good"\nbackend: "python"\n');
  writeFileSync(join(work, 'repo', 'good', '1', 'model.py'), '# a model\n');
  mkdirSync(join(work, 'bad', 'broken', '1'), { recursive: true });
  writeFileSync(join(work, 'bad', 'broken', 'config.pbtxt'), 'name: "broken"\nmax_batch_sise: 4\n');
  writeFileSync(
    join(work, 'good.triton-deploy.json'),
    JSON.stringify({ image: 'triton-repo-test/no-such-image:exit-codes', modelRepository: 'repo', gpus: 0 }),
  );
  writeFileSync(
    join(work, 'bad-repo.triton-deploy.json'),
    JSON.stringify({ image: 'triton-repo-test/no-such-image:exit-codes', modelRepository: 'bad', gpus: 0 }),
  );
  writeFileSync(
    join(work, 'secret.triton-deploy.json'),
    JSON.stringify({ image: 'x', modelRepository: 'repo', secrets: ['I18_TEST_NO_SUCH_SECRET'] }),
  );
  mkdirSync(join(work, 'checkpoint'));
  writeFileSync(
    join(work, 'e.triton-build.json'),
    JSON.stringify({
      image: 'x:1',
      checkpointDir: 'checkpoint',
      outputDir: 'engine',
      modelFamily: 'none',
      gpus: 0,
    }),
  );
  writeFileSync(
    join(work, 'nockpt.triton-build.json'),
    JSON.stringify({
      image: 'x:1',
      checkpointDir: 'missing',
      outputDir: 'engine',
      modelFamily: 'none',
      gpus: 0,
    }),
  );
  templateRepository(work);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('exit status, command by command', () => {
  test('check: 0 clean, 1 errors, 2 a missing path or a usage error', () => {
    assert.equal(run('check', 'repo').code, 0);
    assert.equal(run('check', 'bad').code, 1);
    assert.equal(run('check', 'nope').code, 2);
    assert.equal(run('check', '--gpus', 'x', 'repo').code, 2);
  });

  test('render: 0 written, 1 errors, 2 malformed --set / bad --out / not a render output', () => {
    assert.equal(run('render', 't', '--out', 'r-ok').code, 0);
    assert.equal(run('render', 't', '--out', 'r-err', '--set', 'triton_max_batch_size=abc').code, 1);
    assert.equal(run('render', 't', '--out', 'r-set', '--set', 'tensorrt_llm/engine_dir').code, 2);
    assert.equal(run('render', 't', '--out', 'r-set', '--set', 'tensorrt_llm/engine_dir', '--force').code, 2);
    assert.equal(run('render', 't', '--out', 't/inside').code, 2);
    assert.equal(run('render', 't', '--out', 'repo').code, 2);
    assert.equal(run('render', 'nope', '--out', 'r-none').code, 2);
  });

  test('init: 0 written, 2 a file in the way (nothing is overwritten)', () => {
    assert.equal(run('init', 'llm-repo', '--llmapi', '--model', 'org/m').code, 0);
    const again = run('init', 'llm-repo', '--llmapi', '--model', 'org/m');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /refusing to overwrite/);
  });

  test('new: 2 when Docker is unreachable, and for a target that is not empty', () => {
    const r = noDocker('new', 'fresh', '--image', 'x:1');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, UNREACHABLE);
    assert.equal(noDocker('new', 'repo', '--image', 'x:1').code, 2);
  });

  test('build: 2 for an invalid profile, a missing checkpoint, Docker unreachable', () => {
    writeFileSync(join(work, 'invalid.triton-build.json'), '{ "image": "x", "checkpointDir": "c" }');
    assert.equal(noDocker('build', 'invalid.triton-build.json').code, 2);
    const missing = noDocker('build', 'nockpt.triton-build.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /checkpointDir: the checkpoint directory .* does not exist/);
    const r = noDocker('build', 'e.triton-build.json');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, UNREACHABLE);
  });

  test('up: 1 for a repository with errors, 2 for a missing secret, an invalid profile, Docker unreachable', () => {
    const errors = noDocker('up', 'bad-repo.triton-deploy.json');
    assert.equal(errors.code, 1);
    assert.match(errors.stdout, /error schema\/unknown-field/);
    assert.equal(noDocker('up', 'secret.triton-deploy.json').code, 2);
    writeFileSync(join(work, 'invalid.triton-deploy.json'), '{ "image": "x", "gpu": 1 }');
    assert.equal(noDocker('up', 'invalid.triton-deploy.json').code, 2);
    const r = noDocker('up', 'good.triton-deploy.json');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, UNREACHABLE);
  });

  test('status, down, request: 2 when Docker is unreachable', () => {
    for (const args of [
      ['status'],
      ['status', '--format', 'json'],
      ['down', '--all'],
      ['down', 'good.triton-deploy.json'],
      ['request', 'good.triton-deploy.json', 'hi'],
    ]) {
      const r = noDocker(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, UNREACHABLE, args.join(' '));
    }
  });

  test(
    'with an engine: up of a missing image 2; status, down 0; request without a container 2',
    { skip: dockerSkip },
    () => {
      const engine = { DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' };
      const up = runCli(work, ['up', 'good.triton-deploy.json', '--workspace', work], engine);
      assert.equal(up.code, 2, up.stderr);
      assert.match(up.stderr, /triton-repo-test\/no-such-image:exit-codes/);
      assert.equal(runCli(work, ['status', '--workspace', work], engine).code, 0);
      assert.equal(runCli(work, ['down', '--all', '--workspace', work], engine).code, 0);
      const request = runCli(work, ['request', 'good.triton-deploy.json', 'hi', '--workspace', work], engine);
      assert.equal(request.code, 2);
      assert.match(request.stderr, /no running container/);
    },
  );
});

describe('profile errors: path:line:col with did-you-mean, deployment and build alike', () => {
  test('a deployment profile: `"gpu"` and `gpus: "two"` at their lines', () => {
    writeFileSync(
      join(work, 'typo.triton-deploy.json'),
      '{\n  "image": "x",\n  "gpu": 1,\n  "ports": { "htp": 8000 }\n}\n',
    );
    writeFileSync(join(work, 'gpus.triton-deploy.json'), '{\n  "image": "x",\n  "gpus": "two"\n}\n');
    const typo = noDocker('up', 'typo.triton-deploy.json');
    assert.equal(typo.code, 2);
    assert.deepEqual(typo.stderr.trimEnd().split('\n'), [
      `${join(work, 'typo.triton-deploy.json')}:3:3: error: gpu: unknown key "gpu"; did you mean "gpus"?`,
      `${join(work, 'typo.triton-deploy.json')}:4:14: error: ports.htp: unknown key "htp"; did you mean "http"?`,
    ]);
    const gpus = noDocker('up', 'gpus.triton-deploy.json');
    assert.equal(gpus.code, 2);
    assert.equal(
      gpus.stderr,
      `${join(work, 'gpus.triton-deploy.json')}:3:3: error: gpus: expected "all", a number of GPUs (0: none), or a list of device ids ("0") or UUIDs ("GPU-...")\n`,
    );
  });

  test('a build profile: an unknown key at its line with did-you-mean, nested ones too', () => {
    writeFileSync(
      join(work, 'typo.triton-build.json'),
      '{\n  "image": "x",\n  "checkpointDir": "checkpoint",\n  "outputDir": "o",\n  "modelFamly": "llama",\n  "plugins": { "gemmm": "auto" }\n}\n',
    );
    const r = noDocker('build', 'typo.triton-build.json');
    assert.equal(r.code, 2);
    const file = join(work, 'typo.triton-build.json');
    assert.ok(
      r.stderr.includes(
        `${file}:5:3: error: modelFamly: unknown key "modelFamly"; did you mean "modelFamily"?\n`,
      ),
      r.stderr,
    );
    assert.ok(
      r.stderr.includes(`${file}:6:16: error: plugins.gemmm: unknown key "gemmm"; did you mean "gemm"?\n`),
      r.stderr,
    );
  });
});

describe('did-you-mean counts a transposition as one edit (Damerau)', () => {
  test('`data_type: TYPE_INT46` suggests TYPE_INT64, not TYPE_INT16', () => {
    mkdirSync(join(work, 'int46', 'm'), { recursive: true });
    writeFileSync(
      join(work, 'int46', 'm', 'config.pbtxt'),
      'name: "m"\nbackend: "python"\ninput [ { name: "x" data_type: TYPE_INT46 dims: [ 1 ] } ]\n',
    );
    const r = run('check', 'int46');
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /Unknown enumeration value of "TYPE_INT46" for field "data_type"\. Did you mean "TYPE_INT64"\?/,
    );
  });
});
