/**
 * The stress config of issue 13: the `tensorrt_llm` model of TensorRT-LLM's inflight_batcher_llm
 * template with every placeholder filled and the entries of its `input [ ... ]` list written 400 times
 * (each copy's tensor names suffixed, so the model stays loadable), about 3.8 MB. The template is read at
 * bench time from NVIDIA's r25.05 release in ../shared/corpus (never copied into the project); without it,
 * from the project's own example repository, which follows the same layout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { substitute } from '../server/src/core/templates/substitute';

const REPO = join(__dirname, '..');
const CORPUS_TEMPLATE = join(
  REPO,
  '..',
  'shared',
  'corpus',
  'trtllm-templates',
  'c2e65b8-r25.05',
  'inflight_batcher_llm',
  'tensorrt_llm',
  'config.pbtxt',
);
const EXAMPLE_CONFIG = join(REPO, 'examples', 'model_repository', 'tensorrt_llm', 'config.pbtxt');
export const STRESS_REPEAT = 400;

/**
 * A deployment's values for every variable of the template (a Llama engine on one GPU, as in
 * examples/triton-values.json), so the file is what fill_template.py writes for a real model.
 */
const VALUES: Readonly<Record<string, string>> = {
  triton_backend: 'tensorrtllm',
  triton_max_batch_size: '64',
  decoupled_mode: 'false',
  max_queue_delay_microseconds: '0',
  max_queue_size: '0',
  encoder_input_features_data_type: 'TYPE_FP16',
  logits_datatype: 'TYPE_FP32',
  engine_dir: '/models/llama/engine',
  encoder_engine_dir: '',
  tokenizer_dir: '/models/llama/tokenizer',
  batching_strategy: 'inflight_fused_batching',
  batch_scheduler_policy: 'max_utilization',
  kv_cache_free_gpu_mem_fraction: '0.9',
  cross_kv_cache_fraction: '',
  max_tokens_in_paged_kv_cache: '',
  max_attention_window_size: '',
  sink_token_length: '',
  kv_cache_host_memory_bytes: '',
  kv_cache_onboard_blocks: 'true',
  enable_kv_cache_reuse: 'false',
  enable_chunked_context: 'false',
  enable_trt_overlap: 'false',
  enable_context_fmha_fp32_acc: 'false',
  exclude_input_in_output: 'true',
  normalize_log_probs: 'true',
  multi_block_mode: 'true',
  cuda_graph_mode: 'false',
  cuda_graph_cache_size: '0',
  max_beam_width: '1',
  decoding_mode: '',
  medusa_choices: '',
  eagle_choices: '',
  lookahead_window_size: '',
  lookahead_ngram_size: '',
  lookahead_verification_set_size: '',
  speculative_decoding_fast_logits: 'false',
  gpu_device_ids: '',
  participant_ids: '',
  num_nodes: '1',
  gpu_weights_percent: '1.0',
  lora_cache_optimal_adapter_size: '8',
  lora_cache_max_adapter_size: '64',
  lora_cache_gpu_memory_fraction: '0.05',
  lora_cache_host_memory_bytes: '1073741824',
  lora_prefetch_dir: '',
  iter_stats_max_iterations: '1000',
  request_stats_max_iterations: '0',
  stats_check_period_ms: '100',
  cancellation_check_period_ms: '100',
  guided_decoding_backend: '',
  xgrammar_tokenizer_info_path: '',
  bls_instance_count: '1',
  preprocessing_instance_count: '1',
  postprocessing_instance_count: '1',
};

export interface StressConfig {
  text: string;
  /** Where the template came from, printed with the figures. */
  source: string;
  inputs: number;
}

/** Splits the body of the first top-level `input [ ... ]` list into its `{ ... }` entries. */
function inputEntries(template: string): { before: string; entries: string[]; after: string } {
  const open = /^input \[\n/m.exec(template);
  const close = open && template.indexOf('\n]\n', open.index);
  if (!open || close === null || close < 0)
    throw new Error('stress template: no top-level `input [ ... ]` list');
  const bodyStart = open.index + open[0].length;
  // Entries are `  {` ... `  }` at two spaces of indent, separated by `,`.
  const entries = template
    .slice(bodyStart, close)
    .split(/\n {2}\},\n/)
    .map((e, i, all) => (i === all.length - 1 ? e : `${e}\n  }`));
  return { before: template.slice(0, bodyStart), entries, after: template.slice(close) };
}

/** A template written as repeated `input { ... }` blocks (the project's example) becomes the list form. */
function asInputList(template: string): string {
  const blocks = [...template.matchAll(/^input \{\n([\s\S]*?)^\}\n/gm)];
  if (blocks.length === 0) return template;
  const list = `input [\n${blocks.map((b) => `  {\n${b[1]!.replace(/^/gm, '  ').trimEnd()}\n  }`).join(',\n')}\n]\n`;
  const first = blocks[0]!.index;
  const last = blocks.at(-1)!;
  return template.slice(0, first) + list + template.slice(last.index + last[0].length);
}

export function generateStressConfig(repeat = STRESS_REPEAT): StressConfig {
  const fromCorpus = existsSync(CORPUS_TEMPLATE);
  const path = fromCorpus ? CORPUS_TEMPLATE : EXAMPLE_CONFIG;
  const template = asInputList(readFileSync(path, 'utf8'));
  const filled = substitute(template, VALUES);
  const { before, entries, after } = inputEntries(filled);
  const copies: string[] = [];
  for (let k = 0; k < repeat; k++) {
    const suffix = k === 0 ? '' : `_${k}`;
    for (const e of entries) copies.push(e.replace(/name: "([^"]*)"/, `name: "$1${suffix}"`));
  }
  return {
    text: `${before}${copies.join(',\n')}${after}`,
    source: fromCorpus
      ? 'NVIDIA r25.05 inflight_batcher_llm/tensorrt_llm (../shared/corpus)'
      : 'examples/model_repository/tensorrt_llm',
    inputs: entries.length * repeat,
  };
}
