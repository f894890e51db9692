import type { BodyItem, ListItem, ValueNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart, tokText } from '../syntax/tokens';
import { findPlaceholders } from './substitute';

/**
 * Where a placeholder sits decides what an unfilled one means:
 *   `value`     a whole value (`max_batch_size: ${x}`): libprotobuf cannot parse the file without it;
 *   `parameter` the whole of a `parameters` string_value (`"${x}"`): the backend reads it as unset;
 *   `string`    inside another string (`backend: "${triton_backend}"`): the file loads, the text is literal;
 *   `comment`   inside a `#` comment: nobody reads it;
 *   `other`     anywhere else (a bare `$name` between tokens): as fatal to the parser as `value`.
 */
export type UseKind = 'value' | 'parameter' | 'string' | 'comment' | 'other';

export interface PlaceholderUse {
  name: string;
  kind: UseKind;
  /** Offsets of `${name}` / `$name` in the template. */
  start: number;
  end: number;
  /** For `value`: the field it fills, as a path (`dynamic_batching.max_queue_delay_microseconds`). */
  field?: string;
  /** For `parameter`: the parameter's key. */
  parameter?: string;
}

function tokenAt(parsed: ParseResult, offset: number): number {
  const { start, count } = parsed.tokens;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (start[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function previousSignificant(parsed: ParseResult, i: number): number {
  const { kind } = parsed.tokens;
  do i--;
  while (i >= 0 && kind[i]! <= Tok.Control);
  return i;
}

/** The `parameters` key whose string_value holds token `i`, if it is one. */
function parameterKey(parsed: ParseResult, i: number): string | undefined {
  const { tokens } = parsed;
  let j = previousSignificant(parsed, i);
  if (j >= 0 && tokText(tokens, j) === ':') j = previousSignificant(parsed, j);
  if (j < 0 || tokens.kind[j] !== Tok.Ident || tokText(tokens, j) !== 'string_value') return undefined;
  // `key: "name" value: { string_value: ...`: walk back to the nearest `key` and take its string.
  for (let k = j - 1; k >= 0 && k > j - 40; k--) {
    if (tokens.kind[k] === Tok.Ident && tokText(tokens, k) === 'key') {
      let s = k + 1;
      while (s < tokens.count && tokens.kind[s] !== Tok.String && s < j) s++;
      if (tokens.kind[s] === Tok.String) return tokText(tokens, s).slice(1, -1);
      break;
    }
  }
  return '';
}

/**
 * Field paths of the whole-value placeholders, by start offset, from the syntax tree alone (no typed
 * model: this runs on every keystroke). Names are as written; a list's items share their field's path.
 */
function placeholderFields(parsed: ParseResult): Map<number, string> {
  const { tokens } = parsed;
  const out = new Map<number, string>();
  const work: { items: readonly (BodyItem | ListItem)[]; path: string }[] = [
    { items: parsed.document.fields, path: '' },
  ];
  const scalar = (v: ValueNode | ListItem, path: string) => {
    if (v.type === 'scalar' && v.minus === -1 && v.first >= 0 && tokens.kind[v.first] === Tok.Placeholder)
      out.set(tokStart(tokens, v.first), path);
  };
  while (work.length) {
    const { items, path } = work.pop()!;
    for (const item of items) {
      if (item.type === 'message') work.push({ items: item.fields, path });
      else if (item.type === 'field') {
        const here = path ? `${path}.${item.name}` : item.name;
        const v = item.value;
        if (v.type === 'message') work.push({ items: v.fields, path: here });
        else if (v.type === 'list') {
          for (const i of v.items) {
            if (i.type === 'message') work.push({ items: i.fields, path: here });
            else scalar(i, here);
          }
        } else scalar(v, here);
      } else scalar(item, path);
    }
  }
  return out;
}

/** Every placeholder of a template (as safe_substitute finds them), with what it sits in. */
export function placeholderUses(parsed: ParseResult): PlaceholderUse[] {
  const { tokens } = parsed;
  // The walk over the whole tree only when some placeholder fills a value (a rendered config has none).
  let fields: Map<number, string> | undefined;
  return findPlaceholders(parsed.text).map((m) => {
    const i = tokenAt(parsed, m.start);
    const kind = tokens.kind[i];
    const use: PlaceholderUse = { name: m.name, kind: 'other', start: m.start, end: m.end };
    if (kind === Tok.Placeholder && tokStart(tokens, i) === m.start && tokEnd(tokens, i) === m.end) {
      use.kind = 'value';
      fields ??= placeholderFields(parsed);
      const field = fields.get(m.start);
      if (field !== undefined) use.field = field;
    } else if (kind === Tok.Comment) {
      use.kind = 'comment';
    } else if (kind === Tok.String) {
      const key = parameterKey(parsed, i);
      // Only a whole-string `${name}` is the backends' "unset" convention (they test for a leading
      // "${" and a trailing "}"); `$name` or `${name}` among other text is read as a value.
      const whole = m.braced && tokStart(tokens, i) + 1 === m.start && tokEnd(tokens, i) - 1 === m.end;
      if (key !== undefined && whole) {
        use.kind = 'parameter';
        if (key) use.parameter = key;
      } else use.kind = 'string';
    }
    return use;
  });
}
