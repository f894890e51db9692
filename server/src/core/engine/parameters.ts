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
  /**
   * The whole value is one `${name}`: the TensorRT-LLM backends read it as unset (they test for a leading
   * "${" and a trailing "}"), so rules must take the parameter as absent.
   */
  unset: boolean;
}

/** The backends' "unset" convention: a value that starts with "${" and ends with "}". */
const UNSET = /^\$\{[_a-zA-Z][_a-zA-Z0-9]*\}$/;

/** The `parameters` entry for `key` (the last, when repeated), or undefined when absent. */
export function parameter(config: MessageValue, key: string): ParameterValue | undefined {
  let found: ParameterValue | undefined;
  for (const entry of mapEntries(config, 'parameters')) {
    if (entry.key?.kind !== 'scalar' || entry.key.value !== key) continue;
    const message = entry.value?.kind === 'message' ? entry.value : undefined;
    const s = message ? stringOf(message, 'string_value') : '';
    const at = message?.fields.find((f) => f.field.name === 'string_value')?.values.at(-1) ?? entry.entry;
    found = {
      value: s === undefined || isTemplated(s) ? undefined : s,
      start: at.start,
      end: at.end,
      unset: s !== undefined && UNSET.test(s),
    };
  }
  return found;
}

/**
 * The `parameters` entry for `key` as the backend reads it: undefined when absent or left as a whole
 * `${...}` placeholder (unset), so that every rule reading a value treats both alike.
 */
export function setParameter(config: MessageValue, key: string): ParameterValue | undefined {
  const p = parameter(config, key);
  return p && !p.unset ? p : undefined;
}

/** Positive integer of a parameter, undefined when absent, unknown or not a number. */
export function integerParameter(
  config: MessageValue,
  key: string,
): (ParameterValue & { number: number }) | undefined {
  const p = setParameter(config, key);
  if (p?.value === undefined || !/^\s*\d+\s*$/.test(p.value)) return undefined;
  return { ...p, number: Number(p.value) };
}
