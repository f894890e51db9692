import type { EnumValueDescriptor, FieldDescriptor } from '../schema/descriptor';
import { classifyInteger, integerLimits } from '../schema/scalars';
import type { EnumType, MessageType, Schema } from '../schema/schema';
import { CLASS, DIGIT, LETTER, SPACE, isSimpleEscape } from '../syntax/charClass';

/**
 * One pass over a config that answers a single question: would the file-level check
 * (checkConfigProblems: syntax, schema, placeholders) find nothing at all? It builds no tokens, no tree
 * and no typed model, and allocates almost nothing, so a clean multi-megabyte config is checked at
 * memory speed; a CLI run on a clean file never loads the parser. `false` means "not sure", never
 * "wrong": anything unusual (a placeholder, hex numbers, `\x` escapes, a field set twice, a problem of
 * any kind) sends the file to the full check, which finds and words the problems. The contract
 * (`true` ⇒ the full check reports nothing) is held by a differential property test.
 */
export function isCleanConfig(text: string, schema: Schema, rootType: string): boolean {
  return isCleanConfigBytes(new TextEncoder().encode(text), schema, rootType);
}

/**
 * The same on the file's bytes (UTF-8, or anything: only ASCII matters outside strings and comments),
 * so that a host can scan a file without decoding it into a string.
 */
export function isCleanConfigBytes(bytes: Uint8Array, schema: Schema, rootType: string): boolean {
  const root = schema.message(rootType);
  if (!root) throw new Error(`schema has no message ${rootType}`);
  // `$` may start a placeholder (in a value, a string or a comment): the template check words those.
  if (bytes.indexOf(36 /* $ */) !== -1) return false;
  return scan(bytes, schema, root);
}

/** libprotobuf's limit on nested messages is 100; deeper files go to the full check. */
const MAX_DEPTH = 90;

/** Names looked up by a hash of their characters, computed while scanning (no substring made). */
interface Named {
  name: string;
}
type HashTable<T extends Named> = Map<number, T[]>;

function hashName(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h = (Math.imul(h, 31) + name.charCodeAt(k)) | 0;
  return h;
}

function hashTable<T extends Named>(entries: readonly T[]): HashTable<T> {
  const table: HashTable<T> = new Map();
  for (const e of entries) {
    const h = hashName(e.name);
    const list = table.get(h);
    if (list) list.push(e);
    else table.set(h, [e]);
  }
  return table;
}

// What a field's value must be, as small integers for the scan's switch.
const K_MESSAGE = 0;
const K_STRING = 1;
const K_BOOL = 2;
const K_FLOAT = 3;
const K_ENUM = 4;
const K_INT = 5;

/** A field as the scan needs it; `child` and `values` are resolved on first use. */
interface FieldEntry {
  name: string;
  repeated: boolean;
  index: number;
  /** Index of the field's oneof in its message, or -1. */
  oneof: number;
  kind: number;
  /** Largest value written without and with a `-` (K_INT, K_ENUM, K_BOOL); -1n: no `-`. */
  max: bigint;
  maxNegative: bigint;
  /** The same as doubles (rounded up for 64 bits, where only numbers of up to 15 digits use them); -1: none. */
  maxNumber: number;
  maxNegativeNumber: number;
  typeName: string | undefined;
  child: TypeTable | undefined;
  values: HashTable<EnumValueDescriptor> | undefined;
}

interface TypeTable {
  byHash: HashTable<FieldEntry>;
  /**
   * Which singular fields and oneofs the open body of this type has seen: the id of the body that last
   * set each. One set per type, so a type may be open once at a time (a body of a type nested in a
   * body of the same type goes to the full check; ModelConfig has no such recursion).
   */
  seen: Float64Array;
  oneofSeen: Float64Array;
  open: boolean;
}

/** Ids of message bodies, increasing across scans, so entries left in `seen` by earlier bodies never match. */
let bodies = 0;

