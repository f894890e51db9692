import type { MessageValue } from '../model/configModel';
import { mapEntries, stringOf } from '../model/configModel';
import { isTemplated } from '../rules/known';

/** A `parameters` entry's string value and where it is written. */
export interface ParameterValue {
  /** Undefined while it is a `${...}` placeholder or holds one: unknown until rendered. */
  value: string | undefined;
  /** The value (or the entry's braces when it has no value). */
  start: number;
  end: number;
}

/** The `parameters` entry for `key` (the last, when repeated), or undefined when absent. */
export function parameter(config: MessageValue, key: string): ParameterValue | undefined {
  let found: ParameterValue | undefined;
  for (const entry of mapEntries(config, 'parameters')) {
    if (entry.key?.kind !== 'scalar' || entry.key.value !== key) continue;
    const message = entry.value?.kind === 'message' ? entry.value : undefined;
    const s = message ? stringOf(message, 'string_value') : '';
    const at = message?.fields.find((f) => f.field.name === 'string_value')?.values.at(-1) ?? entry.entry;
    found = { value: s === undefined || isTemplated(s) ? undefined : s, start: at.start, end: at.end };
  }
  return found;
}

/** Positive integer of a parameter, undefined when absent, unknown or not a number. */
export function integerParameter(
  config: MessageValue,
  key: string,
): (ParameterValue & { number: number }) | undefined {
  const p = parameter(config, key);
  if (p?.value === undefined || !/^\s*\d+\s*$/.test(p.value)) return undefined;
  return { ...p, number: Number(p.value) };
}
