// `triton-repo new` on the command line: what it accepts, and exit 2 with the problem for what it does not
// (no engine needed: these never reach Docker).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError, parseArgs } from '../../server/src/cli/args';
import { REPO_ROOT } from '../shared';

test('new <dir> --image <image> [--layout ...] [--json]', () => {
  assert.deepEqual(parseArgs(['new', 'repo', '--image', 'img:1']), {
    command: 'new',
    dir: 'repo',
    image: 'img:1',
    format: 'text',
  });
  assert.deepEqual(parseArgs(['new', '--image=img:1', '--layout', 'llmapi', '--json', 'repo']), {
    command: 'new',
    dir: 'repo',
    image: 'img:1',
    layout: 'llmapi',
    format: 'json',
  });
});

test('bad invocations of new: exit 2 with the problem and a pointer to new --help', () => {
  for (const [args, why] of [
    [['new', 'repo'], /required option '--image <image>' not specified/],
    [['new', '--image', 'img'], /missing required argument 'dir'/],
    [['new', 'a', 'b', '--image', 'img'], /too many arguments for 'new'/],
    [['new', 'repo', '--image'], /option '--image <image>' argument missing/],
    [
      ['new', 'repo', '--image', 'img', '--layout', 'gpt'],
      /Allowed choices are inflight_batcher_llm, llmapi/,
    ],
    [['new', 'repo', '--image', 'img', '--force'], /unknown option '--force'/],
  ] as [string[], RegExp][]) {
    assert.throws(
      () => parseArgs(args),
      (e: Error) => e instanceof UsageError && why.test(e.message),
    );
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /\nsee `triton-repo new --help`\n$/);
  }
});
