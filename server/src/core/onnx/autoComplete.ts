// What the ONNX Runtime backend's auto-complete (ModelState::AutoCompleteConfig) adds to a config from
// the model file, and the config text that writes it out (the quick fix for strict mode).
import type { MessageValue } from '../model/configModel';
import { has, messagesOf, numberOf, scalarOf } from '../model/configModel';
import type { OnnxSignature, OnnxValueInfo } from './readOnnx';
import { tritonType } from './readOnnx';

/** Triton's default `default-max-batch-size` backend setting, which the autofill uses. */
export const DEFAULT_MAX_BATCH_SIZE = 4;

export interface FilledTensor {
  name: string;
  dataType: string;
  dims: number[];
  /** `reshape { shape: [] }`: a tensor with only the batch dimension. */
  emptyReshape: boolean;
}

export interface AutoCompletePlan {
  /** Set when max_batch_size is filled in (from 0). */
  maxBatchSize?: number;
  /** An empty `dynamic_batching {}` is added. */
  dynamicBatching: boolean;
  /** Filled in when the config has no input (nor batch_input); undefined otherwise. */
  inputs?: FilledTensor[];
  /** Filled in when the config has no output; undefined otherwise. */
  outputs?: FilledTensor[];
  /** The model cannot batch but max_batch_size is not 0: the autofill fails. */
  batchingRefused?: true;
  /** max_batch_size in force after the autofill. */
  effectiveMaxBatchSize: number;
}

const shapeOf = (t: OnnxValueInfo): number[] => t.shape ?? [];

/** AutoCompleteMaxBatch: every input and output has a first dimension of -1. */
export function canBatch(sig: OnnxSignature): boolean {
  return [...sig.inputs, ...sig.outputs].every((t) => shapeOf(t).length > 0 && shapeOf(t)[0] === -1);
}

/** Whether the auto-complete runs at all: it skips configs with both inputs and outputs. */
export function autoCompleteRuns(config: MessageValue): boolean {
  const inputs = messagesOf(config, 'input').length + messagesOf(config, 'batch_input').length;
  return inputs === 0 || messagesOf(config, 'output').length === 0;
}

/**
 * What the auto-complete makes of `config` with this model. Undefined when it does not run (the config
 * has inputs and outputs), when max_batch_size is a placeholder, or when a model input or output is
 * not a plain tensor with a shape (what the backend does with those is not modelled).
 */
export function autoCompletePlan(config: MessageValue, sig: OnnxSignature): AutoCompletePlan | undefined {
  if (!autoCompleteRuns(config)) return undefined;
  const mbs = numberOf(config, 'max_batch_size');
  if (mbs === undefined) return undefined;
  // A value without a shape in the file may get one from ONNX Runtime's shape inference: unknown.
  if ([...sig.inputs, ...sig.outputs].some((t) => t.kind !== 'tensor' || !t.shape)) return undefined;
  const plan: AutoCompletePlan = { dynamicBatching: false, effectiveMaxBatchSize: mbs };
  if (canBatch(sig)) {
    if (mbs === 0) {
      plan.maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
      plan.effectiveMaxBatchSize = DEFAULT_MAX_BATCH_SIZE;
      plan.dynamicBatching =
        DEFAULT_MAX_BATCH_SIZE > 1 && !has(config, 'dynamic_batching') && !has(config, 'sequence_batching');
    }
  } else if (mbs !== 0) {
    plan.batchingRefused = true;
    return plan;
  }
  const fill = (t: OnnxValueInfo): FilledTensor => {
    const shape = shapeOf(t);
    const dims = plan.effectiveMaxBatchSize > 0 ? shape.slice(1) : shape;
    return {
      name: t.name,
      dataType: tritonType(t.elemType ?? 0),
      dims: dims.length > 0 ? dims : [1],
      emptyReshape: dims.length === 0 && plan.effectiveMaxBatchSize > 0,
    };
  };
  if (messagesOf(config, 'input').length + messagesOf(config, 'batch_input').length === 0)
    plan.inputs = sig.inputs.map(fill);
  if (messagesOf(config, 'output').length === 0) plan.outputs = sig.outputs.map(fill);
  return plan;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "max_batch_size 4, dynamic_batching {}, 2 inputs (a, b), 1 output (y)". */
export function describePlan(plan: AutoCompletePlan): string {
  const parts: string[] = [];
  if (plan.maxBatchSize !== undefined) parts.push(`max_batch_size ${plan.maxBatchSize}`);
  if (plan.dynamicBatching) parts.push('dynamic_batching {}');
  if (plan.inputs?.length)
    parts.push(`${plural(plan.inputs.length, 'input')} (${plan.inputs.map((t) => t.name).join(', ')})`);
  if (plan.outputs?.length)
    parts.push(`${plural(plan.outputs.length, 'output')} (${plan.outputs.map((t) => t.name).join(', ')})`);
  return parts.join(', ');
}

function tensorText(t: FilledTensor, indent: string): string {
  const lines = [
    `${indent}{`,
    `${indent}  name: ${JSON.stringify(t.name)}`,
    `${indent}  data_type: ${t.dataType}`,
    `${indent}  dims: [ ${t.dims.join(', ')} ]`,
  ];
  if (t.emptyReshape) lines.push(`${indent}  reshape: { shape: [ ] }`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function listText(field: string, tensors: FilledTensor[]): string {
  return `${field} [\n${tensors.map((t) => tensorText(t, '  ')).join(',\n')}\n]\n`;
}

/**
 * The config text for what the plan adds, to append at the end of the config (top-level fields may
 * come in any order). max_batch_size is included only when `withMaxBatchSize` (the caller replaces
 * a written `max_batch_size: 0` in place instead).
 */
export function planText(plan: AutoCompletePlan, withMaxBatchSize: boolean): string {
  let text = '';
  if (plan.maxBatchSize !== undefined && withMaxBatchSize) text += `max_batch_size: ${plan.maxBatchSize}\n`;
  if (plan.dynamicBatching) text += 'dynamic_batching { }\n';
  if (plan.inputs?.length) text += listText('input', plan.inputs);
  if (plan.outputs?.length) text += listText('output', plan.outputs);
  return text;
}

/**
 * The input of the quick fix (a diagnostic's `data`, or the code lens's command): the text to append,
 * and a max_batch_size to set in place when the config writes one.
 */
export function autoCompleteFixData(config: MessageValue, plan: AutoCompletePlan): Record<string, unknown> {
  const written = scalarOf(config, 'max_batch_size') !== undefined;
  return {
    append: planText(plan, !written),
    ...(plan.maxBatchSize !== undefined && written ? { maxBatchSize: plan.maxBatchSize } : {}),
  };
}
