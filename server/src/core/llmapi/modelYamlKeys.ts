// What the llmapi model's `<version>/model.yaml` holds: the keyword arguments of `tensorrt_llm.LLM(...)`
// (model.py passes the file's mapping, less `triton_config`, to the LLM API), plus `triton_config`,
// which model.py applies to the Triton model configuration through the Python backend's
// auto-complete. Types and docs are in our words.
//
// `confirmed: true` marks what our reference material shows: the keys of the llmapi template's own
// model.yaml (TensorRT-LLM backend r25.05) and its `triton_config` (TRTLLM_FACTS.md section 1). Every
// other key comes from general knowledge of the LLM API (releases 0.17 to 1.x, whose argument set
// keeps moving) and is `confirmed: false`; README.md lists them. An unknown key is only a warning for
// that reason.

export type YamlType = 'str' | 'int' | 'float' | 'bool' | 'map' | 'list' | 'any';

export interface YamlKeyInfo {
  key: string;
  type: YamlType;
  doc: string;
  confirmed: boolean;
  /** Allowed string values (a value outside them is a warning: the set changes between releases). */
  values?: readonly string[];
  /** For numbers: a value outside [min, max] is a warning. */
  min?: number;
  max?: number;
  /** For maps: the keys we know. */
  children?: readonly YamlKeyInfo[];
  /** For maps: other keys are fine too (configs with many release-dependent fields). */
  open?: boolean;
  /**
   * Read by plain Python rather than validated by pydantic: no coercion at all, so a value of
   * another type is an error (the `triton_config` values end up in Triton's JSON model config).
   */
  strict?: boolean;
  /** null is not acceptable (the key is then as good as missing). */
  notNull?: boolean;
}

const k = (
  key: string,
  type: YamlType,
  doc: string,
  extra: Partial<Omit<YamlKeyInfo, 'key' | 'type' | 'doc'>> = {},
): YamlKeyInfo => ({ key, type, doc, confirmed: false, ...extra });

const KV_CACHE_CONFIG: YamlKeyInfo[] = [
  k(
    'free_gpu_memory_fraction',
    'float',
    'Share of the GPU memory left free after loading the weights that the KV cache may take (default 0.9).',
    { min: 0, max: 1 },
  ),
  k(
    'max_tokens',
    'int',
    'Upper bound on the tokens the KV cache holds; with `free_gpu_memory_fraction` the smaller one applies.',
    { min: 1 },
  ),
  k('enable_block_reuse', 'bool', 'Reuse cached KV blocks of shared prompt prefixes across requests.'),
  k('enable_partial_reuse', 'bool', 'Also reuse a block whose prefix matches only in part.'),
  k('copy_on_partial_reuse', 'bool', 'Copy a partially matched block instead of sharing it.'),
  k(
    'max_attention_window',
    'list',
    'Attention window per layer (a list of token counts, repeated over the layers); sliding-window attention.',
  ),
  k(
    'sink_token_length',
    'int',
    'Tokens kept at the start of the sequence when the attention window slides (StreamingLLM).',
    { min: 0 },
  ),
  k('host_cache_size', 'int', 'Bytes of host memory for offloaded KV blocks (0: no offloading).', { min: 0 }),
  k('onboard_blocks', 'bool', 'Bring offloaded blocks back to the GPU before use.'),
  k('secondary_offload_min_priority', 'int', 'Lowest block priority that is offloaded to host memory.'),
  k('event_buffer_max_size', 'int', 'KV cache events kept for KV-aware routing (0: none).', { min: 0 }),
  k(
    'cross_kv_cache_fraction',
    'float',
    'Encoder-decoder models: share of the KV cache for cross attention.',
    { min: 0, max: 1 },
  ),
  k('dtype', 'str', 'Data type of the KV cache (`auto` follows the model; `fp8` quantises it).'),
];

