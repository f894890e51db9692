import type { Problem } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import type { MessageValue, ScalarValue } from '../model/configModel';
import {
  boolOf,
  enumOf,
  messageOf,
  messagesOf,
  numberOf,
  scalarOf,
  stringOf,
  valuesOf,
} from '../model/configModel';
import { INT64_MAX } from '../schema/scalars';
import { autofill } from './autofill';
import { knownString } from './known';
import type { CheckedModel, ModelRule, RepositoryUnderCheck } from './types';

const WILDCARD = -1n;

type Span = { start: number; end: number };

/** What ValidateIOShape needs to know about the model as a whole. */
interface IoContext {
  /** The name that ends every message (` for <m>`). */
  model: string;
  maxBatchSize: number | undefined;
  /** Platform after autofill; undefined when unknown. */
  platform: string | undefined;
  strict: boolean;
}

function context(model: CheckedModel, repo: RepositoryUnderCheck): IoContext {
  const af = autofill(model, { checkLayout: repo.options.checkLayout });
  return {
    model: stringOf(model.config, 'name') || model.dir,
    maxBatchSize: numberOf(model.config, 'max_batch_size'),
    platform: af?.platform,
    strict: !repo.options.autoComplete,
  };
}

/** The opening brace of a tensor: where to point when something it should have is missing. */
function braceOf(tensor: MessageValue): Span {
  return { start: tensor.start, end: tensor.start + 1 };
}

/** The tensor's `name` value, or its brace. */
function nameSpan(tensor: MessageValue): Span {
  return span(scalarOf(tensor, 'name')) ?? braceOf(tensor);
}

/** Just the location of a value (so that spreading it into a Problem adds nothing else). */
function span(v: Span | undefined): Span | undefined {
  return v ? { start: v.start, end: v.end } : undefined;
}

/** The integer items of a repeated field; undefined when one is a placeholder. */
function integers(message: MessageValue, field: string): ScalarValue[] | undefined {
  const out: ScalarValue[] = [];
  for (const v of valuesOf(message, field)) {
    if (v.kind !== 'scalar') return undefined;
    out.push(v);
  }
  return out;
}

const big = (v: ScalarValue): bigint => BigInt(v.value as number | bigint);

/** Triton's GetElementCount: -1 with a wildcard, 0 for no dims, else the product. */
function elementCount(dims: bigint[]): bigint {
  if (dims.includes(WILDCARD)) return WILDCARD;
  return dims.length === 0 ? 0n : dims.reduce((a, b) => a * b, 1n);
}

/** Products of the fixed dims between wildcards ([2,4,-1,6] -> [8,6]). */
function segments(dims: bigint[]): bigint[] {
  const out: bigint[] = [];
  let current = 1n;
  for (const d of dims) {
    if (d === WILDCARD) {
      out.push(current);
      current = 1n;
    } else current *= d;
  }
  out.push(current);
  return out;
}

const validDim = (d: bigint) => d >= 1n || d === WILDCARD;

function spanOf(values: ScalarValue[], fallback: Span): Span {
  return values.length > 0 ? { start: values[0]!.start, end: values[values.length - 1]!.end } : fallback;
}

/** One tensor's checks (ValidateIOShape, then the input/output specific ones). */
class TensorCheck {
  readonly problems: Problem[] = [];
  constructor(
    private readonly ctx: IoContext,
    private readonly tensor: MessageValue,
    private readonly kind: 'input' | 'output',
  ) {}

  private report(code: DiagnosticCode, at: Span, text: string, related?: Problem['related']): void {
    const p: Problem = { code, start: at.start, end: at.end, message: `${text} for ${this.ctx.model}` };
    if (related) p.related = related;
    this.problems.push(p);
  }

