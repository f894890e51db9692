// At most 1,000 diagnostics per file (issue 13): garbage cannot flood the Problems view or a CI log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import {
  ConfigDocument,
  MAX_DIAGNOSTICS_PER_FILE,
  checkConfigProblems,
  checkPaths,
} from '../../server/src/core/index';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** 1 MB of bytes from a fixed linear congruential generator, as latin-1 text: hundreds of thousands of problems. */
function garbage(bytes: number): string {
  let x = 12345;
  let s = '';
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x >> 23);
  }
  return s;
}

const text = garbage(1 << 20);
const total = checkConfigProblems(text).problems.length;

test('the garbage really has more problems than the cap (the test would be empty otherwise)', () => {
  assert.ok(total > 10 * MAX_DIAGNOSTICS_PER_FILE, `only ${total} problems`);
});

test('a config of random bytes gets 1,000 diagnostics, the last one counting the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cap-'));
  try {
    const file = join(dir, 'garbage.pbtxt');
    writeFileSync(file, text, 'latin1');
    const report = await checkPaths([file], nodeFileSystem);
    const f = report.files[0]!;
    assert.equal(f.diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
    const last = f.diagnostics.at(-1)!;
    assert.equal(last.code, 'lint/too-many-problems');
    const left = checkConfigProblems(readBack(text)).problems.length - (MAX_DIAGNOSTICS_PER_FILE - 1);
    assert.equal(f.truncated, left);
    assert.match(
      last.message,
      new RegExp(`^${left.toLocaleString('en-US')} more problems in this file are not listed`),
    );
    // Sorted by position: the marker sits after every listed diagnostic.
    const before = f.diagnostics.at(-2)!.range.start;
    assert.ok(
      last.range.start.line > before.line ||
        (last.range.start.line === before.line && last.range.start.character >= before.character),
    );

    // The CLI's JSON says how many were left out; its text summary too.
    const json = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], { encoding: 'utf8' });
    const out = JSON.parse(json.stdout) as { files: { diagnostics: unknown[]; truncated?: number }[] };
    assert.equal(out.files[0]!.diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
    assert.equal(out.files[0]!.truncated, left);
    const plain = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    assert.match(plain.stdout, new RegExp(`\\(${left} more not listed: at most 1000 per file\\)\\n$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the editor gets the same cap, and a clean file no marker', () => {
  const doc = new ConfigDocument(text);
  assert.equal(doc.diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
  assert.equal(doc.diagnostics.at(-1)!.code, 'lint/too-many-problems');
  assert.deepEqual(new ConfigDocument('name: "m"\nmax_batch_size: 4\n').diagnostics, []);
});

/** What the checker reads back from the latin-1 file: Node reads it as UTF-8, replacing invalid bytes. */
function readBack(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}
