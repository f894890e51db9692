import { messageOf, messagesOf, scalarOf, stringOf, valueOf } from '../model/configModel';
import type { MessageValue, Value } from '../model/configModel';
import type { ModelUnderCheck, RepositoryUnderCheck } from '../rules/types';

/** A place in some file of the repository (offsets into that file's text). */
export interface FileLocation {
  path: string;
  start: number;
  end: number;
}

const within = (v: { start: number; end: number } | undefined, offset: number) =>
  v !== undefined && v.start <= offset && offset <= v.end;

type MapName = 'input_map' | 'output_map';

/** Where in an ensemble step an offset is: the step, and the model name or a map entry's key/value. */
interface StepContext {
  step: MessageValue;
  part?: 'model_name' | 'key' | 'value';
  map?: MapName;
  entry?: MessageValue;
}

function stepContext(config: MessageValue, offset: number): StepContext | undefined {
  const scheduling = messageOf(config, 'ensemble_scheduling');
  if (!scheduling) return undefined;
  for (const step of messagesOf(scheduling, 'step')) {
    if (!within(step, offset)) continue;
    if (within(scalarOf(step, 'model_name'), offset)) return { step, part: 'model_name' };
    for (const map of ['input_map', 'output_map'] as const) {
      for (const entry of messagesOf(step, map)) {
        if (!within(entry, offset)) continue;
        if (within(valueOf(entry, 'key'), offset)) return { step, map, entry, part: 'key' };
        if (within(valueOf(entry, 'value'), offset)) return { step, map, entry, part: 'value' };
        return { step, map, entry };
      }
    }
    return { step };
  }
  return undefined;
}

function str(v: Value | undefined): string | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

/** The `name` values of a model's inputs or outputs, with their locations. */
function tensors(
  model: ModelUnderCheck | undefined,
  kind: 'input' | 'output',
): { name: string; at: Value }[] {
  if (!model?.config) return [];
  const out: { name: string; at: Value }[] = [];
  for (const t of messagesOf(model.config, kind)) {
    const v = valueOf(t, 'name');
    const name = str(v);
    if (name !== undefined && v) out.push({ name, at: v });
  }
  return out;
}

function modelNamed(repo: RepositoryUnderCheck, name: string | undefined): ModelUnderCheck | undefined {
  return name === undefined ? undefined : repo.models.get(name);
}

/** Where a model is declared: its config's `name` value, or the start of its config file. */
function modelDeclaration(model: ModelUnderCheck): FileLocation {
  const name = model.config ? scalarOf(model.config, 'name') : undefined;
  return { path: model.configPath, start: name?.start ?? 0, end: name?.end ?? 0 };
}

/**
 * Go to definition in an ensemble: from a step's `model_name` to that model's config, from an
 * `input_map`/`output_map` key to the step model's input/output, and from a map value (an ensemble
 * tensor) to the ensemble input/output of that name or the step output that produces it.
 */
export function definition(
  repo: RepositoryUnderCheck,
  model: ModelUnderCheck,
  offset: number,
): FileLocation[] {
  if (!model.config) return [];
  const ctx = stepContext(model.config, offset);
  if (!ctx) return [];
  const target = modelNamed(repo, stringOf(ctx.step, 'model_name'));
  if (ctx.part === 'model_name') return target ? [modelDeclaration(target)] : [];
  if (!ctx.entry || !ctx.map) return [];
  const key = str(valueOf(ctx.entry, 'key'));
  const value = str(valueOf(ctx.entry, 'value'));
  const at = (m: ModelUnderCheck, v: Value): FileLocation => ({
    path: m.configPath,
    start: v.start,
    end: v.end,
  });
  if (ctx.part === 'key') {
    const declared = tensors(target, ctx.map === 'input_map' ? 'input' : 'output').filter(
      (t) => t.name === key,
    );
    return target ? declared.map((t) => at(target, t.at)) : [];
  }
  if (ctx.part === 'value' && value !== undefined) {
    const own = tensors(model, ctx.map === 'input_map' ? 'input' : 'output').filter((t) => t.name === value);
    if (own.length > 0) return own.map((t) => at(model, t.at));
    if (ctx.map === 'input_map') {
      // An internal tensor: defined where a step's output_map produces it.
      const scheduling = messageOf(model.config, 'ensemble_scheduling')!;
      const producers: FileLocation[] = [];
      for (const step of messagesOf(scheduling, 'step')) {
        for (const entry of messagesOf(step, 'output_map')) {
          const v = valueOf(entry, 'value');
          if (str(v) === value && v) producers.push(at(model, v));
        }
      }
      return producers;
    }
  }
  return [];
}