  run(): Problem[] {
    const name = knownString(this.tensor, 'name');
    if (name === undefined) return this.problems;
    if (name === '') {
      // Without a name nothing else can be attributed; Triton stops here too.
      if (this.ctx.strict)
        this.report('triton/io-missing-name', braceOf(this.tensor), `model ${this.kind} must specify 'name'`);
      return this.problems;
    }
    const prefix = `model ${this.kind} '${name}' `;
    const dataType = enumOf(this.tensor, 'data_type');
    if (this.ctx.strict && (dataType === '' || dataType === 'TYPE_INVALID'))
      this.report('triton/io-missing-data-type', nameSpan(this.tensor), `${prefix}must specify 'data_type'`);
    const dims = integers(this.tensor, 'dims');
    if (dims === undefined) return this.problems;
    if (dims.length === 0) {
      // With auto-complete on the backend may still fill the dims in from the model file.
      if (this.ctx.strict)
        this.report('triton/io-missing-dims', nameSpan(this.tensor), `${prefix}must specify 'dims'`);
    } else {
      this.shape(prefix, dims);
    }
    this.platformFlags(dims);
    return this.problems;
  }

  private shape(prefix: string, dims: ScalarValue[]): void {
    const reshape = messageOf(this.tensor, 'reshape');
    const shape = reshape ? integers(reshape, 'shape') : [];
    if (reshape && shape?.length === 0 && this.ctx.strict && this.ctx.maxBatchSize === 0) {
      // With auto-complete on, a backend may give the model a max_batch_size: strict mode only.
      this.report(
        'triton/empty-reshape-non-batching',
        braceOf(reshape),
        `${prefix}cannot have empty reshape for non-batching model as scalar tensors are not supported`,
      );
    }
    const badDim = dims.find((d) => !validDim(big(d)));
    if (badDim)
      this.report(
        'triton/invalid-dim',
        badDim,
        `${prefix}dimension must be integer >= 1, or -1 to indicate a variable-size dimension`,
      );
    const badShape = shape?.find((d) => !validDim(big(d)));
    if (badShape)
      this.report(
        'triton/invalid-reshape-dim',
        badShape,
        `${prefix}reshape dimensions must be integer >= 1, or -1 to indicate a variable-size dimension`,
      );
    if (badDim || badShape) return;
    const d = dims.map(big);
    if (elementCount(d) > INT64_MAX) {
      const name = stringOf(this.tensor, 'name')!;
      this.report(
        'triton/element-count-overflow',
        spanOf(dims, braceOf(this.tensor)),
        `element count for tensor '${name} dims' exceeds maximum size of ${INT64_MAX}`,
      );
      return;
    }
    if (reshape && shape) this.reshapeSize(prefix, dims, d, reshape, shape);
  }

  private reshapeSize(
    prefix: string,
    dims: ScalarValue[],
    d: bigint[],
    reshape: MessageValue,
    shape: ScalarValue[],
  ) {
    const r = shape.map(big);
    const dimsSize = elementCount(d);
    const reshapeSize = elementCount(r);
    const at = spanOf(shape, braceOf(reshape));
    const related = [{ ...spanOf(dims, braceOf(this.tensor)), message: 'the dims' }];
    // An empty reshape (a scalar) fits dims of one element.
    if (dimsSize !== reshapeSize && (reshapeSize !== 0n || dimsSize !== 1n)) {
      this.report(
        'triton/reshape-size-mismatch',
        at,
        `${prefix}has different size for dims and reshape`,
        related,
      );
      return;
    }
    if (dimsSize !== WILDCARD) return;
    const ds = segments(d);
    const rs = segments(r);
    if (ds.length !== rs.length) {
      this.report(
        'triton/reshape-variable-dims-mismatch',
        at,
        `${prefix}has different number of variable-size dimensions for dims and reshape`,
        related,
      );
    } else if (ds.some((x, i) => x !== rs[i])) {
      this.report(
        'triton/reshape-size-mismatch',
        at,
        `${prefix}has different size for dims and reshape`,
        related,
      );
    }
  }

