import type { Problem } from '../diagnostics/problem';
import type { MessageValue, Value } from '../model/configModel';
import {
  boolOf,
  enumOf,
  mapEntries,
  messageOf,
  messagesOf,
  numbersOf,
  occurrencesOf,
  scalarOf,
  stringOf,
  valueOf,
  valuesOf,
} from '../model/configModel';
import { preferredSizes } from './dynamicBatching';
import type { Span } from './ruleKit';
import {
  enumNumber,
  fieldSpan,
  hasPlaceholder,
  isWritten,
  modelName,
  problem,
  valueOrMessage,
} from './ruleKit';
import type { CheckedModel, ModelRule } from './types';

const START = 'CONTROL_SEQUENCE_START';
const CORRID = 'CONTROL_SEQUENCE_CORRID';
/** Triton validates the boolean controls in this order, then CORRID. */
const CONTROL_KINDS = [START, 'CONTROL_SEQUENCE_END', 'CONTROL_SEQUENCE_READY', CORRID];
const VALUE_LISTS = ['int32_false_true', 'fp32_false_true', 'bool_false_true'] as const;
const CORRID_TYPES = new Set(['TYPE_UINT64', 'TYPE_INT64', 'TYPE_UINT32', 'TYPE_INT32', 'TYPE_STRING']);

/** Section 6, stage V: control inputs (SEQ-CTRL-*, SEQ-CORRID-*), then the strategy (SEQ-OLDEST-*, SEQ-DIRECT-UTIL). */
export const sequenceBatchingRule: ModelRule = (model) => {
  const sb = messageOf(model.config, 'sequence_batching');
  if (!sb) return [];
  const m = modelName(model);
  return [...controlInputNames(sb, m), ...controls(sb, m), ...strategy(model, sb, m)];
};

/** SEQ-CACHE (stage V): the response cache cannot serve the sequence batcher. */
export const sequenceBatchingWithoutCache: ModelRule = (model) => {
  const sb = occurrencesOf(model.config, 'sequence_batching')[0];
  const cache = messageOf(model.config, 'response_cache');
  if (!sb || !cache || boolOf(cache, 'enable') !== true) return [];
  return [
    problem(
      'triton/sequence-batching-with-cache',
      valueOf(cache, 'enable')!,
      `Response Cache does not currently support model ${modelName(model)} with sequence batching scheduler. Please disable the response cache.`,
      [{ at: { start: sb.nameStart, end: sb.nameEnd }, message: 'sequence batching is enabled here' }],
    ),
  ];
};

function controlInputNames(sb: MessageValue, m: string): Problem[] {
  const out: Problem[] = [];
  const first = new Map<string, Span>();
  for (const input of messagesOf(sb, 'control_input')) {
    const name = stringOf(input, 'name');
    if (name === undefined) continue;
    const at = valueOrMessage(input, 'name');
    if (name === '') {
      out.push(
        problem(
          'triton/control-input-without-name',
          at,
          `sequence batching control tensor must have a name for ${m}`,
        ),
      );
      continue;
    }
    const earlier = first.get(name);
    if (earlier) {
      out.push(
        problem(
          'triton/duplicate-control-input',
          at,
          `sequence batching control tensor '${name}' is specified for multiple control kinds for ${m}`,
          [{ at: earlier, message: `'${name}' is first given here` }],
        ),
      );
    } else first.set(name, at);
  }
  return out;
}

function controls(sb: MessageValue, m: string): Problem[] {
  const out: Problem[] = [];
  const first = new Map<string, Span>();
  for (const input of messagesOf(sb, 'control_input')) {
    for (const control of messagesOf(input, 'control')) {
      const written = enumOf(control, 'kind');
      if (written === undefined) continue;
      // An omitted kind is enum value 0; numbers outside the enum match no pass and are never checked.
      const kind = written === '' ? START : written;
      if (!CONTROL_KINDS.includes(kind)) continue;
      const at = valueOrMessage(control, 'kind');
      const earlier = first.get(kind);
      if (earlier) {
        out.push(
          problem(
            'triton/duplicate-control-kind',
            at,
            `sequence batching specifies multiple ${kind} tensors for ${m}`,
            [{ at: earlier, message: `the first ${kind} control` }],
          ),
        );
      } else first.set(kind, at);
      out.push(...(kind === CORRID ? corridControl(control, at, m) : booleanControl(control, kind, at, m)));
    }
  }
  return out;
}

