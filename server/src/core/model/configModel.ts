import type { FieldDescriptor } from '../schema/descriptor';
import { classifyInteger, decodeStringLiteral, parseFloatToken, parseInteger } from '../schema/scalars';
import type { MessageType, Schema } from '../schema/schema';
import type { BodyItem, ListItem, ValueNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, nextSignificant, tokEnd, tokStart, tokText, tokTextInterned } from '../syntax/tokens';

const ENUM_LIMIT = 2n ** 31n;
const INT_LIMIT = 2n ** 64n;

/** A decimal integer of up to 15 digits without a leading zero (exact as a double), else undefined. */
function smallDecimal(text: string): number | undefined {
  if (text.length > 15 || (text.length > 1 && text.charCodeAt(0) === 48)) return undefined;
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return text.length > 0 ? v : undefined;
}

/**
 * A typed, located view of a config: what rules, hover and rendering read instead of the raw tree.
 * Only what the schema knows is kept (unknown fields were already reported); every value remembers
 * where it was written, so a rule can point at it.
 */
export interface MessageValue {
  kind: 'message';
  type: MessageType;
  /** The braces (or the whole document for the root). */
  start: number;
  end: number;
  fields: FieldOccurrence[];
}

export interface ScalarValue {
  kind: 'scalar';
  /** Decoded value: number for int32/uint32/float/double, bigint for 64-bit ints, string, boolean. */
  value: number | bigint | string | boolean;
  /** For enum fields written as a name; numeric enum values have only `value`. */
  enumName?: string;
  start: number;
  end: number;
}

/** A `${name}` where a value goes: unknown until the template is rendered. */
export interface PlaceholderValue {
  kind: 'placeholder';
  name: string;
  start: number;
  end: number;
}

export type Value = MessageValue | ScalarValue | PlaceholderValue;

export interface FieldOccurrence {
  field: FieldDescriptor;
  nameStart: number;
  nameEnd: number;
  /** One value for a singular field; the list items (or the one value) for a repeated field. */
  values: Value[];
}

/** Builds the typed view from a parse. Values that do not fit their field are left out. */
export function buildConfigModel(parsed: ParseResult, schema: Schema, rootType: string): MessageValue {
  const root = schema.message(rootType)!;
  const doc: MessageValue = { kind: 'message', type: root, start: 0, end: parsed.text.length, fields: [] };
  const { tokens } = parsed;
  const work: { items: BodyItem[]; message: MessageValue }[] = [
    { items: parsed.document.fields, message: doc },
  ];

  const scalarOf = (field: FieldDescriptor, node: ValueNode | ListItem): Value | undefined => {
    if (node.type !== 'scalar' || node.first === -1) return undefined;
    const start = tokStart(tokens, node.minus !== -1 ? node.minus : node.first);
    const end = tokEnd(tokens, node.last);
    const kind = tokens.kind[node.first];
    // Identifiers (enum names, booleans) repeat: interned. Other texts are sliced only where needed.
    const text =
      kind === Tok.Ident || kind === Tok.Placeholder
        ? tokTextInterned(tokens, node.first)
        : kind === Tok.String
          ? ''
          : tokText(tokens, node.first);
    if (kind === Tok.Placeholder) return { kind: 'placeholder', name: text.slice(2, -1), start, end };
    const negative = node.minus !== -1;
    switch (field.type) {
      case 'string':
      case 'bytes': {
        if (kind !== Tok.String || negative) return undefined;
        let s = '';
        for (let i = node.first; i <= node.last; i = nextSignificant(tokens, i + 1))
          s += decodeStringLiteral(tokText(tokens, i));
        return { kind: 'scalar', value: s, start, end };
      }
      case 'bool':
        if (kind === Tok.Int)
          return {
            kind: 'scalar',
            value:
              classifyInteger(parsed.text, tokStart(tokens, node.first), tokEnd(tokens, node.first), 1n) ===
              'nonzero',
            start,
            end,
          };
        if (text === 'true' || text === 'True' || text === 't')
          return { kind: 'scalar', value: true, start, end };
        if (text === 'false' || text === 'False' || text === 'f')
          return { kind: 'scalar', value: false, start, end };
        return undefined;
      case 'float':
      case 'double': {
        let v: number;
        if (kind === Tok.Int) v = Number(text);
        else if (kind === Tok.Float) v = parseFloatToken(text);
        else if (/^(inf|infinity)$/i.test(text)) v = Infinity;
        else if (/^nan$/i.test(text)) v = NaN;
        else return undefined;
        return { kind: 'scalar', value: negative ? -v : v, start, end };
      }
      case 'enum': {
        if (kind === Tok.Ident) {
          const ev = schema.enumType(field.typeName!)?.byName.get(text);
          return ev ? { kind: 'scalar', value: ev.number, enumName: ev.name, start, end } : undefined;
        }
        if (kind !== Tok.Int) return undefined;
        const n = parseInteger(text, ENUM_LIMIT);
        if (n === undefined) return undefined;
        const num = Number(negative ? -n : n);
        const ev = schema.enumType(field.typeName!)?.values.find((v) => v.number === num);
        return { kind: 'scalar', value: num, ...(ev ? { enumName: ev.name } : {}), start, end };
      }
      default: {
        if (kind !== Tok.Int) return undefined;
        const wide = field.type.endsWith('64');
        const small = smallDecimal(text);
        if (small !== undefined) {
          // Same value as below without a BigInt round trip (and `-0` is 0, as Number(-0n) is).
          const signed = negative && small !== 0 ? -small : small;
          return { kind: 'scalar', value: wide ? BigInt(signed) : signed, start, end };
        }
        const n = parseInteger(text, INT_LIMIT);
        if (n === undefined) return undefined;
        const signed = negative ? -n : n;
        return { kind: 'scalar', value: wide ? signed : Number(signed), start, end };
      }
    }
  };

  const valueOfItem = (field: FieldDescriptor, item: ValueNode | ListItem): Value | undefined => {
    if (field.type !== 'message') return scalarOf(field, item);
    if (item.type !== 'message') return undefined;
    const type = schema.message(field.typeName!);
    if (!type) return undefined;
    const child: MessageValue = {
      kind: 'message',
      type,
      start: tokStart(tokens, item.open),
      end: item.close !== -1 ? tokEnd(tokens, item.close) : parsed.text.length,
      fields: [],
    };
    work.push({ items: item.fields, message: child });
    return child;
  };

  while (work.length > 0) {
    const { items, message } = work.pop()!;
    for (const node of items) {
      if (node.type !== 'field' || node.nameKind !== 'ident') continue;
      const field = message.type.fieldsByName.get(node.name);
      if (!field) continue;
      const valueNode = node.value;
      let values: Value[];
      if (valueNode.type === 'list' && field.repeated) {
        values = [];
        for (const item of valueNode.items) {
          const v = valueOfItem(field, item);
          if (v) values.push(v);
        }
        // Exact size: a pushed-to array keeps room for 17 values, and there is one per field written.
        values = values.slice();
      } else {
        const v = valueOfItem(field, valueNode);
        values = v ? [v] : [];
      }
      message.fields.push({
        field,
        nameStart: tokStart(tokens, node.nameFirst),
        nameEnd: tokEnd(tokens, node.nameLast),
        values,
      });
    }
    message.fields = message.fields.slice();
  }
  return doc;
}

