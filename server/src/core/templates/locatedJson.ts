/**
 * A JSON reader that keeps offsets, so that a value from a values file can be pointed at (hover,
 * diagnostics at the value's source). JSON.parse gives the data; this gives the places. Numbers keep
 * their source text: `0.90` stays "0.90" when it is substituted into a template.
 */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; raw: string }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number };

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export type JsonParse = { ok: true; root: JsonNode } | { ok: false; message: string; offset: number };

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters in strings, hence the \u0000-\u001f exclusion.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

export function parseLocatedJson(text: string): JsonParse {
  let pos = 0;
  const skip = () => {
    SPACE.lastIndex = pos;
    SPACE.exec(text);
    pos = SPACE.lastIndex;
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) throw new JsonError(`expected "${ch}"`, pos);
    pos++;
  };
  const readString = (): { value: string; start: number; end: number } => {
    STRING.lastIndex = pos;
    const m = STRING.exec(text);
    if (!m) throw new JsonError('invalid string', pos);
    const start = pos;
    pos = STRING.lastIndex;
    return { value: JSON.parse(m[0]) as string, start, end: pos };
  };
  // Nesting in a values file is two levels deep; recursion depth is bounded by the input's own
  // nesting, and a pathological file only costs a RangeError, caught below.
  const value = (): JsonNode => {
    skip();
    const start = pos;
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const members: JsonMember[] = [];
      skip();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', start, end: pos, members };
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') throw new JsonError('expected a property name', pos);
        const key = readString();
        expect(':');
        members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: value() });
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return { kind: 'object', start, end: pos, members };
        } else throw new JsonError('expected "," or "}"', pos);
      }
    }
    if (ch === '[') {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', start, end: pos, items };
      }
      for (;;) {
        items.push(value());
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return { kind: 'array', start, end: pos, items };
        } else throw new JsonError('expected "," or "]"', pos);
      }
    }
    if (ch === '"') return { kind: 'string', ...readString() };
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos } as JsonNode;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos = NUMBER.lastIndex;
      return { kind: 'number', start, end: pos, raw: m[0] };
    }
    throw new JsonError(pos >= text.length ? 'unexpected end of the file' : 'unexpected character', pos);
  };
  try {
    const root = value();
    skip();
    if (pos < text.length) throw new JsonError('unexpected text after the JSON value', pos);
    return { ok: true, root };
  } catch (e) {
    if (e instanceof JsonError) return { ok: false, message: e.message, offset: e.offset };
    return { ok: false, message: 'too deeply nested', offset: 0 };
  }
}

/** The node at a path of keys and indexes (a zod issue path), or the deepest one found. */
export function nodeAt(
  root: JsonNode,
  path: readonly PropertyKey[],
): { node: JsonNode; member?: JsonMember } {
  let node = root;
  let member: JsonMember | undefined;
  for (const key of path) {
    if (node.kind === 'object') {
      const found = [...node.members].reverse().find((m) => m.key === String(key));
      if (!found) break;
      member = found;
      node = found.value;
    } else if (node.kind === 'array' && typeof key === 'number' && node.items[key]) {
      member = undefined;
      node = node.items[key]!;
    } else break;
  }
  return member ? { node, member } : { node };
}
