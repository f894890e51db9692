// `check <model>` loads the model and the models its ensemble steps name, not the whole repository
// (loadModelAndSteps): its report must be the one a check of the whole repository gives for that
// model's files, for every model of every repository we have (examples, fixtures, NVIDIA's corpus),
// and the other directories must not be read at all.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { checkPaths } from '../../server/src/core/check/checkPaths';
import type { FileReport } from '../../server/src/core/check/checkPaths';
import { discoverRepositories } from '../../server/src/core/check/discoverRepositories';
import type { FileSystem } from '../../server/src/core/check/fileSystem';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { REPO_ROOT } from '../shared';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');
const options = { gpuCount: 2 };

async function repositories(): Promise<string[]> {
  const roots = [join(REPO_ROOT, 'examples'), join(REPO_ROOT, 'test', 'fixtures')];
  if (existsSync(CORPUS)) roots.push(CORPUS);
  else if (process.env.CI === 'true') throw new Error(`CI=true but the corpus ${CORPUS} is missing`);
  const found: string[] = [];
  for (const root of roots) found.push(...(await discoverRepositories(root, nodeFileSystem)).repositories);
  return found;
}

test('a model checked alone gets the report a check of its whole repository gives it', async () => {
  const repos = await repositories();
  assert.ok(repos.length >= 10, `only ${repos.length} repositories found`);
  let models = 0;
  for (const repo of repos) {
    const whole = await checkPaths([repo], nodeFileSystem, options);
    for (const entry of await nodeFileSystem.readDirectory(repo)) {
      const dir = join(repo, entry.name);
      if (entry.kind !== 'directory' || entry.name.startsWith('.')) continue;
      if ((await nodeFileSystem.stat(join(dir, 'config.pbtxt'))) !== 'file') continue;
      models++;
      const alone = await checkPaths([dir], nodeFileSystem, options);
      const inside = (f: FileReport) => f.path === dir || f.path.startsWith(dir + '/');
      const where = `${relative(REPO_ROOT, dir)}: checked alone differs from its repository's check`;
      assert.deepEqual(alone.files.filter(inside), whole.files.filter(inside), where);
      // Its engine's config.json, which may sit elsewhere and serve other models too: what this model's
      // rules say about it, all of which the whole check says as well.
      for (const f of alone.files.filter((f) => !inside(f))) {
        const all = whole.files.find((w) => w.path === f.path);
        assert.ok(all, `${where}: ${f.path} not in the whole check`);
        for (const d of f.diagnostics)
          assert.ok(
            all.diagnostics.some((w) => isDeepStrictEqual(w, d)),
            `${where}: ${d.code}`,
          );
      }
    }
  }
  assert.ok(models >= 40, `only ${models} models compared`);
});

const work = mkdtempSync(join(tmpdir(), 'triton-model-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('checking one model reads it and its ensemble steps, never the other directories', async () => {
  const repo = join(work, 'repo');
  const model = (name: string, config: string) => {
    mkdirSync(join(repo, name, '1'), { recursive: true });
    writeFileSync(join(repo, name, 'config.pbtxt'), config);
  };
  model(
    'ens',
    'name: "ens"\nplatform: "ensemble"\nensemble_scheduling { step [ { model_name: "a" model_version: -1 } ] }\n',
  );
  model('a', 'name: "a"\nbackend: "python"\n');
  for (let i = 0; i < 50; i++) model(`other${i}`, `name: "other${i}"\nbackend: "python"\n`);
  const read: string[] = [];
  const counting: FileSystem = {
    ...nodeFileSystem,
    readFile: (path) => (read.push(relative(repo, path)), nodeFileSystem.readFile(path)),
    readDirectory: (path) => (read.push(`${relative(repo, path)}/`), nodeFileSystem.readDirectory(path)),
  };
  const report = await checkPaths([join(repo, 'ens', 'config.pbtxt')], counting, options);
  assert.deepEqual(
    report.files.map((f) => relative(repo, f.path)),
    ['ens/config.pbtxt'],
  );
  assert.deepEqual(
    read.filter((p) => p.startsWith('other')),
    [],
    'a directory the model does not name was read',
  );
  assert.ok(read.includes('a/config.pbtxt'), `the step model was not read: ${read.join(', ')}`);
});
