// Issue 18, point 1: render never harms the tree it reads or writes. The repros are the issue's, run with
// the bundled CLI on the bundled TensorRT-LLM templates.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MANIFEST } from '../../server/src/host/writeRender';
import { freshTemplateWorkspaces, runCli } from './runCli';

const workspace = freshTemplateWorkspaces('triton-repo-render-safety-');
const run = (...args: string[]) => runCli(workspace(), args);

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

describe('render: --out may not overlap the template repository', () => {
  test('`render t --out t/rendered`, run twice: refused both times (exit 2), nothing written into t', () => {
    const before = tree(join(workspace(), 't'));
    for (let i = 0; i < 2; i++) {
      const r = run('render', 't', '--out', 't/rendered');
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /refusing to render into t\/rendered: it lies inside the template repository t/);
    }
    assert.deepEqual(tree(join(workspace(), 't')), before);
    assert.equal(existsSync(join(workspace(), 't', 'rendered')), false);
  });

  test('`render t --out t --yes`: refused (exit 2) without any "edited" talk; the templates stay', () => {
    const config = readFileSync(join(workspace(), 't', 'tensorrt_llm', 'config.pbtxt'), 'utf8');
    const r = run('render', 't', '--out', 't', '--yes');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to render into t: it is the template repository t itself/);
    assert.doesNotMatch(r.stdout + r.stderr, /edited since the last render/);
    assert.equal(readFileSync(join(workspace(), 't', 'tensorrt_llm', 'config.pbtxt'), 'utf8'), config);
    assert.equal(existsSync(join(workspace(), 't', MANIFEST)), false);
  });

  test('an --out that contains the template repository is refused too, --force or not', () => {
    const r = run('render', 't', '--out', '.', '--force', '--yes');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to render into \.: it contains the template repository t/);
  });
});

describe('render: a directory no render manifest says we wrote is not a render output', () => {
  test('refused without an override (exit 2), its files untouched', () => {
    mkdirSync(join(workspace(), 'mine', 'tensorrt_llm'), { recursive: true });
    writeFileSync(join(workspace(), 'mine', 'tensorrt_llm', 'config.pbtxt'), 'name: "mine"\n');
    writeFileSync(join(workspace(), 'mine', 'notes.txt'), 'my notes\n');
    for (const extra of [[], ['--yes'], ['--yes', '--force']]) {
      const r = run('render', 't', '--out', 'mine', ...extra);
      assert.equal(r.code, 2, extra.join(' '));
      assert.match(r.stderr, /refusing to render into mine: it is not a render output/);
      assert.doesNotMatch(r.stdout + r.stderr, /edited since the last render/);
    }
    assert.equal(
      readFileSync(join(workspace(), 'mine', 'tensorrt_llm', 'config.pbtxt'), 'utf8'),
      'name: "mine"\n',
    );
    assert.deepEqual(tree(join(workspace(), 'mine')), [
      'notes.txt',
      'tensorrt_llm',
      'tensorrt_llm/config.pbtxt',
    ]);
  });

  test('an empty directory is fine to render into', () => {
    mkdirSync(join(workspace(), 'empty'));
    const r = run('render', 't', '--out', 'empty');
    assert.equal(r.code, 0, r.stderr);
  });
  test('in a render output, a file the last render did not write is never called edited, nor overwritten without --yes', () => {
    assert.equal(run('render', 't', '--out', 'out').code, 0);
    mkdirSync(join(workspace(), 'out', 'extra'));
    writeFileSync(join(workspace(), 'out', 'extra', 'config.pbtxt'), 'name: "mine"\n');
    mkdirSync(join(workspace(), 't', 'extra', '1'), { recursive: true });
    writeFileSync(join(workspace(), 't', 'extra', 'config.pbtxt'), 'name: "extra"\nbackend: "python"\n');
    writeFileSync(join(workspace(), 't', 'extra', '1', 'model.py'), '# a model\n');
    const r = run('render', 't', '--out', 'out');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^changed {3}extra\/config\.pbtxt {2}\(not written by the last render\)$/m);
    assert.match(
      r.stderr,
      /1 file in the way that the last render did not write \(extra\/config\.pbtxt\); pass --yes/,
    );
    assert.equal(readFileSync(join(workspace(), 'out', 'extra', 'config.pbtxt'), 'utf8'), 'name: "mine"\n');
  });
});

