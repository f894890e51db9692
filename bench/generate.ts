/**
 * Deterministic generator of large, VALID config.pbtxt files for the benchmark.
 *
 * A real ModelConfig can only grow through its repeated fields, so the file is one header of
 * singular fields (name, backend, batching, optimization) followed by as many "feature sections" as
 * it takes to reach the target size. Each section adds inputs, outputs, `parameters` map entries,
 * instance groups, warmup samples and metric tags, written in the different styles people use
 * (list syntax and repeated blocks, `:` before messages or not, `{}` and `<>`, commas and
 * semicolons, comments), so the lexer and the validator see a realistic mix of tokens rather than
 * one line repeated.
 */

const DATA_TYPES = [
  'TYPE_BOOL',
  'TYPE_UINT8',
  'TYPE_INT32',
  'TYPE_INT64',
  'TYPE_FP16',
  'TYPE_FP32',
  'TYPE_BF16',
  'TYPE_STRING',
] as const;

/** Typical tensor extents: channels, hidden sizes, image sides. */
const EXTENTS = [1, 3, 16, 64, 128, 224, 512, 768] as const;

const WORDS = [
  'user',
  'item',
  'query',
  'image',
  'audio',
  'token',
  'embedding',
  'history',
  'context',
  'score',
  'mask',
  'position',
  'segment',
  'feature',
  'bucket',
  'session',
] as const;

/** A small seeded PRNG (mulberry32): same seed, same file, on every machine and Node version. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers bound to one PRNG, so every choice in a file comes from the same sequence. */
class Picker {
  constructor(private readonly rng: () => number) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  one<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** A dims list such as `[ -1, 128, 64 ]`; -1 only in the first position, as for variable length. */
  dims(): number[] {
    const rank = this.int(1, 4);
    const out: number[] = [];
    for (let i = 0; i < rank; i++) {
      out.push(i === 0 && this.chance(0.4) ? -1 : this.one(EXTENTS));
    }
    return out;
  }
}

function header(seed: number): string {
  return `# Synthetic recommender model for the triton-repo benchmark (seed ${seed}).
# Generated: every section below adds feature tensors, backend parameters,
# instance groups and warmup samples, the way very wide ranking models do.

name: "bench_wide_ranker"
backend: "python"
max_batch_size: 256
version_policy: { specific { versions: [ 1, 2, 0x3 ] } }

dynamic_batching {
  preferred_batch_size: [ 32, 64, 128 ]
  max_queue_delay_microseconds: 500
  priority_levels: 2
  default_priority_level: 1
  default_queue_policy { timeout_action: DELAY default_timeout_microseconds: 100000 max_queue_size: 4096 }
}

optimization {
  priority: PRIORITY_MAX
  input_pinned_memory { enable: true }
  output_pinned_memory: { enable: t }
}

model_transaction_policy { decoupled: false }
response_cache { enable: True }
`;
}

function dimsText(dims: readonly number[]): string {
  return `[ ${dims.join(', ')} ]`;
}

/** One ModelInput block; `sep` is the field separator style (space, comma or semicolon). */
function inputBlock(p: Picker, name: string, indent: string): string {
  const dims = p.dims();
  const sep = p.one([' ', ', ', '; ']);
  const fields = [`name: "${name}"`, `data_type: ${p.one(DATA_TYPES)}`];
  if (dims.length === 3 && p.chance(0.5)) fields.push(`format: ${p.one(['FORMAT_NCHW', 'FORMAT_NHWC'])}`);
  fields.push(`dims: ${dimsText(dims)}`);
  if (dims.length > 1 && dims.every((d) => d > 0) && p.chance(0.3)) {
    fields.push(`reshape: { shape: [ ${dims.reduce((a, b) => a * b, 1)} ] }`);
  }
  if (p.chance(0.3)) fields.push(`optional: ${p.one(['true', 'True', '1'])}`);
  if (dims[0] === -1 && p.chance(0.2)) fields.push('allow_ragged_batch: true');
  return `${indent}{ ${fields.join(sep)} }`;
}