// --- queries ---------------------------------------------------------------------------------------

/** Every value given for a field, in order (list items flattened). */
export function valuesOf(message: MessageValue, name: string): Value[] {
  const out: Value[] = [];
  // A loop, not push(...values): repeated fields of generated configs hold tens of thousands of items.
  for (const f of message.fields) if (f.field.name === name) for (const v of f.values) out.push(v);
  return out;
}

/** The effective value of a singular field: the last one written (as libprotobuf keeps it). */
export function valueOf(message: MessageValue, name: string): Value | undefined {
  // The hottest query of the rules: no intermediate array.
  const fields = message.fields;
  for (let i = fields.length - 1; i >= 0; i--) {
    const f = fields[i]!;
    if (f.field.name === name && f.values.length > 0) return f.values[f.values.length - 1];
  }
  return undefined;
}

export function occurrencesOf(message: MessageValue, name: string): FieldOccurrence[] {
  return message.fields.filter((f) => f.field.name === name);
}

export function has(message: MessageValue, name: string): boolean {
  return message.fields.some((f) => f.field.name === name && f.values.length > 0);
}

export function messagesOf(message: MessageValue, name: string): MessageValue[] {
  const out: MessageValue[] = [];
  for (const f of message.fields)
    if (f.field.name === name) for (const v of f.values) if (v.kind === 'message') out.push(v);
  return out;
}

export function messageOf(message: MessageValue, name: string): MessageValue | undefined {
  const v = valueOf(message, name);
  return v?.kind === 'message' ? v : undefined;
}

export function scalarOf(message: MessageValue, name: string): ScalarValue | undefined {
  const v = valueOf(message, name);
  return v?.kind === 'scalar' ? v : undefined;
}

/** String value, '' when absent (proto3 default); undefined when it is a placeholder. */
export function stringOf(message: MessageValue, name: string): string | undefined {
  const v = valueOf(message, name);
  if (v?.kind === 'placeholder') return undefined;
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : '';
}

/** Integer value as a number, 0 when absent; undefined when it is a placeholder. */
export function numberOf(message: MessageValue, name: string): number | undefined {
  const v = valueOf(message, name);
  if (v?.kind === 'placeholder') return undefined;
  if (v?.kind !== 'scalar') return 0;
  return typeof v.value === 'bigint'
    ? Number(v.value)
    : typeof v.value === 'number'
      ? v.value
      : v.value === true
        ? 1
        : 0;
}

export function boolOf(message: MessageValue, name: string): boolean | undefined {
  const v = valueOf(message, name);
  if (v?.kind === 'placeholder') return undefined;
  return v?.kind === 'scalar' ? v.value === true : false;
}

/**
 * Enum value name; '' when the field is absent (the proto3 default, value 0); the number as text
 * for a numeric value with no name; undefined when it is a placeholder.
 */
export function enumOf(message: MessageValue, name: string): string | undefined {
  const v = valueOf(message, name);
  if (v?.kind === 'placeholder') return undefined;
  if (v?.kind !== 'scalar') return '';
  return v.enumName ?? String(v.value);
}

/** Numbers of a repeated integer field (`dims`), undefined when any item is a placeholder. */
export function numbersOf(message: MessageValue, name: string): number[] | undefined {
  const out: number[] = [];
  for (const v of valuesOf(message, name)) {
    if (v.kind !== 'scalar') return undefined;
    out.push(Number(v.value));
  }
  return out;
}

/** Entries of a map field: key and value with their locations (duplicate keys: all kept, in order). */
export function mapEntries(
  message: MessageValue,
  name: string,
): { key: Value | undefined; value: Value | undefined; entry: MessageValue }[] {
  return messagesOf(message, name).map((entry) => ({
    key: valueOf(entry, 'key'),
    value: valueOf(entry, 'value'),
    entry,
  }));
}
