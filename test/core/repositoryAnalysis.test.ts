// The incremental analysis (core/check/repositoryAnalysis.ts) against a check from scratch: after any
// sequence of edits, additions and deletions, invalidated as the language server invalidates them, its
// reports equal reportRepository(loadRepository(...)), and `changed`/`removed` name exactly the files
// whose diagnostics differ from the previous update.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RepositoryAnalysis, loadRepository, reportRepository } from '../../server/src/core/index';
import type { FileReport, FileSystem, RuleOptions } from '../../server/src/core/index';
import { TrackedModels } from '../../server/src/core/check/trackedModels';
import type { ModelUnderCheck } from '../../server/src/core/rules/types';

const REPO = '/ws/models';
const OPTIONS: RuleOptions = { autoComplete: false, checkLayout: true };

/** A file system in memory: directories are implied by the paths of the files (and kept when emptied). */
class MemoryFs implements FileSystem {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/', '/ws', REPO]);

  write(path: string, text: string): void {
    this.files.set(path, text);
    for (let p = path.slice(0, path.lastIndexOf('/')); p.length > 0; p = p.slice(0, p.lastIndexOf('/')))
      this.dirs.add(p);
  }

  removeTree(path: string): void {
    for (const f of [...this.files.keys()]) if (f === path || f.startsWith(path + '/')) this.files.delete(f);
    for (const d of [...this.dirs]) if (d === path || d.startsWith(path + '/')) this.dirs.delete(d);
  }

  stat(path: string): Promise<'file' | 'directory' | 'missing'> {
    return Promise.resolve(this.files.has(path) ? 'file' : this.dirs.has(path) ? 'directory' : 'missing');
  }

  readDirectory(path: string): Promise<{ name: string; kind: 'file' | 'directory' | 'other' }[]> {
    if (!this.dirs.has(path)) return Promise.reject(new Error(`ENOENT: ${path}`));
    const out = new Map<string, 'file' | 'directory'>();
    const prefix = path + '/';
    for (const d of this.dirs)
      if (d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
        out.set(d.slice(prefix.length), 'directory');
    for (const f of this.files.keys())
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/'))
        out.set(f.slice(prefix.length), 'file');
    return Promise.resolve([...out].map(([name, kind]) => ({ name, kind })));
  }

  readFile(path: string): Promise<string> {
    const text = this.files.get(path);
    return text === undefined ? Promise.reject(new Error(`ENOENT: ${path}`)) : Promise.resolve(text);
  }

  async readBytes(
    path: string,
    position: number,
    length: number,
  ): Promise<{ bytes: Uint8Array; size: number }> {
    const all = new TextEncoder().encode(await this.readFile(path));
    return { bytes: all.subarray(position, position + length), size: all.length };
  }
}

const NAMES = ['a', 'b', 'c', 'ens', 'ens2'];

/** Configs a model can have: clean, broken in each stage, and ensembles naming the others. */
function variants(name: string): string[] {
  const plain = (out: string, dims = '[ 4 ]') =>
    `name: "${name}"\nbackend: "python"\nmax_batch_size: 8\ninput [ { name: "IN" data_type: TYPE_FP32 dims: ${dims} } ]\noutput [ { name: "${out}" data_type: TYPE_FP32 dims: ${dims} } ]\n`;
  const ensemble = (steps: string[], out = 'OUT') =>
    `name: "${name}"\nplatform: "ensemble"\nmax_batch_size: 8\ninput [ { name: "IN" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "${out}" data_type: TYPE_FP32 dims: [ 4 ] } ]\nensemble_scheduling { step [\n${steps
      .map(
        (s, i) =>
          `  { model_name: "${s}" model_version: -1 input_map { key: "IN" value: "${i === 0 ? 'IN' : `t${i}`}" } output_map { key: "OUT" value: "${i === steps.length - 1 ? out : `t${i + 1}`}" } }`,
      )
      .join(',\n')}\n] }\n`;
  return [
    plain('OUT'),
    plain('OTHER'),
    plain('OUT', '[ -2 ]'),
    plain('OUT').replace('max_batch_size', 'max_batch_sise'),
    plain('OUT').replace(`name: "${name}"`, 'name: "wrong"'),
    `name: "${name}"\nbackend: "\${triton_backend}"\nmax_batch_size: \${triton_max_batch_size}\n`,
    ensemble(['a', 'b']),
    ensemble(['c']),
    ensemble(['ens']),
    ensemble(['missing_model']),
    ensemble(['a', 'ens2']),
    '{{{ not a config',
  ];
}

type Op =
  | { kind: 'write'; model: number; variant: number }
  | { kind: 'delete'; model: number }
  | { kind: 'version'; model: number; present: boolean }
  | { kind: 'stray'; present: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      model: fc.nat(NAMES.length - 1),
      variant: fc.nat(11),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), model: fc.nat(NAMES.length - 1) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('version' as const),
      model: fc.nat(NAMES.length - 1),
      present: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stray' as const), present: fc.boolean() }) },
);

