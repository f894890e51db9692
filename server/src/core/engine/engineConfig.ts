// An engine's config.json (what trtllm-build, or a pre-0.8 build.py, writes) in one normalised shape,
// whichever layout it has, with the place each field was written. See TRTLLM_FACTS.md section 3.
import type { JsonNode, JsonObject } from '../json/readJson';
import { member, readJson } from '../json/readJson';

/** A field of the engine config: its value, and where to point for it. */
export interface EngineField<T> {
  value: T;
  start: number;
  end: number;
  /** JSON pointer of the field, e.g. `/build_config/max_batch_size`, for messages. */
  pointer: string;
  /**
   * True when the key is absent and `value` is the default the runtime assumes; the span is then
   * the object the key belongs in.
   */
  defaulted?: true;
}

export interface EngineConfig {
  /** `current`: version + pretrained_config + build_config (TRT-LLM >= 0.8); `legacy`: builder_config + plugin_config. */
  layout: 'current' | 'legacy';
  /** The key that tells the layout (`version`, else `pretrained_config`/`build_config`; `builder_config`). */
  marker: { start: number; end: number };
  /** TensorRT-LLM version of the builder (current layout only: legacy files have none). */
  version?: EngineField<string>;
  /** `pretrained_config.architecture` or `builder_config.name`. */
  architecture?: EngineField<string>;
  /** `pretrained_config.dtype` or `builder_config.precision`. */
  dtype?: EngineField<string>;
  /** Data type of the logits the engine produces (`float32` unless built with `--logits_dtype`). */
  logitsDtype?: EngineField<string>;
  tpSize?: EngineField<number>;
  ppSize?: EngineField<number>;
  cpSize?: EngineField<number>;
  maxBatchSize?: EngineField<number>;
  maxBeamWidth?: EngineField<number>;
  gatherContextLogits?: EngineField<boolean>;
  /** Whether the GPT attention plugin is on (a dtype string), off (`null`, or `false` in legacy files). */
  gptAttentionPlugin?: EngineField<boolean>;
  mambaConv1dPlugin?: EngineField<boolean>;
  removeInputPadding?: EngineField<boolean>;
  pagedKvCache?: EngineField<boolean>;
  pagedState?: EngineField<boolean>;
  /** `build_config.kv_cache_type`: `PAGED`, `CONTINUOUS` or `DISABLED` (TRT-LLM >= 0.13). */
  kvCacheType?: EngineField<string>;
  /** `use_paged_context_fmha`: needed for chunked context and KV-cache reuse (C16). */
  pagedContextFmha?: EngineField<boolean>;
}

export type EngineConfigResult =
  { ok: true; config: EngineConfig } | { ok: false; message: string; start: number; end: number };

/** Parses and normalises a config.json text. */
export function readEngineConfig(text: string): EngineConfigResult {
  const json = readJson(text);
  if (!json.ok) {
    const { start, end, message } = json.error;
    return { ok: false, start, end, message: `config.json is not valid JSON: ${message}` };
  }
  const root = json.root;
  if (root.kind !== 'object') {
    return { ok: false, start: root.start, end: root.end, message: 'config.json must hold a JSON object' };
  }
  const key = (name: string) => root.members.find((m) => m.key === name);
  const marker = key('version') ?? key('pretrained_config') ?? key('build_config');
  if (marker) return { ok: true, config: current(root, { start: marker.keyStart, end: marker.keyEnd }) };
  const old = key('builder_config');
  if (old) return { ok: true, config: legacy(root, { start: old.keyStart, end: old.keyEnd }) };
  return {
    ok: false,
    start: root.start,
    end: root.start + 1,
    message:
      'config.json is not a TensorRT-LLM engine config: it has neither "version", "pretrained_config" and "build_config" (TensorRT-LLM 0.8 and later) nor "builder_config" (earlier releases)',
  };
}

/** The world size the engine was built for: tp x pp x cp. */
export function worldSize(config: EngineConfig): number | undefined {
  if (!config.tpSize) return undefined;
  return config.tpSize.value * (config.ppSize?.value ?? 1) * (config.cpSize?.value ?? 1);
}

/** Whether a KV-cache setting satisfies in-flight batching: paged, or no KV cache at all. */
export function kvCacheIsPaged(config: EngineConfig): boolean | undefined {
  const type = config.kvCacheType?.value;
  if (type === 'PAGED' || type === 'DISABLED' || config.pagedKvCache?.value === true) return true;
  if (type === 'CONTINUOUS' || config.pagedKvCache?.value === false) return false;
  return undefined;
}

// --- reading fields -----------------------------------------------------------------------------

type Kind = 'string' | 'number' | 'boolean';
type ValueOf<K extends Kind> = K extends 'string' ? string : K extends 'number' ? number : boolean;

/** A field of `kind` at `path` under `root`; absent or of another type: undefined. */
function field<K extends Kind>(
  root: JsonObject,
  path: string[],
  kind: K,
): EngineField<ValueOf<K>> | undefined {
  let node: JsonNode | undefined = root;
  for (const key of path) node = member(node, key);
  if (node?.kind !== kind || !('value' in node)) return undefined;
  return { value: node.value as ValueOf<K>, start: node.start, end: node.end, pointer: '/' + path.join('/') };
}

