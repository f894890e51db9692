// End-to-end tests of `triton-repo render` (the bundled CLI), and of its writer's guarantees:
// confirmation before overwriting edited files, staged (atomic) writes, no path outside --out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  MANIFEST,
  WriteRefused,
  applyPlan,
  nodeWriteOps,
  planWrite,
} from '../../server/src/host/writeRender';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let work: string;

function run(...args: string[]) {
  // No TRTLLM__ variables from the caller's environment: they are a value source.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TRTLLM__')));
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', env, stdio: 'pipe' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TEMPLATE = `name: "llm"
backend: "python"
max_batch_size: \${triton_max_batch_size}
parameters { key: "tokenizer_dir" value: { string_value: "\${tokenizer_dir}" } }
`;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-repo-render-'));
  mkdirSync(join(work, 'tpl', 'llm', '1'), { recursive: true });
  writeFileSync(join(work, 'tpl', 'llm', 'config.pbtxt'), TEMPLATE);
  writeFileSync(join(work, 'tpl', 'llm', '1', 'model.py'), Buffer.from([0x23, 0x20, 0xff, 0x00, 0x0a]));
  writeFileSync(join(work, 'values.json'), JSON.stringify({ values: { triton_max_batch_size: 8 } }));
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('triton-repo render', () => {
  test('renders, copies the other files byte for byte, and writes a manifest', () => {
    const r = run('render', 'tpl', '--values', 'values.json', '--set', 'tokenizer_dir=/tok', '--out', 'out');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^new {7}llm\/config\.pbtxt$/m);
    assert.match(r.stdout, /^2 new, 0 changed, 0 unchanged$/m);
    const config = readFileSync(join(work, 'out', 'llm', 'config.pbtxt'), 'utf8');
    assert.equal(
      config,
      TEMPLATE.replace('${triton_max_batch_size}', '8').replace('${tokenizer_dir}', '/tok'),
    );
    assert.deepEqual(
      readFileSync(join(work, 'out', 'llm', '1', 'model.py')),
      readFileSync(join(work, 'tpl', 'llm', '1', 'model.py')),
    );
    assert.ok(existsSync(join(work, 'out', MANIFEST)));
    const again = run(
      'render',
      'tpl',
      '--values',
      'values.json',
      '--set',
      'tokenizer_dir=/tok',
      '--out',
      'out',
    );
    assert.match(again.stdout, /^0 new, 0 changed, 2 unchanged$/m);
    assert.equal(run('check', 'out').code, 0);
  });

  test('a missing structural value: refused with the variable and its line, nothing written', () => {
    const r = run('render', 'tpl', '--out', 'out-missing');
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^tpl\/llm\/config\.pbtxt:3:17: error template\/missing-value: Template variable "triton_max_batch_size"/m,
    );
    assert.match(r.stderr, /not writing out-missing: the rendered repository would not load/);
    assert.equal(existsSync(join(work, 'out-missing')), false);
  });

  test('--force writes a repository that would not load', () => {
    const r = run('render', 'tpl', '--set', 'triton_max_batch_size:-1', '--out', 'out-forced', '--force');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /template\/value-type-mismatch/);
    assert.match(readFileSync(join(work, 'out-forced', 'llm', 'config.pbtxt'), 'utf8'), /max_batch_size: -1/);
  });

  test('an edited file is not overwritten without --yes (no terminal: refusal)', () => {
    assert.equal(run('render', 'tpl', '--values', 'values.json', '--out', 'out-edit').code, 0);
    const target = join(work, 'out-edit', 'llm', 'config.pbtxt');
    writeFileSync(target, readFileSync(target, 'utf8') + '# my note\n');
    const edited = readFileSync(target, 'utf8');
    const refused = run(
      'render',
      'tpl',
      '--values',
      'values.json',
      '--set',
      'triton_max_batch_size=16',
      '--out',
      'out-edit',
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^changed {3}llm\/config\.pbtxt {2}\(edited since the last render\)$/m);
    assert.match(
      refused.stderr,
      /1 file was edited since the last render \(llm\/config\.pbtxt\); pass --yes/,
    );
    assert.equal(readFileSync(target, 'utf8'), edited);
    const yes = run(
      'render',
      'tpl',
      '--values',
      'values.json',
      '--set',
      'triton_max_batch_size=16',
      '--out',
      'out-edit',
      '--yes',
    );
    assert.equal(yes.code, 0, yes.stderr);
    assert.match(readFileSync(target, 'utf8'), /max_batch_size: 16/);
    // A file the last render wrote and nobody touched changes without a question.
    const plain = run('render', 'tpl', '--values', 'values.json', '--out', 'out-edit');
    assert.equal(plain.code, 0, plain.stderr);
  });
});

describe('render writer', () => {
  test('refuses paths that escape the output directory', async () => {
    const out = join(work, 'out-escape');
    for (const path of ['../evil', 'a/../../evil', '/etc/evil', '.', MANIFEST]) {
      await assert.rejects(planWrite(out, [{ path, content: Buffer.from('x') }]), WriteRefused, path);
    }
    assert.equal(existsSync(join(work, 'evil')), false);
  });

  test('an interrupted write leaves the old files intact and no temporary files', async () => {
    const out = join(work, 'out-atomic');
    const files = (v: string) =>
      ['a/config.pbtxt', 'b/config.pbtxt', 'c/config.pbtxt'].map((path) => ({
        path,
        content: Buffer.from(`${path} ${v}\n`),
      }));
    await applyPlan(await planWrite(out, files('old')));
    for (const failAt of [1, 2, 3]) {
      let writes = 0;
      const failing = {
        ...nodeWriteOps,
        writeFile: async (p: string, c: Buffer) => {
          if (++writes === failAt) throw new Error('disk full');
          return nodeWriteOps.writeFile(p, c);
        },
      };
      await assert.rejects(applyPlan(await planWrite(out, files('new')), failing), /disk full/);
      for (const f of files('old'))
        assert.equal(readFileSync(join(out, f.path), 'utf8'), f.content.toString());
      const leftovers = readdirSync(out, { recursive: true }).filter((n) =>
        String(n).includes('.triton-repo-tmp-'),
      );
      assert.deepEqual(leftovers, []);
    }
    await applyPlan(await planWrite(out, files('new')));
    for (const f of files('new')) assert.equal(readFileSync(join(out, f.path), 'utf8'), f.content.toString());
  });
});
