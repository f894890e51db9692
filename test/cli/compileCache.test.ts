// dist/cli.js runs the command line from V8's code cache (server/src/cli/launcher.ts): written after the first
// run of a command, used by the next, refused when it does not belong to this bundle or user, and never a
// reason for a different result.
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from '../shared';
import { runCli } from './runCli';

const work = mkdtempSync(join(tmpdir(), 'triton-compile-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

const BROKEN = join(REPO_ROOT, 'examples', 'broken');

function check(cacheDir: string) {
  const r = runCli(REPO_ROOT, ['check', BROKEN, '--format', 'json'], {
    TRITON_REPO_COMPILE_CACHE: cacheDir,
    TRITON_REPO_COMPILE_CACHE_DEBUG: '1',
  });
  assert.equal(r.code, 1, r.stderr);
  const state = /triton-repo: code cache (.*)\n/.exec(r.stderr)?.[1];
  return { stdout: r.stdout, state };
}

/** The cache files of dist/cli-main.js in `dir`. */
function mainCaches(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('cli-main-'));
}

const uncached = runCli(REPO_ROOT, ['check', BROKEN, '--format', 'json'], { TRITON_REPO_COMPILE_CACHE: '' });

test('the first run writes the cache, the next uses it, and both print what an uncached run prints', () => {
  const dir = join(work, 'fresh');
  const first = check(dir);
  assert.equal(first.state, 'missing, written');
  // `check` first tries dist/cli-fast.js, which has a cache of its own (test/cli/fastCheck.test.ts).
  const files = mainCaches(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^cli-main-[0-9a-f]+-check\.bin$/);
  assert.equal(statSync(join(dir, files[0]!)).mode & 0o777, 0o600);
  const second = check(dir);
  assert.equal(second.state, 'accepted');
  assert.equal(first.stdout, uncached.stdout);
  assert.equal(second.stdout, uncached.stdout);
  // Another command has its own cache (it compiles other functions).
  const version = runCli(REPO_ROOT, ['--version'], { TRITON_REPO_COMPILE_CACHE: dir });
  assert.equal(version.code, 0);
  assert.equal(mainCaches(dir).length, 2);
});

test('bytecode V8 refuses is replaced; a cache made for another bundle or Node is not even offered', () => {
  const dir = join(work, 'damaged');
  check(dir);
  const file = join(dir, mainCaches(dir)[0]!);
  const data = readFileSync(file);
  const header = data.indexOf(10) + 1;
  // The right header over bytes that are not V8's: rejected, the run is correct, the file rewritten.
  writeFileSync(file, Buffer.concat([data.subarray(0, header), Buffer.alloc(data.length - header, 0x5a)]));
  const damaged = check(dir);
  assert.equal(damaged.state, 'rejected, written');
  assert.equal(damaged.stdout, uncached.stdout);
  assert.equal(check(dir).state, 'accepted');
  // Another bundle (its size and mtime are in the header): read as no cache at all.
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(data.subarray(0, header).toString().replace(/ \d+ /, ' 1 ')),
      data.subarray(header),
    ]),
  );
  assert.equal(check(dir).state, 'missing, written');
  assert.equal(check(dir).state, 'accepted');
});

test('a cache directory others can write is never read or written; an empty setting turns the cache off', () => {
  const shared = join(work, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o777);
  const r = check(shared);
  assert.equal(r.state, 'off');
  assert.equal(r.stdout, uncached.stdout);
  assert.deepEqual(readdirSync(shared), []);
  assert.equal(check('').state, 'off');
});
