// What each model of TensorRT-LLM's in-flight-batching repository reads from its `parameters` map
// (all values are `string_value`s). Source: the backend at c2e65b8 (r25.05), the last commit of
// tensorrtllm_backend that still held the models, and its docs/model_config.md; "since" names the
// backend tag whose templates first lacked (or renamed) a key. The wording is ours.

/** How a value is read. `path` and `string` are not checked (the filesystem is not ours to see). */
export type ParamType = 'bool' | 'int' | 'float' | 'string' | 'enum' | 'path' | 'list';

/** The five models of `all_models/inflight_batcher_llm`. */
export type ModelKind = 'tensorrt_llm' | 'preprocessing' | 'postprocessing' | 'tensorrt_llm_bls' | 'ensemble';

/** The two implementations behind the `tensorrt_llm` model: `backend: "tensorrtllm"` or `"python"`. */
export type TrtllmBackend = 'cpp' | 'python';

/** The syntax of a `list` value, so it can be checked. */
export type ListSyntax = 'ints' | 'id-sets' | 'choices';

export interface ParameterInfo {
  key: string;
  type: ParamType;
  /** Accepted values of an `enum` (as the C++ backend spells them). */
  values?: readonly string[];
  listSyntax?: ListSyntax;
  /** What the model uses when the key is absent or unusable, in words. */
  default?: string;
  /**
   * When the key must be present: `error`, the model fails to load without it; `release`, only
   * recent releases fail. For the tensorrt_llm model this is the C++ backend's requirement.
   */
  mandatory?: 'error' | 'release';
  /** Another key whose presence satisfies `mandatory` (either engine path will do). */
  orKey?: string;
  /** Enum values only the Python backend accepts. */
  pythonOnlyValues?: readonly string[];
  /** For the tensorrt_llm model: the implementations that read the key (absent: both). */
  backends?: readonly TrtllmBackend[];
  /** Inclusive bounds of a number, when the docs give them. */
  min?: number;
  max?: number;
  doc: string;
}

/** A key that no longer means anything to the model, or that is really another key's name. */
export interface RetiredKey {
  key: string;
  /** `renamed`: the replacement is read instead; `removed`: nothing reads it any more. */
  status: 'renamed' | 'removed';
  replacement?: string;
  /** The release whose templates first lacked it; absent for template variable names. */
  since?: string;
  /** Implementations that refuse to start when it is given (with a true value for a bool). */
  rejectedBy?: readonly TrtllmBackend[];
  note: string;
}

export interface ModelKindInfo {
  kind: ModelKind;
  /** Directory name in the templates. */
  dirName: string;
  title: string;
  parameters: readonly ParameterInfo[];
  retired: readonly RetiredKey[];
}

const p = (key: string, type: ParamType, doc: string, more: Partial<ParameterInfo> = {}): ParameterInfo => ({
  key,
  type,
  doc,
  ...more,
});

/** Options of Triton's Python backend itself, valid in any Python model. */
export const PYTHON_BACKEND_PARAMETERS: readonly ParameterInfo[] = [
  p(
    'FORCE_CPU_ONLY_INPUT_TENSORS',
    'enum',
    'Python backend option: `yes` copies every input tensor to CPU memory before `execute`, `no` leaves tensors where Triton produced them (GPU tensors stay on the GPU). Has no effect on the C++ backend.',
    { values: ['yes', 'no'], default: 'yes', backends: ['python'] },
  ),
  p(
    'EXECUTION_ENV_PATH',
    'path',
    'Python backend option: a packed conda environment (`.tar.gz`) to run `model.py` in, often under `$$TRITON_MODEL_DIRECTORY`.',
  ),
];

const ENGINE = ['cpp'] as const;

