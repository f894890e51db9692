// Issue 18, point 5: the README's examples are real. Its first output block is what `triton-repo check
// examples/broken` prints on the broken model kept in this repository; its memlock note quotes Docker's error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../shared';
import { runCli } from './runCli';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

test("the README's check output is what `triton-repo check examples/broken` prints, exit 1", () => {
  const block = /npx triton-repo check examples\/broken`[^\n]*\n[^`]*```\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README shows the output of `npx triton-repo check examples/broken`');
  const r = runCli(REPO_ROOT, ['check', 'examples/broken']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, block[1]);
  assert.equal(r.stderr, '');
});

test('the README says memlock=-1 needs a host that allows it, with the error Docker gives when not', () => {
  assert.match(readme, /`memlock=-1` needs a host that\s+allows it/);
  // The text Docker's engine gives (/work/shared/reference/DOCKER_IN_CI.md; test/deploy provokes it for real).
  assert.match(
    readme,
    /error setting rlimits for ready process: error setting rlimit type 8: operation not permitted/,
  );
});
