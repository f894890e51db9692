// The ONNX Runtime backend's ValidateInputs / ValidateOutputs (ModelInstanceState), on a config and the
// signature of its model file, in the backend's order and with its messages
// (ONNXRUNTIME_BACKEND.md). Pure: the rule in rules/onnxModel.ts turns findings into problems.
import type { DiagnosticCode } from '../diagnostics/registry';
import type { MessageValue, ScalarValue } from '../model/configModel';
import {
  boolOf,
  enumOf,
  messageOf,
  messagesOf,
  occurrencesOf,
  scalarOf,
  valuesOf,
} from '../model/configModel';
import { knownString } from '../rules/known';
import { dimsText } from '../rules/ruleKit';
import type { OnnxSignature, OnnxValueInfo } from './readOnnx';
import { tritonType } from './readOnnx';

interface Span {
  start: number;
  end: number;
}

export interface Finding {
  code: DiagnosticCode;
  at: Span;
  message: string;
  /** The model's tensor(s) the finding is about, for the related location. */
  tensors: { kind: 'input' | 'output'; info: OnnxValueInfo }[];
  /** Other places in the config. */
  related?: { at: Span; message: string }[];
}

/** `TYPE_FP32 [-1,3,224,224]` (shape unknown: `TYPE_FP32, no shape`). */
export function tensorSummary(t: OnnxValueInfo): string {
  if (t.kind !== 'tensor') return `a ${t.kind.replace('_', ' ')}, not a tensor`;
  const type = tritonType(t.elemType ?? 0);
  if (!t.shape) return `${type}, no shape`;
  const params = (t.dimParams ?? []).filter((p) => p !== '');
  return `${type} ${dimsText(t.shape)}${params.length ? ` (${params.join(', ')} variable)` : ''}`;
}

/** The integers of a repeated field, undefined when one is a placeholder. */
function integers(message: MessageValue, field: string): { values: number[]; span?: Span } | undefined {
  const values: number[] = [];
  const items = valuesOf(message, field);
  for (const v of items) {
    if (v.kind !== 'scalar') return undefined;
    values.push(Number((v as ScalarValue).value));
  }
  const first = items[0];
  const last = items[items.length - 1];
  return { values, ...(first && last ? { span: { start: first.start, end: last.end } } : {}) };
}

function fieldNameSpan(message: MessageValue, field: string): Span | undefined {
  const occ = occurrencesOf(message, field)[0];
  return occ ? { start: occ.nameStart, end: occ.nameEnd } : undefined;
}

/** The shape the backend compares: `reshape.shape` when there is a reshape, else `dims`. */
function configShape(tensor: MessageValue): { values: number[]; at: Span } | undefined {
  const reshape = messageOf(tensor, 'reshape');
  const brace = { start: tensor.start, end: tensor.start + 1 };
  if (reshape) {
    const shape = integers(reshape, 'shape');
    if (!shape) return undefined;
    return { values: shape.values, at: shape.span ?? fieldNameSpan(tensor, 'reshape') ?? brace };
  }
  const dims = integers(tensor, 'dims');
  // No dims at all is Triton's own complaint (triton/io-missing-dims), not the backend's.
  if (!dims?.span) return undefined;
  return { values: dims.values, at: dims.span };
}

export interface ValidateInput {
  /** `<model>` in the messages. */
  model: string;
  config: MessageValue;
  signature: OnnxSignature;
  /** max_batch_size in force (after the auto-complete's fill); undefined when a placeholder. */
  maxBatchSize: number | undefined;
  /** Auto-complete filled these lists in: they match the model by construction. */
  inputsFilled: boolean;
  outputsFilled: boolean;
  /** Where to point when the config has no input to point at (the model's name). */
  anchor: Span;
}

/** CompareDimsSupported (backend_common.cc): undefined when the shapes agree. */
export function compareDims(
  model: string,
  tensor: string,
  modelShape: number[],
  dims: number[],
  maxBatchSize: number,
  exact: boolean,
): { code: DiagnosticCode; message: string } | undefined {
  const same = (full: number[]) =>
    modelShape.length === full.length &&
    full.every((d, i) => (!exact && modelShape[i] === -1) || modelShape[i] === d);
  const head = `model '${model}', tensor '${tensor}': `;
  if (maxBatchSize > 0) {
    if (modelShape.length === 0 || modelShape[0] !== -1)
      return {
        code: 'onnx/batch-dimension-not-variable',
        message: `${head}for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1; but shape expected by the model is ${dimsText(modelShape)}`,
      };
    const full = [-1, ...dims];
    if (same(full)) return undefined;
    return {
      code: 'onnx/shape-mismatch',
      message: `${head}the model expects ${modelShape.length} dimensions (shape ${dimsText(modelShape)}) but the model configuration specifies ${full.length} dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape ${dimsText(full)})`,
    };
  }
  if (same(dims)) return undefined;
  return {
    code: 'onnx/shape-mismatch',
    message: `${head}the model expects ${modelShape.length} dimensions (shape ${dimsText(modelShape)}) but the model configuration specifies ${dims.length} dimensions (shape ${dimsText(dims)})`,
  };
}