const PYTORCH_BACKEND_CONFIG: YamlKeyInfo[] = [
  k(
    'use_cuda_graph',
    'bool',
    'Capture the decoding step in CUDA graphs (faster generation, more memory and start-up time).',
    { confirmed: true },
  ),
  k('cuda_graph_batch_sizes', 'list', 'Batch sizes to capture CUDA graphs for.'),
  k('cuda_graph_max_batch_size', 'int', 'Largest batch size a CUDA graph is captured for.', { min: 0 }),
  k(
    'cuda_graph_padding_enabled',
    'bool',
    'Pad a batch to the next captured size so that it can run as a graph.',
  ),
  k('enable_overlap_scheduler', 'bool', 'Schedule the next step while the GPU runs the current one.'),
  k('attn_backend', 'str', 'Attention kernels.', {
    values: ['TRTLLM', 'FLASHINFER', 'FLASHINFER_STAR_ATTENTION', 'VANILLA'],
  }),
  k('moe_backend', 'str', 'Mixture-of-experts kernels (`CUTLASS`, `TRTLLM`, ...).'),
  k('kv_cache_dtype', 'str', 'Data type of the KV cache (`auto`, `fp8`).'),
  k('torch_compile_enabled', 'bool', 'Compile the model with torch.compile.'),
  k('enable_iter_perf_stats', 'bool', 'Collect per-iteration performance statistics.'),
  k('print_iter_log', 'bool', 'Log every iteration of the executor.'),
  k('load_format', 'str', 'How weights are loaded (`auto`; `dummy` for random weights in tests).'),
];

const TRITON_CONFIG: YamlKeyInfo[] = [
  k(
    'max_batch_size',
    'int',
    "Triton's `max_batch_size` for this model, set by model.py's auto-complete unless config.pbtxt sets it (0: Triton does not batch requests for it).",
    { confirmed: true, min: 0, strict: true, notNull: true },
  ),
  k(
    'decoupled',
    'bool',
    "Triton's `model_transaction_policy { decoupled }`, set by model.py's auto-complete unless config.pbtxt sets it. Streaming responses need `true`.",
    { confirmed: true, strict: true, notNull: true },
  ),
];