function kindOf(f: FieldDescriptor): number {
  switch (f.type) {
    case 'message':
      return K_MESSAGE;
    case 'string':
    case 'bytes':
      return K_STRING;
    case 'bool':
      return K_BOOL;
    case 'float':
    case 'double':
      return K_FLOAT;
    case 'enum':
      return K_ENUM;
    default:
      return K_INT;
  }
}

const typeTables = new WeakMap<MessageType, TypeTable>();
const enumTables = new WeakMap<EnumType, HashTable<EnumValueDescriptor>>();

function typeTable(type: MessageType): TypeTable {
  let t = typeTables.get(type);
  if (!t) {
    const oneofs = new Map<string, number>();
    const entries = type.fields.map((f, index): FieldEntry => {
      if (f.oneof !== undefined && !oneofs.has(f.oneof)) oneofs.set(f.oneof, oneofs.size);
      // The validator's limits (schema/scalars.ts); -1 where no integer, or no `-`, is taken.
      const limits = integerLimits(f.type);
      const max = limits?.max ?? -1n;
      const maxNegative = limits?.maxNegative ?? -1n;
      return {
        name: f.name,
        repeated: f.repeated,
        index,
        oneof: f.oneof === undefined ? -1 : oneofs.get(f.oneof)!,
        kind: kindOf(f),
        max,
        maxNegative,
        maxNumber: Number(max),
        maxNegativeNumber: Number(maxNegative),
        typeName: f.typeName,
        child: undefined,
        values: undefined,
      };
    });
    t = {
      byHash: hashTable(entries),
      seen: new Float64Array(entries.length),
      oneofSeen: new Float64Array(oneofs.size),
      open: false,
    };
    typeTables.set(type, t);
  }
  return t;
}

function enumTable(type: EnumType): HashTable<EnumValueDescriptor> {
  let t = enumTables.get(type);
  if (!t) {
    t = hashTable(type.values);
    enumTables.set(type, t);
  }
  return t;
}

/** The byte at `i`, or 0 past the end (no out-of-bounds read, which would slow the optimised scan). */
function peek(b: Uint8Array, i: number): number {
  return i < b.length ? b[i]! : 0;
}

/** Whitespace and `#` comments from `i`; returns where the next token starts. */
function skipTrivia(b: Uint8Array, i: number, n: number): number {
  // Written out rather than with peek(): this loop runs for every byte of indentation, and until the
  // engine has optimised it (the first few hundred kilobytes of a cold run) every call counts.
  while (i < n) {
    const c = b[i]!;
    if (c === 32 || (CLASS[c]! & SPACE) !== 0) i++;
    else if (c === 35 /* # */) {
      const nl = b.indexOf(10 /* \n */, i);
      i = nl === -1 ? n : nl;
    } else return i;
  }
  return i;
}

/** The hash of the identifier identEnd last read (a scratch value: the scan runs to the end unbroken). */
let identHash = 0;

/** End of the identifier starting at `i`; its hash is left in `identHash` (one pass over it). */
function identEnd(b: Uint8Array, i: number, n: number): number {
  let h = 0;
  while (i < n) {
    const c = b[i]!;
    if ((CLASS[c]! & (LETTER | DIGIT)) === 0) break;
    h = (Math.imul(h, 31) + c) | 0;
    i++;
  }
  identHash = h;
  return i;
}

function sameName(b: Uint8Array, s: number, e: number, name: string): boolean {
  if (name.length !== e - s) return false;
  for (let k = 0; k < name.length; k++) if (b[s + k] !== name.charCodeAt(k)) return false;
  return true;
}

/** Bytes as a string, for the rare values looked at as text (booleans, `inf`, integers over 15 digits). */
function ascii(b: Uint8Array, s: number, e: number): string {
  return String.fromCharCode(...b.subarray(s, e));
}

