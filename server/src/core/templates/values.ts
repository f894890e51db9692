import { z } from 'zod';
import { FILL_TEMPLATE_DEFAULTS, parseFillTemplateArgs } from './fillTemplateArgs';
import type { JsonNode } from '../json/readJson';
import { jsonValue, nodeAt, readJson } from '../json/readJson';

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

const scalar = z.union([z.string(), z.number(), z.boolean()]);
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

/** Reads a values file into entries; a malformed file yields problems and no entries. */
export function valuesFromFile(
  path: string,
  text: string,
): { entries: ValueEntry[]; problems: SourceProblem[] } {
  const at = (start: number, end: number): ValueSource => ({ kind: 'file', path, start, end });
  const parsed = readJson(text);
  if (!parsed.ok) {
    return {
      entries: [],
      problems: [
        {
          message: `The values file is not valid JSON: ${parsed.error.message}.`,
          source: at(parsed.error.start, Math.max(parsed.error.end, parsed.error.start + 1)),
        },
      ],
    };
  }
  const checked = valuesFileSchema.safeParse(jsonValue(parsed.root));
  if (!checked.success) {
    return {
      entries: [],
      problems: checked.error.issues.map((issue) => {
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
        const { node, member } = nodeAt(parsed.root, path);
        const where = path.length ? ` at "${path.join('.')}"` : '';
        const start = issue.code === 'unrecognized_keys' && member ? member.keyStart : node.start;
        const end = issue.code === 'unrecognized_keys' && member ? member.keyEnd : node.end;
        return {
          message: `The values file does not fit its schema${where}: ${issue.message}.`,
          source: at(start, end),
        };
      }),
    };
  }
  const entries: ValueEntry[] = [];
  const add = (members: JsonNode, model: string | undefined) => {
    if (members.kind !== 'object') return;
    for (const m of members.members) {
      entries.push({
        name: m.key,
        ...(model !== undefined ? { model } : {}),
        text: fileSourceText(m.value),
        source: at(m.value.start, m.value.end),
        rank: 1,
        order: entries.length,
      });
    }
  };
  const root = parsed.root;
  if (root.kind === 'object') {
    for (const m of root.members) {
      if (m.key === 'values') add(m.value, undefined);
      if (m.key === 'models' && m.value.kind === 'object')
        for (const model of m.value.members) add(model.value, model.key);
    }
  }
  return { entries, problems: [] };
}

const ENV_PREFIX = 'TRTLLM__';

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

/** The winning entry of several for one variable of one model (see README, "Precedence"). */
export function winner(candidates: readonly ValueEntry[]): ValueEntry | undefined {
  let best: ValueEntry | undefined;
  const key = (e: ValueEntry) => [
    e.rank,
    e.model !== undefined || e.modelAlias !== undefined ? (e.modelAlias === 'ALL' ? 0 : 1) : 0,
    e.order,
  ];
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
