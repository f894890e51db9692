// Extraction of an image's archive, which we do not trust: tar streams made here with tar-stream, each
// hostile in one way, must not write outside the target directory, and an honest one is extracted whole.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import * as tar from 'tar-stream';
import { UnsafeArchive, extractTar, safeName } from '../../server/src/fromImage/extractTar';

type Entry = tar.Headers & { body?: string };

function archive(entries: Entry[]): Readable {
  const pack = tar.pack();
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  return pack as unknown as Readable;
}

const work = mkdtempSync(join(tmpdir(), 'extract-test-'));
let serial = 0;
function freshDir(): { parent: string; dir: string } {
  const parent = join(work, String(serial++));
  const dir = join(parent, 'out');
  mkdirSync(dir, { recursive: true });
  return { parent, dir };
}

describe('extracting an image archive', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  test('an honest archive: directories, files (exec bit kept), in-tree links and hard links', async () => {
    const { dir } = freshDir();
    const result = await extractTar(
      archive([
        { name: './', type: 'directory' },
        { name: './m/', type: 'directory' },
        { name: './m/config.pbtxt', body: 'name: "m"\n' },
        { name: './m/1/run.sh', body: '#!/bin/sh\n', mode: 0o4755 },
        { name: './m/same.pbtxt', type: 'link', linkname: './m/config.pbtxt' },
        { name: './m/alias.pbtxt', type: 'symlink', linkname: 'config.pbtxt' },
        { name: './dev/null', type: 'character-device' },
      ]),
      dir,
    );
    assert.deepEqual(result.files, ['m/1/run.sh', 'm/config.pbtxt', 'm/same.pbtxt']);
    assert.deepEqual(result.skipped, ['./dev/null (character-device)']);
    assert.equal(readFileSync(join(dir, 'm', 'same.pbtxt'), 'utf8'), 'name: "m"\n');
    assert.equal(readlinkSync(join(dir, 'm', 'alias.pbtxt')), 'config.pbtxt');
    // Executable, never set-uid.
    assert.equal(lstatSync(join(dir, 'm', '1', 'run.sh')).mode & 0o7777, 0o755);
    assert.equal(existsSync(join(dir, 'dev', 'null')), false);
  });

  for (const [what, entries] of [
    ['a ".." name', [{ name: './../escaped', body: 'x' }]],
    ['an absolute name', [{ name: '/tmp/escaped', body: 'x' }]],
    ['a ".." inside the name', [{ name: './m/../../escaped', body: 'x' }]],
  ] as [string, Entry[]][]) {
    test(`refuses ${what}; nothing lands outside`, async () => {
      const { parent, dir } = freshDir();
      await assert.rejects(extractTar(archive(entries), dir), UnsafeArchive);
      assert.equal(existsSync(join(parent, 'escaped')), false);
    });
  }

  test('a link pointing outside is skipped, and no file is written through it', async () => {
    const { parent, dir } = freshDir();
    mkdirSync(join(parent, 'victim'));
    const result = await extractTar(
      archive([
        { name: './up', type: 'symlink', linkname: '../victim' },
        { name: './abs', type: 'symlink', linkname: join(parent, 'victim') },
        { name: './up/file', body: 'x' },
        { name: './hard', type: 'link', linkname: '../victim/secret' },
      ]),
      dir,
    );
    assert.equal(existsSync(join(parent, 'victim', 'file')), false);
    assert.equal(lstatSync(join(dir, 'up')).isDirectory(), true, 'a real directory, not the link');
    assert.deepEqual(result.files, ['up/file']);
    assert.equal(result.skipped.length, 3, result.skipped.join('\n'));
  });

  test('caps the total size and the number of entries', async () => {
    const big = 'x'.repeat(2048);
    await assert.rejects(
      extractTar(
        archive([
          { name: './a', body: big },
          { name: './b', body: big },
        ]),
        freshDir().dir,
        {
          maxBytes: 3000,
          maxEntries: 100,
        },
      ),
      /more than/,
    );
    await assert.rejects(
      extractTar(
        archive([
          { name: './a/', type: 'directory' },
          { name: './b/', type: 'directory' },
        ]),
        freshDir().dir,
        {
          maxBytes: 3000,
          maxEntries: 1,
        },
      ),
      /more than 1 entries/,
    );
  });

  test('names: the root, clean relative names, and refusals', () => {
    assert.equal(safeName('./'), undefined);
    assert.equal(safeName('./a//b/./c'), 'a/b/c');
    assert.throws(() => safeName('a\\b'), UnsafeArchive);
    assert.throws(() => safeName('C:/x'), UnsafeArchive);
    assert.throws(() => safeName('a\0b'), UnsafeArchive);
  });
});