/** The field named by the identifier identEnd just read at [s, e). */
function lookupField(
  table: HashTable<FieldEntry>,
  b: Uint8Array,
  s: number,
  e: number,
): FieldEntry | undefined {
  const list = table.get(identHash);
  // Indexed loops here and below: a for-of allocates an iterator until the engine optimises the scan.
  if (list) for (let k = 0; k < list.length; k++) if (sameName(b, s, e, list[k]!.name)) return list[k];
  return undefined;
}

function lookupValue(table: HashTable<EnumValueDescriptor>, b: Uint8Array, s: number, e: number): boolean {
  const list = table.get(identHash);
  if (list) for (let k = 0; k < list.length; k++) if (sameName(b, s, e, list[k]!.name)) return true;
  return false;
}

/**
 * End of the string literal(s) at `i` (libprotobuf joins adjacent ones, trivia between), or -1 when
 * one is not plainly valid: unterminated, crossing a line, holding a NUL, or a `\x`, `\u`, `\U` escape.
 */
function stringsEnd(b: Uint8Array, i: number, n: number): number {
  for (;;) {
    const quote = peek(b, i);
    i++;
    for (;;) {
      if (i >= n) return -1;
      const c = peek(b, i);
      if (c === quote) break;
      if (c === 0 || c === 10) return -1;
      if (c === 92 /* \ */) {
        const e = peek(b, i + 1);
        if (!isSimpleEscape(e) && !(e >= 48 && e <= 55)) return -1;
        i += 2;
      } else i++;
    }
    const after = skipTrivia(b, i + 1, n);
    const next = peek(b, after);
    if (next !== 34 && next !== 39) return i + 1;
    i = after;
  }
}

const BOOL_WORDS = ['true', 'True', 't', 'false', 'False', 'f'];

/**
 * End of the decimal number at `i` as the lexer reads it (`12`, `1.5`, `.5`, `1e-3`, `2f`), or -1 for
 * hex, octal, or a number the lexer complains about. Whether it is a float token is left in `numberIsFloat`.
 */
function numberEnd(b: Uint8Array, i: number, n: number): number {
  let isFloat = false;
  if (peek(b, i) === 48 /* 0 */) {
    const next = peek(b, i + 1);
    if ((CLASS[next]! & DIGIT) !== 0 || (next | 32) === 120 /* x */) return -1;
  }
  while (i < n && (CLASS[b[i]!]! & DIGIT) !== 0) i++;
  if (peek(b, i) === 46 /* . */) {
    isFloat = true;
    i++;
    while (i < n && (CLASS[b[i]!]! & DIGIT) !== 0) i++;
  }
  if ((peek(b, i) | 32) === 101 /* e */) {
    isFloat = true;
    i++;
    const sign = peek(b, i);
    if (sign === 45 || sign === 43) i++;
    if (!((CLASS[peek(b, i)]! & DIGIT) !== 0)) return -1;
    while (i < n && (CLASS[b[i]!]! & DIGIT) !== 0) i++;
  }
  if ((peek(b, i) | 32) === 102 /* f */) {
    isFloat = true;
    i++;
  }
  // The lexer's "Need space between number and identifier" and "Already saw decimal point".
  const next = peek(b, i);
  if ((CLASS[next]! & LETTER) !== 0 || next === 46) return -1;
  numberIsFloat = isFloat;
  return i;
}

/** Whether numberEnd's last number was a float token (a scratch value, as `identHash`). */
let numberIsFloat = false;

