// `npm run pack:cli` (scripts/pack-cli.mjs) makes an npm package of the command line; installed with
// `npm install -g` into an empty prefix, offline (the package must need nothing from the registry), it
// gives a working `triton-repo`: its version, a check, and the commands loaded from their own bundles.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../shared';

const pkg = JSON.parse(
  execFileSync('npm', ['pkg', 'get', 'version', 'scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }),
) as {
  version: string;
  scripts: Record<string, string>;
};
let work: string;
let tarball: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-repo-npm-'));
  // What `npm run pack:cli` runs, with the tarball written here instead of dist-npm/.
  assert.equal(pkg.scripts['pack:cli'], 'node scripts/pack-cli.mjs');
  execFileSync(process.execPath, ['scripts/pack-cli.mjs', '--destination', join(work, 'dist-npm')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  assert.deepEqual(readdirSync(join(work, 'dist-npm')), [`triton-repo-${pkg.version}.tgz`]);
  tarball = join(work, 'dist-npm', `triton-repo-${pkg.version}.tgz`);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the bundles, schemas, README, licence and a manifest without dependencies', () => {
  const entries = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(entries, [
    'package/DIAGNOSTICS.md',
    'package/LICENSE',
    'package/README.md',
    'package/dist/cli-build.js',
    'package/dist/cli-deploy.js',
    'package/dist/cli-export.js',
    'package/dist/cli-fast.js',
    'package/dist/cli-main.js',
    'package/dist/cli-new.js',
    'package/dist/cli-render.js',
    'package/dist/cli.js',
    'package/package.json',
    'package/schemas/model_config.json',
    'package/schemas/model_config.proto',
    'package/schemas/onnx_signature.json',
    'package/schemas/onnx_signature.proto',
    'package/schemas/triton-build.schema.json',
    'package/schemas/triton-deploy.schema.json',
    'package/schemas/trtllm-engine-config.schema.json',
    'package/schemas/values.schema.json',
  ]);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
  assert.equal(manifest.name, 'triton-repo');
  assert.equal(manifest.version, pkg.version);
  assert.deepEqual(manifest.bin, { 'triton-repo': 'dist/cli.js' });
  assert.deepEqual(manifest.engines, { node: '>=20' });
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.dependencies, undefined, 'every library is in the bundles');
});

test(
  'npm install -g into an empty prefix, offline, gives a working triton-repo',
  { timeout: 120_000 },
  () => {
    const prefix = join(work, 'prefix');
    execFileSync(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
      ],
      { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const bin = join(prefix, 'bin', 'triton-repo');
    const run = (...args: string[]) => spawnSync(bin, args, { cwd: REPO_ROOT, encoding: 'utf8' });

    assert.equal(run('--version').stdout, `${pkg.version}\n`);
    const check = run('check', 'examples/model_repository', '--format', 'sarif');
    assert.equal(check.status, 0, check.stderr);
    assert.equal((JSON.parse(check.stdout) as { version: string }).version, '2.1.0');
    // render runs from its own bundle (dist/cli-render.js), loaded at run time.
    const out = join(work, 'rendered');
    const render = run(
      'render',
      'examples/model_repository',
      '--values',
      'examples/triton-values.json',
      '--out',
      out,
    );
    assert.equal(render.status, 0, render.stderr);
    assert.match(render.stdout, /wrote \d+ files to /);
    // ... and `up` from the container bundle (dist/cli-deploy.js, with dockerode): --dry-run needs no engine.
    mkdirSync(join(work, 'deploy'));
    writeFileSync(
      join(work, 'deploy', 'llm.triton-deploy.json'),
      JSON.stringify({
        image: 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3',
        // The rendered repository: up refuses a template that was never rendered.
        modelRepository: out,
      }),
    );
    const up = spawnSync(bin, ['up', join(work, 'deploy', 'llm.triton-deploy.json'), '--dry-run'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    assert.equal(up.status, 0, up.stderr);
    assert.equal((JSON.parse(up.stdout) as { name: string }).name, 'triton-llm');
  },
);