const TENSORRT_LLM: readonly ParameterInfo[] = [
  p(
    'gpt_model_type',
    'enum',
    'The batching mode: `inflight_fused_batching` (the usual choice) or `inflight_batching` schedule requests in flight; `V1` batches statically. Template variable `${batching_strategy}`.',
    {
      values: ['inflight_fused_batching', 'inflight_batching', 'V1', 'v1'],
      default: 'none: the C++ backend refuses to load; the Python backend uses the executor default',
      mandatory: 'error',
    },
  ),
  p(
    'gpt_model_path',
    'path',
    'Directory of the decoder engine built by `trtllm-build` (`config.json` and `rank<N>.engine`). Template variable `${engine_dir}`. The C++ backend needs this or `encoder_model_path`.',
    { default: 'empty (no decoder)', mandatory: 'error', orKey: 'encoder_model_path' },
  ),
  p(
    'encoder_model_path',
    'path',
    'Directory of the encoder engine of an encoder-decoder model; alone it makes an encoder-only model. Template variable `${encoder_engine_dir}`.',
    { default: 'empty (decoder only)', backends: ENGINE },
  ),
  p('max_beam_width', 'int', "Largest beam width a request may ask for; must not exceed the engine's.", {
    default: '1',
    min: 1,
  }),
  p('max_tokens_in_paged_kv_cache', 'int', 'Upper bound on the tokens the paged KV cache holds.', {
    default: 'unset: only `kv_cache_free_gpu_mem_fraction` limits it',
    min: 0,
  }),
  p(
    'max_attention_window_size',
    'list',
    'Sliding attention window in tokens: one number, or one per layer as a comma-separated list (`4096,4096`).',
    { listSyntax: 'ints', default: "the engine's max_seq_len" },
  ),
  p('sink_token_length', 'int', 'Tokens always kept at the start of the attention window (StreamingLLM).', {
    default: 'unset',
    min: 0,
  }),
  p(
    'batch_scheduler_policy',
    'enum',
    '`guaranteed_no_evict` admits a request only when its KV cache is guaranteed to the end; `max_utilization` packs more requests and may pause some.',
    { values: ['guaranteed_no_evict', 'max_utilization'], default: 'guaranteed_no_evict' },
  ),
  p(
    'kv_cache_free_gpu_mem_fraction',
    'float',
    'Share of the GPU memory left free after loading the engine that the KV cache may take (0 to 1).',
    { default: '0.9', min: 0, max: 1 },
  ),
  p(
    'cross_kv_cache_fraction',
    'float',
    'Encoder-decoder models: share of the KV cache given to cross attention (0 to 1).',
    { default: 'unset (required for encoder-decoder models)', min: 0, max: 1 },
  ),
  p('kv_cache_host_memory_bytes', 'int', 'Host memory (bytes) to offload KV cache blocks to.', {
    default: '0',
    min: 0,
  }),
  p('kv_cache_onboard_blocks', 'bool', 'Whether offloaded KV cache blocks are brought back to the GPU.', {
    default: 'true',
  }),
  p(
    'exclude_input_in_output',
    'bool',
    'Return only generated tokens, not the prompt; a request input of the same name overrides it.',
    {
      default: 'false',
    },
  ),
  p('cancellation_check_period_ms', 'int', 'How often (ms) the backend checks for cancelled requests.', {
    default: '100',
    min: 0,
  }),
  p('stats_check_period_ms', 'int', 'How often (ms) the backend collects statistics.', {
    default: '100',
    min: 0,
  }),
  p('iter_stats_max_iterations', 'int', 'Iterations whose statistics are kept.', {
    default: '1000',
    min: 0,
    backends: ENGINE,
  }),
  p('request_stats_max_iterations', 'int', 'Iterations whose per-request statistics are kept.', {
    default: '0',
    min: 0,
    backends: ENGINE,
  }),
  p(
    'enable_kv_cache_reuse',
    'bool',
    'Reuse KV cache blocks of shared prompt prefixes across requests (the engine needs paged context FMHA).',
    { default: 'true (false up to v0.18)' },
  ),
  p('normalize_log_probs', 'bool', 'Normalise the log probabilities returned with the output.', {
    default: 'true',
  }),
  p(
    'enable_chunked_context',
    'bool',
    'Split long prompts into chunks processed over several iterations (the engine needs `use_paged_context_fmha`).',
    { default: 'false' },
  ),
  p(
    'gpu_device_ids',
    'list',
    'GPUs the model uses: `0,1`; sets for several instances separated by `;` (`0,1;2,3`, instance i takes set i mod n). The Python backend takes a single `,` list.',
    { listSyntax: 'id-sets', default: 'chosen automatically' },
  ),
  p(
    'participant_ids',
    'list',
    'MPI ranks of the workers, same syntax as `gpu_device_ids`; required in orchestrator mode when workers are not spawned.',
    { listSyntax: 'id-sets', default: 'chosen automatically', backends: ENGINE },
  ),
  p('num_nodes', 'int', 'Nodes the model spans (multi-node tensor/pipeline parallelism).', {
    default: '1',
    min: 1,
    backends: ENGINE,
  }),
  p(
    'lora_cache_optimal_adapter_size',
    'int',
    'LoRA cache: the adapter size (in layers x rank units) it is tuned for.',
    {
      default: '8',
      min: 1,
    },
  ),
  p('lora_cache_max_adapter_size', 'int', 'LoRA cache: the largest adapter size it accepts.', {
    default: '64',
    min: 1,
  }),
  p('lora_cache_gpu_memory_fraction', 'float', 'LoRA cache: share of free GPU memory it may take.', {
    default: '0.05',
    min: 0,
    max: 1,
  }),
  p('lora_cache_host_memory_bytes', 'int', 'LoRA cache: host memory in bytes.', { default: '1 GiB', min: 0 }),
  p('lora_prefetch_dir', 'path', 'Directory of LoRA adapters loaded into the cache at start-up.', {
    default: 'unset',
    backends: ENGINE,
  }),
  p(
    'decoding_mode',
    'enum',
    'Decoding algorithm. `lookahead` needs the three `lookahead_*` keys; `auto` (Python backend only) lets the executor choose.',
    {
      values: [
        'top_k',
        'top_p',
        'top_k_top_p',
        'beam_search',
        'medusa',
        'redrafter',
        'lookahead',
        'eagle',
        'auto',
      ],
      pythonOnlyValues: ['auto'],
      default: '`top_k_top_p` (beam width 1) or `beam_search`',
    },
  ),
  p(
    'lookahead_window_size',
    'int',
    'Lookahead decoding: window size (W). Required with `decoding_mode: lookahead`.',
    {
      min: 1,
    },
  ),
  p(
    'lookahead_ngram_size',
    'int',
    'Lookahead decoding: n-gram size (N). Required with `decoding_mode: lookahead`.',
    {
      min: 1,
    },
  ),
  p(
    'lookahead_verification_set_size',
    'int',
    'Lookahead decoding: verification set size (G). Required with `decoding_mode: lookahead`.',
    { min: 1 },
  ),
  p('medusa_choices', 'list', 'Medusa tree: lists of head indices, `{0, 0, 0}, {0, 1}`.', {
    listSyntax: 'choices',
    default: 'mc_sim_7b_63',
  }),
  p('eagle_choices', 'list', 'EAGLE tree, in the same syntax as `medusa_choices`.', {
    listSyntax: 'choices',
    default: "the engine's choices",
  }),
  p(
    'gpu_weights_percent',
    'float',
    'Share of the weights kept on the GPU (0 to 1); below 1 needs an engine built with `--weight_streaming`.',
    { default: '1.0', min: 0, max: 1 },
  ),
  p('enable_context_fmha_fp32_acc', 'bool', 'Accumulate context FMHA in FP32.', { default: 'false' }),
  p('multi_block_mode', 'bool', 'Split long-sequence attention over several CUDA blocks.', {
    default: 'true',
  }),
  p('cuda_graph_mode', 'bool', 'Run generation steps through CUDA graphs.', { default: 'false' }),
  p('cuda_graph_cache_size', 'int', 'CUDA graphs kept in the cache.', { default: '0', min: 0 }),
  p(
    'speculative_decoding_fast_logits',
    'bool',
    'Pass draft logits between draft and target models directly (orchestrator mode without spawned workers only).',
    { default: 'false', backends: ENGINE },
  ),
  p(
    'tokenizer_dir',
    'path',
    'Tokenizer for guided decoding. The C++ backend (v0.19.0 and later) requires the key to be present, filled or not.',
    { default: 'guided decoding off', mandatory: 'release' },
  ),
  p('guided_decoding_backend', 'enum', 'Guided (structured) decoding engine.', {
    values: ['xgrammar'],
    default: 'guided decoding off',
    mandatory: 'release',
  }),
  p(
    'xgrammar_tokenizer_info_path',
    'path',
    'JSON file with the tokenizer information xgrammar needs (`encoded_vocab`, `tokenizer_str`, `stop_token_ids`).',
    { default: 'guided decoding off', mandatory: 'release', backends: ENGINE },
  ),
  p('executor_worker_path', 'path', 'Executable of the executor workers in orchestrator mode.', {
    default: '/opt/tritonserver/backends/tensorrtllm/trtllmExecutorWorker',
  }),
  p(
    'recv_poll_period_ms',
    'int',
    'Orchestrator mode: how often (ms) responses are polled; 0 is a busy loop.',
    {
      default: '0',
      min: 0,
      backends: ENGINE,
    },
  ),
];

