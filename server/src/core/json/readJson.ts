// The core's one JSON reader: strict (RFC 8259), keeping where every value and key was written, so that a
// problem can point into the file: an engine's config.json, a values file, a build or deployment profile.
// Iterative (explicit stack), like the rest of the core: nesting depth never overflows the call stack.
// Offsets are UTF-16 indices, as LineIndex expects. Numbers keep their source text too (`raw`): `0.90`
// stays "0.90" when a values file substitutes it into a template.

interface Located {
  start: number;
  end: number;
}

export type JsonNode =
  | (Located & { kind: 'object'; members: JsonMember[] })
  | (Located & { kind: 'array'; items: JsonNode[] })
  | (Located & { kind: 'string'; value: string })
  | (Located & { kind: 'number'; value: number; raw: string })
  | (Located & { kind: 'boolean'; value: boolean })
  | (Located & { kind: 'null' });

export type JsonObject = Extract<JsonNode, { kind: 'object' }>;

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export interface JsonError extends Located {
  message: string;
}

export type JsonResult = { ok: true; root: JsonNode } | { ok: false; error: JsonError };

class Fail extends Error {
  constructor(
    readonly at: number,
    readonly to: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Parses `text`; on failure, the first error with its offsets (nothing is recovered). */
export function readJson(text: string): JsonResult {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM is tolerated, as nlohmann::json does

  const skip = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const describe = () => (pos >= text.length ? 'end of file' : JSON.stringify(text[pos]));
  const expected = (what: string): never => {
    throw new Fail(pos, Math.min(pos + 1, text.length), `expected ${what}, found ${describe()}`);
  };

  const readString = (): Located & { value: string } => {
    const start = pos++;
    let value = '';
    for (;;) {
      if (pos >= text.length) throw new Fail(start, pos, 'string not closed before the end of the file');
      const c = text[pos]!;
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20)
        throw new Fail(pos, pos + 1, 'control character inside a string (escape it)');
      if (c !== '\\') {
        value += c;
        pos++;
        continue;
      }
      const e = text[pos + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
        value += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else if (e !== undefined && e in ESCAPES) {
        value += ESCAPES[e];
        pos += 2;
      } else {
        throw new Fail(pos, Math.min(pos + 2, text.length), 'invalid escape sequence in a string');
      }
    }
    pos++;
    return { start, end: pos, value };
  };

  /** A scalar, or the opening of a container (returned with no members yet). */
  const readValueStart = (): JsonNode => {
    skip();
    const start = pos;
    const c = text[pos];
    if (c === '{') return (pos++, { kind: 'object', start, end: -1, members: [] });
    if (c === '[') return (pos++, { kind: 'array', start, end: -1, items: [] });
    if (c === '"') return { kind: 'string', ...readString() };
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
    if (m && m[0] !== '-') {
      pos += m[0].length;
      return { kind: 'number', value: Number(m[0]), raw: m[0], start, end: pos };
    }
    return expected('a value');
  };

  const readKey = (): { key: string; keyStart: number; keyEnd: number } => {
    skip();
    if (text[pos] !== '"') expected('a property name in double quotes');
    const k = readString();
    skip();
    if (text[pos] !== ':') expected('":" after the property name');
    pos++;
    return { key: k.value, keyStart: k.start, keyEnd: k.end };
  };

  try {
    // Open containers, innermost last; `key` is the member whose value is being read.
    const stack: { node: JsonNode & { kind: 'object' | 'array' }; key?: ReturnType<typeof readKey> }[] = [];
    let value = readValueStart();
    for (;;) {
      if ((value.kind === 'object' || value.kind === 'array') && value.end === -1) {
        // Just opened: either empty, or read its first member (item).
        const frame: (typeof stack)[number] = { node: value };
        stack.push(frame);
        skip();
        if (text[pos] === (value.kind === 'object' ? '}' : ']')) {
          value.end = ++pos;
          stack.pop();
        } else {
          if (value.kind === 'object') frame.key = readKey();
          value = readValueStart();
          continue;
        }
      }
      // `value` is complete: attach it to its container, then see what follows.
      const top = stack[stack.length - 1];
      if (!top) {
        skip();
        if (pos < text.length) expected('the end of the file after the top-level value');
        return { ok: true, root: value };
      }
      if (top.node.kind === 'object') top.node.members.push({ ...top.key!, value });
      else top.node.items.push(value);
      skip();
      const close = top.node.kind === 'object' ? '}' : ']';
      if (text[pos] === ',') {
        pos++;
        if (top.node.kind === 'object') top.key = readKey();
        value = readValueStart();
      } else if (text[pos] === close) {
        // The container is complete: the next turn attaches it to its own container.
        top.node.end = ++pos;
        stack.pop();
        value = top.node;
      } else {
        expected(`"," or "${close}"`);
      }
    }
  } catch (e) {
    if (e instanceof Fail)
      return { ok: false, error: { start: e.at, end: Math.max(e.to, e.at), message: e.message } };
    throw e;
  }
}

/** The member's value for `key` (the last one when a key is repeated, as nlohmann::json keeps it). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.members.length - 1; i >= 0; i--)
    if (node.members[i]!.key === key) return node.members[i]!.value;
  return undefined;
}

/** The node at a path of keys and indexes (a zod issue path), or the deepest one found on the way. */
export function nodeAt(
  root: JsonNode,
  path: readonly PropertyKey[],
): { node: JsonNode; member?: JsonMember } {
  let node = root;
  let found: JsonMember | undefined;
  for (const key of path) {
    if (node.kind === 'object') {
      const last = [...node.members].reverse().find((m) => m.key === String(key));
      if (!last) break;
      found = last;
      node = last.value;
    } else if (node.kind === 'array' && typeof key === 'number' && node.items[key]) {
      found = undefined;
      node = node.items[key]!;
    } else break;
  }
  return found ? { node, member: found } : { node };
}

/** The plain value of a node, as JSON.parse gives it (a repeated key: the last one wins). */
export function jsonValue(root: JsonNode): unknown {
  // Iterative for the same reason as the reader: build containers first, fill them from a work list.
  const convert = (node: JsonNode): unknown =>
    node.kind === 'object' ? {} : node.kind === 'array' ? [] : node.kind === 'null' ? null : node.value;
  const result = convert(root);
  const work: [JsonNode, unknown][] = [[root, result]];
  for (let next = work.pop(); next; next = work.pop()) {
    const [node, target] = next;
    if (node.kind === 'object') {
      for (const m of node.members) {
        const v = convert(m.value);
        Object.defineProperty(target, m.key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        work.push([m.value, v]);
      }
    } else if (node.kind === 'array') {
      for (const item of node.items) {
        const v = convert(item);
        (target as unknown[]).push(v);
        work.push([item, v]);
      }
    }
  }
  return result;
}