/** End of one value of a scalar field at `i` (trivia skipped), or -1 when it is not plainly valid. */
function scalarEnd(b: Uint8Array, i: number, n: number, f: FieldEntry, schema: Schema): number {
  let c = peek(b, i);
  let negative = false;
  if (c === 45 /* - */) {
    // `- 1` and `-#...` are valid to libprotobuf but rare: only `-1` is taken here.
    negative = true;
    c = peek(b, ++i);
  }
  const kind = f.kind;
  if (c === 34 /* " */ || c === 39 /* ' */) return kind === K_STRING && !negative ? stringsEnd(b, i, n) : -1;
  if ((CLASS[c]! & LETTER) !== 0) {
    const e = identEnd(b, i, n);
    if (kind === K_ENUM) {
      if (negative) return -1;
      if (f.values === undefined) {
        const type = schema.enumType(f.typeName!);
        if (!type) return -1;
        f.values = enumTable(type);
      }
      return lookupValue(f.values, b, i, e) ? e : -1;
    }
    if (kind === K_BOOL) {
      if (!negative)
        for (let k = 0; k < BOOL_WORDS.length; k++) if (sameName(b, i, e, BOOL_WORDS[k]!)) return e;
      return -1;
    }
    if (kind === K_FLOAT) {
      const lower = ascii(b, i, e).toLowerCase();
      return lower === 'inf' || lower === 'infinity' || lower === 'nan' ? e : -1;
    }
    return -1;
  }
  if ((CLASS[c]! & DIGIT) !== 0 || (c === 46 /* . */ && (CLASS[peek(b, i + 1)]! & DIGIT) !== 0)) {
    const end = numberEnd(b, i, n);
    if (end === -1) return -1;
    if (kind === K_FLOAT) return end;
    if (numberIsFloat || kind === K_MESSAGE || kind === K_STRING) return -1;
    const max = negative ? f.maxNegativeNumber : f.maxNumber;
    if (max < 0) return -1;
    // Up to 15 digits without a leading zero (most values): exact as a double, no BigInt.
    if (end - i <= 15) {
      let value = 0;
      for (let k = i; k < end; k++) value = value * 10 + b[k]! - 48;
      return value <= max ? end : -1;
    }
    const digits = ascii(b, i, end);
    return classifyInteger(digits, 0, digits.length, negative ? f.maxNegative : f.max) !== 'invalid'
      ? end
      : -1;
  }
  return -1;
}

/**
 * The scan itself: one loop with an explicit stack of message bodies, so that the engine optimises it
 * early in a cold process (on-stack replacement of one loop) rather than function by function.
 */
function scan(b: Uint8Array, schema: Schema, root: MessageType): boolean {
  // One frame per open message: its table, its closing character (-1: the document), whether it is an
  // element of a `[ ... ]` list, and its id (see TypeTable.seen).
  const tables: TypeTable[] = [typeTable(root)];
  const closes: number[] = [-1];
  const listed: boolean[] = [false];
  const ids: number[] = [++bodies];
  tables[0]!.open = true;
  try {
    return scanBodies(b, schema, tables, closes, listed, ids);
  } finally {
    for (const t of tables) t.open = false;
  }
}

// What the next significant token must be: the scan's states.
/** A field name, or the closing bracket of the body. */
const S_FIELD = 0;
/** After a message field's name: one optional `:`, then `[` (repeated fields), `{` or `<`. */
const S_MESSAGE = 1;
/** In `[ ... ]` of messages: `{` or `<` (or `]` when the list is empty). */
const S_MESSAGE_ITEM = 2;
/** After a message of a list: `,` or `]`. */
const S_MESSAGE_NEXT = 3;
/** After a scalar field's name: `:`. */
const S_COLON = 4;
/** After the `:`: a value, or `[` (repeated fields). */
const S_VALUE = 5;
/** In `[ ... ]` of values: a value (or `]` when the list is empty). */
const S_ITEM = 6;
/** After a value of a list: `,` or `]`. */
const S_NEXT = 7;
/** After a field: an optional `;` or `,`. */
const S_SEPARATOR = 8;

/**
 * One token per turn of one loop, with one call of each helper: the engine compiles this function
 * while the first part of a cold run is interpreted, and a small function (few inlined copies of the
 * helpers) is compiled sooner, which is most of a cold run's time on a big file.
 */
