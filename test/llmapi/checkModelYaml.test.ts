// model.yaml checked on its own: the verdicts on types (error where Python refuses, warning where it
// converts), the `model` key, and the knowledge table's own consistency.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkModelYaml,
  isPlaceholderModel,
  yamlReleaseFor,
} from '../../server/src/core/llmapi/checkModelYaml';
import type { YamlKeyInfo } from '../../server/src/core/llmapi/modelYamlKeys';
import { MODEL_YAML_KEYS, keyInfoAt } from '../../server/src/core/llmapi/modelYamlKeys';
import { ModelYamlDocument } from '../../server/src/core/llmapi/modelYamlDocument';

/** `code@text` for each problem, the text being what the problem underlines. */
function problems(text: string): string[] {
  return checkModelYaml(text).problems.map((p) => `${p.code}@${text.slice(p.start, p.end)}`);
}

test('a complete, correct model.yaml has no problem and yields its facts', () => {
  const text =
    'model: org/m\nbackend: pytorch\ntensor_parallel_size: 2\npipeline_parallel_size: 2\nkv_cache_config:\n  free_gpu_memory_fraction: 0.85\n  enable_block_reuse: True\ntriton_config:\n  max_batch_size: 8\n  decoupled: yes\n';
  const check = checkModelYaml(text);
  assert.deepEqual(check.problems, []);
  assert.equal(check.facts.tensorParallel?.value, 2);
  assert.equal(check.facts.pipelineParallel?.value, 2);
  assert.equal(check.facts.tritonMaxBatchSize?.value, 8);
  // YAML 1.1, as PyYAML: `yes` is True.
  assert.equal(check.facts.tritonDecoupled?.value, true);
});

test('types: pydantic refusals are errors, its silent conversions warnings', () => {
  assert.deepEqual(problems('model: m\ntensor_parallel_size: two\n'), ['trtllm/llmapi-invalid-type@two']);
  assert.deepEqual(problems('model: m\ntensor_parallel_size: "2"\n'), [
    'trtllm/llmapi-questionable-value@"2"',
  ]);
  assert.deepEqual(problems('model: m\ntensor_parallel_size: 2.0\n'), [
    'trtllm/llmapi-questionable-value@2.0',
  ]);
  assert.deepEqual(problems('model: m\ntrust_remote_code: 1\n'), ['trtllm/llmapi-questionable-value@1']);
  assert.deepEqual(problems('model: m\ntrust_remote_code: 2\n'), ['trtllm/llmapi-invalid-type@2']);
  assert.deepEqual(problems('model: m\ntrust_remote_code: "y"\n'), ['trtllm/llmapi-questionable-value@"y"']);
  assert.deepEqual(problems('model: m\nkv_cache_config: 0.9\n'), ['trtllm/llmapi-invalid-type@0.9']);
  assert.deepEqual(problems('model: m\nkv_cache_config:\n  free_gpu_memory_fraction: 0.9.1\n'), [
    'trtllm/llmapi-invalid-type@0.9.1',
  ]);
  // An integer is a fine float; a null is "not given".
  assert.deepEqual(
    problems('model: m\nkv_cache_config:\n  free_gpu_memory_fraction: 1\n  max_tokens: ~\n'),
    [],
  );
});

test('triton_config is read by plain Python and handed to Triton: nothing is converted', () => {
  assert.deepEqual(problems('model: m\ntriton_config:\n  decoupled: "false"\n  max_batch_size: 8.0\n'), [
    'trtllm/llmapi-invalid-type@"false"',
    'trtllm/llmapi-invalid-type@8.0',
  ]);
  assert.deepEqual(problems('model: m\ntriton_config:\n  max_batch_size:\n'), [
    'trtllm/llmapi-invalid-type@',
  ]);
  assert.deepEqual(problems('model: m\ntriton_config:\n  max_batch_size: -1\n'), [
    'trtllm/llmapi-questionable-value@-1',
  ]);
});