/**
 * References of a model: every ensemble step in the repository whose `model_name` names it. Asked
 * from the model's own config (anywhere) or from a step's `model_name`.
 */
export function references(
  repo: RepositoryUnderCheck,
  model: ModelUnderCheck,
  offset: number,
  includeDeclaration: boolean,
): FileLocation[] {
  let target = model;
  const ctx = model.config ? stepContext(model.config, offset) : undefined;
  if (ctx?.part === 'model_name') {
    const named = modelNamed(repo, stringOf(ctx.step, 'model_name'));
    if (!named) return [];
    target = named;
  }
  const out: FileLocation[] = includeDeclaration ? [modelDeclaration(target)] : [];
  for (const m of repo.models.values()) {
    const scheduling = m.config ? messageOf(m.config, 'ensemble_scheduling') : undefined;
    if (!scheduling) continue;
    for (const step of messagesOf(scheduling, 'step')) {
      const v = scalarOf(step, 'model_name');
      if (v && v.value === target.dir) out.push({ path: m.configPath, start: v.start, end: v.end });
    }
  }
  return out;
}

export interface NameCompletion {
  label: string;
  detail: string;
  /** The string literal being completed (quotes included), replaced by `"label"`. */
  start: number;
  end: number;
}

/**
 * Completions inside an ensemble step's strings: model names for `model_name`, the step model's
 * inputs/outputs for map keys, and ensemble tensors for map values.
 */
export function nameCompletions(
  repo: RepositoryUnderCheck,
  model: ModelUnderCheck,
  offset: number,
): NameCompletion[] {
  if (!model.config) return [];
  const ctx = stepContext(model.config, offset);
  if (!ctx?.part) return [];
  const literal =
    ctx.part === 'model_name' ? scalarOf(ctx.step, 'model_name') : valueOf(ctx.entry!, ctx.part);
  if (!literal) return [];
  const item = (label: string, detail: string): NameCompletion => ({
    label,
    detail,
    start: literal.start,
    end: literal.end,
  });
  if (ctx.part === 'model_name') {
    return [...repo.models.values()]
      .filter((m) => m.dir !== model.dir)
      .map((m) =>
        item(
          m.dir,
          m.config ? stringOf(m.config, 'backend') || stringOf(m.config, 'platform') || 'model' : 'model',
        ),
      );
  }
  const target = modelNamed(repo, stringOf(ctx.step, 'model_name'));
  if (ctx.part === 'key') {
    const kind = ctx.map === 'input_map' ? 'input' : 'output';
    return tensors(target, kind).map((t) => item(t.name, `${kind} of ${target!.dir}`));
  }
  const names = new Map<string, string>();
  if (ctx.map === 'input_map') {
    for (const t of tensors(model, 'input')) names.set(t.name, 'ensemble input');
    const scheduling = messageOf(model.config, 'ensemble_scheduling')!;
    for (const step of messagesOf(scheduling, 'step')) {
      if (step === ctx.step) continue;
      for (const entry of messagesOf(step, 'output_map')) {
        const v = str(valueOf(entry, 'value'));
        if (v !== undefined && !names.has(v)) names.set(v, `output of ${stringOf(step, 'model_name')}`);
      }
    }
  } else {
    for (const t of tensors(model, 'output')) names.set(t.name, 'ensemble output');
  }
  return [...names].map(([label, detail]) => item(label, detail));
}