/** Applies an operation and returns the paths a file watcher would report. */
function apply(fs: MemoryFs, o: Op): string[] {
  switch (o.kind) {
    case 'write': {
      const name = NAMES[o.model]!;
      const path = `${REPO}/${name}/config.pbtxt`;
      const existed = fs.dirs.has(`${REPO}/${name}`);
      fs.write(path, variants(name)[o.variant]!);
      return existed ? [path] : [`${REPO}/${name}`, path];
    }
    case 'delete': {
      const dir = `${REPO}/${NAMES[o.model]!}`;
      fs.removeTree(dir);
      return [dir];
    }
    case 'version': {
      const dir = `${REPO}/${NAMES[o.model]!}`;
      const file = `${dir}/1/model.py`;
      if (o.present) fs.write(file, '');
      else fs.removeTree(`${dir}/1`);
      return [file];
    }
    case 'stray': {
      const path = `${REPO}/README.md`;
      if (o.present) fs.write(path, 'notes');
      else fs.files.delete(path);
      return [path];
    }
  }
}

async function fromScratch(fs: FileSystem): Promise<FileReport[]> {
  return reportRepository(await loadRepository(REPO, fs, OPTIONS));
}

const byPath = (reports: readonly FileReport[]) => new Map(reports.map((r) => [r.path, r]));

test('after any sequence of changes, the incremental reports equal a check from scratch', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
      // Models open in the editor are kept in full; the others are summaries, read again when needed.
      fc.subarray(NAMES),
      async (batches, open) => {
        const fs = new MemoryFs();
        for (const [i, name] of NAMES.entries())
          fs.write(`${REPO}/${name}/config.pbtxt`, variants(name)[i % 3]!);
        const analysis = new RepositoryAnalysis(REPO, fs, OPTIONS, undefined, (m) => open.includes(m.dir));
        await analysis.update();
        assert.deepEqual(analysis.reports(), await fromScratch(fs));
        for (const batch of batches) {
          const before = byPath(analysis.reports());
          for (const o of batch) for (const p of apply(fs, o)) analysis.invalidatePath(p);
          const { changed, removed } = await analysis.update();
          const after = await fromScratch(fs);
          assert.deepEqual(analysis.reports(), after);
          // Exactly the files whose diagnostics differ are announced.
          const now = byPath(after);
          const differs = [...now.keys()].filter(
            (p) => !before.has(p) || JSON.stringify(before.get(p)) !== JSON.stringify(now.get(p)),
          );
          for (const p of differs)
            assert.ok(
              changed.some((r) => r.path === p),
              `${p} changed but was not announced`,
            );
          assert.deepEqual(removed.sort(), [...before.keys()].filter((p) => !now.has(p)).sort());
        }
      },
    ),
    { numRuns: 150, seed: 1313 },
  );
});

test('an edit re-checks the edited model and the ensembles that name it, and announces only what changed', async () => {
  const fs = new MemoryFs();
  fs.write(`${REPO}/a/config.pbtxt`, variants('a')[0]!);
  fs.write(`${REPO}/b/config.pbtxt`, variants('b')[0]!);
  fs.write(`${REPO}/c/config.pbtxt`, variants('c')[0]!);
  fs.write(`${REPO}/ens/config.pbtxt`, variants('ens')[6]!); // steps a -> b
  for (const m of ['a', 'b', 'c']) fs.write(`${REPO}/${m}/1/model.py`, '');
  fs.dirs.add(`${REPO}/ens/1`);
  const analysis = new RepositoryAnalysis(REPO, fs, OPTIONS);
  await analysis.update();
  assert.deepEqual(
    analysis.report(`${REPO}/ens/config.pbtxt`)!.diagnostics.map((d) => d.code),
    [],
  );

  // a's output is renamed: the ensemble's output_map now names a tensor a does not have.
  fs.write(`${REPO}/a/config.pbtxt`, variants('a')[1]!);
  analysis.invalidateModel('a');
  const { changed, removed } = await analysis.update();
  assert.deepEqual(changed.map((r) => r.path).sort(), [`${REPO}/a/config.pbtxt`, `${REPO}/ens/config.pbtxt`]);
  assert.deepEqual(removed, []);
  assert.deepEqual(changed[0]!.diagnostics, []);
  assert.ok(changed[1]!.diagnostics.length > 0);

  // c is named by nobody: editing it announces c alone.
  fs.write(`${REPO}/c/config.pbtxt`, variants('c')[0]! + '# a comment\n');
  analysis.invalidateModel('c');
  assert.deepEqual(
    (await analysis.update()).changed.map((r) => r.path),
    [`${REPO}/c/config.pbtxt`],
  );
  // Nothing invalidated: nothing to announce.
  assert.equal(analysis.dirty, false);
  assert.deepEqual(await analysis.update(), { changed: [], removed: [] });

  // A deleted model: its file disappears from the reports and the ensemble naming it is told.
  fs.removeTree(`${REPO}/b`);
  analysis.invalidatePath(`${REPO}/b`);
  const gone = await analysis.update();
  assert.deepEqual(gone.removed, [`${REPO}/b/config.pbtxt`]);
  assert.ok(
    analysis
      .report(`${REPO}/ens/config.pbtxt`)!
      .diagnostics.some((d) => d.code === 'triton/ensemble-missing-model'),
  );
  assert.deepEqual(analysis.reports(), await fromScratch(fs));
});

