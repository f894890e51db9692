// Issue 16, points 1, 2 and 6 for render: kill -9 of `triton-repo render` at every named step of its
// write (TRITON_REPO_TEST_KILL_AT makes the CLI SIGKILL itself there) and at random moments on a
// 3,000-model repository with a concurrent reader. After each kill: the output is the old render or the
// new one, whole; the next run finishes or removes what was left, says so, and leaves nothing behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KILL_AT_ENV } from '../../server/src/host/faultPoint';
import { MANIFEST } from '../../server/src/host/writeRender';
import { CLI, cliEnv, runCli } from './runCli';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A workspace with a template repository `t` of `n` models, each `max_batch_size: ${bs}`, plus `1/model.py`. */
function workspace(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'triton-repo-crash-'));
  made.push(dir);
  for (let i = 0; i < n; i++) {
    const name = `m${String(i).padStart(4, '0')}`;
    mkdirSync(join(dir, 't', name, '1'), { recursive: true });
    writeFileSync(
      join(dir, 't', name, 'config.pbtxt'),
      `name: "${name}"\nbackend: "python"\nmax_batch_size: \${bs}\n`,
    );
    writeFileSync(join(dir, 't', name, '1', 'model.py'), '# stand-in model file\n');
  }
  return dir;
}

const render = (ws: string, bs: number, env: Record<string, string> = {}) =>
  runCli(ws, ['render', 't', '--set', `bs=${bs}`, '--out', 'out'], env);

/** The value every model of `ws/out` has, asserting it is one value over all `n` models. */
function wholeValue(ws: string, n: number): string {
  const out = join(ws, 'out');
  const models = readdirSync(out).filter((m) => !m.startsWith('.'));
  assert.equal(models.length, n, `${out}: ${models.length} models, expected ${n}`);
  const values = new Set(
    models.map((m) => /max_batch_size: (\S+)/.exec(readFileSync(join(out, m, 'config.pbtxt'), 'utf8'))?.[1]),
  );
  assert.equal(values.size, 1, `${out} mixes renders: ${[...values].join(', ')}`);
  assert.ok(existsSync(join(out, MANIFEST)));
  return [...values][0]!;
}

const storeOf = (ws: string) => join(ws, '.out.triton-repo');

/** Nothing left behind: `out` links to the one version in the store, and no temporary file anywhere. */
function assertClean(ws: string): void {
  assert.ok(lstatSync(join(ws, 'out')).isSymbolicLink(), 'out is the link');
  assert.deepEqual(readdirSync(storeOf(ws)), [basename(readlinkSync(join(ws, 'out')))]);
  const stray = (readdirSync(ws, { recursive: true }) as string[]).filter((p) =>
    /triton-repo-tmp|staging-|link-|legacy-|switch\.json/.test(String(p)),
  );
  assert.deepEqual(stray, []);
}

describe('render killed at each step of its write (the output was a link)', () => {
  const steps: [string, 'old' | 'new', RegExp][] = [
    ['render:writing', 'old', /removed .*staging-\d+-\w+: an unfinished render a killed run left/],
    ['render:staged', 'old', /removed .*staging-\d+-\w+: an unfinished render a killed run left/],
    ['render:versioned', 'old', /removed .*r-\d+-\w+: a render that is not the linked one/],
    ['render:linked', 'old', /removed .*link-\d+-\w+: a link a killed run had not switched in/],
    ['render:switched', 'new', /removed .*r-\d+-\w+: a render that is not the linked one/],
  ];
  for (const [step, state, recovery] of steps) {
    test(`${step}: the ${state} render whole; the next run says what it removed, nothing left`, () => {
      const ws = workspace(12);
      assert.equal(render(ws, 8).code, 0);
      const killed = render(ws, 16, { [KILL_AT_ENV]: step });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      assert.equal(wholeValue(ws, 12), state === 'old' ? '8' : '16');
      assert.ok(readdirSync(storeOf(ws)).length > 1, 'the kill left something behind to recover');
      const next = render(ws, 16);
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, new RegExp(`^triton-repo: ${recovery.source}`, 'm'));
      assert.equal(wholeValue(ws, 12), '16');
      assertClean(ws);
    });
  }
});

/**
 * An older render's plain directory at `out` (as the in-place writer left it): the manifest, the
 * temporary files a killed in-place render left, someone's own note and a link to an engine.
 */
function plainOldRender(ws: string): void {
  assert.equal(render(ws, 8).code, 0);
  const version = realpathSync(join(ws, 'out'));
  rmSync(join(ws, 'out'));
  cpSync(version, join(ws, 'plain'), { recursive: true });
  rmSync(storeOf(ws), { recursive: true });
  renameSync(join(ws, 'plain'), join(ws, 'out'));
  writeFileSync(join(ws, 'out', 'm0000', 'config.pbtxt.triton-repo-tmp-4242'), 'half');
  writeFileSync(join(ws, 'out', 'm0003', 'config.pbtxt.triton-repo-tmp-4242'), 'half');
  writeFileSync(join(ws, 'out', 'm0001', '1', 'notes.txt'), 'mine\n');
  symlinkSync('/engines/llama', join(ws, 'out', 'm0002', '1', 'engine'));
}

