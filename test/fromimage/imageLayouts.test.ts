// The pure part of "new repository from an image": which layouts a copied all_models holds, the choice
// between them, the explanation when there are none, and the values file. Also run over NVIDIA's templates
// in ../shared (read there, never copied into the project).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import {
  LAYOUTS,
  TEMPLATE_SEARCH_PATHS,
  chooseLayout,
  describeNotFound,
  findLayouts,
  newValuesFile,
} from '../../server/src/core/templates/imageLayouts';
import { templateVariables } from '../../server/src/core/templates/render';
import { valuesFileSchema } from '../../server/src/core/templates/values';
import { REPO_ROOT, SHARED, sharedAvailable } from '../shared';

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
}

const STANDIN = join(REPO_ROOT, 'test', 'fromimage', 'standin', 'all_models');

describe('layouts in a copied all_models', () => {
  test('the stand-in templates hold both layouts, with their models in the layout order', () => {
    const found = findLayouts(files(STANDIN));
    assert.deepEqual(
      found.map((f) => [f.layout.name, f.models]),
      [
        [
          'inflight_batcher_llm',
          ['ensemble', 'preprocessing', 'tensorrt_llm', 'postprocessing', 'tensorrt_llm_bls'],
        ],
        ['llmapi', ['tensorrt_llm']],
      ],
    );
  });

  test('a layout counts only with its required files', () => {
    assert.deepEqual(findLayouts(['llmapi/tensorrt_llm/config.pbtxt', 'gpt/tensorrt_llm/config.pbtxt']), []);
    assert.deepEqual(
      findLayouts(['inflight_batcher_llm/tensorrt_llm/config.pbtxt']).map((f) => f.models),
      [['tensorrt_llm']],
    );
  });

  test('the choice: the first found by default, the requested one, or why not', () => {
    const both = findLayouts(files(STANDIN));
    const llmapiOnly = both.filter((f) => f.layout.name === 'llmapi');
    const pick = (found: typeof both, requested?: string) => {
      const c = chooseLayout(found, requested);
      return c.ok ? c.found.layout.name : c.message;
    };
    assert.equal(pick(both), 'inflight_batcher_llm');
    assert.equal(pick(both, 'llmapi'), 'llmapi');
    assert.equal(pick(llmapiOnly), 'llmapi');
    assert.equal(
      pick(llmapiOnly, 'inflight_batcher_llm'),
      'the image has no "inflight_batcher_llm" templates (found: llmapi)',
    );
    assert.equal(pick(both, 'gpt'), 'unknown layout "gpt": choose inflight_batcher_llm or llmapi');
    assert.equal(pick([]), 'no template layout was found');
  });

  test('nothing found: the message names the image and every path looked in, with what was there', () => {
    const message = describeNotFound('example/image:1', [
      { path: TEMPLATE_SEARCH_PATHS[0]!.path, outcome: 'no-layout' },
      { path: TEMPLATE_SEARCH_PATHS[1]!.path, outcome: 'missing' },
    ]);
    assert.match(message, /example\/image:1/);
    for (const p of TEMPLATE_SEARCH_PATHS) assert.ok(message.includes(`  ${p.path}: `), p.path);
    assert.match(
      message,
      /\/app\/all_models: present, but without inflight_batcher_llm\/tensorrt_llm\/config\.pbtxt/,
    );
    assert.match(message, /triton_backend\/all_models: not in the image \(an expected place, unconfirmed\)/);
  });

  test('every search path is documented in the README, unconfirmed ones as such', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const p of TEMPLATE_SEARCH_PATHS) {
      const line = readme.split('\n').find((l) => l.includes(`\`${p.path}\``));
      assert.ok(line, `${p.path} is in the README`);
      if (!p.confirmed) assert.match(line, /unconfirmed/i, p.path);
    }
    for (const l of LAYOUTS) assert.ok(readme.includes(`\`${l.name}\``), l.name);
  });
});

describe('the values file of a new repository', () => {
  test("shared variables under values, one model's under models, fill_template defaults filled", () => {
    const text = newValuesFile([
      { model: 'ensemble', variables: ['triton_max_batch_size'] },
      {
        model: 'tensorrt_llm',
        variables: ['triton_max_batch_size', 'engine_dir', 'max_queue_size', 'engine_dir'],
      },
    ]);
    assert.deepEqual(JSON.parse(text), {
      values: { triton_max_batch_size: '' },
      models: { tensorrt_llm: { engine_dir: '', max_queue_size: 0 } },
    });
    assert.ok(valuesFileSchema.safeParse(JSON.parse(text)).success);
  });

  test("NVIDIA's templates of each release: both layouts found where present, a valid values file", async (t) => {
    if (!sharedAvailable()) return t.skip('../shared is not beside the project');
    const corpus = join(SHARED, 'corpus', 'trtllm-templates');
    const releases = readdirSync(corpus).sort();
    assert.ok(releases.length >= 4);
    for (const release of releases) {
      const all = join(corpus, release);
      const found = findLayouts(files(all));
      const names = found.map((f) => f.layout.name);
      assert.ok(names.includes('inflight_batcher_llm'), `${release}: ${names.join(', ')}`);
      // llmapi (no engine) exists only in the newest release of the corpus.
      assert.equal(names.includes('llmapi'), release.includes('r25.05'), release);
      const ifb = found[0]!;
      assert.deepEqual(ifb.models, [
        'ensemble',
        'preprocessing',
        'tensorrt_llm',
        'postprocessing',
        'tensorrt_llm_bls',
      ]);
      const scanned = await templateVariables(join(all, 'inflight_batcher_llm'), nodeFileSystem, {
        fillTemplateDefaults: false,
      });
      const values = JSON.parse(
        newValuesFile(scanned.map((m) => ({ model: m.model, variables: m.variables.map((v) => v.name) }))),
      );
      assert.ok(valuesFileSchema.safeParse(values).success, release);
      const listed = new Set([
        ...Object.keys(values.values),
        ...Object.values(values.models).flatMap((m) => Object.keys(m as object)),
      ]);
      for (const m of scanned)
        for (const v of m.variables) assert.ok(listed.has(v.name), `${release}: ${v.name}`);
      assert.ok(listed.has('engine_dir') && listed.has('triton_max_batch_size'), release);
    }
  });
});
