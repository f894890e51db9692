// What the llmapi model's `<version>/model.yaml` holds: the keyword arguments of `tensorrt_llm.LLM(...)`
// (model.py passes the file's mapping, less `triton_config`, to the LLM API), plus `triton_config`,
// which model.py applies to the Triton model configuration through the Python backend's
// auto-complete. Types and docs are in our words.
//
// `confirmed: true` marks what TRTLLM_VERIFIED.md (sections 5 and 7.9) shows: the keys of the llmapi
// template's own model.yaml, its `triton_config`, and the LLM API arguments read in the sources. Each key
// carries its release range where the sources give one (`since`, `removedIn` with what replaces it), and
// whether only the TensorRT-engine path takes it (`engineOnly`). From TensorRT-LLM 1.0 the LLM API forbids
// unknown keys (pydantic `extra: forbid`, also in its nested configs), so an unknown key is an error there
// and a warning before (checkModelYaml.ts). Keys that are `confirmed: false` are listed in README.md.

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
  /** For maps: a pydantic model of the LLM API, which refuses unknown keys where the top level does (1.0+). */
  strictKeys?: boolean;
  /** The first TensorRT-LLM release (`major.minor`) whose LLM API the sources show taking it. */
  since?: string;
  /** The release that no longer takes it, and what to write instead. */
  removedIn?: string;
  replacement?: string;
  /** Only the TensorRT-engine path takes it; the PyTorch backend refuses it. What to do instead. */
  engineOnly?: string;
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
  k('use_uvm', 'bool', 'Keep the KV cache in unified (managed) memory.', { since: '1.0' }),
  // Every field is in the ≈1.0 source's KvCacheConfig (TRTLLM_VERIFIED.md 5.2).
].map((x) => ({ ...x, confirmed: true }));

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

/** A key of the ≈0.20/0.21 PyTorch LLM API source. */
const from020 = (key: string, type: YamlType, doc: string, extra: Partial<YamlKeyInfo> = {}): YamlKeyInfo =>
  k(key, type, doc, { confirmed: true, since: '0.20', ...extra });

