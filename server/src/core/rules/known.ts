import type { MessageValue } from '../model/configModel';
import { stringOf } from '../model/configModel';

/** A `${name}` inside a string: a renderer fills it, so the string's value is not known yet. */
const TEMPLATED = /\$\{[_a-zA-Z][_a-zA-Z0-9]*\}/;

/** Whether a string still holds a template placeholder. */
export function isTemplated(s: string): boolean {
  // The rules ask this of every name and string of a config: most have no `${` at all.
  return s.includes('${') && TEMPLATED.test(s);
}

/**
 * A string field's value ('' when absent), or undefined when it is not known yet: a placeholder
 * for the whole value, or a string with a `${...}` inside. Rules must stay silent on those.
 */
export function knownString(message: MessageValue, field: string): string | undefined {
  const s = stringOf(message, field);
  return s === undefined || isTemplated(s) ? undefined : s;
}