/** A field, or `fallback` pointing at the object the key belongs in (when that object exists). */
function withDefault<T>(root: JsonObject, path: string[], found: EngineField<T> | undefined, fallback: T) {
  if (found) return found;
  let node: JsonNode | undefined = root;
  for (const key of path.slice(0, -1)) node = member(node, key);
  if (node?.kind !== 'object') return undefined;
  const f: EngineField<T> = {
    value: fallback,
    start: node.start,
    end: node.start + 1,
    pointer: '/' + path.join('/'),
    defaulted: true,
  };
  return f;
}

/** A plugin setting: a dtype string (or `true`) means on; `null` or `false` means off. */
function plugin(root: JsonObject, path: string[]): EngineField<boolean> | undefined {
  let node: JsonNode | undefined = root;
  for (const key of path) node = member(node, key);
  if (!node) return undefined;
  const on =
    node.kind === 'string'
      ? true
      : node.kind === 'boolean'
        ? node.value
        : node.kind === 'null'
          ? false
          : undefined;
  if (on === undefined) return undefined;
  return { value: on, start: node.start, end: node.end, pointer: '/' + path.join('/') };
}

function assign<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [k, v] of Object.entries(values))
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  return target;
}

/** TRT-LLM >= 0.8 (TRTLLM_FACTS.md 3.2). */
function current(root: JsonObject, marker: EngineConfig['marker']): EngineConfig {
  const pc = (k: string) => ['pretrained_config', k];
  const map = (k: string) => ['pretrained_config', 'mapping', k];
  const bc = (k: string) => ['build_config', k];
  const plug = (k: string) => ['build_config', 'plugin_config', k];
  return assign<EngineConfig>(
    { layout: 'current', marker },
    {
      version: field(root, ['version'], 'string'),
      architecture: field(root, pc('architecture'), 'string'),
      dtype: field(root, pc('dtype'), 'string'),
      logitsDtype: withDefault(
        root,
        pc('logits_dtype'),
        field(root, pc('logits_dtype'), 'string'),
        'float32',
      ),
      tpSize: field(root, map('tp_size'), 'number'),
      ppSize: withDefault(root, map('pp_size'), field(root, map('pp_size'), 'number'), 1),
      cpSize: withDefault(root, map('cp_size'), field(root, map('cp_size'), 'number'), 1),
      maxBatchSize: field(root, bc('max_batch_size'), 'number'),
      maxBeamWidth: field(root, bc('max_beam_width'), 'number'),
      gatherContextLogits: withDefault(
        root,
        bc('gather_context_logits'),
        field(root, bc('gather_context_logits'), 'boolean'),
        false,
      ),
      kvCacheType: field(root, bc('kv_cache_type'), 'string'),
      gptAttentionPlugin: plugin(root, plug('gpt_attention_plugin')),
      mambaConv1dPlugin: plugin(root, plug('mamba_conv1d_plugin')),
      removeInputPadding: field(root, plug('remove_input_padding'), 'boolean'),
      pagedKvCache: field(root, plug('paged_kv_cache'), 'boolean'),
      pagedState: field(root, plug('paged_state'), 'boolean'),
      pagedContextFmha: field(root, plug('use_paged_context_fmha'), 'boolean'),
    },
  );
}

/** Engines built before TRT-LLM 0.8 (TRTLLM_FACTS.md 3.4). */
function legacy(root: JsonObject, marker: EngineConfig['marker']): EngineConfig {
  const b = (k: string) => ['builder_config', k];
  const p = (k: string) => ['plugin_config', k];
  // The oldest builders had one flag for all token logits; later ones split context and generation.
  const gather =
    field(root, b('gather_context_logits'), 'boolean') ??
    field(root, b('gather_all_token_logits'), 'boolean');
  return assign<EngineConfig>(
    { layout: 'legacy', marker },
    {
      architecture: field(root, b('name'), 'string'),
      dtype: field(root, b('precision'), 'string'),
      logitsDtype: field(root, b('logits_dtype'), 'string'),
      tpSize: field(root, b('tensor_parallel'), 'number'),
      ppSize: withDefault(root, b('pipeline_parallel'), field(root, b('pipeline_parallel'), 'number'), 1),
      cpSize: withDefault(root, b('context_parallel'), field(root, b('context_parallel'), 'number'), 1),
      maxBatchSize: field(root, b('max_batch_size'), 'number'),
      maxBeamWidth: field(root, b('max_beam_width'), 'number'),
      gatherContextLogits: withDefault(root, b('gather_context_logits'), gather, false),
      gptAttentionPlugin: plugin(root, p('gpt_attention_plugin')),
      mambaConv1dPlugin: plugin(root, p('mamba_conv1d_plugin')),
      removeInputPadding: field(root, p('remove_input_padding'), 'boolean'),
      pagedKvCache: field(root, p('paged_kv_cache'), 'boolean'),
      pagedState: field(root, p('paged_state'), 'boolean'),
      pagedContextFmha: field(root, p('use_paged_context_fmha'), 'boolean'),
    },
  );
}