/** One ModelOutput, written as a repeated multi-line block (the other common style). */
function outputBlock(p: Picker, name: string): string {
  const dims = p.dims();
  const lines = [`  name: "${name}"`, `  data_type: ${p.one(DATA_TYPES)}`, `  dims: ${dimsText(dims)}`];
  if (dims.length === 2 && dims.every((d) => d > 0) && p.chance(0.4)) {
    lines.push(`  reshape { shape: [ ${dims[0]! * dims[1]!} ] }   # flattened for the ranker head`);
  }
  if (p.chance(0.1)) lines.push(`  label_filename: "${name}_labels.txt"`);
  return `output {\n${lines.join('\n')}\n}`;
}

/** A `parameters` map entry; values carry escapes and adjacent-string concatenation now and then. */
function parameterEntry(p: Picker, key: string): string {
  const value = p.chance(0.15)
    ? `"path/to/${key}.bin"\n                   "?mode=\\"mmap\\"&retries=3\\n"`
    : `"${p.int(0, 1_000_000)}"`;
  return p.chance(0.5)
    ? `parameters { key: "${key}" value: { string_value: ${value} } }`
    : `parameters: {\n  key: "${key}"\n  value { string_value: ${value} }\n}`;
}

function instanceGroups(p: Picker, section: number): string {
  const gpu = `{ name: "ranker_${section}_gpu", kind: KIND_GPU, count: ${p.int(1, 4)}, gpus: [ 0, 1 ] }`;
  const cpu = `{ name: "ranker_${section}_cpu"; kind: KIND_CPU; count: ${p.int(1, 8)} }`;
  return `instance_group [\n  ${gpu},\n  ${cpu}\n]`;
}

function warmup(p: Picker, section: number, inputName: string): string {
  return `model_warmup <
  name: 'warm_${section}'
  batch_size: ${p.one([1, 8, 32])}
  inputs { key: "${inputName}" value: { data_type: TYPE_FP32 dims: [ 16 ] zero_data: true } }
>`;
}

const INPUTS_PER_SECTION = 8;
const OUTPUTS_PER_SECTION = 4;
const PARAMETERS_PER_SECTION = 6;

/** One section: inputs, outputs, parameters, two instance groups, a warmup sample and a metric tag. */
function section(p: Picker, s: number): string {
  const word = p.one(WORDS);
  const names = Array.from({ length: INPUTS_PER_SECTION }, (_, i) => `${word}_${s}_${i}`);
  const parts: string[] = [`\n# --- section ${s}: ${word} features ---`];
  parts.push(`input [\n${names.map((n) => inputBlock(p, n, '  ')).join(',\n')}\n]`);
  for (let i = 0; i < OUTPUTS_PER_SECTION; i++) parts.push(outputBlock(p, `${word}_${s}_out_${i}`));
  for (let i = 0; i < PARAMETERS_PER_SECTION; i++) parts.push(parameterEntry(p, `${word}_${s}_param_${i}`));
  parts.push(instanceGroups(p, s));
  parts.push(warmup(p, s, names[0]!));
  parts.push(`metric_tags { key: "section_${s}" value: "${word}" }  # dashboards group by section`);
  return parts.join('\n') + '\n';
}

export interface GeneratedConfig {
  text: string;
  /** Counts of the repeated blocks, printed so readers know what the file holds. */
  inputs: number;
  outputs: number;
  parameters: number;
}

/** A valid config of at least `targetBytes` bytes (a section past it at most), same output for the same seed. */
export function generateConfig(targetBytes: number, seed: number): GeneratedConfig {
  const p = new Picker(makeRng(seed));
  const parts = [header(seed)];
  let size = parts[0]!.length; // the text is ASCII, so length is the byte count
  let sections = 0;
  while (size < targetBytes) {
    const next = section(p, sections++);
    parts.push(next);
    size += next.length;
  }
  return {
    text: parts.join(''),
    inputs: sections * INPUTS_PER_SECTION,
    outputs: sections * OUTPUTS_PER_SECTION,
    parameters: sections * PARAMETERS_PER_SECTION,
  };
}
