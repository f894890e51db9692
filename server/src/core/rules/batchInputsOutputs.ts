import type { Problem } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import type { MessageValue, ScalarValue } from '../model/configModel';
import { enumOf, messagesOf, scalarOf, stringOf, valuesOf } from '../model/configModel';
import { isTemplated, knownString } from './known';
import type { ModelRule } from './types';

type Span = { start: number; end: number };

const BATCH_INPUT_KINDS = new Set([
  'BATCH_ELEMENT_COUNT',
  'BATCH_ACCUMULATED_ELEMENT_COUNT',
  'BATCH_ACCUMULATED_ELEMENT_COUNT_WITH_ZERO',
  'BATCH_MAX_ELEMENT_COUNT_AS_SHAPE',
  'BATCH_ITEM_SHAPE',
  'BATCH_ITEM_SHAPE_FLATTEN',
]);
const BATCH_OUTPUT_KINDS = new Set(['BATCH_SCATTER_WITH_INPUT_SHAPE']);

/**
 * Names of the configured inputs or outputs, when they can be trusted as the full list: undefined
 * when a name is a placeholder, or when none is configured while auto-complete is on (the backend
 * then fills them all in from the model file).
 */
function tensorNames(
  config: MessageValue,
  field: 'input' | 'output',
  autoComplete: boolean,
): Set<string> | undefined {
  const tensors = messagesOf(config, field);
  if (tensors.length === 0 && autoComplete) return undefined;
  const names = new Set<string>();
  for (const t of tensors) {
    const n = knownString(t, 'name');
    if (n === undefined) return undefined;
    names.add(n);
  }
  return names;
}

/** The string items of a repeated field, located; placeholders left out. */
function strings(message: MessageValue, field: string): { value: string; at: ScalarValue }[] {
  return valuesOf(message, field)
    .filter(
      (v): v is ScalarValue => v.kind === 'scalar' && typeof v.value === 'string' && !isTemplated(v.value),
    )
    .map((at) => ({ value: at.value as string, at }));
}

/** The kind value, or the entry's brace when the kind is left at its default. */
function kindSpan(entry: MessageValue): Span {
  const k = scalarOf(entry, 'kind');
  return k ? { start: k.start, end: k.end } : { start: entry.start, end: entry.start + 1 };
}

/** Every value of a repeated field, placeholders included: the count Triton sees. */
const countOf = (entry: MessageValue, field: string) => valuesOf(entry, field).length;

/**
 * Section 5 (ValidateBatchIO, part of the IO validation): each batch_input and batch_output needs
 * a known kind with one source input naming a configured input; batch_input data types are INT32
 * or FP32; batch_output targets name configured outputs, once each.
 */
export const batchInputsOutputsValid: ModelRule = (model, repo) => {
  const m = stringOf(model.config, 'name') || model.dir;
  const auto = repo.options.autoComplete;
  const inputs = tensorNames(model.config, 'input', auto);
  const outputs = tensorNames(model.config, 'output', auto);
  const out: Problem[] = [];
  const report = (code: DiagnosticCode, at: Span, text: string) =>
    out.push({ code, start: at.start, end: at.end, message: `${text} for ${m}` });

  const sources = (entry: MessageValue) => {
    if (!inputs) return;
    for (const s of strings(entry, 'source_input'))
      if (!inputs.has(s.value))
        report('triton/unknown-source-input', s.at, `unknown source input name '${s.value}'`);
  };

  for (const entry of messagesOf(model.config, 'batch_input')) {
    const kind = enumOf(entry, 'kind');
    if (kind === undefined) continue;
    const name = kind === '' ? 'BATCH_ELEMENT_COUNT' : kind;
    if (!BATCH_INPUT_KINDS.has(name)) {
      // Only a number can get here; Triton prints the (empty) enum name of an unknown value.
      report('triton/unknown-batch-input-kind', kindSpan(entry), `unknown batch input kind ''`);
      continue;
    }
    const n = countOf(entry, 'source_input');
    if (n !== 1)
      report(
        'triton/batch-input-source-count',
        kindSpan(entry),
        `batch input kind '${name}' expects 1 source input, got ${n}`,
      );
    const dataType = enumOf(entry, 'data_type');
    if (dataType !== undefined && dataType !== 'TYPE_INT32' && dataType !== 'TYPE_FP32') {
      const at = scalarOf(entry, 'data_type') ?? { start: entry.start, end: entry.start + 1 };
      report('triton/batch-input-data-type', at, 'batch input data type must be TYPE_INT32 or TYPE_FP32');
    }
    sources(entry);
  }

  for (const entry of messagesOf(model.config, 'batch_output')) {
    const kind = enumOf(entry, 'kind');
    if (kind === undefined) continue;
    const name = kind === '' ? 'BATCH_SCATTER_WITH_INPUT_SHAPE' : kind;
    if (!BATCH_OUTPUT_KINDS.has(name)) {
      report('triton/unknown-batch-output-kind', kindSpan(entry), `unknown batch output kind ''`);
      continue;
    }
    const n = countOf(entry, 'source_input');
    if (n !== 1)
      report(
        'triton/batch-output-source-count',
        kindSpan(entry),
        `batch output kind '${name}' expects 1 source input, got ${n}`,
      );
    sources(entry);
    const seen = new Set<string>();
    for (const t of strings(entry, 'target_name')) {
      if (outputs && !outputs.has(t.value))
        report('triton/unknown-target-output', t.at, `unknown target output name '${t.value}'`);
      if (seen.has(t.value))
        report(
          'triton/duplicate-target-output',
          t.at,
          `target output name '${t.value}' can only be specified once`,
        );
      seen.add(t.value);
    }
  }
  return out;
};
