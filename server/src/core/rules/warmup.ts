import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import {
  boolOf,
  enumOf,
  mapEntries,
  messagesOf,
  numberOf,
  numbersOf,
  stringOf,
  valueOf,
} from '../model/configModel';
import { missingDataFile } from './sequenceBatching';
import { dimsText, fieldSpan, isEnsemble, isWritten, modelName, problem, valueOrMessage } from './ruleKit';
import type { CheckedModel, ModelRule, RuleOptions } from './types';

/**
 * Section 10 (stage I, when instances are created; ensembles are refused earlier by ENS-WARMUP):
 * per sample, WU-BATCH0, then per input WU-VARDIM, WU-NO-DATA, WU-FILE, then the synthetic
 * request as Triton normalises it (WU-REQUEST).
 */
export const warmupRule: ModelRule = (model, repo) => {
  if (isEnsemble(model)) return [];
  const out: Problem[] = [];
  for (const sample of messagesOf(model.config, 'model_warmup'))
    out.push(...warmupSample(model, sample, repo.options));
  return out;
};

function warmupSample(model: CheckedModel, sample: MessageValue, options: RuleOptions): Problem[] {
  const batchSize = numberOf(sample, 'batch_size');
  // An unknown batch size may be 0, which skips the sample and all its checks.
  if (batchSize === undefined) return [];
  if (batchSize === 0) {
    const name = stringOf(sample, 'name') ?? '';
    return [
      problem(
        'lint/warmup-batch-size-zero',
        valueOrMessage(sample, 'batch_size'),
        `warmup sample '${name}' has batch_size 0: Triton skips it (Skipping batch 0 warmup sample)`,
      ),
    ];
  }
  const out: Problem[] = [];
  for (const { key, value } of mapEntries(sample, 'inputs')) {
    if (key?.kind !== 'scalar' || typeof key.value !== 'string' || value?.kind !== 'message') continue;
    const first = inputData(model, key.value, value, options);
    if (first) out.push(first);
  }
  if (out.length > 0) return out;
  return request(model, sample, options);
}

/** One warmup input's own data, in Triton's order; it stops at the first failure. */
function inputData(
  model: CheckedModel,
  name: string,
  input: MessageValue,
  options: RuleOptions,
): Problem | undefined {
  const dims = numbersOf(input, 'dims');
  const variable = dims?.findIndex((d) => d === -1) ?? -1;
  if (variable !== -1) {
    return problem(
      'triton/warmup-variable-dims',
      fieldSpan(input, 'dims')!,
      `warmup setting expects all variable-size dimensions are specified for input '${name}'`,
    );
  }
  if (
    !isWritten(input, 'zero_data') &&
    !isWritten(input, 'random_data') &&
    !isWritten(input, 'input_data_file')
  ) {
    return problem(
      'triton/warmup-input-without-data',
      input,
      `warmup setting expects input '${name}' to have input_data_type set`,
    );
  }
  if (!options.checkLayout) return undefined;
  return missingDataFile(
    model,
    valueOf(input, 'input_data_file'),
    'warmup',
    'triton/warmup-data-file-missing',
  );
}

/**
 * The warmup request against the config's inputs: data type, shape, and the count of required
 * inputs. Names that are not model inputs are override inputs and are not counted. With
 * auto-complete on and no inputs in the config, the backend supplies them: nothing to compare.
 */
function request(model: CheckedModel, sample: MessageValue, options: RuleOptions): Problem[] {
  const configInputs = messagesOf(model.config, 'input');
  if (configInputs.length === 0 && options.autoComplete) return [];
  const m = modelName(model);
  const byName = new Map<string, MessageValue>();
  for (const input of configInputs) {
    const name = stringOf(input, 'name');
    // An unknown input name makes the whole comparison unknown.
    if (name === undefined) return [];
    byName.set(name, input);
  }
  const out: Problem[] = [];
  const given = new Set<string>();
  for (const { key, value } of mapEntries(sample, 'inputs')) {
    if (key?.kind !== 'scalar' || typeof key.value !== 'string' || value?.kind !== 'message') continue;
    const config = byName.get(key.value);
    if (!config) continue;
    given.add(key.value);
    const p =
      dataTypeMismatch(key.value, value, config, m) ?? shapeMismatch(model, key.value, value, config, m);
    if (p) out.push(p);
  }
  const optional = configInputs.some((input) => boolOf(input, 'optional') !== false);
  // With optional inputs Triton words the count differently; only the exact-count case is reported.
  if (!optional && given.size !== byName.size && out.length === 0) {
    const missing = [...byName].filter(([name]) => !given.has(name));
    out.push(
      problem(
        'triton/warmup-missing-inputs',
        valueOf(sample, 'name') ?? sample,
        `expected ${byName.size} inputs but got ${given.size} inputs for model '${m}'`,
        missing.map(([name, input]) => ({
          at: valueOrMessage(input, 'name'),
          message: `input '${name}' has no data in this warmup sample`,
        })),
      ),
    );
  }
  return out;
}

/** Triton's protocol names for data types: `TYPE_FP32` is `FP32`, `TYPE_STRING` is `BYTES`. */
function protocolName(type: string): string {
  return type === 'TYPE_STRING' ? 'BYTES' : type.replace(/^TYPE_/, '');
}

function dataTypeMismatch(
  name: string,
  input: MessageValue,
  config: MessageValue,
  m: string,
): Problem | undefined {
  const given = enumOf(input, 'data_type');
  const expected = enumOf(config, 'data_type');
  // Unset on either side: the backend may fill the config's; the warmup's is not decidable here.
  if (
    !given ||
    !expected ||
    given === expected ||
    !given.startsWith('TYPE_') ||
    !expected.startsWith('TYPE_')
  )
    return undefined;
  return problem(
    'triton/warmup-data-type-mismatch',
    valueOf(input, 'data_type')!,
    `inference input '${name}' data-type is '${protocolName(given)}', but model '${m}' expects '${protocolName(expected)}'`,
    [{ at: valueOf(config, 'data_type')!, message: `input '${name}' is declared ${expected}` }],
  );
}

function shapeMismatch(
  model: CheckedModel,
  name: string,
  input: MessageValue,
  config: MessageValue,
  m: string,
): Problem | undefined {
  const given = numbersOf(input, 'dims');
  const expected = numbersOf(config, 'dims');
  const mbs = numberOf(model.config, 'max_batch_size');
  // Shape tensors and ragged inputs follow other shape rules; unset dims may come from the backend.
  if (!given || !expected || mbs === undefined || valueOf(config, 'dims') === undefined) return undefined;
  if (boolOf(config, 'is_shape_tensor') !== false || boolOf(config, 'allow_ragged_batch') !== false)
    return undefined;
  const fits =
    given.length === expected.length && given.every((d, i) => expected[i] === -1 || expected[i] === d);
  if (fits) return undefined;
  // Triton sends the sample as batch_size requests of one item each, so the batch dimension is 1.
  const full = mbs > 0 ? [-1, ...expected] : expected;
  const got = mbs > 0 ? [1, ...given] : given;
  return problem(
    'triton/warmup-shape-mismatch',
    fieldSpan(input, 'dims') ?? input,
    `unexpected shape for input '${name}' for model '${m}'. Expected ${dimsText(full)}, got ${dimsText(got)}`,
    [
      {
        at: fieldSpan(config, 'dims')!,
        message: `input '${name}' is declared with dims ${dimsText(expected)}`,
      },
    ],
  );
}
