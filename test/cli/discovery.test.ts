// `check <dir>` finds every model repository below <dir>, as the language server's workspace scan does
// (one implementation: server/src/core/check/discoverRepositories.ts), skipping .git, node_modules, hidden
// directories, --exclude globs and .tritonignore lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discoverRepositories } from '../../server/src/core/check/discoverRepositories';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { findRepositories } from '../../server/src/lsp/workspace';
import { walkingFileSystem } from '../../server/src/host/nodeHost';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const GOOD = 'backend: "python"\nmax_batch_size: 8\n';
const BROKEN = 'backend: "python"\nmax_batch_sise: 8\n';
let project: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  project = mkdtempSync(join(tmpdir(), 'triton-discovery-'));
  // The layout of the issue: the repository one level down, plus a second one deeper.
  write('deploy/models/llm/config.pbtxt', GOOD);
  write('deploy/models/llm/1/model.py', '');
  write('deploy/models/tokenizer/1/model.py', '');
  write('services/edge/triton/detector/1/model.py', '');
  write('deploy/models/tokenizer/config.pbtxt', BROKEN);
  write('services/edge/triton/detector/config.pbtxt', GOOD);
  // Decoys: a package's, git's, a hidden directory's, and two the project excludes.
  write('node_modules/some-package/models/decoy/config.pbtxt', BROKEN);
  write('.git/models/decoy/config.pbtxt', BROKEN);
  write('.cache/models/decoy/config.pbtxt', BROKEN);
  write('test/fixtures/models/decoy/config.pbtxt', BROKEN);
  write('old/models/decoy/config.pbtxt', BROKEN);
  write('README.md', '# a project\n');
});

after(() => rmSync(project, { recursive: true, force: true }));

describe('discoverRepositories', () => {
  test('finds nested repositories and skips node_modules, .git and hidden directories', async () => {
    const found = await discoverRepositories(project, nodeFileSystem);
    assert.deepEqual(found.repositories, [
      join(project, 'deploy/models'),
      join(project, 'old/models'),
      join(project, 'services/edge/triton'),
      join(project, 'test/fixtures/models'),
    ]);
  });

  test('--exclude globs: a bare name at any depth, a path from the root', async () => {
    const found = await discoverRepositories(project, nodeFileSystem, { exclude: ['fixtures', 'old/'] });
    assert.deepEqual(found.repositories, [
      join(project, 'deploy/models'),
      join(project, 'services/edge/triton'),
    ]);
    assert.equal(found.isExcluded(join(project, 'test/fixtures/models/decoy/config.pbtxt')), true);
    assert.equal(found.isExcluded(join(project, 'deploy/models/llm/config.pbtxt')), false);
    const deep = await discoverRepositories(project, nodeFileSystem, { exclude: ['services/**/triton'] });
    assert.ok(!deep.repositories.includes(join(project, 'services/edge/triton')));
  });

  test('the directory searched can itself be the repository', async () => {
    const found = await discoverRepositories(join(project, 'deploy', 'models'), nodeFileSystem);
    assert.deepEqual(found.repositories, [join(project, 'deploy/models')]);
  });
});

describe('triton-repo check <dir>', () => {
  test('check . finds the nested repositories, says which, and reports their problems only', () => {
    const r = check(project, '.', '--exclude', 'fixtures', '--exclude', 'old');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'deploy/models/tokenizer/config.pbtxt:2:1: error schema/unknown-field: Unknown field "max_batch_sise" (did you mean "max_batch_size"?). Triton: Message type "inference.ModelConfig" has no field named "max_batch_sise".',
      '2 model repositories checked: deploy/models, services/edge/triton',
      '3 files checked: 1 error, 0 warnings, 0 information',
    ]);
  });

  test('.tritonignore at the top of the search excludes as --exclude does', async () => {
    write('.tritonignore', '# generated test data\n**/fixtures\n\nold\n');
    try {
      const r = check(project, '.');
      assert.match(r.stdout, /^2 model repositories checked: deploy\/models, services\/edge\/triton$/m);
      assert.doesNotMatch(r.stdout, /decoy/);
      // The language server's workspace scan is the same search.
      assert.deepEqual(await findRepositories(project, walkingFileSystem), [
        join(project, 'deploy/models'),
        join(project, 'services/edge/triton'),
      ]);
    } finally {
      rmSync(join(project, '.tritonignore'));
    }
  });

  test('a model excluded inside a checked repository is loaded (ensembles need it) but not reported', () => {
    // A glob with a slash is a path from the directory searched.
    const r = check(project, 'deploy', '--exclude', 'models/tokenizer');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^1 model repository checked: deploy\/models\n1 file checked: 0 errors/m);
  });

  test('exit 2 only when there is really nothing to check (decoys do not count)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'triton-discovery-empty-'));
    try {
      mkdirSync(join(empty, 'node_modules', 'p', 'models', 'm'), { recursive: true });
      writeFileSync(join(empty, 'node_modules', 'p', 'models', 'm', 'config.pbtxt'), GOOD);
      const r = check(empty, '.');
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '0 files checked: 0 errors, 0 warnings, 0 information\n');
      assert.match(r.stderr, /^triton-repo: \.: no model repository here or below/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
