// `triton-repo export compose` as a user runs it: files written atomically, our untouched output replaced,
// a file edited by hand kept unless --force, and a profile the checks refuse writes nothing (exit 1); the
// exported compose.yaml, edited by hand, checked as the editor checks it (exportedFileProblems).
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportedFileProblems } from '../../../server/src/deploy/exportDeployment';
import { runCli } from '../../cli/runCli';

function workspace(profile: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'export-compose-'));
  mkdirSync(join(dir, 'model_repository'));
  writeFileSync(
    join(dir, 'llama.triton-deploy.json'),
    JSON.stringify({ image: 'img:1', ...profile }, null, 2),
  );
  return dir;
}

test('export compose writes compose.yaml and nginx.conf, and keeps a file edited by hand unless --force', () => {
  const dir = workspace({ replicas: 2, worldSize: 2, gpus: ['0', '1', '2', '3'] });
  const first = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(readdirSync(join(dir, 'deploy')).sort(), ['compose.yaml', 'nginx.conf']);
  const compose = readFileSync(join(dir, 'deploy', 'compose.yaml'), 'utf8');
  assert.match(compose, /source: \.\.\/model_repository/);

  const again = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /unchanged .*compose\.yaml/);

  // A changed profile replaces our untouched output without asking.
  writeFileSync(
    join(dir, 'llama.triton-deploy.json'),
    JSON.stringify({ image: 'img:2', replicas: 2, worldSize: 2, gpus: ['0', '1', '2', '3'] }),
  );
  const changed = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(readFileSync(join(dir, 'deploy', 'compose.yaml'), 'utf8'), /image: img:2/);

  appendFileSync(join(dir, 'deploy', 'nginx.conf'), '# mine\n');
  writeFileSync(
    join(dir, 'llama.triton-deploy.json'),
    JSON.stringify({ image: 'img:3', replicas: 2, gpus: ['0', '1'] }),
  );
  const refused = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /not overwriting .*nginx\.conf: it was edited since it was exported/);
  assert.match(refused.stderr, /nothing was written; --force overwrites these files/);
  assert.match(readFileSync(join(dir, 'deploy', 'compose.yaml'), 'utf8'), /image: img:2/, 'nothing written');
  const forced = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.doesNotMatch(readFileSync(join(dir, 'deploy', 'nginx.conf'), 'utf8'), /# mine/);
  assert.deepEqual(
    readdirSync(join(dir, 'deploy')).sort(),
    ['compose.yaml', 'nginx.conf'],
    'no temporary file left',
  );
});

test('export compose refuses a profile at its fields, and writes nothing', () => {
  const dir = workspace({ replicas: 2, worldSize: 2, gpus: ['0', '1', '1'], gracePeriodSeconds: 20 });
  const r = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(r.code, 1, 'problems in the input, as export kubernetes says them');
  assert.match(r.stderr, /llama\.triton-deploy\.json:\d+:\d+: error: gpus\.2: GPU "1" is listed twice/);
  assert.match(r.stderr, /llama\.triton-deploy\.json:\d+:\d+: error: gpus: replicas × worldSize 2 × 2 = 4/);
  assert.match(r.stderr, /llama\.triton-deploy\.json:\d+:\d+: error: gracePeriodSeconds: 20 s is not longer/);
  assert.equal(existsSync(join(dir, 'deploy')), false);
});

test('export compose of "all" or a count without nvidia-smi takes ids 0 to N-1, and says so', () => {
  for (const gpus of ['all', 4]) {
    const dir = workspace({ replicas: 2, worldSize: 2, gpus });
    const r = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy'], {
      PATH: join(dir, 'no-nvidia-smi'),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /no nvidia-smi on this machine: gpus .* taken as GPU ids 0 to 3 of the serving host/,
    );
    assert.match(
      readFileSync(join(dir, 'deploy', 'compose.yaml'), 'utf8'),
      /triton-1:[\s\S]*device_ids:\s+- "2"\s+- "3"/,
    );
  }
});

test('an exported compose.yaml is checked by its header, as the editor checks it; nginx.conf is ours too', async () => {
  const dir = workspace({ replicas: 2, gpus: ['0', '1'] });
  const r = runCli(dir, ['export', 'compose', 'llama.triton-deploy.json', '--out', 'deploy']);
  assert.equal(r.code, 0, r.stderr);
  const compose = readFileSync(join(dir, 'deploy', 'compose.yaml'), 'utf8');
  assert.match(
    compose,
    /^# Generated by the Triton toolkit \(triton-repo export compose\) from llama\.triton-deploy\.json, digest [0-9a-f]{16}\.\n/,
  );
  assert.match(
    readFileSync(join(dir, 'deploy', 'nginx.conf'), 'utf8'),
    /^# Generated by the Triton toolkit \(triton-repo export compose\)/,
  );
  assert.deepEqual(await exportedFileProblems(compose), []);
  const edited = compose.replace(/stop_grace_period: 40s/, 'stop_grace_period: 20s');
  assert.notEqual(edited, compose);
  const problems = (await exportedFileProblems(edited))!;
  assert.ok(problems.length >= 1, JSON.stringify(problems));
  const lines = edited.split('\n');
  for (const p of problems) {
    assert.equal(p.code, 'compose/grace-period');
    assert.match(p.path, /^services\.triton-[01]\.stop_grace_period$/);
    assert.match(p.message, /stop_grace_period 20s is not longer than Triton's exit timeout \(30 s/);
    assert.match(lines[p.range.start.line]!.slice(p.range.start.character), /^20s/);
  }
});
