// The files of a new llmapi model directory: our own config.pbtxt for the Python model that serves
// a Hugging Face model through the LLM API (inputs and outputs as TRTLLM_FACTS.md 6.2 names them),
// and a model.yaml with the model, its parallelism, the PyTorch backend and `triton_config`. The
// model's code (`1/model.py`) is TensorRT-LLM's and is not ours to write: it comes from the image or
// the TensorRT-LLM repository (`triton_backend/all_models/llmapi/tensorrt_llm/1/model.py`).

export interface LlmapiLayoutOptions {
  /** A Hugging Face model id (`org/name`) or a path inside the container. */
  model: string;
  /** The model directory's name, which is the Triton model name (default `tensorrt_llm`). */
  name?: string;
  tensorParallelSize?: number;
  pipelineParallelSize?: number;
  /** Streaming responses need a decoupled model (default false). */
  decoupled?: boolean;
}

export interface LayoutFile {
  /** Relative to the model repository, '/'-separated. */
  path: string;
  text: string;
}

/** Why the options cannot make a model directory, or undefined when they can. */
export function llmapiLayoutProblem(options: LlmapiLayoutOptions): string | undefined {
  const name = options.name ?? 'tensorrt_llm';
  if (options.model.trim() === '') return 'the model must be a Hugging Face model id or a path';
  if (/[\n\r]/.test(options.model)) return 'the model must be on one line';
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.startsWith('.'))
    return `"${name}" cannot be a model directory name`;
  for (const [flag, n] of [
    ['tensor parallel size', options.tensorParallelSize],
    ['pipeline parallel size', options.pipelineParallelSize],
  ] as const)
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) return `the ${flag} must be a positive integer`;
  return undefined;
}

const input = (name: string, type: string, dims: string, optional: boolean, why: string) =>
  `  {
    # ${why}
    name: "${name}"
    data_type: ${type}
    dims: [ ${dims} ]${optional ? '\n    optional: true' : ''}
  }`;

const output = (name: string, type: string, why: string) =>
  `  {
    # ${why}
    name: "${name}"
    data_type: ${type}
    dims: [ -1 ]
  }`;

/** The files of the model directory, relative to the repository. Throws on invalid options. */
export function llmapiModelFiles(options: LlmapiLayoutOptions): LayoutFile[] {
  const problem = llmapiLayoutProblem(options);
  if (problem) throw new Error(problem);
  const name = options.name ?? 'tensorrt_llm';
  const tp = options.tensorParallelSize ?? 1;
  const pp = options.pipelineParallelSize ?? 1;
  const config = `# TensorRT-LLM's llmapi model: serves a Hugging Face model through the LLM API, no engine build.
# The LLM API settings are in 1/model.yaml; 1/model.py is TensorRT-LLM's own
# (triton_backend/all_models/llmapi/tensorrt_llm/1/model.py in the TensorRT-LLM repository).
name: "${name}"
backend: "python"

# Also in triton_config of model.yaml, which only auto-complete applies: NVIDIA's launch_triton_server.py
# starts Triton with --disable-auto-complete-config, so they are written here too. model.py reads
# decoupled from model.yaml for its own streaming check: keep the two equal.
# 0: Triton hands requests over one by one; the LLM API batches them.
max_batch_size: 0
model_transaction_policy { decoupled: ${options.decoupled ? 'true' : 'false'} }

# One Python process drives the LLM API, which places the model on the GPUs itself
# (tensor_parallel_size x pipeline_parallel_size of them); KIND_GPU would start one per GPU.
instance_group [
  {
    count: 1
    kind: KIND_CPU
  }
]

input [
${[
  input('text_input', 'TYPE_STRING', '-1', false, 'the prompt'),
  input(
    'streaming',
    'TYPE_BOOL',
    '1',
    true,
    'stream tokens as they come (needs triton_config.decoupled: true)',
  ),
  input('sampling_param_max_tokens', 'TYPE_INT32', '1', true, 'most tokens to generate'),
  input('sampling_param_temperature', 'TYPE_FP32', '1', true, 'sampling temperature'),
  input('sampling_param_top_k', 'TYPE_INT32', '1', true, 'sample from the k most likely tokens'),
  input(
    'sampling_param_top_p',
    'TYPE_FP32',
    '1',
    true,
    'sample from the smallest set of tokens whose probabilities add up to p',
  ),
  input('return_finish_reason', 'TYPE_BOOL', '1', true, 'also return finish_reason'),
  input('return_stop_reason', 'TYPE_BOOL', '1', true, 'also return stop_reason'),
  input('return_cumulative_logprob', 'TYPE_BOOL', '1', true, 'also return cumulative_logprob'),
].join(',\n')}
]

output [
${[
  output('text_output', 'TYPE_STRING', 'the generated text'),
  output('finish_reason', 'TYPE_STRING', 'why generation stopped (when return_finish_reason is set)'),
  output(
    'stop_reason',
    'TYPE_STRING',
    'the stop string or token that ended it (when return_stop_reason is set)',
  ),
  output(
    'cumulative_logprob',
    'TYPE_FP32',
    'log probability of the output (when return_cumulative_logprob is set)',
  ),
].join(',\n')}
]
`;
  const yaml = `# LLM API settings of the llmapi model: model.py passes every key but triton_config to
# tensorrt_llm.LLM(...). The environment variable LLM_CONFIG_PATH can name another file.
model: ${JSON.stringify(options.model)}
backend: pytorch

# GPUs used: tensor_parallel_size x pipeline_parallel_size.
tensor_parallel_size: ${tp}
pipeline_parallel_size: ${pp}

# Applied to Triton's configuration of this model by model.py's auto-complete, which runs only without
# --disable-auto-complete-config; config.pbtxt says the same, and wins. Keep the two equal.
triton_config:
  max_batch_size: 0
  decoupled: ${options.decoupled ? 'true' : 'false'}
`;
  return [
    { path: `${name}/config.pbtxt`, text: config },
    { path: `${name}/1/model.yaml`, text: yaml },
  ];
}