/** The scalar rule: a rank-0 model tensor takes only 1s in the config. */
function scalarFinding(v: ValidateInput, name: string, dims: number[]): string | undefined {
  if (dims.every((d) => d === 1)) return undefined;
  return `unable to load model '${v.model}', scalar tensor '${name}', should only provide 1 in the model configuration when the model doesn't support batching. Model configuration provided: ${dimsText(dims)}.`;
}

/** The data type rule for one tensor; undefined when it agrees or cannot be compared. */
function dataTypeFinding(
  v: ValidateInput,
  tensor: MessageValue,
  kind: 'input' | 'output',
  name: string,
  info: OnnxValueInfo,
): Finding | undefined {
  const configType = enumOf(tensor, 'data_type');
  const at = scalarOf(tensor, 'data_type');
  // Absent or numeric types are Triton's own business (triton/io-missing-data-type).
  if (!configType?.startsWith('TYPE_') || configType === 'TYPE_INVALID' || !at || info.kind !== 'tensor')
    return undefined;
  const modelType = tritonType(info.elemType ?? 0);
  if (modelType === configType) return undefined;
  return {
    code: 'onnx/data-type-mismatch',
    at,
    message: `unable to load model '${v.model}', configuration expects datatype ${configType} for ${kind} '${name}', model provides ${modelType}`,
    tensors: [{ kind, info }],
  };
}

function shapeFinding(
  v: ValidateInput,
  tensor: MessageValue,
  kind: 'input' | 'output',
  name: string,
  info: OnnxValueInfo,
): Finding | undefined {
  const shape = configShape(tensor);
  if (!shape || info.kind !== 'tensor' || !info.shape) return undefined;
  const tensors = [{ kind, info }];
  if (info.shape.length === 0) {
    const message = scalarFinding(v, name, shape.values);
    return message ? { code: 'onnx/scalar-shape-mismatch', at: shape.at, message, tensors } : undefined;
  }
  if (v.maxBatchSize === undefined) return undefined;
  const found = compareDims(v.model, name, info.shape, shape.values, v.maxBatchSize, kind === 'output');
  if (!found) return undefined;
  const mbs = scalarOf(v.config, 'max_batch_size');
  // The written max_batch_size, when it is the one in force (not one the auto-complete filled in).
  const related =
    v.maxBatchSize > 0 && mbs && Number(mbs.value) === v.maxBatchSize
      ? [{ at: mbs, message: `max_batch_size ${v.maxBatchSize}` }]
      : undefined;
  return { ...found, at: shape.at, tensors, ...(related ? { related } : {}) };
}

/** Model tensors by name (the first of a name wins), as the backend's maps hold them. */
function byNameOf(tensors: OnnxValueInfo[]): Map<string, OnnxValueInfo> {
  const byName = new Map<string, OnnxValueInfo>();
  for (const t of tensors) if (!byName.has(t.name)) byName.set(t.name, t);
  return byName;
}

/** CheckAllowedModelInput/Output: the allowed names sorted, as the backend's std::set lists them. */
function unknownName(
  kind: 'input' | 'output',
  name: string,
  at: Span,
  byName: Map<string, OnnxValueInfo>,
): Finding {
  return {
    code: kind === 'input' ? 'onnx/unknown-input' : 'onnx/unknown-output',
    at,
    message: `unexpected inference ${kind} '${name}', allowed ${kind}s are: ${[...byName.keys()].sort().join(', ')}`,
    tensors: [...byName.values()].map((info) => ({ kind, info })),
  };
}

/**
 * Model inputs the sequence batcher feeds, which the backend adds to the expected count: one per
 * `control_input` (start, end, ready, correlation id). Undefined (count unknown: not checked) with
 * implicit `state`, whose count the reference material does not settle.
 */
function sequenceInputs(config: MessageValue): number | undefined {
  const sequence = messageOf(config, 'sequence_batching');
  if (!sequence) return 0;
  if (messagesOf(sequence, 'state').length > 0) return undefined;
  return messagesOf(sequence, 'control_input').length;
}

/** The name, then the data type, of a config tensor; the model's tensor when the name is known. */
function nameAndType(
  v: ValidateInput,
  tensor: MessageValue,
  kind: 'input' | 'output',
  nameAt: ScalarValue,
  byName: Map<string, OnnxValueInfo>,
  out: Finding[],
): OnnxValueInfo | undefined {
  const name = String(nameAt.value);
  const info = byName.get(name);
  if (!info) {
    out.push(unknownName(kind, name, nameAt, byName));
    return undefined;
  }
  const dtype = dataTypeFinding(v, tensor, kind, name, info);
  if (dtype) out.push(dtype);
  return info;
}