describe('render: what the last render wrote and this one does not produce is removed', () => {
  test('a model removed from the templates leaves --out, listed as removed; check agrees', () => {
    assert.equal(run('render', 't', '--out', 'out').code, 0);
    assert.ok(existsSync(join(workspace(), 'out', 'text_embedding', 'config.pbtxt')));
    rmSync(join(workspace(), 't', 'text_embedding'), { recursive: true });
    const r = run('render', 't', '--out', 'out');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^removed {3}text_embedding\/config\.pbtxt$/m);
    assert.match(r.stdout, /^removed {3}text_embedding\/1\/\.gitkeep$/m);
    assert.match(r.stdout, /^0 new, 0 changed, 10 unchanged, 2 removed$/m);
    assert.match(r.stdout, /^wrote 0 files to out, removed 2$/m);
    assert.equal(existsSync(join(workspace(), 'out', 'text_embedding')), false);
    const manifest = JSON.parse(readFileSync(join(workspace(), 'out', MANIFEST), 'utf8')) as {
      files: Record<string, string>;
    };
    assert.ok(!Object.keys(manifest.files).some((f) => f.startsWith('text_embedding/')));
    const check = run('check', 'out');
    assert.doesNotMatch(check.stdout, /text_embedding/);
  });

  test('a stale file someone edited is only removed with --yes (exit 1 without)', () => {
    assert.equal(run('render', 't', '--out', 'out').code, 0);
    const stale = join(workspace(), 'out', 'text_embedding', 'config.pbtxt');
    writeFileSync(stale, readFileSync(stale, 'utf8') + '# mine\n');
    rmSync(join(workspace(), 't', 'text_embedding'), { recursive: true });
    const refused = run('render', 't', '--out', 'out');
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      /^removed {3}text_embedding\/config\.pbtxt {2}\(edited since the last render\)$/m,
    );
    assert.ok(existsSync(stale));
    assert.equal(run('render', 't', '--out', 'out', '--yes').code, 0);
    assert.equal(existsSync(stale), false);
  });
});

describe('render: the render checks exactly the tree it writes', () => {
  test('an empty version directory (tensorrt_llm/1/) is rendered as an empty directory', () => {
    rmSync(join(workspace(), 't', 'tensorrt_llm', '1', '.gitkeep'));
    const r = run('render', 't', '--out', 'out');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(readdirSync(join(workspace(), 'out', 'tensorrt_llm', '1')), []);
    // What render said is what check says of the written tree: no version-directory problem.
    assert.doesNotMatch(run('check', 'out').stdout, /triton\/no-version-available/);
  });

  test('`render . --out ../out` from inside the templates checks the rendered tree too, reported at --out', () => {
    rmSync(join(workspace(), 't', 'text_embedding', '1'), { recursive: true });
    const r = runCli(join(workspace(), 't'), ['render', '.', '--out', '../out']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^\.\.\/out\/text_embedding\/config\.pbtxt:\d+:\d+: error triton\/no-version-available/m,
    );
    const wrong = runCli(join(workspace(), 't'), [
      'render',
      '.',
      '--out',
      '../out',
      '--set',
      'triton_max_batch_size=abc',
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /error template\/value-type-mismatch: Value "abc" of "triton_max_batch_size"/);
  });

  test('a model without a version directory in the templates fails the render, as the written tree would', () => {
    rmSync(join(workspace(), 't', 'text_embedding', '1'), { recursive: true });
    const r = run('render', 't', '--out', 'out');
    const check = run('check', 'out', '--format', 'json');
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      /^out\/text_embedding\/config\.pbtxt:\d+:\d+: error triton\/no-version-available/m,
    );
    assert.equal(existsSync(join(workspace(), 'out')), false);
    assert.equal(check.code, 2);
  });
});