function scanBodies(
  b: Uint8Array,
  schema: Schema,
  tables: TypeTable[],
  closes: number[],
  listed: boolean[],
  ids: number[],
): boolean {
  const n = b.length;
  let depth = 0;
  let i = 0;
  let state = S_FIELD;
  // The field being read, whether its `:` was seen (messages), and whether its list is still empty.
  let field: FieldEntry | undefined;
  let colon = false;
  let empty = false;
  // The message type of the list being read (S_MESSAGE_ITEM).
  let element: TypeTable | undefined;
  for (;;) {
    i = skipTrivia(b, i, n);
    const c = i < n ? b[i]! : -1;
    switch (state) {
      case S_FIELD: {
        if (c === closes[depth]) {
          if (depth === 0) return true;
          i++;
          const closed = tables[depth]!;
          closed.open = false;
          state = listed[depth] ? S_MESSAGE_NEXT : S_SEPARATOR;
          element = closed;
          depth--;
          continue;
        }
        if (!((CLASS[c]! & LETTER) !== 0)) return false;
        const end = identEnd(b, i, n);
        const table = tables[depth]!;
        const f = lookupField(table.byHash, b, i, end);
        if (!f) return false;
        const id = ids[depth]!;
        if (!f.repeated) {
          if (table.seen[f.index] === id) return false;
          table.seen[f.index] = id;
        }
        if (f.oneof !== -1) {
          if (table.oneofSeen[f.oneof] === id) return false;
          table.oneofSeen[f.oneof] = id;
        }
        i = end;
        field = f;
        colon = false;
        state = f.kind === K_MESSAGE ? S_MESSAGE : S_COLON;
        continue;
      }
      case S_MESSAGE:
      case S_MESSAGE_ITEM: {
        const f = field!;
        if (state === S_MESSAGE) {
          if (c === 58 /* : */ && !colon) {
            colon = true;
            i++;
            continue;
          }
          if (f.child === undefined) {
            const type = schema.message(f.typeName!);
            if (!type) return false;
            f.child = typeTable(type);
          }
          element = f.child;
          if (c === 91 /* [ */) {
            if (!f.repeated) return false;
            i++;
            state = S_MESSAGE_ITEM;
            empty = true;
            continue;
          }
        } else if (c === 93 /* ] */ && empty) {
          i++;
          state = S_SEPARATOR;
          continue;
        }
        if (c !== 123 /* { */ && c !== 60 /* < */) return false;
        const child = element!;
        if (++depth > MAX_DEPTH || child.open) return false;
        i++;
        tables[depth] = child;
        closes[depth] = c === 123 ? 125 : 62;
        listed[depth] = state === S_MESSAGE_ITEM;
        ids[depth] = ++bodies;
        child.open = true;
        state = S_FIELD;
        continue;
      }
      case S_MESSAGE_NEXT:
      case S_NEXT:
        if (c === 44 /* , */) {
          i++;
          state = state === S_NEXT ? S_ITEM : S_MESSAGE_ITEM;
          empty = false;
          continue;
        }
        if (c !== 93 /* ] */) return false;
        i++;
        state = S_SEPARATOR;
        continue;
      case S_COLON:
        if (c !== 58 /* : */) return false;
        i++;
        state = S_VALUE;
        continue;
      case S_VALUE:
      case S_ITEM: {
        if (state === S_VALUE && c === 91 /* [ */) {
          if (!field!.repeated) return false;
          i++;
          state = S_ITEM;
          empty = true;
          continue;
        }
        if (state === S_ITEM && c === 93 /* ] */ && empty) {
          i++;
          state = S_SEPARATOR;
          continue;
        }
        i = scalarEnd(b, i, n, field!, schema);
        if (i === -1) return false;
        state = state === S_ITEM ? S_NEXT : S_SEPARATOR;
        continue;
      }
      default:
        // S_SEPARATOR
        if (c === 59 /* ; */ || c === 44 /* , */) i++;
        state = S_FIELD;
    }
  }
}
