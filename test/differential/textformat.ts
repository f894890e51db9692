/**
 * A deliberately small reader for protobuf text format, used only to find WHERE to mutate a base
 * config. It runs on the base files (which protoc accepts) and never on mutants, so it does not need
 * error recovery: it throws on anything unexpected. It is independent of the checker on purpose: a
 * differential test whose mutation sites came from the code under test would share its blind spots.
 */
import type { FieldInfo, MessageInfo, Schema } from './schema';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Character offsets into the source: [start, end). */
  start: number;
  end: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
// Mirrors the shapes libprotobuf's tokenizer accepts as one number token (hex, decimal, float, `f` suffix).
const NUMBER = /(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[fF]?/y;

/** Splits text into tokens, keeping `#` comments as tokens so that callers can avoid or use them. */
export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? text.length : nl;
      out.push({ kind: 'comment', text: text.slice(i, end), start: i, end });
      i = end;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      out.push({ kind: 'string', text: text.slice(i, end), start: i, end });
      i = end;
    } else {
      const num = /[0-9.]/.test(c) ? matchAt(NUMBER, text, i) : undefined;
      const id = num === undefined ? matchAt(IDENT, text, i) : undefined;
      const kind: TokenKind = num !== undefined ? 'number' : id !== undefined ? 'ident' : 'punct';
      const end = i + (num ?? id ?? c).length;
      out.push({ kind, text: text.slice(i, end), start: i, end });
      i = end;
    }
  }
  return out;
}

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m?.[0];
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n') break;
  }
  throw new Error(`unterminated string at offset ${start}`);
}

// ---------------------------------------------------------------------------------------------------
// Outline: fields and values of a valid config, as indices into the significant (non-comment) tokens.

export type Value = ScalarValue | MessageValue | ListValue;

export interface ScalarValue {
  kind: 'scalar';
  /** First and last token (inclusive): `-` + number, one identifier, or adjacent string literals. */
  first: number;
  last: number;
  field: FieldInfo;
}

export interface MessageValue {
  kind: 'message';
  open: number;
  close: number;
  type: MessageInfo;
  fields: FieldOcc[];
}

export interface ListValue {
  kind: 'list';
  open: number;
  close: number;
  elements: Value[];
}

export interface FieldOcc {
  field: FieldInfo;
  parent: MessageInfo;
  /** The occurrences that share this one's parent message, in order (including this one). */
  siblings: FieldOcc[];
  name: number;
  colon?: number;
  value: Value;
  /** Last token of the value. */
  last: number;
  /** A `,` or `;` right after the field. */
  separator?: number;
}

export interface Outline {
  text: string;
  tokens: Token[];
  /** Tokens without comments; every index in the outline points here. */
  sig: Token[];
  root: MessageValue;
  /** Every field occurrence, depth first. */
  fields: FieldOcc[];
  /** Every scalar value, including list elements. */
  scalars: ScalarValue[];
  /** Every message value (not the root), including list elements. */
  messages: { value: MessageValue; owner: FieldOcc }[];
}

/** Builds the outline of a config that protoc accepts; throws if the text is not understood. */
export function outline(text: string, schema: Schema): Outline {
  const tokens = lex(text);
  const sig = tokens.filter((t) => t.kind !== 'comment');
  const o: Outline = {
    text,
    tokens,
    sig,
    root: { kind: 'message', open: -1, close: sig.length, type: schema.root, fields: [] },
    fields: [],
    scalars: [],
    messages: [],
  };
  const p = new OutlineParser(o, schema);
  p.messageBody(o.root, undefined);
  return o;
}

class OutlineParser {
  private pos = 0;

  constructor(
    private readonly o: Outline,
    private readonly schema: Schema,
  ) {}

  private peek(): Token | undefined {
    return this.o.sig[this.pos];
  }

  private is(text: string): boolean {
    return this.peek()?.text === text && this.peek()?.kind === 'punct';
  }

  private expect(text: string): number {
    if (!this.is(text)) throw new Error(`expected ${text} at token ${this.pos} (${this.peek()?.text})`);
    return this.pos++;
  }

  messageBody(msg: MessageValue, closer: string | undefined): void {
    while (closer === undefined ? this.peek() !== undefined : !this.is(closer)) {
      this.field(msg);
    }
  }

  private field(msg: MessageValue): void {
    const nameTok = this.peek();
    if (nameTok?.kind !== 'ident') throw new Error(`expected a field name at token ${this.pos}`);
    const field = msg.type.fields.get(nameTok.text);
    if (field === undefined) throw new Error(`unknown field ${nameTok.text} in ${msg.type.name}`);
    // The value is filled in below; list values need `occ` as the owner of their message elements.
    const placeholder: ListValue = { kind: 'list', open: -1, close: -1, elements: [] };
    const occ: FieldOcc = {
      field,
      parent: msg.type,
      siblings: msg.fields,
      name: this.pos++,
      value: placeholder,
      last: -1,
    };
    if (this.is(':')) occ.colon = this.pos++;
    occ.value = this.is('[') && field.repeated ? this.list(field, occ) : this.single(field, occ);
    occ.last = this.pos - 1;
    if (this.is(',') || this.is(';')) occ.separator = this.pos++;
    msg.fields.push(occ);
    this.o.fields.push(occ);
  }

  private list(field: FieldInfo, owner: FieldOcc): ListValue {
    const open = this.expect('[');
    const elements: Value[] = [];
    while (!this.is(']')) {
      elements.push(this.single(field, owner));
      if (this.is(',')) this.pos++;
    }
    return { kind: 'list', open, close: this.expect(']'), elements };
  }

  private single(field: FieldInfo, owner: FieldOcc): Value {
    if (field.type.kind === 'message') {
      const closer = this.is('<') ? '>' : '}';
      const open = this.expect(closer === '>' ? '<' : '{');
      const value: MessageValue = {
        kind: 'message',
        open,
        close: -1,
        type: this.schema.message(field.type.message),
        fields: [],
      };
      this.messageBody(value, closer);
      value.close = this.expect(closer);
      this.o.messages.push({ value, owner });
      return value;
    }
    const first = this.pos;
    const t = this.peek();
    if (t === undefined) throw new Error('value expected at end of input');
    if (t.kind === 'string') {
      while (this.peek()?.kind === 'string') this.pos++;
    } else {
      if (this.is('-')) this.pos++;
      const v = this.peek();
      if (v?.kind !== 'number' && v?.kind !== 'ident') throw new Error(`bad scalar at token ${this.pos}`);
      this.pos++;
    }
    const value: ScalarValue = { kind: 'scalar', first, last: this.pos - 1, field };
    this.o.scalars.push(value);
    return value;
  }
}

// ---------------------------------------------------------------------------------------------------
// Text editing helpers.

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Offset of the start of the line containing `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The leading whitespace of the line containing `offset`. */
export function indentAt(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))?.[0] ?? '';
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}
