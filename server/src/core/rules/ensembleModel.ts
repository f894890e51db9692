import type { MessageValue, ScalarValue, Value } from '../model/configModel';
import type { CheckedModel, RepositoryUnderCheck } from './types';
import { boolOf, messageOf, messagesOf, numberOf, scalarOf, stringOf, valueOf } from '../model/configModel';

/** One `input_map`/`output_map` entry that survives map semantics (the last one for its key). */
export interface MapEntry {
  key: string;
  value: string;
  keyAt: ScalarValue | undefined;
  valueAt: ScalarValue | undefined;
  entry: MessageValue;
}

/** An ensemble step, read the way Triton reads it: maps keyed by the step model's tensor name. */
export interface EnsembleStep {
  index: number;
  message: MessageValue;
  /** '' when absent; undefined when a placeholder. */
  modelName: string | undefined;
  modelNameAt: ScalarValue | undefined;
  inputMap: MapEntry[];
  outputMap: MapEntry[];
  /** Entries whose key was given again later in the same map (libprotobuf keeps the last silently). */
  shadowed: { map: 'input_map' | 'output_map'; shadowed: MapEntry; winner: MapEntry }[];
  /** A key or value of some map is a placeholder: the wiring is unknown until rendered. */
  templated: boolean;
}

const isPlaceholder = (v: Value | undefined) => v?.kind === 'placeholder';

function stringScalar(v: Value | undefined): ScalarValue | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v : undefined;
}

function readMap(step: MessageValue, name: 'input_map' | 'output_map', out: EnsembleStep): MapEntry[] {
  const byKey = new Map<string, MapEntry>();
  for (const entry of messagesOf(step, name)) {
    const k = valueOf(entry, 'key');
    const v = valueOf(entry, 'value');
    if (isPlaceholder(k) || isPlaceholder(v)) {
      out.templated = true;
      continue;
    }
    const e: MapEntry = {
      key: stringOf(entry, 'key') ?? '',
      value: stringOf(entry, 'value') ?? '',
      keyAt: stringScalar(k),
      valueAt: stringScalar(v),
      entry,
    };
    const previous = byKey.get(e.key);
    if (previous) {
      out.shadowed.push({ map: name, shadowed: previous, winner: e });
      // A re-inserted key keeps its place in insertion order in a JS Map; libprotobuf's map has no
      // order anyway, so only the surviving value matters.
    }
    byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

/** The steps of an ensemble config (empty when it has no ensemble_scheduling). */
export function ensembleSteps(config: MessageValue): EnsembleStep[] {
  const scheduling = messageOf(config, 'ensemble_scheduling');
  if (!scheduling) return [];
  return messagesOf(scheduling, 'step').map((message, index) => {
    const step: EnsembleStep = {
      index,
      message,
      modelName: stringOf(message, 'model_name'),
      modelNameAt: scalarOf(message, 'model_name'),
      inputMap: [],
      outputMap: [],
      shadowed: [],
      templated: false,
    };
    step.inputMap = readMap(message, 'input_map', step);
    step.outputMap = readMap(message, 'output_map', step);
    return step;
  });
}

/** Triton names a model by its config `name`, which autofill sets to the directory name when empty. */
export function modelNameOf(config: MessageValue, dir: string): string {
  const name = stringOf(config, 'name');
  return name === undefined || name === '' ? dir : name;
}

export function isEnsemble(config: MessageValue): boolean {
  return stringOf(config, 'platform') === 'ensemble';
}

/** A model's tensor as an ensemble sees it. Unknown parts (placeholders, omitted fields) are undefined. */
export interface TensorDecl {
  name: string;
  nameAt: ScalarValue | undefined;
  message: MessageValue;
  /** Enum name, e.g. TYPE_FP32; undefined when not given or a placeholder. */
  dataType: string | undefined;
  dataTypeAt: Value | undefined;
  /** `dims`, or `reshape.shape` when `useReshape` and a reshape is given. */
  dims: number[] | undefined;
  optional: boolean | undefined;
}

/**
 * The inputs or outputs of a config. Entries whose name is a placeholder are left out and make
 * the list incomplete (`complete: false`), as does an omitted list when backends may fill it in.
 */
export function tensorsOf(
  config: MessageValue,
  field: 'input' | 'output',
  useReshape: boolean,
): { tensors: TensorDecl[]; templated: boolean } {
  const tensors: TensorDecl[] = [];
  let templated = false;
  for (const message of messagesOf(config, field)) {
    const name = stringOf(message, 'name');
    if (name === undefined) {
      templated = true;
      continue;
    }
    const dtype = valueOf(message, 'data_type');
    const dataType =
      dtype?.kind === 'scalar' && dtype.enumName !== undefined && dtype.enumName !== 'TYPE_INVALID'
        ? dtype.enumName
        : undefined;
    const reshape = useReshape ? messageOf(message, 'reshape') : undefined;
    let dims: number[] | undefined;
    if (reshape) dims = numbersOfOrUndefined(reshape, 'shape');
    else if (messageHas(message, 'dims')) dims = numbersOfOrUndefined(message, 'dims');
    tensors.push({
      name,
      nameAt: scalarOf(message, 'name'),
      message,
      dataType,
      dataTypeAt: dtype,
      dims,
      optional: boolOf(message, 'optional'),
    });
  }
  return { tensors, templated };
}

function messageHas(message: MessageValue, name: string): boolean {
  return message.fields.some((f) => f.field.name === name);
}

function numbersOfOrUndefined(message: MessageValue, name: string): number[] | undefined {
  const out: number[] = [];
  for (const f of message.fields) {
    if (f.field.name !== name) continue;
    for (const v of f.values) {
      if (v.kind !== 'scalar') return undefined;
      out.push(Number(v.value));
    }
  }
  return out;
}

/** `max_batch_size`, undefined when a placeholder. */
export function maxBatchSizeOf(config: MessageValue): number | undefined {
  return numberOf(config, 'max_batch_size');
}

/** `model_transaction_policy.decoupled`; undefined when a placeholder. */
export function isDecoupled(config: MessageValue): boolean | undefined {
  const policy = messageOf(config, 'model_transaction_policy');
  return policy ? boolOf(policy, 'decoupled') : false;
}

/**
 * What an ensemble can know of a step model: `missing` when Triton could not poll it (no directory,
 * a config with syntax/schema errors, no config with auto-complete off); `unknown` when it has no
 * config but backends may make one; else the checked model.
 */
export function stepModel(repo: RepositoryUnderCheck, name: string): CheckedModel | 'missing' | 'unknown' {
  const model = repo.models.get(name);
  if (!model) return 'missing';
  if (model.text === undefined) return repo.options.autoComplete ? 'unknown' : 'missing';
  if (!model.clean || !model.config || model.text === undefined) return 'missing';
  return model as CheckedModel;
}