/** ValidateInputs: the count, then each config input in config order. */
function validateInputs(v: ValidateInput, out: Finding[]): void {
  const { signature: sig } = v;
  const inputs = messagesOf(v.config, 'input');
  const batchInputs = messagesOf(v.config, 'batch_input');
  const optional = inputs.map((t) => boolOf(t, 'optional'));
  const sequenceTensors = sequenceInputs(v.config);
  if (!optional.includes(undefined) && sequenceTensors !== undefined) {
    const expected = inputs.length - optional.filter((o) => o).length + batchInputs.length + sequenceTensors;
    if (expected !== sig.inputs.length) {
      const at = fieldNameSpan(v.config, 'input') ?? fieldNameSpan(v.config, 'batch_input') ?? v.anchor;
      out.push({
        code: 'onnx/input-count-mismatch',
        at,
        message: `unable to load model '${v.model}', configuration expects ${expected} inputs, model provides ${sig.inputs.length}`,
        tensors: sig.inputs.map((info) => ({ kind: 'input', info })),
      });
    }
  }
  const byName = byNameOf([...sig.inputs, ...sig.overridable]);
  for (const tensor of inputs) {
    const name = knownString(tensor, 'name');
    const nameAt = scalarOf(tensor, 'name');
    if (!name || !nameAt) continue;
    const isOptional = boolOf(tensor, 'optional');
    if (isOptional && v.maxBatchSize !== undefined && v.maxBatchSize !== 0)
      out.push({
        code: 'onnx/optional-input-with-batching',
        at: scalarOf(tensor, 'optional') ?? nameAt,
        message: `unable to load model '${v.model}', optional input '${name}' is not supported for models that support batching`,
        tensors: [],
        ...(scalarOf(v.config, 'max_batch_size')
          ? { related: [{ at: scalarOf(v.config, 'max_batch_size')!, message: 'max_batch_size' }] }
          : {}),
      });
    const info = nameAndType(v, tensor, 'input', nameAt, byName, out);
    if (!info) continue;
    const ragged = boolOf(tensor, 'allow_ragged_batch');
    if (ragged) {
      const at = scalarOf(tensor, 'allow_ragged_batch')!;
      if (isOptional)
        out.push({
          code: 'onnx/ragged-input-shape',
          at,
          message: `unable to load model '${v.model}', configuration expects model provides input with shape [-1] for ragged input '${name}', which is not supported for optional input`,
          tensors: [{ kind: 'input', info }],
        });
      else if (info.kind === 'tensor' && info.shape && (info.shape.length !== 1 || info.shape[0] !== -1))
        out.push({
          code: 'onnx/ragged-input-shape',
          at,
          message: `unable to load model '${v.model}', configuration expects model provides input with shape [-1]  for ragged input '${name}', model provides ${dimsText(info.shape)}`,
          tensors: [{ kind: 'input', info }],
        });
      continue;
    }
    if (ragged === undefined) continue;
    const shape = shapeFinding(v, tensor, 'input', name, info);
    if (shape) out.push(shape);
  }
}

/** Names that batch_output entries produce: the backend does not compare their shapes. */
function batchOutputNames(config: MessageValue): Set<string> | undefined {
  const names = new Set<string>();
  for (const b of messagesOf(config, 'batch_output'))
    for (const n of valuesOf(b, 'target_name')) {
      if (n.kind !== 'scalar') return undefined;
      names.add(String(n.value));
    }
  return names;
}

/** ValidateOutputs: each config output, names and types, then shapes compared exactly. */
function validateOutputs(v: ValidateInput, out: Finding[]): void {
  const byName = byNameOf(v.signature.outputs);
  const batchOutputs = batchOutputNames(v.config);
  for (const tensor of messagesOf(v.config, 'output')) {
    const name = knownString(tensor, 'name');
    const nameAt = scalarOf(tensor, 'name');
    if (!name || !nameAt) continue;
    const info = nameAndType(v, tensor, 'output', nameAt, byName, out);
    if (!info) continue;
    if (!batchOutputs || batchOutputs.has(name)) continue;
    const shape = shapeFinding(v, tensor, 'output', name, info);
    if (shape) out.push(shape);
  }
}

/** Every disagreement between the config and the model, inputs first, as the backend checks them. */
export function validateAgainstModel(v: ValidateInput): Finding[] {
  const out: Finding[] = [];
  if (!v.inputsFilled) validateInputs(v, out);
  if (!v.outputsFilled) validateOutputs(v, out);
  return out;
}
