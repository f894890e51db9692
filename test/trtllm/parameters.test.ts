// The TensorRT-LLM knowledge base: its tables are consistent, models are recognised (or left alone)
// as documented, values are judged as the backends read them, and the templates agree with it.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MODEL_CONFIG_TYPE, buildConfigModel, modelConfigSchema, parse } from '../../server/src/core/index';
import {
  MODEL_KINDS,
  parameterInfo,
  parametersOf,
  retiredKey,
} from '../../server/src/core/trtllm/parameters';
import { parameterKeys, recognise } from '../../server/src/core/trtllm/recognise';
import { checkValue } from '../../server/src/core/trtllm/values';
import { SHARED, sharedAvailable } from '../shared';

const config = (text: string) => buildConfigModel(parse(text), modelConfigSchema(), MODEL_CONFIG_TYPE);
const params = (backend: string, keys: string[]) =>
  config(
    `backend: "${backend}"\n` +
      keys.map((k) => `parameters { key: "${k}" value: { string_value: "x" } }`).join('\n'),
  );

test('every kind lists each key once, with docs; enums have values; retired keys are not read keys', () => {
  for (const k of MODEL_KINDS) {
    const keys = k.parameters.map((x) => x.key);
    assert.equal(new Set(keys).size, keys.length, k.kind);
    for (const x of k.parameters) {
      assert.ok(x.doc.length > 10, `${k.kind}.${x.key} has docs`);
      if (x.type === 'enum') assert.ok(x.values?.length, `${x.key} has values`);
      if (x.type === 'list') assert.ok(x.listSyntax, `${x.key} has a list syntax`);
    }
    for (const r of k.retired) {
      assert.ok(!keys.includes(r.key), `${r.key} is both read and retired`);
      if (r.status === 'renamed') assert.ok(r.replacement && keys.includes(r.replacement), r.key);
    }
  }
  assert.deepEqual(parametersOf('ensemble'), []);
});

test('the facts: mandatory keys, defaults, removed and renamed keys', () => {
  assert.equal(parameterInfo('tensorrt_llm', 'gpt_model_type')?.mandatory, 'error');
  assert.equal(parameterInfo('tensorrt_llm', 'gpt_model_path')?.orKey, 'encoder_model_path');
  assert.equal(parameterInfo('preprocessing', 'tokenizer_dir')?.mandatory, 'error');
  assert.equal(parameterInfo('tensorrt_llm', 'batch_scheduler_policy')?.default, 'guaranteed_no_evict');
  assert.equal(parameterInfo('tensorrt_llm', 'kv_cache_free_gpu_mem_fraction')?.default, '0.9');
  assert.equal(retiredKey('tensorrt_llm', 'enable_trt_overlap')?.since, 'v0.10.0');
  assert.equal(retiredKey('tensorrt_llm', 'batching_strategy')?.replacement, 'gpt_model_type');
  assert.equal(retiredKey('tensorrt_llm', 'engine_dir')?.replacement, 'gpt_model_path');
  assert.equal(retiredKey('preprocessing', 'visual_model_path')?.replacement, 'multimodal_model_path');
  // The Python backend's own options are known to Python models, and the C++ model's template key.
  assert.ok(parameterInfo('preprocessing', 'EXECUTION_ENV_PATH'));
  assert.ok(parameterInfo('tensorrt_llm', 'FORCE_CPU_ONLY_INPUT_TENSORS', 'cpp'));
  assert.equal(parameterInfo('tensorrt_llm', 'EXECUTION_ENV_PATH', 'cpp'), undefined);
});

test('recognition: the backend, distinctive keys and template directory names; silence when unsure', () => {
  assert.deepEqual(recognise(params('tensorrtllm', []), 'anything'), {
    kind: 'tensorrt_llm',
    backend: 'cpp',
  });
  assert.deepEqual(recognise(params('python', ['gpt_model_type', 'gpt_model_path']), 'llm'), {
    kind: 'tensorrt_llm',
    backend: 'python',
  });
  assert.deepEqual(recognise(params('${triton_backend}', ['gpt_model_type', 'max_beam_width']), 'x'), {
    kind: 'tensorrt_llm',
  });
  assert.deepEqual(recognise(params('python', ['tokenizer_dir', 'add_special_tokens']), 'pre'), {
    kind: 'preprocessing',
  });
  assert.deepEqual(recognise(params('python', ['skip_special_tokens']), 'postprocessing'), {
    kind: 'postprocessing',
  });
  assert.deepEqual(recognise(params('python', ['tokenizer_dir']), 'postprocessing'), {
    kind: 'postprocessing',
  });
  assert.deepEqual(recognise(params('python', ['accumulate_tokens']), 'tensorrt_llm_bls'), {
    kind: 'tensorrt_llm_bls',
  });
  // One distinctive key alone, in a directory of another name: unsure.
  assert.equal(recognise(params('python', ['accumulate_tokens']), 'my_bls'), undefined);
  // Clues for two models, keys of models we do not describe, other backends, ensembles, no keys.
  assert.equal(recognise(params('python', ['add_special_tokens', 'accumulate_tokens']), 'x'), undefined);
  assert.equal(
    recognise(params('python', ['engine_dir', 'FORCE_CPU_ONLY_INPUT_TENSORS']), 'tensorrt_llm'),
    undefined,
  );
  assert.equal(recognise(params('python', ['n_mels', 'tokenizer_dir']), 'preprocessing'), undefined);
  assert.equal(recognise(params('onnxruntime', ['gpt_model_type', 'gpt_model_path']), 'x'), undefined);
  assert.equal(recognise(config('platform: "ensemble"'), 'ensemble'), undefined);
  assert.equal(recognise(params('python', []), 'preprocessing'), undefined);
  assert.equal(
    recognise(params('python', ['threshold', 'FORCE_CPU_ONLY_INPUT_TENSORS']), 'preprocessing'),
    undefined,
  );
});