  /** Format, shape tensors and non-linear IO, which depend on the dims count or the platform. */
  private platformFlags(dims: ScalarValue[]): void {
    const known = dims.length > 0;
    if (this.kind === 'input') {
      const format = scalarOf(this.tensor, 'format');
      const fmt = enumOf(this.tensor, 'format');
      if (format && known && (fmt === 'FORMAT_NHWC' || fmt === 'FORMAT_NCHW') && dims.length !== 3)
        this.report('triton/format-needs-three-dims', format, 'model input NHWC/NCHW require 3 dims', [
          { ...spanOf(dims, format), message: 'the dims' },
        ]);
    }
    const onTensorRt = this.ctx.platform === 'tensorrt_plan';
    const shapeTensor = scalarOf(this.tensor, 'is_shape_tensor');
    if (
      shapeTensor &&
      boolOf(this.tensor, 'is_shape_tensor') &&
      this.ctx.platform !== undefined &&
      !onTensorRt
    )
      this.report(
        'triton/shape-tensor-not-tensorrt',
        shapeTensor,
        'shape tensors are only supported for TensorRT platform',
      );
    const nonLinear = scalarOf(this.tensor, 'is_non_linear_format_io');
    if (!nonLinear || !boolOf(this.tensor, 'is_non_linear_format_io')) return;
    if (this.ctx.platform !== undefined && !onTensorRt)
      this.report(
        'triton/non-linear-io-not-tensorrt',
        nonLinear,
        'Non-linear IO format is only supported for the TensorRT platform',
      );
    if (known && dims.length !== 3)
      this.report(
        'triton/non-linear-io-needs-three-dims',
        nonLinear,
        `Non-linear IO format ${this.kind} requires 3 dims`,
        [{ ...spanOf(dims, nonLinear), message: 'the dims' }],
      );
  }
}

/**
 * Section 4 (ValidateModelIOConfig, inputs then outputs). Rules about what is missing (name,
 * data_type, dims) only hold with auto-complete off, since backends fill those from the model
 * file; rules about values written in the config hold in both modes.
 */
export const inputsOutputsValid: ModelRule = (model, repo) => {
  const ctx = context(model, repo);
  const out: Problem[] = [];
  for (const t of messagesOf(model.config, 'input')) out.push(...new TensorCheck(ctx, t, 'input').run());
  for (const t of messagesOf(model.config, 'output')) out.push(...new TensorCheck(ctx, t, 'output').run());
  return out;
};

/** Tensors of one kind grouped by name (placeholders and empty names left out). */
function byName(config: MessageValue, field: 'input' | 'output'): Map<string, MessageValue[]> {
  const groups = new Map<string, MessageValue[]>();
  for (const t of messagesOf(config, field)) {
    const name = knownString(t, 'name');
    if (!name) continue;
    const group = groups.get(name);
    if (group) group.push(t);
    else groups.set(name, [t]);
  }
  return groups;
}

/**
 * IO-DUP-NAME: Triton accepts two inputs (or outputs) of the same name, and the later one silently
 * shadows the earlier in the model's tensor map: almost always a copy-paste slip.
 */
export const ioNamesUnique: ModelRule = (model) => {
  const out: Problem[] = [];
  for (const kind of ['input', 'output'] as const) {
    for (const [name, tensors] of byName(model.config, kind)) {
      const first = nameSpan(tensors[0]!);
      for (const t of tensors.slice(1)) {
        out.push({
          code: 'lint/duplicate-io-name',
          ...nameSpan(t),
          message: `model ${kind} '${name}' is given more than once; Triton accepts it silently and uses only one of them`,
          related: [{ ...first, message: `first ${kind} '${name}'` }],
        });
      }
    }
  }
  return out;
};

/**
 * IO-DUP-NAME (labels): Model::Init registers each output's label file under the output's name, so
 * two same-named outputs that both give one fail, whichever the auto-complete mode. (Whether each
 * label file exists and stays inside the model directory is checked with the layout rules.)
 */
export const labelFilesUnique: ModelRule = (model) => {
  const out: Problem[] = [];
  for (const [name, tensors] of byName(model.config, 'output')) {
    const labelled = tensors.filter((t) => knownString(t, 'label_filename'));
    if (labelled.length < 2) continue;
    const first = scalarOf(labelled[0]!, 'label_filename')!;
    out.push({
      code: 'triton/multiple-label-files',
      ...span(scalarOf(labelled[1]!, 'label_filename'))!,
      message: `multiple label files for '${name}'`,
      related: [{ start: first.start, end: first.end, message: 'the first label file' }],
    });
  }
  return out;
};