const TENSORRT_LLM_RETIRED: readonly RetiredKey[] = [
  {
    key: 'enable_trt_overlap',
    status: 'removed',
    since: 'v0.10.0',
    rejectedBy: ['python'],
    note: 'The C++ backend ignores it with a warning; the Python backend refuses `true`. (Later releases in the TensorRT-LLM repository read it again as an experimental CUDA-graph option.)',
  },
  {
    key: 'worker_path',
    status: 'renamed',
    replacement: 'executor_worker_path',
    rejectedBy: ['python'],
    note: 'No longer supported: the C++ backend ignores it, the Python backend refuses to start.',
  },
  {
    key: 'max_kv_cache_length',
    status: 'renamed',
    replacement: 'max_attention_window_size',
    since: 'v0.7.0',
    note: 'The attention window replaced the KV cache length.',
  },
  {
    key: 'max_num_sequences',
    status: 'removed',
    since: 'v0.8.0',
    note: "Nothing reads it: the engine's max_batch_size bounds the requests in flight.",
  },
  {
    key: 'batching_strategy',
    status: 'renamed',
    replacement: 'gpt_model_type',
    note: '`batching_strategy` is the template variable; the key it fills is `gpt_model_type`.',
  },
  {
    key: 'engine_dir',
    status: 'renamed',
    replacement: 'gpt_model_path',
    note: '`engine_dir` is the template variable; the key it fills is `gpt_model_path`.',
  },
  {
    key: 'encoder_engine_dir',
    status: 'renamed',
    replacement: 'encoder_model_path',
    note: '`encoder_engine_dir` is the template variable; the key it fills is `encoder_model_path`.',
  },
];

