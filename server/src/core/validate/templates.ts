import type { Problem } from '../diagnostics/problem';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart } from '../syntax/tokens';

const IN_STRING = /\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/g;

/**
 * Reports every `${name}` placeholder, whole-value or inside a string, as `template/unresolved`
 * (information): the file is a template, and a renderer must fill it before Triton can read it.
 */
export function templatePlaceholders(parsed: ParseResult): Problem[] {
  const { tokens, text } = parsed;
  const out: Problem[] = [];
  const add = (start: number, end: number, name: string) =>
    out.push({
      code: 'template/unresolved',
      start,
      end,
      message: `Template variable "${name}" is not filled in; render the template before Triton loads this file.`,
      data: { variable: name },
    });
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    if (kind === Tok.Placeholder) {
      const s = tokStart(tokens, i);
      const e = tokEnd(tokens, i);
      add(s, e, text.slice(s + 2, e - 1));
    } else if (kind === Tok.String) {
      const s = tokStart(tokens, i);
      const e = tokEnd(tokens, i);
      // Search within the token only: an unbounded indexOf would scan to the end of the file for
      // every string, which is quadratic on large configs without placeholders.
      const literal = text.slice(s, e);
      if (!literal.includes('${')) continue;
      for (const m of literal.matchAll(IN_STRING)) add(s + m.index, s + m.index + m[0].length, m[1]!);
    }
  }
  return out;
}
