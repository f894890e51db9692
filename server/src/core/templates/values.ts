import { z } from 'zod';
import { FILL_TEMPLATE_DEFAULTS, parseFillTemplateArgs } from './fillTemplateArgs';
import type { JsonNode } from '../json/readJson';
import { jsonValue, nodeAt, readJson } from '../json/readJson';
import { didYouMean } from '../util/didYouMean';

/**
 * Where a value came from, so that the editor can show it and diagnostics can point at it.
 * Offsets of a file source are those of the value's JSON text (quotes included).
 */
export type ValueSource =
  | { kind: 'file'; path: string; start: number; end: number }
  | { kind: 'env'; variable: string }
  | { kind: 'set'; argument: string; index: number }
  | { kind: 'default' };

/** One value as given: a variable, for one model or (no `model`) for every model. */
export interface ValueEntry {
  name: string;
  /** Model directory it applies to; absent for every model. */
  model?: string;
  /** An environment variable's <MODEL> part, resolved against the repository (ENGINE, BLS, ...). */
  modelAlias?: string;
  text: string;
  source: ValueSource;
  /** Precedence of the source: fill_template default 0, values file 1, environment 2, --set 3. */
  rank: number;
  /** Position within its source: a later entry wins over an earlier one (as fill_template's dict). */
  order: number;
}

/** The three sources (and fill_template's defaults) a render draws its values from. */
export interface ValueInputs {
  /** The repository's values file; `text` when the host has it (an unsaved editor), else it is read. */
  file?: { path: string; text?: string };
  /** Environment variables; only `TRTLLM__<MODEL>__<VARIABLE>` ones are read. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `--set` arguments: `key=value`, `model/key=value`, or fill_template's `key:value,key2:value2`. */
  set?: readonly string[];
  /** fill_template.py's defaults for `max_queue_size` and `max_queue_delay_microseconds` (default on). */
  fillTemplateDefaults?: boolean;
}

/** A problem with a source itself (malformed JSON, a bad `--set`), located at that source. */
export interface SourceProblem {
  message: string;
  source: ValueSource;
}

/** The values file a repository carries by default, and the name VS Code validates with our schema. */
export const VALUES_FILE = 'triton-values.json';

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'a value is a string, a number or a boolean',
});
const variables = z.record(z.string(), scalar);

/** The values file, as zod checks it (schemas/values.schema.json says the same for the editor). */
export const valuesFileSchema = z
  .object({
    $schema: z.string().optional(),
    /** Variables for every model of the repository. */
    values: variables.optional(),
    /** Variables for one model, by model directory name; they win over `values`. */
    models: z.record(z.string(), variables).optional(),
  })
  .strict();

export function fileSourceText(node: JsonNode): string {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return node.raw;
  if (node.kind === 'boolean') return node.value ? 'true' : 'false';
  return '';
}

/** What a values file gives: its usable entries, its problems, and the values a misspelt key holds. */
export interface ValuesFileRead {
  entries: ValueEntry[];
  problems: SourceProblem[];
  /**
   * Entries under a misspelt top-level key (`"modles"`), read as the key it suggests: not used, but a
   * variable they would fill is already explained by the misspelling (no `missing-value` for it).
   */
  misplaced: ValueEntry[];
}

const TOP_LEVEL_KEYS = Object.keys(valuesFileSchema.shape);

/**
 * Reads a values file into entries. The file is checked against its schema first; each problem is
 * reported at its place (a misspelt key with did-you-mean), and the valid rest is still used.
 */
