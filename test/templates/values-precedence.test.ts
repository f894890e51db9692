// The values precedence the README promises, checked on winner() directly and through the three real
// sources: `--set` over `TRTLLM__` variables over the values file over fill_template's defaults; within one
// source a model's value over an every-model value (`ALL` counts as every model); a later `--set` over an
// earlier one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  appliesTo,
  defaultEntries,
  valuesFromEnv,
  valuesFromFile,
  valuesFromSet,
  winner,
} from '../../server/src/core/templates/values';
import type { ValueEntry } from '../../server/src/core/templates/values';

const MODELS = ['tensorrt_llm', 'preprocessing'];

/** The effective value of `name` for `model`, from every source as a render gathers them. */
function effective(
  name: string,
  model: string,
  sources: { file?: string; env?: Record<string, string>; set?: string[] },
): string | undefined {
  const entries: ValueEntry[] = [
    ...defaultEntries(),
    ...(sources.file ? valuesFromFile('triton-values.json', sources.file).entries : []),
    ...(sources.env ? valuesFromEnv(sources.env).entries : []),
    ...(sources.set ? valuesFromSet(sources.set).entries : []),
  ];
  return winner(entries.filter((e) => e.name === name && appliesTo(e, model, MODELS)))?.text;
}

const FILE = JSON.stringify({
  values: { max_queue_size: '1', engine_dir: '/file/all' },
  models: { tensorrt_llm: { engine_dir: '/file/model' } },
});

test('--set wins over TRTLLM__ variables, which win over the values file, which wins over the defaults', () => {
  const env = { TRTLLM__ENGINE__max_queue_size: '2' };
  assert.equal(effective('max_queue_size', 'tensorrt_llm', {}), '0', "fill_template's default");
  assert.equal(effective('max_queue_size', 'tensorrt_llm', { file: FILE }), '1');
  assert.equal(effective('max_queue_size', 'tensorrt_llm', { file: FILE, env }), '2');
  assert.equal(
    effective('max_queue_size', 'tensorrt_llm', { file: FILE, env, set: ['max_queue_size=3'] }),
    '3',
  );
  // An every-model --set still beats a model's environment variable: the source ranks first.
  assert.equal(
    effective('max_queue_size', 'tensorrt_llm', {
      env: { TRTLLM__ENGINE__max_queue_size: '2' },
      set: ['max_queue_size=3'],
    }),
    '3',
  );
});

test("within one source, a model's value wins over an every-model value, whatever their order", () => {
  assert.equal(effective('engine_dir', 'tensorrt_llm', { file: FILE }), '/file/model');
  assert.equal(effective('engine_dir', 'preprocessing', { file: FILE }), '/file/all');
  assert.equal(
    effective('engine_dir', 'tensorrt_llm', { set: ['tensorrt_llm/engine_dir=/m', 'engine_dir=/all'] }),
    '/m',
  );
  assert.equal(
    effective('engine_dir', 'tensorrt_llm', {
      env: { TRTLLM__ENGINE__engine_dir: '/env/model', TRTLLM__ALL__engine_dir: '/env/all' },
    }),
    '/env/model',
  );
  // ALL is every model: it does not beat a model's value even when it comes later.
  assert.equal(
    effective('engine_dir', 'tensorrt_llm', {
      env: { TRTLLM__ALL__engine_dir: '/env/all', TRTLLM__TENSORRT_LLM__engine_dir: '/env/model' },
    }),
    '/env/model',
  );
});

test('a later --set wins over an earlier one (as fill_template.py builds its dict)', () => {
  assert.equal(effective('engine_dir', 'tensorrt_llm', { set: ['engine_dir=/a', 'engine_dir=/b'] }), '/b');
  assert.equal(effective('engine_dir', 'tensorrt_llm', { set: ['engine_dir:/a,engine_dir:/b'] }), '/b');
  assert.equal(effective('engine_dir', 'tensorrt_llm', { set: ['engine_dir=/b', 'engine_dir=/a'] }), '/a');
});

test('winner() on entries in any order: rank, then model over every model, then order', () => {
  const e = (text: string, rank: number, order: number, model?: string, modelAlias?: string): ValueEntry => ({
    name: 'x',
    text,
    rank,
    order,
    source: { kind: 'default' },
    ...(model ? { model } : {}),
    ...(modelAlias ? { modelAlias } : {}),
  });
  const cases: [ValueEntry[], string][] = [
    [[e('file', 1, 0), e('env', 2, 0), e('set', 3, 0)], 'set'],
    [[e('set', 3, 0), e('file', 1, 5, 'm')], 'set'],
    [[e('model', 1, 0, 'm'), e('all', 1, 9)], 'model'],
    [[e('all', 2, 9, undefined, 'ALL'), e('alias', 2, 0, undefined, 'ENGINE')], 'alias'],
    [[e('early', 3, 0), e('late', 3, 1)], 'late'],
    [[e('late', 3, 1), e('early', 3, 0)], 'late'],
  ];
  for (const [entries, expected] of cases) {
    assert.equal(winner(entries)?.text, expected, JSON.stringify(entries.map((x) => x.text)));
    assert.equal(winner([...entries].reverse())?.text, expected, 'the same in reverse order');
  }
  assert.equal(winner([]), undefined);
});
