/**
 * Python's `string.Template.safe_substitute`, which is what fill_template.py applies to a template.
 * The delimiter is `$`; what follows it is, in this order of preference:
 *   `$`            an escape: `$$` becomes `$`;
 *   an identifier  `$name`, ASCII only (Python's idpattern is `(?a:[_a-z][_a-z0-9]*)` with IGNORECASE);
 *   `{identifier}` `${name}`;
 *   anything else  an invalid delimiter, which safe_substitute leaves as it is.
 * A name the mapping does not hold is left exactly as written (`$name` or `${name}`).
 */
const PATTERN = /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\})?/g;

/** One `$...` occurrence that names a variable. */
export interface PlaceholderMatch {
  name: string;
  /** `${name}` rather than `$name`. */
  braced: boolean;
  start: number;
  end: number;
}

/** A substitution that happened: where it was in the template and where its text is in the output. */
export interface Replacement {
  name: string;
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
}

export type Lookup = (name: string) => string | undefined;

/** Every placeholder of `text` in order (escapes and invalid `$` are skipped, as Python skips them). */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const name = m[2] ?? m[3];
    if (name !== undefined) {
      out.push({
        name: detached(name),
        braced: m[3] !== undefined,
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  }
  return out;
}

/**
 * A copy of a name that does not share the text it was matched in: V8 keeps a substring of 13
 * characters or more as a view into the whole string, so every diagnostic naming a variable would
 * keep its whole config alive (a second copy of each config in a workspace of thousands of models).
 */
function detached(name: string): string {
  return name.length < 13 ? name : (JSON.parse(JSON.stringify(name)) as string);
}

/** safe_substitute, also telling where each value landed (for diagnostics on the rendered file). */
export function substituteTracked(
  text: string,
  lookup: Lookup,
): { text: string; replacements: Replacement[] } {
  const replacements: Replacement[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[2] ?? m[3];
    if (m[1] !== undefined) {
      out += '$';
      continue;
    }
    const value = name === undefined ? undefined : lookup(name);
    if (value === undefined) {
      // Unknown name or invalid delimiter: kept verbatim.
      out += m[0];
      continue;
    }
    replacements.push({
      name: name!,
      start: m.index,
      end: last,
      outStart: out.length,
      outEnd: out.length + value.length,
    });
    out += value;
  }
  out += text.slice(last);
  return { text: out, replacements };
}

/** `string.Template(text).safe_substitute(values)`, byte for byte. */
export function substitute(
  text: string,
  values: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
): string {
  const lookup: Lookup =
    values instanceof Map
      ? (name) => values.get(name)
      : (name) =>
          Object.prototype.hasOwnProperty.call(values, name)
            ? (values as Record<string, string>)[name]
            : undefined;
  return substituteTracked(text, lookup).text;
}