export function valuesFromFile(path: string, text: string): ValuesFileRead {
  const at = (start: number, end: number): ValueSource => ({ kind: 'file', path, start, end });
  const parsed = readJson(text);
  if (!parsed.ok) {
    return {
      entries: [],
      misplaced: [],
      problems: [
        {
          message: `The values file is not valid JSON: ${parsed.error.message}.`,
          source: at(parsed.error.start, Math.max(parsed.error.end, parsed.error.start + 1)),
        },
      ],
    };
  }
  const root = parsed.root;
  const problems: SourceProblem[] = [];
  /** Paths (keys joined by NUL) whose content does not fit the schema: not used. */
  const refused = new Set<string>();
  const misspelt = new Map<string, string>();
  const checked = valuesFileSchema.safeParse(jsonValue(root));
  for (const issue of checked.success ? [] : checked.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const { member } = nodeAt(root, [...issue.path, key]);
        const hint = didYouMean(key, TOP_LEVEL_KEYS);
        if (hint && hint !== '$schema') misspelt.set(key, hint);
        problems.push({
          message: `The values file has no key "${key}" (${hint ? `did you mean "${hint}"?` : `it takes ${TOP_LEVEL_KEYS.map((k) => `"${k}"`).join(', ')}`}): nothing under it is used.`,
          source: at(member?.keyStart ?? root.start, member?.keyEnd ?? root.start + 1),
        });
      }
      continue;
    }
    refused.add(issue.path.map(String).join('\0'));
    const { node } = nodeAt(root, issue.path);
    const where = issue.path.length ? ` at "${issue.path.map(String).join('.')}"` : '';
    problems.push({
      message: `The values file does not fit its schema${where}: ${issue.message}; this value is not used.`,
      source: at(node.start, node.end),
    });
  }
  const usable = (keys: string[]) => !keys.some((_, i) => refused.has(keys.slice(0, i + 1).join('\0')));
  const read = (members: JsonNode, keys: string[], into: ValueEntry[], model?: string) => {
    if (members.kind !== 'object') return;
    for (const m of members.members) {
      if (!usable([...keys, m.key]) || !isScalar(m.value)) continue;
      into.push({
        name: m.key,
        ...(model !== undefined ? { model } : {}),
        text: fileSourceText(m.value),
        source: at(m.value.start, m.value.end),
        rank: 1,
        order: into.length,
      });
    }
  };
  const entries: ValueEntry[] = [];
  const misplaced: ValueEntry[] = [];
  if (root.kind === 'object' && usable([])) {
    for (const m of root.members) {
      const as = TOP_LEVEL_KEYS.includes(m.key) ? m.key : misspelt.get(m.key);
      const into = as === m.key ? entries : misplaced;
      const keys = as === m.key ? [m.key] : [];
      if (as === 'values') read(m.value, keys, into);
      if (as === 'models' && m.value.kind === 'object' && usable(keys))
        for (const model of m.value.members) read(model.value, [...keys, model.key], into, model.key);
    }
  }
  return { entries, problems, misplaced };
}

function isScalar(node: JsonNode): boolean {
  return node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean';
}

/** The prefix of the environment variables a render reads. */
export const ENV_PREFIX = 'TRTLLM__';

/** `TRTLLM__<MODEL>__<VARIABLE>=value`: the container wrapper's way to fill a template. */
export function valuesFromEnv(env: Readonly<Record<string, string | undefined>>): {
  entries: ValueEntry[];
  problems: SourceProblem[];
} {
  const entries: ValueEntry[] = [];
  const problems: SourceProblem[] = [];
  for (const variable of Object.keys(env).sort()) {
    const text = env[variable];
    if (!variable.startsWith(ENV_PREFIX) || text === undefined) continue;
    const source: ValueSource = { kind: 'env', variable };
    const parts = variable.slice(ENV_PREFIX.length).split('__');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      problems.push({
        message: `Environment variable ${variable} is not of the form TRTLLM__<MODEL>__<VARIABLE>.`,
        source,
      });
      continue;
    }
    // Template variables are lower case; environment variables are conventionally upper case.
    entries.push({
      name: parts[1].toLowerCase(),
      modelAlias: parts[0].toUpperCase(),
      text,
      source,
      rank: 2,
      order: entries.length,
    });
  }
  return { entries, problems };
}

const SINGLE = /^(?:([^/=:,\\]+)\/)?([_a-zA-Z][_a-zA-Z0-9]*)=([\s\S]*)$/;
const SCOPED_KEY = /^([^/]+)\/([\s\S]*)$/;