function booleanControl(control: MessageValue, kind: string, at: Span, m: string): Problem[] {
  const lists = VALUE_LISTS.filter((name) => valuesOf(control, name).length > 0);
  if (lists.length === 0) {
    return [
      problem(
        'triton/control-without-values',
        at,
        `sequence batching must specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${m}`,
      ),
    ];
  }
  if (lists.length > 1) {
    return [
      problem(
        'triton/control-multiple-value-lists',
        fieldSpan(control, lists[1]!)!,
        `sequence batching specifies more than one from 'int32_false_true', 'fp32_false_true' and 'bool_false_true' for ${kind} for ${m}`,
      ),
    ];
  }
  const list = lists[0]!;
  const values = valuesOf(control, list);
  // A placeholder could stand for anything: the count is unknown until the template is filled.
  if (values.length === 2 || hasPlaceholder(values)) return [];
  return [
    problem(
      'triton/control-values-not-two',
      fieldSpan(control, list)!,
      `sequence batching control '${list}' must have exactly 2 entries for ${kind} for ${m}`,
    ),
  ];
}

function corridControl(control: MessageValue, at: Span, m: string): Problem[] {
  const out: Problem[] = [];
  const dataType = enumOf(control, 'data_type');
  if (dataType !== undefined && !CORRID_TYPES.has(dataType)) {
    out.push(
      problem(
        'triton/corrid-control-data-type',
        valueOf(control, 'data_type') ?? at,
        `unexpected data type for control ${CORRID} for ${m}. Allowed data types are TYPE_UINT64, TYPE_INT64, TYPE_UINT32, TYPE_INT32 and TYPE_STRING`,
      ),
    );
  }
  const list = VALUE_LISTS.find((name) => valuesOf(control, name).length > 0);
  if (list) {
    out.push(
      problem(
        'triton/corrid-control-with-values',
        fieldSpan(control, list)!,
        `sequence batching must not specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${CORRID} for ${m}`,
      ),
    );
  }
  return out;
}

function strategy(model: CheckedModel, sb: MessageValue, m: string): Problem[] {
  const oldest = messageOf(sb, 'oldest');
  if (oldest) {
    return preferredSizes(model, valuesOf(oldest, 'preferred_batch_size'), {
      notPositive: 'triton/oldest-preferred-size-not-positive',
      aboveMax: 'triton/oldest-preferred-size-above-max',
      notPositiveText: `sequence batching preferred batch size must be positive for ${m}`,
      aboveMaxText: `sequence batching preferred batch size must be <= max batch size for ${m}`,
    });
  }
  const direct = messageOf(sb, 'direct');
  const utilization = direct && scalarOf(direct, 'minimum_slot_utilization');
  if (!utilization || typeof utilization.value !== 'number') return [];
  // Triton's text says (0.0, 1.0] but its test accepts 0.0; NaN passes both comparisons.
  if (!(utilization.value < 0 || utilization.value > 1)) return [];
  return [
    problem(
      'triton/slot-utilization-out-of-range',
      utilization,
      `sequence batching minimum slot utilization must be in range (0.0, 1.0] for ${m}`,
    ),
  ];
}

// --- sequence states (stage I: when the sequence batcher is created) ------------------------------

/**
 * Section 6, stage I: SEQ-STATE-INIT-* for each state's initial_state, SEQ-STATE-DUP-INPUT,
 * SEQ-STATE-GROWABLE-*, and the duplicate names Triton only warns about.
 */