/** true/false spellings the pre- and postprocessing models accept (case-insensitive). */
const PROCESSING_BOOL_DOC = 'Accepts true/false, 1/0, t/f, y/n, yes/no.';

const PREPROCESSING: readonly ParameterInfo[] = [
  p(
    'tokenizer_dir',
    'path',
    'Hugging Face tokenizer directory (or hub id) used to turn text into token ids.',
    {
      mandatory: 'error',
      default: 'none: the model fails to load',
    },
  ),
  p(
    'add_special_tokens',
    'bool',
    `Whether the tokenizer adds special tokens (BOS...). ${PROCESSING_BOOL_DOC}`,
    {
      default: 'true',
    },
  ),
  p(
    'multimodal_model_path',
    'path',
    'Vision encoder engine directory of a multimodal model; empty for text only.',
    {
      default: 'text only',
    },
  ),
  p(
    'gpt_model_path',
    'path',
    'LLM engine directory; read only for multimodal models (vocabulary size and prompt-table shape from its `config.json`). Template variable `${engine_dir}`.',
    { default: 'unset' },
  ),
  p('max_num_images', 'int', 'Most images per request (multimodal).', { default: 'unset', min: 1 }),
];

const PROCESSING_RETIRED: readonly RetiredKey[] = [
  {
    key: 'tokenizer_type',
    status: 'removed',
    since: 'v0.9.0',
    note: "The tokenizer's type is detected by Hugging Face's AutoTokenizer.",
  },
];

