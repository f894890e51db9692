// `triton-repo check` of clean config files is answered by dist/cli-fast.js alone (server/src/cli/fastCheck.ts):
// what it prints must be what the full CLI prints, byte for byte, and everything else must reach the full
// CLI. Which of the two ran is seen from outside: only the full CLI starts dist/cli-main.js through the
// code cache, which says so on stderr with TRITON_REPO_COMPILE_CACHE_DEBUG=1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateStressConfig } from '../../bench/stress';
import { runCli } from './runCli';

const work = mkdtempSync(join(tmpdir(), 'triton-fast-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CLEAN = 'name: "m"\nmax_batch_size: 8\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ -1 ] } ]\n';
writeFileSync(join(work, 'a.pbtxt'), CLEAN);
writeFileSync(join(work, 'b.pbtxt'), '# another\nname: "n"\n');
writeFileSync(join(work, 'typo.pbtxt'), 'name: "m"\nmax_batch_sise: 8\n');
// The stress config of the benchmark, at a tenth of its size: NVIDIA's template, filled in.
writeFileSync(join(work, 'stress.pbtxt'), generateStressConfig(40).text);

function run(args: string[], fast: boolean) {
  const r = runCli(work, ['check', ...args], {
    TRITON_REPO_COMPILE_CACHE_DEBUG: '1',
    ...(fast ? {} : { TRITON_REPO_FAST_CHECK: '0' }),
  });
  const fullCli = /triton-repo: code cache /.test(r.stderr);
  return {
    code: r.code,
    stdout: r.stdout,
    // Both bundles say what became of their code cache (missing on a first run, accepted after).
    stderr: r.stderr.replace(/triton-repo: (fast check )?code cache .*\n/g, ''),
    fullCli,
  };
}

test('clean files: the small bundle answers, with what the full CLI prints', () => {
  for (const args of [
    ['a.pbtxt'],
    ['a.pbtxt', 'b.pbtxt', '--format', 'json'],
    ['--format=json', join(work, 'a.pbtxt')],
    ['a.pbtxt', 'a.pbtxt', '--format', 'text'],
    ['stress.pbtxt', '--format', 'json'],
    // Options that change nothing without diagnostics.
    ['a.pbtxt', '--verbose', '--fail-on', 'warning', '--max-warnings=0'],
    ['--max-warnings', '3', 'b.pbtxt', '--fail-on=error', '--format', 'json'],
  ]) {
    const fast = run(args, true);
    const full = run(args, false);
    assert.equal(fast.fullCli, false, `${args.join(' ')}: the full CLI ran`);
    assert.equal(
      full.fullCli,
      true,
      `${args.join(' ')}: TRITON_REPO_FAST_CHECK=0 did not reach the full CLI`,
    );
    assert.deepEqual(
      { code: fast.code, stdout: fast.stdout, stderr: fast.stderr },
      { code: full.code, stdout: full.stdout, stderr: full.stderr },
      args.join(' '),
    );
    assert.equal(fast.code, 0);
  }
  assert.match(
    run(['a.pbtxt', 'b.pbtxt'], true).stdout,
    /^2 files checked: 0 errors, 0 warnings, 0 information\n$/,
  );
});

test('anything else reaches the full CLI', () => {
  const model = join(work, 'repo', 'm');
  mkdirSync(join(model, '1'), { recursive: true });
  writeFileSync(join(model, 'config.pbtxt'), CLEAN);
  for (const [args, code] of [
    [['typo.pbtxt'], 1], // a problem: the full check words it
    [['a.pbtxt', 'typo.pbtxt'], 1], // one file with a problem: every file goes to the full check
    // A model's config is checked within its repository, where Triton's load rules apply (no backend here).
    [['repo/m/config.pbtxt'], 1],
    [['repo'], 1], // a directory
    [['a.pbtxt', '--strict-model-config'], 0], // any other option
    [['a.pbtxt', '--max-warnings', 'x'], 2], // a value the option does not take: commander says so
    [['a.pbtxt', '--fail-on'], 2],
    [['a.pbtxt', '--format', 'sarif'], 0],
    [['missing.pbtxt'], 2],
    [['--help'], 0],
  ] as const) {
    const r = run([...args], true);
    assert.equal(r.fullCli, true, `${args.join(' ')}: answered without the full CLI`);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.match(run(['typo.pbtxt'], true).stdout, /typo\.pbtxt:2:1: error schema\/unknown-field/);
  assert.match(run(['repo/m/config.pbtxt'], true).stdout, /error triton\/cannot-determine-backend/);
});

test('the small bundle runs from its own code cache after the first run', () => {
  const cache = join(work, 'cache');
  const state = () =>
    /triton-repo: fast check code cache (.*)\n/.exec(
      runCli(work, ['check', 'a.pbtxt'], {
        TRITON_REPO_COMPILE_CACHE: cache,
        TRITON_REPO_COMPILE_CACHE_DEBUG: '1',
      }).stderr,
    )?.[1];
  assert.equal(state(), 'missing, written');
  assert.equal(state(), 'accepted');
});
