// The language server guesses repositories (any directory holding model directories). A sub-directory
// without config.pbtxt is a model to Triton and reported, unless it is itself such a repository.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkspaceRepositories } from '../../server/src/lsp/workspace';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';

const root = mkdtempSync(join(tmpdir(), 'lsp-repository-guess-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a config-less directory is reported on the directory; a nested repository is not', async () => {
  mkdirSync(join(root, 'good', '1'), { recursive: true });
  writeFileSync(join(root, 'good', 'config.pbtxt'), 'name: "good"\nbackend: "python"\n');
  writeFileSync(join(root, 'good', '1', 'model.py'), '# a model\n');
  mkdirSync(join(root, 'notes'));
  mkdirSync(join(root, 'model_repository', 'm'), { recursive: true });
  writeFileSync(join(root, 'model_repository', 'm', 'config.pbtxt'), 'name: "m"\nbackend: "python"\n');
  const repositories = new WorkspaceRepositories(nodeFileSystem, { autoComplete: true, checkLayout: true });
  // The first update announces every report (less the nested repository's guess).
  const { changed } = await repositories.refresh(root);
  const withProblems = changed.filter((r) => r.diagnostics.length > 0);
  assert.deepEqual(
    withProblems.map((r) => [r.path, r.diagnostics.map((d) => d.code)]),
    [[join(root, 'notes'), ['triton/config-missing']]],
  );
});