const PREPROCESSING_RETIRED: readonly RetiredKey[] = [
  ...PROCESSING_RETIRED,
  {
    key: 'visual_model_path',
    status: 'renamed',
    replacement: 'multimodal_model_path',
    since: 'v0.19.0',
    note: 'Renamed when encoders other than vision ones were added.',
  },
  {
    key: 'engine_dir',
    status: 'renamed',
    replacement: 'gpt_model_path',
    note: '`engine_dir` is the template variable; the key it fills is `gpt_model_path`.',
  },
];

const POSTPROCESSING: readonly ParameterInfo[] = [
  p(
    'tokenizer_dir',
    'path',
    'Hugging Face tokenizer directory (or hub id) used to turn token ids into text.',
    {
      mandatory: 'error',
      default: 'none: the model fails to load',
    },
  ),
  p('skip_special_tokens', 'bool', `Whether decoding drops special tokens. ${PROCESSING_BOOL_DOC}`, {
    default: 'true',
  }),
];

const BLS: readonly ParameterInfo[] = [
  p(
    'accumulate_tokens',
    'bool',
    'Streaming: send the text decoded so far with every response instead of the new piece only.',
    {
      default: 'false',
    },
  ),
  p('tensorrt_llm_model_name', 'string', 'Name of the tensorrt_llm model the BLS calls.', {
    default: 'tensorrt_llm',
  }),
  p('tensorrt_llm_draft_model_name', 'string', 'Name of the draft model for speculative decoding.', {
    default: 'none (no speculative decoding)',
  }),
  p('multimodal_encoders_name', 'string', 'Name of the multimodal encoders model.', { default: 'none' }),
];

export const MODEL_KINDS: readonly ModelKindInfo[] = [
  {
    kind: 'tensorrt_llm',
    dirName: 'tensorrt_llm',
    title: 'TensorRT-LLM model',
    parameters: TENSORRT_LLM,
    retired: TENSORRT_LLM_RETIRED,
  },
  {
    kind: 'preprocessing',
    dirName: 'preprocessing',
    title: 'TensorRT-LLM preprocessing model',
    parameters: PREPROCESSING,
    retired: PREPROCESSING_RETIRED,
  },
  {
    kind: 'postprocessing',
    dirName: 'postprocessing',
    title: 'TensorRT-LLM postprocessing model',
    parameters: POSTPROCESSING,
    retired: PROCESSING_RETIRED,
  },
  {
    kind: 'tensorrt_llm_bls',
    dirName: 'tensorrt_llm_bls',
    title: 'TensorRT-LLM BLS model',
    parameters: BLS,
    retired: [],
  },
  // The ensemble only wires tensors: Triton's ensemble scheduler reads no `parameters`.
  { kind: 'ensemble', dirName: 'ensemble', title: 'TensorRT-LLM ensemble', parameters: [], retired: [] },
];

export function kindInfo(kind: ModelKind): ModelKindInfo {
  return MODEL_KINDS.find((k) => k.kind === kind)!;
}

/**
 * The parameters a model of this kind reads, with the Python backend's own options for Python
 * models. For the tensorrt_llm model an undefined backend means "either" (a `${triton_backend}`).
 */
export function parametersOf(kind: ModelKind, backend?: TrtllmBackend): ParameterInfo[] {
  const own = kindInfo(kind).parameters;
  if (kind === 'ensemble') return [];
  const python = kind !== 'tensorrt_llm' || backend !== 'cpp';
  // The template sets FORCE_CPU_ONLY_INPUT_TENSORS whichever backend runs it; the C++ one ignores it.
  const common = python ? PYTHON_BACKEND_PARAMETERS : PYTHON_BACKEND_PARAMETERS.slice(0, 1);
  return [...own, ...common];
}

export function parameterInfo(
  kind: ModelKind,
  key: string,
  backend?: TrtllmBackend,
): ParameterInfo | undefined {
  return parametersOf(kind, backend).find((x) => x.key === key);
}

export function retiredKey(kind: ModelKind, key: string): RetiredKey | undefined {
  return kindInfo(kind).retired.find((r) => r.key === key);
}

/** Whether a backend reads the parameter (undefined backend: either may). */
export function readBy(param: ParameterInfo, backend: TrtllmBackend | undefined): boolean {
  return backend === undefined || !param.backends || param.backends.includes(backend);
}
