// What keeps the language server's peak memory down on a big workspace (issue 13; the figures are
// `npm run bench -- --lsp-only`'s): the pieces that can be checked without measuring.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import type { FileReport } from '../../server/src/core/index';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { fullCollection } from '../../server/src/host/nodeHost';
import { WorkspaceRepositories, pathToUri } from '../../server/src/lsp/workspace';
import { startInProcess, testHost } from './inProcess';
import { SERVER } from './lspClient';

const root = mkdtempSync(join(tmpdir(), 'lsp-server-memory-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('dist/server.js and the CLI bundles check runs are ASCII-only, so V8 holds their sources one byte per character', () => {
  for (const file of [SERVER, join(dirname(SERVER), 'cli-main.js'), join(dirname(SERVER), 'cli-fast.js')]) {
    const bundle = readFileSync(file, 'utf8');
    const at = bundle.search(/[\u0080-\uffff]/);
    assert.equal(
      at,
      -1,
      `${file}: non-ASCII at offset ${at}: ${JSON.stringify(bundle.slice(at - 40, at + 10))}`,
    );
  }
});

test('refresh with announce hands over each changed report, as refresh alone returns them', async () => {
  const repo = join(root, 'models');
  for (let i = 0; i < 5; i++) {
    mkdirSync(join(repo, `m${i}`, '1'), { recursive: true });
    // A placeholder in each: judged (adjusted) before it is announced.
    writeFileSync(join(repo, `m${i}`, 'config.pbtxt'), `backend: "python"\nmax_batch_size: \${batch}\n`);
    writeFileSync(join(repo, `m${i}`, '1', 'model.py'), '');
  }
  const options = { autoComplete: true, checkLayout: true };
  const judged = (_: string, reports: FileReport[]) =>
    Promise.resolve(reports.map((r) => ({ ...r, diagnostics: r.diagnostics.map((d) => ({ ...d })) })));
  const gathered = await new WorkspaceRepositories(nodeFileSystem, options, judged).refresh(repo);
  const announced: FileReport[] = [];
  const streamed = await new WorkspaceRepositories(nodeFileSystem, options, judged).refresh(
    repo,
    (r) => void announced.push(r),
  );
  assert.equal(gathered.changed.length, 5);
  assert.ok(gathered.changed.every((r) => r.diagnostics.some((d) => d.code === 'template/unresolved')));
  assert.deepEqual(announced, gathered.changed);
  assert.deepEqual(streamed, { changed: [], removed: [] });
});

test('refresh waits for what announce returns before it announces the next report', async () => {
  const repo = join(root, 'waits');
  for (let i = 0; i < 3; i++) {
    mkdirSync(join(repo, `m${i}`, '1'), { recursive: true });
    writeFileSync(join(repo, `m${i}`, 'config.pbtxt'), 'backend: "python"\n');
    writeFileSync(join(repo, `m${i}`, '1', 'model.py'), '');
  }
  const repositories = new WorkspaceRepositories(nodeFileSystem, { autoComplete: true, checkLayout: true });
  const releases: (() => void)[] = [];
  const refreshed = repositories.refresh(repo, () => new Promise<void>((resolve) => releases.push(resolve)));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  await settle();
  assert.equal(releases.length, 1, 'the second report waits for the first');
  releases[0]!();
  await settle();
  assert.equal(releases.length, 2);
  releases[1]!();
  await settle();
  releases[2]!();
  await refreshed;
  assert.equal(releases.length, 3);
});

test('the host collects the garbage once, when the workspace scan has read every model', async () => {
  const configs = ['/mem/ws/models/a/config.pbtxt', '/mem/ws/models/b/config.pbtxt'];
  const { host, fs } = testHost({
    [configs[0]!]: 'backend: "python"\nmax_batch_size: 8\n',
    '/mem/ws/models/a/1/model.py': '',
    [configs[1]!]: 'backend: "python"\nmax_batch_size: -2\n',
    '/mem/ws/models/b/1/model.py': '',
  });
  const read = new Set<string>();
  const readFile = fs.readFile.bind(fs);
  fs.readFile = (path: string) => (read.add(path), readFile(path));
  const collections: string[][] = [];
  const client = await startInProcess(
    { ...host, collectGarbage: () => collections.push([...read]) },
    'file:///mem/ws',
  );
  for (let i = 0; i < 400 && collections.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  await client.next(pathToUri(configs[1]!), (p) => p.diagnostics.length > 0, 0);
  await client.dispose();
  assert.equal(collections.length, 1);
  for (const path of configs) assert.ok(collections[0]!.includes(path), `${path} read before the collection`);
});

test("the Node host's collection is V8's full one: an unreachable object is gone after it", async () => {
  const collect = fullCollection();
  assert.ok(collect, 'V8 gave its gc function');
  // Made in a function that returns only the WeakRef: nothing else ever holds the object.
  const ref = ((): WeakRef<object> => new WeakRef({ big: new Array(1000).fill(1) }))();
  // A WeakRef keeps its target until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  assert.equal(ref.deref(), undefined);
});