/**
 * `--set` arguments. `key=value` (optionally `model/key=value`) sets one value taken literally;
 * anything else is a fill_template.py substitution string, whose keys may also carry `model/`.
 */
export function valuesFromSet(args: readonly string[]): { entries: ValueEntry[]; problems: SourceProblem[] } {
  const entries: ValueEntry[] = [];
  const problems: SourceProblem[] = [];
  args.forEach((argument, index) => {
    const source: ValueSource = { kind: 'set', argument, index };
    const push = (key: string, text: string, model?: string) =>
      entries.push({
        name: key,
        ...(model !== undefined ? { model } : {}),
        text,
        source,
        rank: 3,
        order: entries.length,
      });
    const single = SINGLE.exec(argument);
    if (single) {
      push(single[2]!, single[3]!, single[1]);
      return;
    }
    const parsed = parseFillTemplateArgs(argument);
    if (!parsed.ok) {
      problems.push({ message: `--set "${argument}": ${parsed.message}.`, source });
      return;
    }
    for (const { key, value } of parsed.pairs) {
      const scoped = SCOPED_KEY.exec(key);
      if (scoped) push(scoped[2]!, value, scoped[1]);
      else push(key, value);
    }
  });
  return { entries, problems };
}

export function defaultEntries(): ValueEntry[] {
  return Object.entries(FILL_TEMPLATE_DEFAULTS).map(([name, text], order) => ({
    name,
    text,
    source: { kind: 'default' },
    rank: 0,
    order,
  }));
}

/** Short names for the models of TensorRT-LLM's repositories, as the container wrapper uses them. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  ENGINE: 'tensorrt_llm',
  BLS: 'tensorrt_llm_bls',
  PREPROCESSING: 'preprocessing',
  POSTPROCESSING: 'postprocessing',
  ENSEMBLE: 'ensemble',
  MULTIMODAL_ENCODERS: 'multimodal_encoders',
  WHISPER_BLS: 'whisper_bls',
  DISAGGREGATED_SERVING_BLS: 'disaggregated_serving_bls',
};

/** `ALL` names every model; an alias its model; any other name a model whose upper-cased name matches. */
export function modelsForAlias(alias: string, models: readonly string[]): string[] {
  if (alias === 'ALL') return [...models];
  const aliased = MODEL_ALIASES[alias];
  return models.filter((m) => m === aliased || m.toUpperCase().replace(/[^A-Z0-9]/g, '_') === alias);
}

/** Whether an entry applies to a model of the repository. */
export function appliesTo(entry: ValueEntry, model: string, models: readonly string[]): boolean {
  if (entry.modelAlias !== undefined) return modelsForAlias(entry.modelAlias, models).includes(model);
  return entry.model === undefined || entry.model === model;
}

/**
 * How closely an entry names its model: every model (no model, `ALL`) 0, a short alias of the container
 * wrapper (`ENGINE`, `BLS`, ...) 1, the model directory itself (`models.<dir>`, `model/key=`, or the
 * directory's name upper-cased in `TRTLLM__<MODEL>__`) 2.
 */
export function scopeLevel(e: ValueEntry): number {
  if (e.model !== undefined) return 2;
  if (e.modelAlias === undefined || e.modelAlias === 'ALL') return 0;
  return MODEL_ALIASES[e.modelAlias] !== undefined ? 1 : 2;
}

/**
 * The winning entry of several for one variable of one model (README, "Precedence"): the higher source
 * first (--set, TRTLLM__ variables, the values file, fill_template's defaults), then within it the closer
 * scope, then the later entry.
 */
export function winner(candidates: readonly ValueEntry[]): ValueEntry | undefined {
  let best: ValueEntry | undefined;
  const key = (e: ValueEntry) => [e.rank, scopeLevel(e), e.order];
  for (const c of candidates) {
    if (!best) {
      best = c;
      continue;
    }
    const [a, b] = [key(c), key(best)];
    const i = a.findIndex((x, j) => x !== b[j]);
    if (i !== -1 && a[i]! > b[i]!) best = c;
  }
  return best;
}
