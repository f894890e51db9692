// The language server's per-repository caches on the keystroke path: a keystroke re-reads its own model
// only, not the values file nor the repository's listing; a watcher event for the values file, a change
// of the model list or of the settings makes the values be read again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkspaceRepositories } from '../../server/src/lsp/workspace';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { judgeReports, repositoryValues } from '../../server/src/core/index';
import type { FileSystem } from '../../server/src/core/index';

const root = mkdtempSync(join(tmpdir(), 'lsp-workspace-values-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a keystroke reads neither the values file nor the repository listing; watcher and settings events do', async () => {
  const repo = join(root, 'models');
  const values = join(root, 'triton-values.json');
  for (const m of ['a', 'b', 'c']) {
    mkdirSync(join(repo, m, '1'), { recursive: true });
    writeFileSync(join(repo, m, '1', 'model.py'), '');
    writeFileSync(
      join(repo, m, 'config.pbtxt'),
      `name: "${m}"\nbackend: "python"\nmax_batch_size: \${mbs}\n`,
    );
  }
  writeFileSync(values, JSON.stringify({ values: { mbs: 8 } }));
  const reads: string[] = [];
  const fs: FileSystem = {
    ...nodeFileSystem,
    readDirectory: (p) => (reads.push(`list ${p}`), nodeFileSystem.readDirectory(p)),
    readFile: (p) => (reads.push(`read ${p}`), nodeFileSystem.readFile(p)),
  };
  const repositories: WorkspaceRepositories = new WorkspaceRepositories(
    fs,
    { autoComplete: true, checkLayout: true },
    async (_, reports, text) =>
      (await judgeReports(reports, fs, { values: (r) => repositories.valuesOf(r), text })).files,
    (r) => repositoryValues(r, fs, { stopAt: root }),
  );
  const codes = (m: string) =>
    repositories.report(repo, join(repo, m, 'config.pbtxt'))!.diagnostics.map((d) => d.code);
  await repositories.refresh(repo);
  assert.deepEqual(codes('a'), [], 'mbs has a value');

  // A keystroke in a: its directory and config, nothing else.
  reads.length = 0;
  writeFileSync(join(repo, 'a', 'config.pbtxt'), 'name: "a"\nbackend: "python"\nmax_batch_size: ${mbs}\n#\n');
  repositories.invalidateModel(repo, 'a');
  await repositories.refresh(repo);
  assert.deepEqual(
    reads.filter((r) => !r.startsWith(`list ${join(repo, 'a')}`)),
    [`read ${join(repo, 'a', 'config.pbtxt')}`],
  );

  // The values file changes: without its watcher event the cached values stand, with it they are read.
  writeFileSync(values, JSON.stringify({ values: {} }));
  repositories.invalidateModel(repo, 'a');
  await repositories.refresh(repo);
  assert.deepEqual(codes('a'), []);
  reads.length = 0;
  repositories.invalidateJudgement(repo);
  await repositories.refresh(repo);
  assert.ok(reads.includes(`read ${values}`), reads.join('\n'));
  assert.deepEqual(codes('a'), ['template/unresolved']);
  assert.deepEqual(codes('b'), ['template/unresolved'], 'every report judged again');

  // A new model (the listing changes): read again; settings changed: read again.
  writeFileSync(values, JSON.stringify({ values: { mbs: 4 } }));
  mkdirSync(join(repo, 'd', '1'), { recursive: true });
  writeFileSync(join(repo, 'd', '1', 'model.py'), '');
  writeFileSync(join(repo, 'd', 'config.pbtxt'), 'name: "d"\nbackend: "python"\nmax_batch_size: ${mbs}\n');
  repositories.invalidatePath(join(repo, 'd'));
  reads.length = 0;
  await repositories.refresh(repo);
  assert.ok(reads.includes(`read ${values}`), reads.join('\n'));
  assert.deepEqual(codes('d'), []);
  reads.length = 0;
  await repositories.valuesOf(repo);
  assert.equal(reads.length, 0, 'cached');
  repositories.setOptions({ autoComplete: false, checkLayout: true });
  await repositories.valuesOf(repo);
  assert.ok(reads.includes(`read ${values}`), reads.join('\n'));
});