function assertKeptAndMigrated(ws: string): void {
  assertClean(ws);
  assert.equal(readFileSync(join(ws, 'out', 'm0001', '1', 'notes.txt'), 'utf8'), 'mine\n');
  assert.equal(readlinkSync(join(ws, 'out', 'm0002', '1', 'engine')), '/engines/llama');
}

describe('render of an older plain render directory: migrated to a link, safely', () => {
  test('unkilled: temporary files removed (said), own files kept (listed), the directory becomes a link', () => {
    const ws = workspace(6);
    plainOldRender(ws);
    const r = render(ws, 16);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^triton-repo: removed 2 temporary files an interrupted render left inside out \(config\.pbtxt\.triton-repo-tmp-4242, \.\.\.\)$/m,
    );
    assert.match(r.stdout, /^kept {6}m0001\/1\/notes\.txt {2}\(not written by a render\)$/m);
    assert.match(r.stdout, /^kept {6}m0002\/1\/engine {2}\(not written by a render\)$/m);
    assert.match(r.stdout, /^out is a plain directory; it becomes a link to a complete render/m);
    assert.equal(wholeValue(ws, 6), '16');
    assertKeptAndMigrated(ws);
  });

  test('a journalled switch whose new render is gone: the directory moved aside is put back (said), then migrated', () => {
    const ws = workspace(6);
    plainOldRender(ws);
    mkdirSync(storeOf(ws));
    writeFileSync(
      join(storeOf(ws), 'switch.json'),
      JSON.stringify({ to: 'r-0000000000000-gone', aside: 'legacy-0000000000000-aside' }),
    );
    renameSync(join(ws, 'out'), join(storeOf(ws), 'legacy-0000000000000-aside'));
    const r = render(ws, 16);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^triton-repo: put out back as it was: the switch a killed run started has no complete render/m,
    );
    assert.match(r.stdout, /^0 new, 6 changed, 6 unchanged, 2 kept$/m);
    assert.equal(wholeValue(ws, 6), '16');
    assertKeptAndMigrated(ws);
  });

  const steps: [string, 'old' | 'missing' | 'new', RegExp][] = [
    ['render:writing', 'old', /removed .*staging-\d+-\w+: an unfinished render a killed run left/],
    ['render:journalled', 'old', /finished switching out to .*r-\d+-\w+, the complete render a killed run/],
    ['render:moved-aside', 'missing', /finished switching out to .*r-\d+-\w+, the complete render a killed/],
    [
      'render:switched',
      'new',
      /removed .*legacy-\d+-\w+: the plain directory a finished switch had moved aside/,
    ],
  ];
  for (const [step, state, recovery] of steps) {
    test(`${step}: out is ${state}, never a mix; the next run finishes the migration and says so`, () => {
      const ws = workspace(6);
      plainOldRender(ws);
      const killed = render(ws, 16, { [KILL_AT_ENV]: step });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      if (state === 'missing') assert.equal(existsSync(join(ws, 'out')), false);
      else assert.equal(wholeValue(ws, 6), state === 'old' ? '8' : '16');
      const next = render(ws, 16);
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, new RegExp(`^triton-repo: ${recovery.source}`, 'm'));
      assert.equal(wholeValue(ws, 6), '16');
      assertKeptAndMigrated(ws);
    });
  }
});

describe('render of 3,000 models killed at random moments, read all along by another process', () => {
  test('every whole read of the repository sees one render; each kill leaves old or new; the last run cleans up', async (t) => {
    const models = 3000;
    const ws = workspace(models);
    const started = Date.now();
    assert.equal(render(ws, 1).code, 0);
    const duration = Date.now() - started;
    const stop = join(ws, 'stop');
    const results = join(ws, 'reader.json');
    const reader = spawn(process.execPath, [
      join(dirname(CLI), '..', 'test', 'cli', 'fixtures', 'repositoryReader.mjs'),
      join(ws, 'out'),
      stop,
      results,
      String(models),
    ]);
    const readerDone = new Promise((resolve) => reader.on('exit', resolve));
    // Deterministic "random" delays (a fixed LCG), spread over the whole run, the write phase included.
    let seed = 16;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let value = 1;
    const kills: string[] = [];
    for (let i = 2; i <= 5; i++) {
      const delay = Math.round((0.3 + 0.9 * random()) * duration);
      const child = spawn(process.execPath, [CLI, 'render', 't', '--set', `bs=${i}`, '--out', 'out'], {
        cwd: ws,
        env: cliEnv(),
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const signal = await exited;
      clearTimeout(timer);
      const now = Number(wholeValue(ws, models));
      assert.ok(now === value || now === i, `after a kill at ${delay} ms: ${now}, expected ${value} or ${i}`);
      kills.push(`${delay} ms: ${signal ?? 'finished'}, ${now === i ? 'new' : 'old'}`);
      value = now;
    }
    const last = render(ws, 99);
    assert.equal(last.code, 0, last.stderr);
    writeFileSync(stop, '');
    await readerDone;
    const read = JSON.parse(readFileSync(results, 'utf8')) as {
      whole: number;
      torn: number;
      violations: number;
      examples: string[];
      values: string[];
    };
    t.diagnostic(`kills: ${kills.join('; ')}; reader: ${JSON.stringify(read)}`);
    assert.equal(read.violations, 0, read.examples.join('\n'));
    assert.ok(read.whole > 0, 'the reader read the repository whole at least once');
    assert.equal(wholeValue(ws, models), '99');
    assertClean(ws);
  });
});