test('templated keys are not keys', () => {
  assert.deepEqual(parameterKeys(params('python', ['${k}', 'a${k}', 'tokenizer_dir'])), ['tokenizer_dir']);
});

test('values: error only where the backend refuses to load', () => {
  const gpt = parameterInfo('tensorrt_llm', 'gpt_model_type')!;
  assert.equal(checkValue(gpt, 'inflight_fused_batching', 'tensorrt_llm', 'cpp'), undefined);
  assert.equal(checkValue(gpt, 'inflight', 'tensorrt_llm', 'cpp')?.severity, 'error');
  assert.equal(checkValue(gpt, 'INFLIGHT_BATCHING', 'tensorrt_llm', 'python'), undefined);
  assert.equal(checkValue(gpt, 'INFLIGHT_BATCHING', 'tensorrt_llm', 'cpp')?.severity, 'error');
  const policy = parameterInfo('tensorrt_llm', 'batch_scheduler_policy')!;
  assert.equal(checkValue(policy, 'fastest', 'tensorrt_llm', 'cpp')?.severity, 'warning');
  assert.equal(checkValue(policy, 'fastest', 'tensorrt_llm', 'python')?.severity, 'error');
  assert.equal(checkValue(policy, 'fastest', 'tensorrt_llm', undefined)?.severity, 'warning');
  const mode = parameterInfo('tensorrt_llm', 'decoding_mode')!;
  assert.equal(checkValue(mode, 'auto', 'tensorrt_llm', 'python'), undefined);
  assert.equal(checkValue(mode, 'auto', 'tensorrt_llm', 'cpp')?.severity, 'warning');
  const reuse = parameterInfo('tensorrt_llm', 'enable_kv_cache_reuse')!;
  for (const ok of ['true', 'False', 'TRUE', '0', ''])
    assert.equal(checkValue(reuse, ok, 'tensorrt_llm', 'cpp'), undefined);
  assert.equal(checkValue(reuse, 'yes', 'tensorrt_llm', 'cpp')?.severity, 'warning');
  const special = parameterInfo('preprocessing', 'add_special_tokens')!;
  assert.equal(checkValue(special, 'Yes', 'preprocessing', undefined), undefined);
  assert.equal(checkValue(special, 'maybe', 'preprocessing', undefined)?.severity, 'warning');
  const ids = parameterInfo('tensorrt_llm', 'gpu_device_ids')!;
  assert.equal(checkValue(ids, '0,1;2,3', 'tensorrt_llm', 'cpp'), undefined);
  assert.equal(checkValue(ids, '0,1;2,3', 'tensorrt_llm', 'python')?.severity, 'error');
  assert.equal(checkValue(ids, '0-1', 'tensorrt_llm', 'cpp')?.severity, 'warning');
  const window = parameterInfo('tensorrt_llm', 'max_attention_window_size')!;
  assert.equal(checkValue(window, '4096, 4096', 'tensorrt_llm', 'cpp'), undefined);
  const medusa = parameterInfo('tensorrt_llm', 'medusa_choices')!;
  assert.equal(checkValue(medusa, '{0, 0, 0}, {0, 1}', 'tensorrt_llm', 'cpp'), undefined);
  const fraction = parameterInfo('tensorrt_llm', 'kv_cache_free_gpu_mem_fraction')!;
  assert.equal(checkValue(fraction, '.85', 'tensorrt_llm', 'cpp'), undefined);
  assert.equal(checkValue(fraction, '1.2', 'tensorrt_llm', 'cpp')?.severity, 'warning');
});

test('every key in the TensorRT-LLM templates is known to its model (read or retired)', (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const root = join(SHARED, 'corpus', 'trtllm-templates');
  let checked = 0;
  for (const release of readdirSync(root)) {
    for (const kind of MODEL_KINDS) {
      let text: string;
      try {
        text = readFileSync(
          join(root, release, 'inflight_batcher_llm', kind.dirName, 'config.pbtxt'),
          'utf8',
        );
      } catch {
        continue;
      }
      const c = config(text);
      if (kind.kind === 'ensemble') {
        assert.equal(recognise(c, kind.dirName), undefined);
        continue;
      }
      assert.equal(recognise(c, kind.dirName)?.kind, kind.kind, `${release} ${kind.kind}`);
      for (const key of parameterKeys(c))
        assert.ok(
          parameterInfo(kind.kind, key) || retiredKey(kind.kind, key),
          `${release} ${kind.kind}: ${key}`,
        );
      checked++;
    }
  }
  assert.ok(checked >= 16);
});