const CUDA_GRAPH_REPLACEMENT =
  '`cuda_graph_config: {batch_sizes: [...], max_batch_size: N, enable_padding: true}` (1.0 and later; an empty mapping turns CUDA graphs on)';

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
  k(
    'cancellation_check_period_ms',
    'int',
    'How often, in milliseconds, model.py checks whether a request was cancelled (default 100; newer model.py only).',
    { confirmed: true, min: 1, strict: true },
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
    'Which runtime serves the model: `pytorch` runs the Hugging Face checkpoint directly (no engine build; the default from 1.0); `tensorrt` (or leaving it out before 1.0) builds or loads a TensorRT engine, which the Triton llmapi model no longer supports from 1.0; `_autodeploy` is experimental. Deprecated in the newest LLM API.',
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
  k('context_parallel_size', 'int', 'GPUs a long context is split across (context parallelism).', {
    min: 1,
    confirmed: true,
  }),
  k('moe_tensor_parallel_size', 'int', 'Mixture-of-experts models: tensor parallelism within the experts.', {
    min: 1,
    confirmed: true,
  }),
  k('moe_expert_parallel_size', 'int', 'Mixture-of-experts models: GPUs the experts are distributed over.', {
    min: 1,
    confirmed: true,
  }),
  k('moe_cluster_parallel_size', 'int', 'Mixture-of-experts models: cluster parallelism of the experts.', {
    min: 1,
    confirmed: true,
    since: '1.0',
  }),
  k('gpus_per_node', 'int', 'GPUs of each node, for multi-node runs.', {
    min: 1,
    confirmed: true,
    since: '1.0',
  }),
  k(
    'enable_attention_dp',
    'bool',
    'Data parallelism for the attention layers (each GPU runs attention on its own requests).',
    { confirmed: true, since: '1.0' },
  ),
  k('tokenizer', 'str', "A Hugging Face tokenizer id or directory, when it is not the model's own.", {
    confirmed: true,
  }),
  k('tokenizer_mode', 'str', 'Tokenizer flavour: `auto` (fast when available) or `slow`.', {
    values: ['auto', 'slow'],
    confirmed: true,
  }),
  k('skip_tokenizer_init', 'bool', 'Do not load a tokenizer: requests then send and receive token ids.', {
    confirmed: true,
  }),
  k(
    'trust_remote_code',
    'bool',
    "Allow the model's own Python code from the Hugging Face repository to run (needed by some architectures).",
    { confirmed: true },
  ),
  k('revision', 'str', 'Revision (branch, tag or commit) of the Hugging Face model.', { confirmed: true }),
  k('tokenizer_revision', 'str', 'Revision of the Hugging Face tokenizer.', { confirmed: true }),
  k('dtype', 'str', "Data type of the weights and activations; `auto` takes the checkpoint's.", {
    values: ['auto', 'float16', 'bfloat16', 'float32', 'half', 'float'],
    confirmed: true,
  }),
  k('load_format', 'str', 'How weights are loaded: `auto`, or `dummy` (random weights, for tests).', {
    values: ['auto', 'dummy'],
    confirmed: true,
  }),
  k(
    'max_batch_size',
    'int',
    "Most requests the runtime schedules in one iteration (its own limit, not Triton's `max_batch_size`).",
    { min: 1, confirmed: true },
  ),
  k('max_num_tokens', 'int', 'Most tokens, over all scheduled requests, processed in one iteration.', {
    min: 1,
    confirmed: true,
  }),
  k('max_seq_len', 'int', 'Longest sequence (prompt plus output) a request may reach.', {
    min: 1,
    confirmed: true,
  }),
  k('max_input_len', 'int', 'Longest prompt a request may send.', { min: 1, confirmed: true }),
  k('max_beam_width', 'int', 'Widest beam search a request may ask for (1: no beam search).', {
    min: 1,
    confirmed: true,
  }),
  k('kv_cache_config', 'map', 'The KV cache: how much memory it takes and whether blocks are reused.', {
    children: KV_CACHE_CONFIG,
    confirmed: true,
    strictKeys: true,
  }),
  k('enable_chunked_prefill', 'bool', 'Process long prompts in chunks, interleaved with generation.', {
    confirmed: true,
  }),
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
    confirmed: true,
  }),
  k(
    'pytorch_backend_config',
    'map',
    'Options of the PyTorch backend (`backend: pytorch`). Later releases move these options to the top level.',
    {
      confirmed: true,
      children: PYTORCH_BACKEND_CONFIG,
      removedIn: '0.20',
      replacement:
        'its options as top-level keys: `use_cuda_graph`, `cuda_graph_batch_sizes`, ... in 0.20 and 0.21; from 1.0 ' +
        CUDA_GRAPH_REPLACEMENT,
    },
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
      ].map((x) => ({ ...x, confirmed: true })),
      confirmed: true,
      strictKeys: true,
      since: '1.0',
    },
  ),
  from020('disable_overlap_scheduler', 'bool', 'Turn off the overlap scheduler of the PyTorch backend.'),
  from020('attn_backend', 'str', 'Attention kernels of the PyTorch backend.', {
    values: ['TRTLLM', 'FLASHINFER', 'FLASHINFER_STAR_ATTENTION', 'VANILLA'],
  }),
  from020('print_iter_log', 'bool', 'Log every iteration of the executor.'),
  from020('enable_iter_perf_stats', 'bool', 'Collect per-iteration performance statistics.'),
  k(
    'build_config',
    'map',
    'Engine build options when the TensorRT backend builds an engine from a checkpoint (max_batch_size, max_seq_len, plugin_config, ...). Deprecated: only a placeholder in the PyTorch LLM API; set the limits at the top level.',
    { open: true, confirmed: true },
  ),
  k(
    'quant_config',
    'map',
    'Quantisation: `quant_algo` (e.g. `FP8`, `W4A16_AWQ`), `kv_cache_quant_algo`, ...',
    {
      open: true,
      confirmed: true,
      engineOnly:
        'a checkpoint quantised beforehand (e.g. with NVIDIA ModelOpt): the PyTorch backend reads the quantisation from the checkpoint',
    },
  ),
  k('calib_config', 'map', 'Calibration for quantisation when the TensorRT backend builds an engine.', {
    open: true,
    confirmed: true,
    engineOnly: 'a checkpoint quantised beforehand (e.g. with NVIDIA ModelOpt)',
  }),
  k('speculative_config', 'map', 'Speculative decoding (draft model, EAGLE, Medusa, MTP, lookahead, ...).', {
    open: true,
    confirmed: true,
  }),
  k('decoding_config', 'map', 'Decoding mode options of the executor.', { open: true, confirmed: true }),
  k('lora_config', 'map', 'LoRA adapters: directories, modules, ranks.', { open: true, confirmed: true }),
  k('enable_lora', 'bool', 'Serve LoRA adapters.', { confirmed: true }),
  k('max_lora_rank', 'int', 'Largest LoRA rank an adapter may have.', {
    min: 1,
    confirmed: true,
    removedIn: '1.0',
    replacement: '`lora_config: {max_lora_rank: ..., max_loras: ..., max_cpu_loras: ...}`',
  }),
  k('max_loras', 'int', 'LoRA adapters kept on the GPU at once.', {
    min: 1,
    confirmed: true,
    removedIn: '1.0',
    replacement: '`lora_config: {max_lora_rank: ..., max_loras: ..., max_cpu_loras: ...}`',
  }),
  k('max_cpu_loras', 'int', 'LoRA adapters kept in host memory.', {
    min: 1,
    confirmed: true,
    removedIn: '1.0',
    replacement: '`lora_config: {max_lora_rank: ..., max_loras: ..., max_cpu_loras: ...}`',
  }),
  k('peft_cache_config', 'map', 'Cache of LoRA/PEFT weights.', { open: true, confirmed: true }),
  k('enable_prompt_adapter', 'bool', 'Serve prompt-tuning adapters.', {
    confirmed: true,
    engineOnly: 'nothing: prompt tuning is a TensorRT-engine feature',
  }),
  k('max_prompt_adapter_token', 'int', 'Most virtual tokens a prompt adapter may add.', {
    min: 0,
    confirmed: true,
    engineOnly: 'nothing: prompt tuning is a TensorRT-engine feature',
  }),
  k('guided_decoding_backend', 'str', 'Structured output (JSON schema, regex, grammar) engine.', {
    values: ['xgrammar', 'llguidance'],
    confirmed: true,
  }),
  k(
    'extended_runtime_perf_knob_config',
    'map',
    'TensorRT backend: runtime performance switches (multi-block mode, FP32 accumulation for context FMHA, CUDA graphs).',
    {
      open: true,
      confirmed: true,
      engineOnly:
        '`cuda_graph_config` for CUDA graphs; multi-block mode and FP32 context FMHA have no switch there',
    },
  ),
  k(
    'enable_build_cache',
    'any',
    'TensorRT backend: cache built engines (true, or a mapping with `cache_root` and limits).',
    { confirmed: true, engineOnly: 'nothing: the PyTorch backend builds no engine' },
  ),
  k('fast_build', 'bool', 'TensorRT backend: trade some engine performance for a faster build.', {
    confirmed: true,
    engineOnly: 'nothing: the PyTorch backend builds no engine',
  }),
  k('workspace', 'str', 'Directory for temporary files (built engines, ...).', {
    confirmed: true,
    engineOnly: 'nothing: the PyTorch backend builds no engine',
  }),
  k('embedding_parallel_mode', 'str', 'How the embedding table is split under tensor parallelism.', {
    values: ['NONE', 'SHARDING_ALONG_VOCAB', 'SHARDING_ALONG_HIDDEN'],
    confirmed: true,
    engineOnly: 'nothing: the PyTorch backend builds no engine',
  }),
  k('auto_parallel', 'bool', 'TensorRT backend: let the builder choose the parallelism.', {
    confirmed: true,
    engineOnly: '`tensor_parallel_size` / `pipeline_parallel_size`',
  }),
  k('auto_parallel_world_size', 'int', 'World size for `auto_parallel`.', {
    min: 1,
    confirmed: true,
    engineOnly: '`tensor_parallel_size` / `pipeline_parallel_size`',
  }),
  k('normalize_log_probs', 'bool', 'Normalise log probabilities of beam search results.', {
    confirmed: true,
    engineOnly: 'nothing (TensorRT engines only)',
  }),
  k('gather_generation_logits', 'bool', 'Keep generation logits so that requests can return them.', {
    confirmed: true,
  }),
  k('iter_stats_max_iterations', 'int', 'Iterations of statistics kept.', { min: 0, confirmed: true }),
  k('request_stats_max_iterations', 'int', 'Iterations of per-request statistics kept.', {
    min: 0,
    confirmed: true,
  }),
  k('batching_type', 'str', 'In-flight (`INFLIGHT`) or static (`STATIC`) batching.', {
    values: ['INFLIGHT', 'STATIC'],
    confirmed: true,
    engineOnly: 'nothing: the PyTorch backend always batches in flight',
  }),
  k('num_postprocess_workers', 'int', 'Processes that detokenise outputs (0: in the main process).', {
    min: 0,
    confirmed: true,
  }),
  k('postprocess_tokenizer_dir', 'str', 'Tokenizer the post-processing workers load.', { confirmed: true }),
  k(
    'garbage_collection_gen0_threshold',
    'int',
    "Python's generation-0 garbage collection threshold for the executor.",
    { min: 0, confirmed: true },
  ),
  k('enable_tqdm', 'bool', 'Show progress bars while loading.', { confirmed: true }),
  k('return_perf_metrics', 'bool', 'Return per-request performance metrics.', { confirmed: true }),
  // Keys of the PyTorch LLM API from 0.20 (TRTLLM_VERIFIED.md 5.2 and 7.9c); the CUDA-graph ones left in 1.0.
  ...(
    [
      ['use_cuda_graph', 'bool', 'Capture the decoding step in CUDA graphs.'],
      ['cuda_graph_padding_enabled', 'bool', 'Pad a batch to the next captured size.'],
      ['cuda_graph_batch_sizes', 'list', 'Batch sizes to capture CUDA graphs for.'],
      ['cuda_graph_max_batch_size', 'int', 'Largest batch size a CUDA graph is captured for.'],
    ] as const
  ).map(([key, type, doc]) =>
    from020(key, type, `${doc.slice(0, -1)} (0.20 and 0.21).`, {
      removedIn: '1.0',
      replacement: CUDA_GRAPH_REPLACEMENT,
    }),
  ),
  from020('moe_backend', 'str', 'Mixture-of-experts kernels (default `CUTLASS`).'),
  from020('kv_cache_dtype', 'str', 'Data type of the KV cache (`auto`, `fp8`).'),
  from020('mixed_sampler', 'bool', 'Let requests of one batch use different sampling methods.'),
  from020('enable_trtllm_sampler', 'bool', "Sample with TensorRT-LLM's own sampler."),
  from020('torch_compile_config', 'map', 'torch.compile options of the PyTorch backend.', { open: true }),
  from020('autotuner_enabled', 'bool', 'Tune kernels at start-up.'),
  from020('stream_interval', 'int', 'Iterations between streamed responses.', { min: 1 }),
  from020('enable_min_latency', 'bool', 'Kernels tuned for the lowest latency.'),
  from020('enable_iter_req_stats', 'bool', 'Collect per-iteration request statistics.'),
  from020('enable_layerwise_nvtx_marker', 'bool', 'NVTX markers per layer, for profiling.'),
  from020('moe_max_num_tokens', 'int', 'Mixture-of-experts models: most tokens per MoE step.', { min: 1 }),
  from020('moe_load_balancer', 'any', 'Mixture-of-experts models: expert load balancing.'),
  // Keys of the newest LLM API lists.
  k('moe_config', 'map', 'Mixture-of-experts options (`backend`, `max_num_tokens`, ...).', {
    confirmed: true,
    since: '1.0',
    open: true,
  }),
  k('cache_transceiver_config', 'map', 'KV cache transfer for disaggregated serving.', {
    confirmed: true,
    open: true,
  }),
  k('reasoning_parser', 'str', 'Separates the reasoning of reasoning models from their answer.', {
    confirmed: true,
  }),
  k('attention_dp_config', 'map', 'Attention data parallelism options.', { confirmed: true, open: true }),
  k('sampler_type', 'str', 'Which sampler runs (`auto`, `TorchSampler`, `TRTLLMSampler`).', {
    confirmed: true,
  }),
  k('enable_autotuner', 'bool', 'Tune kernels at start-up (newest name of `autotuner_enabled`).', {
    confirmed: true,
  }),
  k('allreduce_strategy', 'str', 'All-reduce kernels under tensor parallelism.', { confirmed: true }),
  k('checkpoint_format', 'str', 'Format of the checkpoint to load.', { confirmed: true }),
  k('kv_connector_config', 'map', 'KV cache connector (offloading to external storage).', {
    confirmed: true,
    open: true,
  }),
  k('sparse_attention_config', 'map', 'Sparse attention options.', { confirmed: true, open: true }),
  k('orchestrator_type', 'str', 'How the executor processes are orchestrated.', { confirmed: true }),
  k(
    'triton_config',
    'map',
    "Not an `LLM(...)` argument: model.py removes it and applies it to the Triton model configuration through auto-complete, which runs only when Triton is started without --disable-auto-complete-config (NVIDIA's launch_triton_server.py always passes that flag). Values written in config.pbtxt win over it.",
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