export const sequenceStatesRule: ModelRule = (model, repo) => {
  const sb = messageOf(model.config, 'sequence_batching');
  if (!sb) return [];
  const out: Problem[] = [];
  const withInitial = new Map<string, Span>();
  const inputs = new Map<string, Span>();
  const outputs = new Map<string, Span>();
  for (const state of messagesOf(sb, 'state')) {
    const name = stringOf(state, 'input_name');
    if (name === undefined) continue;
    const nameAt = valueOrMessage(state, 'input_name');
    const hasInitial = messagesOf(state, 'initial_state').length > 0;
    const earlierWithInitial = withInitial.get(name);
    if (hasInitial && earlierWithInitial) {
      out.push(
        problem(
          'triton/duplicate-state-input',
          nameAt,
          `State input name '${name}' specified more than once.`,
          [{ at: earlierWithInitial, message: `'${name}' is first given here, also with an initial_state` }],
        ),
      );
    } else {
      out.push(...duplicateName(state, 'input_name', inputs));
    }
    if (hasInitial && !earlierWithInitial) withInitial.set(name, nameAt);
    out.push(...duplicateName(state, 'output_name', outputs));
    out.push(...initialState(model, repo.options.checkLayout, state, name), ...growable(model, state, name));
  }
  return out;
};

/** Triton logs a warning for a repeated state name and ignores the repeat. */
function duplicateName(
  state: MessageValue,
  field: 'input_name' | 'output_name',
  seen: Map<string, Span>,
): Problem[] {
  const name = stringOf(state, field);
  const at = valueOf(state, field);
  if (!name || !at) return [];
  const earlier = seen.get(name);
  if (!earlier) {
    seen.set(name, at);
    return [];
  }
  return [
    problem('lint/duplicate-sequence-state', at, `Detected duplicate '${field}' in the state configuration`, [
      { at: earlier, message: `'${name}' is first given here; Triton ignores the repeat` },
    ]),
  ];
}

/** Triton's checks of one state's initial_state, in its order; it stops at the first failure. */
function initialState(
  model: CheckedModel,
  checkLayout: boolean,
  state: MessageValue,
  name: string,
): Problem[] {
  const all = messagesOf(state, 'initial_state');
  if (all.length > 1) {
    return [
      problem(
        'triton/initial-state-count',
        all[1]!,
        `initial_state field for state input '${name}' must contain exactly one or zero element. Found '${all.length}' elements.`,
      ),
    ];
  }
  const init = all[0];
  if (!init) return [];
  const first =
    initialDataType(state, init, name) ??
    initialName(init, name) ??
    initialDims(state, init, name) ??
    initialData(model, checkLayout, init, name);
  return first ? [first] : [];
}

function initialDataType(state: MessageValue, init: MessageValue, name: string): Problem | undefined {
  const a = enumNumber(init, 'data_type');
  const b = enumNumber(state, 'data_type');
  if (a === undefined || b === undefined || a === b) return undefined;
  return problem(
    'triton/initial-state-data-type',
    valueOrMessage(init, 'data_type'),
    `The data type used for 'initial_state' field of state '${name}' does not match the state data type.`,
    [{ at: valueOrMessage(state, 'data_type'), message: 'the state data type' }],
  );
}

function initialName(init: MessageValue, name: string): Problem | undefined {
  if (stringOf(init, 'name') !== '') return undefined;
  return problem(
    'triton/initial-state-without-name',
    valueOrMessage(init, 'name'),
    `Field 'name' must be set when using initial_state for state input '${name}'.`,
  );
}

function initialDims(state: MessageValue, init: MessageValue, name: string): Problem | undefined {
  const dims = numbersOf(init, 'dims');
  const stateDims = numbersOf(state, 'dims');
  if (!dims || !stateDims) return undefined;
  if (dims.length !== stateDims.length) {
    return problem(
      'triton/initial-state-rank',
      fieldSpan(init, 'dims') ?? init,
      `Number of dimensions in 'initial_state' doesn't match the size of 'state' dimensions for state input '${name}'. ${dims.length} != ${stateDims.length}`,
      [{ at: fieldSpan(state, 'dims') ?? state, message: `the state has ${stateDims.length} dimensions` }],
    );
  }
  const values = valuesOf(init, 'dims');
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    const sd = stateDims[i]!;
    if (d === -1) {
      return problem(
        'triton/initial-state-variable-dim',
        values[i]!,
        `'initial_state' field for state input name '${name}' contains variable dimensions.`,
      );
    }
    if (sd !== -1 && d !== sd) {
      return problem(
        'triton/initial-state-dim-mismatch',
        values[i]!,
        `'initial_state' dim for input name '${name}' doesn't match 'state' dim description. ${d} != ${sd}`,
        [{ at: valuesOf(state, 'dims')[i]!, message: `the state dim is ${sd}` }],
      );
    }
  }
  return undefined;
}