/** The top-level keys of model.yaml. */
export const MODEL_YAML_KEYS: readonly YamlKeyInfo[] = [
  k(
    'model',
    'str',
    'The model to serve: a Hugging Face model id (`org/name`, downloaded at start-up), a local Hugging Face checkpoint directory, or a TensorRT-LLM engine directory. Required: `LLM(...)` cannot be built without it.',
    { confirmed: true, notNull: true },
  ),
  k(
    'backend',
    'str',
    'Which runtime serves the model: `pytorch` runs the Hugging Face checkpoint directly (no engine build); `tensorrt` (or leaving it out in older releases) builds or loads a TensorRT engine; `_autodeploy` is experimental.',
    { confirmed: true, values: ['pytorch', 'tensorrt', '_autodeploy'] },
  ),
  k(
    'tensor_parallel_size',
    'int',
    'GPUs each layer is split across (tensor parallelism). The model needs tensor_parallel_size x pipeline_parallel_size GPUs.',
    { confirmed: true, min: 1 },
  ),
  k(
    'pipeline_parallel_size',
    'int',
    'Stages the layers are split into, one GPU group each (pipeline parallelism).',
    { confirmed: true, min: 1 },
  ),
  k('context_parallel_size', 'int', 'GPUs a long context is split across (context parallelism).', { min: 1 }),
  k('moe_tensor_parallel_size', 'int', 'Mixture-of-experts models: tensor parallelism within the experts.', {
    min: 1,
  }),
  k('moe_expert_parallel_size', 'int', 'Mixture-of-experts models: GPUs the experts are distributed over.', {
    min: 1,
  }),
  k('moe_cluster_parallel_size', 'int', 'Mixture-of-experts models: cluster parallelism of the experts.', {
    min: 1,
  }),
  k('gpus_per_node', 'int', 'GPUs of each node, for multi-node runs.', { min: 1 }),
  k(
    'enable_attention_dp',
    'bool',
    'Data parallelism for the attention layers (each GPU runs attention on its own requests).',
  ),
  k('tokenizer', 'str', "A Hugging Face tokenizer id or directory, when it is not the model's own."),
  k('tokenizer_mode', 'str', 'Tokenizer flavour: `auto` (fast when available) or `slow`.', {
    values: ['auto', 'slow'],
  }),
  k('skip_tokenizer_init', 'bool', 'Do not load a tokenizer: requests then send and receive token ids.'),
  k(
    'trust_remote_code',
    'bool',
    "Allow the model's own Python code from the Hugging Face repository to run (needed by some architectures).",
  ),
  k('revision', 'str', 'Revision (branch, tag or commit) of the Hugging Face model.'),
  k('tokenizer_revision', 'str', 'Revision of the Hugging Face tokenizer.'),
  k('dtype', 'str', "Data type of the weights and activations; `auto` takes the checkpoint's.", {
    values: ['auto', 'float16', 'bfloat16', 'float32', 'half', 'float'],
  }),
  k('load_format', 'str', 'How weights are loaded: `auto`, or `dummy` (random weights, for tests).', {
    values: ['auto', 'dummy'],
  }),
  k(
    'max_batch_size',
    'int',
    "Most requests the runtime schedules in one iteration (its own limit, not Triton's `max_batch_size`).",
    { min: 1 },
  ),
  k('max_num_tokens', 'int', 'Most tokens, over all scheduled requests, processed in one iteration.', {
    min: 1,
  }),
  k('max_seq_len', 'int', 'Longest sequence (prompt plus output) a request may reach.', { min: 1 }),
  k('max_input_len', 'int', 'Longest prompt a request may send.', { min: 1 }),
  k('max_beam_width', 'int', 'Widest beam search a request may ask for (1: no beam search).', { min: 1 }),
  k('kv_cache_config', 'map', 'The KV cache: how much memory it takes and whether blocks are reused.', {
    children: KV_CACHE_CONFIG,
  }),
  k('enable_chunked_prefill', 'bool', 'Process long prompts in chunks, interleaved with generation.'),
  k('scheduler_config', 'map', 'How requests are admitted and scheduled.', {
    children: [
      k('capacity_scheduler_policy', 'str', 'Admission policy.', {
        values: ['GUARANTEED_NO_EVICT', 'MAX_UTILIZATION', 'STATIC_BATCH'],
      }),
      k('context_chunking_policy', 'str', 'Order in which prompt chunks are processed.', {
        values: ['FIRST_COME_FIRST_SERVED', 'EQUAL_PROGRESS'],
      }),
      k('dynamic_batch_config', 'map', 'Tuning of the batch size and token budget at run time.', {
        open: true,
      }),
    ],
  }),
  k(
    'pytorch_backend_config',
    'map',
    'Options of the PyTorch backend (`backend: pytorch`). Later releases move these options to the top level.',
    { confirmed: true, children: PYTORCH_BACKEND_CONFIG },
  ),
  k(
    'cuda_graph_config',
    'map',
    'CUDA graphs (later releases; replaces `pytorch_backend_config.use_cuda_graph`).',
    {
      children: [
        k('batch_sizes', 'list', 'Batch sizes to capture graphs for.'),
        k('max_batch_size', 'int', 'Largest batch size to capture a graph for.', { min: 0 }),
        k('enable_padding', 'bool', 'Pad batches to the next captured size.'),
      ],
    },
  ),
  k(
    'disable_overlap_scheduler',
    'bool',
    'Later releases: turn off the overlap scheduler of the PyTorch backend.',
  ),
  k('attn_backend', 'str', 'Later releases: attention kernels of the PyTorch backend.', {
    values: ['TRTLLM', 'FLASHINFER', 'FLASHINFER_STAR_ATTENTION', 'VANILLA'],
  }),
  k('print_iter_log', 'bool', 'Later releases: log every iteration of the executor.'),
  k('enable_iter_perf_stats', 'bool', 'Later releases: collect per-iteration performance statistics.'),
  k(
    'build_config',
    'map',
    'Engine build options when the TensorRT backend builds an engine from a checkpoint (max_batch_size, max_seq_len, plugin_config, ...).',
    { open: true },
  ),
  k(
    'quant_config',
    'map',
    'Quantisation: `quant_algo` (e.g. `FP8`, `W4A16_AWQ`), `kv_cache_quant_algo`, ...',
    { open: true },
  ),
  k('calib_config', 'map', 'Calibration for quantisation when the TensorRT backend builds an engine.', {
    open: true,
  }),
  k('speculative_config', 'map', 'Speculative decoding (draft model, EAGLE, Medusa, MTP, lookahead, ...).', {
    open: true,
  }),
  k('decoding_config', 'map', 'Decoding mode options of the executor.', { open: true }),
  k('lora_config', 'map', 'LoRA adapters: directories, modules, ranks.', { open: true }),
  k('enable_lora', 'bool', 'Serve LoRA adapters.'),
  k('max_lora_rank', 'int', 'Largest LoRA rank an adapter may have.', { min: 1 }),
  k('max_loras', 'int', 'LoRA adapters kept on the GPU at once.', { min: 1 }),
  k('max_cpu_loras', 'int', 'LoRA adapters kept in host memory.', { min: 1 }),
  k('peft_cache_config', 'map', 'Cache of LoRA/PEFT weights.', { open: true }),
  k('enable_prompt_adapter', 'bool', 'Serve prompt-tuning adapters.'),
  k('max_prompt_adapter_token', 'int', 'Most virtual tokens a prompt adapter may add.', { min: 0 }),
  k('guided_decoding_backend', 'str', 'Structured output (JSON schema, regex, grammar) engine.', {
    values: ['xgrammar', 'llguidance'],
  }),
  k(
    'extended_runtime_perf_knob_config',
    'map',
    'TensorRT backend: runtime performance switches (multi-block mode, FP32 accumulation for context FMHA, CUDA graphs).',
    { open: true },
  ),
  k(
    'enable_build_cache',
    'any',
    'TensorRT backend: cache built engines (true, or a mapping with `cache_root` and limits).',
  ),
  k('fast_build', 'bool', 'TensorRT backend: trade some engine performance for a faster build.'),
  k('workspace', 'str', 'Directory for temporary files (built engines, ...).'),
  k('embedding_parallel_mode', 'str', 'How the embedding table is split under tensor parallelism.', {
    values: ['NONE', 'SHARDING_ALONG_VOCAB', 'SHARDING_ALONG_HIDDEN'],
  }),
  k('auto_parallel', 'bool', 'TensorRT backend: let the builder choose the parallelism.'),
  k('auto_parallel_world_size', 'int', 'World size for `auto_parallel`.', { min: 1 }),
  k('normalize_log_probs', 'bool', 'Normalise log probabilities of beam search results.'),
  k('gather_generation_logits', 'bool', 'Keep generation logits so that requests can return them.'),
  k('iter_stats_max_iterations', 'int', 'Iterations of statistics kept.', { min: 0 }),
  k('request_stats_max_iterations', 'int', 'Iterations of per-request statistics kept.', { min: 0 }),
  k('batching_type', 'str', 'In-flight (`INFLIGHT`) or static (`STATIC`) batching.', {
    values: ['INFLIGHT', 'STATIC'],
  }),
  k('num_postprocess_workers', 'int', 'Processes that detokenise outputs (0: in the main process).', {
    min: 0,
  }),
  k('postprocess_tokenizer_dir', 'str', 'Tokenizer the post-processing workers load.'),
  k(
    'garbage_collection_gen0_threshold',
    'int',
    "Python's generation-0 garbage collection threshold for the executor.",
    { min: 0 },
  ),
  k('enable_tqdm', 'bool', 'Show progress bars while loading.'),
  k('return_perf_metrics', 'bool', 'Return per-request performance metrics.'),
  k(
    'triton_config',
    'map',
    'Not an `LLM(...)` argument: model.py removes it and applies it to the Triton model configuration (auto-complete). Values written in config.pbtxt win over it.',
    { confirmed: true, children: TRITON_CONFIG },
  ),
];

/** The key's description at a path of keys, e.g. ['kv_cache_config', 'max_tokens']. */
export function keyInfoAt(path: readonly string[]): YamlKeyInfo | undefined {
  let level: readonly YamlKeyInfo[] | undefined = MODEL_YAML_KEYS;
  let found: YamlKeyInfo | undefined;
  for (const key of path) {
    found = level?.find((x) => x.key === key);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/** The keys known inside the mapping at `path` ([] for the top level); undefined when not known. */
export function keysUnder(path: readonly string[]): readonly YamlKeyInfo[] | undefined {
  if (path.length === 0) return MODEL_YAML_KEYS;
  return keyInfoAt(path)?.children;
}

export const TYPE_NAMES: Record<YamlType, string> = {
  str: 'string',
  int: 'integer',
  float: 'number',
  bool: 'boolean',
  map: 'mapping',
  list: 'list',
  any: 'any',
};