test('model: missing, empty, None, a number, a placeholder', () => {
  assert.deepEqual(problems('backend: pytorch\n'), ['trtllm/llmapi-model-missing@']);
  assert.deepEqual(problems('model: ""\n'), ['trtllm/llmapi-model-missing@""']);
  assert.deepEqual(problems('model:\n'), ['trtllm/llmapi-model-missing@']);
  assert.deepEqual(problems('model: 7\n'), ['trtllm/llmapi-invalid-type@7']);
  assert.deepEqual(problems('model: ${hf_model}\n'), ['trtllm/llmapi-model-placeholder@${hf_model}']);
  for (const p of ['${x}', '<model>', 'path/to/model', '/path/to/ckpt', 'TODO', 'your_model'])
    assert.ok(isPlaceholderModel(p), p);
  for (const real of ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', '/models/llama', 'meta-llama/Llama-3.1-8B'])
    assert.ok(!isPlaceholderModel(real), real);
});

test('unknown keys get a did-you-mean; open mappings accept any key; duplicates point at the first', () => {
  const text = 'model: m\nbackedn: pytorch\nbuild_config:\n  max_batch_size: 8\n  whatever: 1\nmodel: n\n';
  const check = checkModelYaml(text, '0.19.0');
  assert.deepEqual(
    check.problems.map((p) => [p.code, text.slice(p.start, p.end), p.data]),
    [
      ['trtllm/llmapi-unknown-key', 'backedn', { suggestion: 'backend' }],
      ['trtllm/llmapi-duplicate-key', 'model', undefined],
    ],
  );
  assert.equal(check.problems[1]!.related?.[0]?.start, 0);
});

test('unknown keys are errors from 1.0 (extra="forbid"), also in strict nested configs; the release is named', () => {
  const text =
    'model: m\nbackedn: pytorch\nkv_cache_config:\n  free_gpu_memory_fractoin: 0.5\ntriton_config:\n  whatever: 1\n';
  const newest = checkModelYaml(text).problems;
  assert.deepEqual(
    newest.map((p) => `${p.code}@${text.slice(p.start, p.end)}`),
    [
      'trtllm/llmapi-unknown-key-refused@backedn',
      'trtllm/llmapi-unknown-key-refused@free_gpu_memory_fractoin',
      // triton_config is read by model.py, not pydantic: unknown keys there are ignored.
      'trtllm/llmapi-unknown-key@whatever',
    ],
  );
  assert.match(
    newest[0]!.message,
    /TensorRT-LLM 1\.2\.1 \(the newest release known, as no serving image is named: name it in a deployment profile/,
  );
  assert.match(newest[0]!.message, /pydantic extra="forbid"/);
  const at10 = checkModelYaml(text, '1.0.0').problems[0]!;
  assert.equal(at10.code, 'trtllm/llmapi-unknown-key-refused');
  assert.match(at10.message, /of TensorRT-LLM 1\.0\.0: /);
  assert.deepEqual(
    checkModelYaml(text, '0.21.0').problems.map((p) => p.code),
    ['trtllm/llmapi-unknown-key', 'trtllm/llmapi-unknown-key', 'trtllm/llmapi-unknown-key'],
  );
});

test("the serving image's release, and where it comes from, is what messages say", () => {
  const pbc = 'model: m\nbackend: pytorch\npytorch_backend_config:\n  use_cuda_graph: true\n';
  const image = 'nvcr.io/nvidia/tritonserver:25.05-trtllm-python-py3';
  const r2505 = yamlReleaseFor({
    serverImage: image,
    serverImageSource: 'the image of deployment profile local',
  });
  assert.deepEqual(r2505, { trtllm: '0.19.0', origin: `${image}, the image of deployment profile local` });
  assert.deepEqual(checkModelYaml(pbc, r2505).problems, [], 'r25.05 takes pytorch_backend_config');
  const r2506 = yamlReleaseFor({
    serverImage: image.replace('25.05', '25.06'),
    serverImageSource: '--image',
  })!;
  assert.match(
    checkModelYaml(pbc, r2506).problems[0]!.message,
    /checked for TensorRT-LLM 0\.20\.0 \(nvcr\.io\/nvidia\/tritonserver:25\.06-trtllm-python-py3, --image\)/,
  );
  assert.equal(yamlReleaseFor({ serverImage: 'my/own:image' }), undefined, 'an image of unknown release');
  assert.equal(yamlReleaseFor({}), undefined);
});

test('removed keys are errors naming the replacement, by release', () => {
  const pbc = 'model: m\nbackend: pytorch\npytorch_backend_config:\n  use_cuda_graph: true\n';
  assert.deepEqual(checkModelYaml(pbc, '0.19.0').problems, []);
  const at20 = checkModelYaml(pbc, '0.20.0').problems;
  assert.deepEqual(
    at20.map((p) => `${p.code}@${pbc.slice(p.start, p.end)}`),
    ['trtllm/llmapi-removed-key@pytorch_backend_config'],
  );
  assert.match(at20[0]!.message, /from TensorRT-LLM 0\.20 on, .*use_cuda_graph.*cuda_graph_config/);
  const flat = 'model: m\nbackend: pytorch\nuse_cuda_graph: true\nmax_lora_rank: 8\n';
  assert.deepEqual(checkModelYaml(flat, '0.20.0').problems, []);
  const at10 = checkModelYaml(flat, '1.0.0').problems;
  assert.deepEqual(
    at10.map((p) => `${p.code}@${flat.slice(p.start, p.end)}`),
    ['trtllm/llmapi-removed-key@use_cuda_graph', 'trtllm/llmapi-removed-key@max_lora_rank'],
  );
  assert.match(at10[0]!.message, /cuda_graph_config: \{batch_sizes/);
  assert.match(at10[1]!.message, /lora_config: \{max_lora_rank/);
  // Too new for the release: a warning.
  assert.deepEqual(
    checkModelYaml('model: m\ncuda_graph_config: {}\n', '0.20.0').problems.map((p) => p.code),
    ['trtllm/llmapi-key-not-in-release'],
  );
});

test('engine-only keys under the PyTorch backend are errors saying what to do; backend tensorrt from 1.0', () => {
  const quant = 'model: m\nbackend: pytorch\nquant_config:\n  quant_algo: FP8\nenable_build_cache: true\n';
  const p = checkModelYaml(quant, '0.19.0').problems;
  assert.deepEqual(
    p.map((x) => `${x.code}@${quant.slice(x.start, x.end)}`),
    ['trtllm/llmapi-engine-only-key@quant_config', 'trtllm/llmapi-engine-only-key@enable_build_cache'],
  );
  assert.match(p[0]!.message, /backend "pytorch" refuses it.*quantised beforehand/);
  // Before 1.0 no backend means the TensorRT path, which takes them; from 1.0 PyTorch is the default.
  const implicit = 'model: m\nquant_config:\n  quant_algo: FP8\n';
  assert.deepEqual(checkModelYaml(implicit, '0.21.0').problems, []);
  const at10 = checkModelYaml(implicit, '1.0.0').problems;
  assert.equal(at10[0]?.code, 'trtllm/llmapi-engine-only-key');
  assert.match(at10[0]!.message, /the PyTorch backend \(the default from 1\.0\)/);
  const trt = 'model: m\nbackend: tensorrt\n';
  assert.deepEqual(checkModelYaml(trt, '0.21.0').problems, []);
  const refused = checkModelYaml(trt, '1.0.0').problems;
  assert.deepEqual(
    refused.map((x) => `${x.code}@${trt.slice(x.start, x.end)}`),
    ['trtllm/llmapi-backend-unsupported@tensorrt'],
  );
  assert.match(refused[0]!.message, /inflight_batcher_llm/);
});

test('YAML that does not parse, or is no mapping, is one error with its place', () => {
  const text = 'model: m\n  bad: indent\n';
  const check = checkModelYaml(text);
  assert.deepEqual(
    check.problems.map((p) => p.code),
    check.problems.map(() => 'trtllm/llmapi-invalid-yaml'),
  );
  assert.ok(check.problems.length >= 1);
  assert.deepEqual(problems('just a string\n'), ['trtllm/llmapi-invalid-yaml@just a string']);
  assert.deepEqual(problems(''), ['trtllm/llmapi-invalid-yaml@']);
});

test('the knowledge table: unique keys per mapping, confirmed exactly where our reference shows them', () => {
  const confirmed: string[] = [];
  const walk = (keys: readonly YamlKeyInfo[], path: string[]) => {
    assert.equal(new Set(keys.map((k) => k.key)).size, keys.length, path.join('.'));
    for (const k of keys) {
      if (k.confirmed) confirmed.push([...path, k.key].join('.'));
      assert.ok(k.doc.length > 10, k.key);
      if (k.children) walk(k.children, [...path, k.key]);
    }
  };
  walk(MODEL_YAML_KEYS, []);
  // What TRTLLM_VERIFIED.md does not show (README.md lists them): pytorch_backend_config's other options,
  // scheduler_config's keys.
  const unconfirmed: string[] = [];
  const all = (keys: readonly YamlKeyInfo[], path: string[]) => {
    for (const k of keys) {
      if (!k.confirmed) unconfirmed.push([...path, k.key].join('.'));
      if (k.children) all(k.children, [...path, k.key]);
    }
  };
  all(MODEL_YAML_KEYS, []);
  assert.deepEqual(unconfirmed.sort(), [
    'pytorch_backend_config.attn_backend',
    'pytorch_backend_config.cuda_graph_batch_sizes',
    'pytorch_backend_config.cuda_graph_max_batch_size',
    'pytorch_backend_config.cuda_graph_padding_enabled',
    'pytorch_backend_config.enable_iter_perf_stats',
    'pytorch_backend_config.enable_overlap_scheduler',
    'pytorch_backend_config.kv_cache_dtype',
    'pytorch_backend_config.load_format',
    'pytorch_backend_config.moe_backend',
    'pytorch_backend_config.print_iter_log',
    'pytorch_backend_config.torch_compile_enabled',
    'scheduler_config.capacity_scheduler_policy',
    'scheduler_config.context_chunking_policy',
    'scheduler_config.dynamic_batch_config',
  ]);
  for (const key of [
    'model',
    'backend',
    'triton_config.max_batch_size',
    'triton_config.cancellation_check_period_ms',
  ])
    assert.ok(confirmed.includes(key), key);
  assert.equal(keyInfoAt(['kv_cache_config', 'max_tokens'])?.type, 'int');
  assert.equal(keyInfoAt(['kv_cache_config', 'nope']), undefined);
});

test('editor services: hover on a key, completion of keys by indentation even while the file is broken', () => {
  const text =
    'model: m\nkv_cache_config:\n  enable_block_reuse: true\n  \npytorch_backend_config:\n  use_cuda_graph: [\n';
  const doc = new ModelYamlDocument(text);
  const h = doc.hover(text.indexOf('enable_block_reuse') + 3)!;
  assert.equal(text.slice(h.start, h.end), 'enable_block_reuse');
  assert.match(h.contents, /^\*\*kv_cache_config\.enable_block_reuse\*\* \(`boolean`\)/);
  // On the value, the key it belongs to is documented; on a line without a key, nothing.
  assert.equal(doc.hover(text.indexOf('true') + 1)?.start, h.start);
  assert.equal(doc.hover(text.indexOf('\n  \n') + 2), undefined);
  const inKv = doc.complete(text.indexOf('\n  \n') + 3).map((c) => c.label);
  assert.ok(inKv.includes('free_gpu_memory_fraction') && !inKv.includes('model'));
  const top = doc.complete(text.length).map((c) => c.label);
  assert.ok(top.includes('tensor_parallel_size') && top.includes('triton_config'));
  const mapItem = doc.complete(text.length).find((c) => c.label === 'triton_config')!;
  assert.equal(mapItem.insertText, 'triton_config:\n  ');
  assert.equal(doc.diagnostics[0]?.code, 'trtllm/llmapi-invalid-yaml');
  // The release range is part of the documentation.
  const removed = doc.hover(text.indexOf('pytorch_backend_config') + 2)!;
  assert.match(removed.contents, /not taken from 0\.20 on: write its options as top-level keys/);
});