function initialData(
  model: CheckedModel,
  checkLayout: boolean,
  init: MessageValue,
  name: string,
): Problem | undefined {
  if (!isWritten(init, 'zero_data') && !isWritten(init, 'data_file')) {
    // Triton's text lacks the space after "state": copied as is.
    return problem(
      'triton/initial-state-without-data',
      init,
      `initial_state setting expects state'${name}' to have state_data set`,
    );
  }
  const file = valueOf(init, 'data_file');
  return checkLayout
    ? missingDataFile(model, file, 'initial_state', 'triton/initial-state-file-missing')
    : undefined;
}

/**
 * A data file named in the config that is not in `<model>/<folder>/`. Only plain file names are
 * checked (the loader reads one level below the model directory); callers skip this for loose configs.
 */
export function missingDataFile(
  model: CheckedModel,
  file: Value | undefined,
  folder: string,
  code: 'triton/initial-state-file-missing' | 'triton/warmup-data-file-missing',
): Problem | undefined {
  if (file?.kind !== 'scalar' || typeof file.value !== 'string') return undefined;
  const fileName = file.value;
  if (fileName === '' || fileName.includes('/')) return undefined;
  if (model.subdirEntries.get(folder)?.files.includes(fileName)) return undefined;
  // Triton prints the absolute path; its tail from the model directory on is what we know.
  return problem(code, file, `failed to open text file for read ${model.dir}/${folder}/${fileName}`);
}

function growable(model: CheckedModel, state: MessageValue, name: string): Problem[] {
  if (boolOf(state, 'use_growable_memory') !== true) return [];
  const at = valueOf(state, 'use_growable_memory')!;
  if (boolOf(state, 'use_same_buffer_for_input_output') === false) {
    return [
      problem(
        'triton/growable-state-without-single-buffer',
        at,
        `In order to 'use_growable_memory', you must also enable 'use_single_buffer' for state input name '${name}'.`,
      ),
    ];
  }
  // Only an explicit CPU or MODEL kind is certain; KIND_AUTO depends on the serving machine.
  for (const group of messagesOf(model.config, 'instance_group')) {
    const kind = enumOf(group, 'kind');
    if (kind !== 'KIND_CPU' && kind !== 'KIND_MODEL') continue;
    return [
      problem(
        'triton/growable-state-not-gpu',
        at,
        "'use_growable_memory' can only work with KIND_GPU model instances right now.",
        [{ at: valueOf(group, 'kind')!, message: `an instance group of kind ${kind}` }],
      ),
    ];
  }
  return [];
}

/**
 * SEQ-BATCH-STRATEGY (stage B): a custom batching strategy only applies to the dynamic batcher;
 * with the sequence batcher Triton logs this and uses its default strategy.
 */
export const batchStrategyWithSequenceBatcher: ModelRule = (model) => {
  const sb = occurrencesOf(model.config, 'sequence_batching')[0];
  if (!sb) return [];
  const out: Problem[] = [];
  for (const { key, value } of mapEntries(model.config, 'parameters')) {
    if (key?.kind !== 'scalar' || key.value !== 'TRITON_BATCH_STRATEGY_PATH' || value?.kind !== 'message')
      continue;
    if (!stringOf(value, 'string_value')) continue;
    out.push(
      problem(
        'lint/batch-strategy-with-sequence-batcher',
        key,
        'TRITON_BATCH_STRATEGY_PATH cannot be specified with sequence batcher, using default batching strategy',
        [{ at: { start: sb.nameStart, end: sb.nameEnd }, message: 'sequence batching is enabled here' }],
      ),
    );
  }
  return out;
};
