// Both config.json layouts normalised to one shape, with offsets pointing at the right text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineConfig } from '../../server/src/core/engine/engineConfig';
import { kvCacheIsPaged, readEngineConfig, worldSize } from '../../server/src/core/engine/engineConfig';

const engines = join(__dirname, '..', 'fixtures', 'engines');

function read(text: string): EngineConfig {
  const r = readEngineConfig(text);
  assert.ok(r.ok, JSON.stringify(r));
  return r.config;
}

/** The text a field points at. */
function at(text: string, f: { start: number; end: number } | undefined): string {
  assert.ok(f);
  return text.slice(f.start, f.end);
}

test('current layout (TensorRT-LLM >= 0.8): every field, located', () => {
  const text = readFileSync(join(engines, 'llama-0.13-tp2', 'config.json'), 'utf8');
  const c = read(text);
  assert.equal(c.layout, 'current');
  assert.equal(at(text, c.marker), '"version"');
  assert.equal(at(text, c.version), '"0.13.0"');
  assert.deepEqual(
    [c.architecture?.value, c.dtype?.value, c.logitsDtype?.value, c.tpSize?.value, c.ppSize?.value],
    ['LlamaForCausalLM', 'float16', 'float32', 2, 1],
  );
  assert.deepEqual([c.maxBatchSize?.value, c.maxBeamWidth?.value, c.kvCacheType?.value], [8, 1, 'PAGED']);
  assert.equal(c.maxBatchSize?.pointer, '/build_config/max_batch_size');
  assert.equal(at(text, c.tpSize), '2');
  assert.deepEqual(
    [
      c.gptAttentionPlugin?.value,
      c.removeInputPadding?.value,
      c.pagedKvCache?.value,
      c.gatherContextLogits?.value,
    ],
    [true, true, true, false],
  );
  assert.equal(worldSize(c), 2);
  assert.equal(kvCacheIsPaged(c), true);
});

test('legacy layout (before 0.8): the same shape from builder_config and plugin_config', () => {
  const text = readFileSync(join(engines, 'gpt-legacy-no-plugins', 'config.json'), 'utf8');
  const c = read(text);
  assert.equal(c.layout, 'legacy');
  assert.equal(c.version, undefined);
  assert.equal(at(text, c.marker), '"builder_config"');
  assert.deepEqual([c.architecture?.value, c.dtype?.value, c.tpSize?.value], ['gpt', 'float16', 1]);
  assert.equal(c.gptAttentionPlugin?.value, false);
  assert.equal(at(text, c.gptAttentionPlugin), 'false');
  assert.equal(c.gatherContextLogits?.pointer, '/builder_config/gather_all_token_logits');
  assert.equal(kvCacheIsPaged(c), false);
  assert.equal(c.logitsDtype, undefined, 'legacy files do not say');
});

test('absent fields take the runtime defaults and point at their object', () => {
  const text = '{"version": "0.9.0", "pretrained_config": {"mapping": {"tp_size": 4}}, "build_config": {}}';
  const c = read(text);
  assert.equal(c.logitsDtype?.value, 'float32');
  assert.equal(c.logitsDtype?.defaulted, true);
  assert.equal(text.slice(c.logitsDtype!.start, c.logitsDtype!.end), '{');
  assert.deepEqual([c.ppSize?.value, c.cpSize?.value, worldSize(c)], [1, 1, 4]);
  assert.equal(c.gatherContextLogits?.value, false);
  assert.equal(c.maxBatchSize, undefined, 'no default assumed for limits');
  assert.equal(kvCacheIsPaged(c), undefined);
});

test('gpt_attention_plugin: a dtype is on, null is off; a value of another type is unknown', () => {
  const of = (v: string) =>
    read(`{"build_config": {"plugin_config": {"gpt_attention_plugin": ${v}}}}`).gptAttentionPlugin?.value;
  assert.deepEqual([of('"auto"'), of('null'), of('false'), of('3')], [true, false, false, undefined]);
});

test('kv_cache_type wins over paged_kv_cache=false; paged_kv_cache=true forces paged', () => {
  const paged = (b: string) => kvCacheIsPaged(read(`{"build_config": ${b}}`));
  assert.equal(paged('{"kv_cache_type": "PAGED", "plugin_config": {"paged_kv_cache": false}}'), true);
  assert.equal(paged('{"kv_cache_type": "CONTINUOUS", "plugin_config": {"paged_kv_cache": true}}'), true);
  assert.equal(paged('{"kv_cache_type": "DISABLED"}'), true);
  assert.equal(paged('{"kv_cache_type": "CONTINUOUS"}'), false);
});

test('not JSON, not an object, or neither layout: an error with its place', () => {
  const bad = readEngineConfig('{"version": "0.11.0",}');
  assert.ok(!bad.ok);
  assert.equal(bad.start, 21);
  assert.match(bad.message, /^config\.json is not valid JSON: /);
  const array = readEngineConfig(' []');
  assert.ok(!array.ok);
  assert.deepEqual([array.start, array.end], [1, 3]);
  const hf = readEngineConfig('{"architectures": ["LlamaForCausalLM"]}');
  assert.ok(!hf.ok);
  assert.match(hf.message, /not a TensorRT-LLM engine config/);
});
