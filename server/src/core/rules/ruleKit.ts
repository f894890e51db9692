import type { DiagnosticCode } from '../diagnostics/registry';
import type { Problem } from '../diagnostics/problem';
import type { FieldOccurrence, MessageValue, Value } from '../model/configModel';
import { occurrencesOf, stringOf, valueOf, valuesOf } from '../model/configModel';
import type { CheckedModel } from './types';

/** Anything with a location: a value, a message, a field occurrence's span. */
export interface Span {
  start: number;
  end: number;
}

/** `<m>` in Triton's messages: the config name, which Triton defaults to the directory name. */
export function modelName(model: CheckedModel): string {
  return stringOf(model.config, 'name') || model.dir;
}

export function isEnsemble(model: CheckedModel): boolean {
  return stringOf(model.config, 'platform') === 'ensemble';
}

export function problem(
  code: DiagnosticCode,
  at: Span,
  message: string,
  related?: { at: Span; message: string }[],
): Problem {
  const p: Problem = { code, start: at.start, end: at.end, message };
  if (related?.length)
    p.related = related.map((r) => ({ start: r.at.start, end: r.at.end, message: r.message }));
  return p;
}

/** From a field's name to its last value: the place to underline a whole (list) field. */
export function occurrenceSpan(occurrence: FieldOccurrence): Span {
  const last = occurrence.values[occurrence.values.length - 1];
  return { start: occurrence.nameStart, end: last ? last.end : occurrence.nameEnd };
}

/** Span of the last occurrence of a field that has values, or undefined when the field is absent. */
export function fieldSpan(message: MessageValue, name: string): Span | undefined {
  const occ = occurrencesOf(message, name).filter((o) => o.values.length > 0);
  const last = occ[occ.length - 1];
  return last ? occurrenceSpan(last) : undefined;
}

/** Where to point for a field: its value when written, else the enclosing message. */
export function valueOrMessage(message: MessageValue, name: string): Span {
  return valueOf(message, name) ?? message;
}

export function hasPlaceholder(values: Value[]): boolean {
  return values.some((v) => v.kind === 'placeholder');
}

/** A oneof member counts as set when written at all, whatever its value (oneof fields have presence). */
export function isWritten(message: MessageValue, name: string): boolean {
  return valuesOf(message, name).length > 0;
}

/** Numeric value of an integer scalar (bigint included), undefined for placeholders and non-numbers. */
export function numericValue(v: Value | undefined): number | undefined {
  if (v?.kind !== 'scalar') return undefined;
  if (typeof v.value === 'bigint') return Number(v.value);
  return typeof v.value === 'number' ? v.value : undefined;
}

/** An enum's number, 0 when absent (proto3 default), undefined for a placeholder. */
export function enumNumber(message: MessageValue, name: string): number | undefined {
  const v = valueOf(message, name);
  if (v === undefined) return 0;
  return numericValue(v);
}

/** Triton's DimsListToString: `[-1,16]`. */
export function dimsText(dims: readonly number[]): string {
  return `[${dims.join(',')}]`;
}