test('changed options re-run the rules: auto-complete off makes missing dims an error', async () => {
  const fs = new MemoryFs();
  fs.write(
    `${REPO}/a/config.pbtxt`,
    'name: "a"\nbackend: "python"\ninput [ { name: "IN" data_type: TYPE_FP32 } ]\n',
  );
  fs.write(`${REPO}/a/1/model.py`, '');
  const analysis = new RepositoryAnalysis(REPO, fs, { autoComplete: true, checkLayout: true });
  await analysis.update();
  assert.deepEqual(analysis.report(`${REPO}/a/config.pbtxt`)!.diagnostics, []);
  analysis.setOptions(OPTIONS);
  assert.equal(analysis.dirty, true);
  const { changed } = await analysis.update();
  assert.deepEqual(
    changed.map((r) => r.path),
    [`${REPO}/a/config.pbtxt`],
  );
  assert.ok(changed[0]!.diagnostics.length > 0);
  assert.deepEqual(analysis.reports(), await fromScratch(fs));
});

test('the models a rule reads are recorded: by name, present or not, or all of them when it walks the map', () => {
  const models = new TrackedModels([
    ['a', {} as ModelUnderCheck],
    ['b', {} as ModelUnderCheck],
  ]);
  const byName = models.startReading();
  models.get('a');
  models.has('not_yet');
  models.stopReading();
  models.get('b'); // not reading: not recorded
  assert.deepEqual([...byName.names].sort(), ['a', 'not_yet']);
  assert.equal(byName.all, false);
  assert.equal(byName.touches(new Set(['b'])), false);
  assert.equal(
    byName.touches(new Set(['not_yet'])),
    true,
    'a model that appears is a change to who looked it up',
  );
  for (const walk of [
    () => [...models.values()],
    () => [...models.keys()],
    () => [...models.entries()],
    () => [...models],
    () => models.forEach(() => undefined),
    () => models.size,
  ]) {
    const all = models.startReading();
    walk();
    models.stopReading();
    assert.equal(all.all, true);
    assert.equal(all.touches(new Set(['z'])), true);
    assert.equal(all.touches(new Set()), false);
  }
});

test('closed models are kept as summaries; a model a step names is read in full, and let go when no step does', async () => {
  const fs = new MemoryFs();
  for (const m of ['a', 'b', 'c']) {
    fs.write(`${REPO}/${m}/config.pbtxt`, variants(m)[0]!);
    fs.write(`${REPO}/${m}/1/model.py`, '');
  }
  fs.write(`${REPO}/ens/config.pbtxt`, variants('ens')[6]!); // steps a -> b
  fs.dirs.add(`${REPO}/ens/1`);
  const open = new Set([`${REPO}/c/config.pbtxt`]);
  const analysis = new RepositoryAnalysis(REPO, fs, OPTIONS, undefined, (m) => open.has(m.configPath));
  await analysis.update();
  const models = () => analysis.repository().models as TrackedModels;
  const fields = (name: string) => (models().get(name)?.config?.fields ?? []).map((f) => f.field.name).sort();
  // Named by the ensemble's steps (a, b), an ensemble (ens), open (c): in full.
  assert.deepEqual([...models().summaries].sort(), []);
  assert.ok(fields('a').includes('input'));
  assert.ok(fields('c').includes('input'));

  // The ensemble now names c only: a and b are summaries (name, backend; no tree, no problems).
  fs.write(`${REPO}/ens/config.pbtxt`, variants('ens')[7]!);
  analysis.invalidateModel('ens');
  await analysis.update();
  assert.deepEqual([...models().summaries].sort(), ['a', 'b']);
  assert.deepEqual(fields('a'), ['backend', 'name']);
  assert.deepEqual(models().get('a')!.fileProblems, []);
  assert.deepEqual(analysis.reports(), await fromScratch(fs));
  // Fetched in full on demand (navigation does), without changing what the analysis holds.
  const full = await analysis.model('a');
  assert.ok(full?.config?.fields.some((f) => f.field.name === 'input'));

  // Named again (with its output renamed meanwhile on disk): read in full, the ensemble checked
  // against the model as it is now, every report as from scratch.
  fs.write(`${REPO}/a/config.pbtxt`, variants('a')[1]!);
  analysis.invalidateModel('a');
  fs.write(`${REPO}/ens/config.pbtxt`, variants('ens')[6]!);
  analysis.invalidateModel('ens');
  const { changed } = await analysis.update();
  assert.ok(changed.some((r) => r.path === `${REPO}/ens/config.pbtxt` && r.diagnostics.length > 0));
  assert.deepEqual([...models().summaries].sort(), []);
  assert.deepEqual(analysis.reports(), await fromScratch(fs));

  // Closing c lets it go.
  open.clear();
  analysis.invalidateModel('c');
  await analysis.update();
  assert.deepEqual([...models().summaries].sort(), ['c']);
  assert.deepEqual(analysis.reports(), await fromScratch(fs));
});
