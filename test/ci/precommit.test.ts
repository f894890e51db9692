// The pre-commit hook (.pre-commit-hooks.yaml): its entry command run as pre-commit runs it, on the staged
// files its `files` pattern selects, in a git repository with a nested model repository. `triton-repo` on
// PATH is the CLI bundle (dist/cli.js); the installed package is tested in test/package/cli-npm.test.ts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../shared';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
let repo: string;
let bin: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'triton-precommit-'));
  bin = join(repo, '.bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'triton-repo'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'dist', 'cli.js')}" "$@"\n`,
  );
  chmodSync(join(bin, 'triton-repo'), 0o755);
  git('init', '-q');
  write('deploy/models/good/config.pbtxt', 'backend: "python"\nmax_batch_size: 8\n');
  write('deploy/models/good/1/model.py', '');
  write('deploy/models/bad/config.pbtxt', 'backend: "python"\nmax_batch_size: 8\n');
  write('deploy/models/bad/1/model.py', '');
  write('README.md', '# project\n');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'start');
});

after(() => rmSync(repo, { recursive: true, force: true }));

/** What pre-commit does: the staged files matching `files`, appended to `entry`, run from the top. */
function runHook(hook: Hook) {
  const pattern = new RegExp(hook.files);
  const staged = git('diff', '--cached', '--name-only', '--diff-filter=ACMR')
    .split('\n')
    .filter((f) => f !== '' && pattern.test(f));
  const [command, ...args] = hook.entry.split(/\s+/);
  const r = spawnSync(command!, [...args, ...(hook.pass_filenames === false ? [] : staged)], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
  });
  return { staged, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the hook checks the staged model files and fails the commit on an error', () => {
  const hook = hooks.find((h) => h.id === 'triton-repo-check');
  assert.ok(hook, 'no triton-repo-check hook');
  assert.equal(hook.language, 'system');

  write('deploy/models/bad/config.pbtxt', 'backend: "python"\nmax_batch_sise: 8\n');
  write('README.md', '# project, edited\n');
  git('add', '.');
  let r = runHook(hook);
  assert.deepEqual(r.staged, ['deploy/models/bad/config.pbtxt']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^deploy\/models\/bad\/config\.pbtxt:2:1: error schema\/unknown-field: /m);
  assert.match(r.stdout, /^1 file checked: 1 error/m);

  write('deploy/models/bad/config.pbtxt', 'backend: "python"\nmax_batch_size: 16\n');
  write('deploy/models/good/config.pbtxt', 'backend: "python"\nmax_batch_size: 4\n');
  git('add', '.');
  r = runHook(hook);
  assert.deepEqual(r.staged, ['deploy/models/bad/config.pbtxt', 'deploy/models/good/config.pbtxt']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^2 files checked: 0 errors/m);
});
