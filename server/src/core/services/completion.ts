import type { FieldDescriptor } from '../schema/descriptor';
import type { MessageType, Schema } from '../schema/schema';
import type { FieldNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, isSymbol, tokStart } from '../syntax/tokens';
import { typeLabel } from './hover';
import { locate } from './locate';
import { parameterCompletions } from './trtllmEditor';

export interface CompletionResult {
  label: string;
  kind: 'field' | 'enum' | 'value';
  detail: string;
  documentation: string;
  /** Text to insert; a snippet (`$1`, `$0`) when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  /** Range of the word being replaced. */
  start: number;
  end: number;
}

/** Start of the identifier that ends at `offset` (the word being typed), or `offset`. */
function wordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1]!)) i--;
  return i;
}

/** Index of the last significant token that starts before `offset`. */
function previousSignificant(parsed: ParseResult, offset: number): number {
  const { tokens } = parsed;
  let lo = 0;
  let hi = tokens.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tokStart(tokens, mid) < offset) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && tokens.kind[lo]! <= Tok.Control) lo--;
  return tokens.kind[lo]! <= Tok.Control || tokStart(tokens, lo) >= offset ? -1 : lo;
}

/**
 * Completions at `offset`: the fields valid in the enclosing message (singular fields already set and
 * other members of a oneof already chosen are left out), or after `name:` the values of an enum or
 * boolean field.
 */
export function complete(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): CompletionResult[] {
  // Inside a `parameters` key or string value: TensorRT-LLM's keys and values.
  const parameters = parameterCompletions(parsed, schema, rootType, offset);
  if (parameters) return parameters;
  const { text, tokens } = parsed;
  const start = wordStart(text, offset);
  const prev = previousSignificant(parsed, start);
  const loc = locate(parsed, schema, rootType, start > 0 ? start - 1 : 0);

  if (prev !== -1 && isSymbol(tokens, prev, ':')) {
    const step = [...loc.path].reverse().find((s) => s.node.colon === prev);
    return step?.field ? valueCompletions(step.field, schema, start, offset) : [];
  }
  if (prev !== -1 && (isSymbol(tokens, prev, '[') || isSymbol(tokens, prev, ','))) {
    // Inside `field: [ ... ]`: values of the list's field.
    const step = loc.path[loc.path.length - 1];
    if (step?.field && step.node.value.type === 'list')
      return valueCompletions(step.field, schema, start, offset);
  }
  const inner = innermostBody(parsed, schema, rootType, start);
  return inner ? fieldCompletions(inner.type, inner.siblings, schema, start, offset) : [];
}

/** The message type whose body contains `offset`, and the fields already written in it. */
function innermostBody(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): { type: MessageType; siblings: FieldNode[] } | undefined {
  const loc = locate(parsed, schema, rootType, offset);
  // If the offset is in a field's name (the word being typed), that field is the one being written.
  const path = loc.part === 'body' ? loc.path : loc.path.slice(0, -1);
  const last = path[path.length - 1];
  let type: MessageType | undefined = schema.message(rootType);
  let siblings: FieldNode[] = parsed.document.fields.filter((f): f is FieldNode => f.type === 'field');
  if (last) {
    if (last.field?.type !== 'message') return undefined;
    type = schema.message(last.field.typeName!);
    const value = last.node.value;
    const body =
      value.type === 'message'
        ? value
        : value.type === 'list'
          ? value.items.find(
              (m) =>
                m.type === 'message' &&
                tokStart(parsed.tokens, m.open) < offset &&
                (m.close === -1 || tokStart(parsed.tokens, m.close) >= offset),
            )
          : undefined;
    siblings = body?.type === 'message' ? body.fields.filter((f): f is FieldNode => f.type === 'field') : [];
  }
  return type ? { type, siblings } : undefined;
}

function fieldCompletions(
  type: MessageType,
  siblings: FieldNode[],
  schema: Schema,
  start: number,
  end: number,
): CompletionResult[] {
  const present = new Set(siblings.map((f) => f.name));
  const chosenOneofs = new Set(
    type.fields.filter((f) => f.oneof && present.has(f.name)).map((f) => f.oneof!),
  );
  return type.fields
    .filter((f) => f.repeated || !present.has(f.name))
    .filter((f) => !f.oneof || !chosenOneofs.has(f.oneof) || present.has(f.name))
    .map((f) => ({
      label: f.name,
      kind: 'field' as const,
      detail: typeLabel(f, schema),
      documentation: f.doc,
      insertText: insertTextFor(f, schema),
      snippet: true,
      start,
      end,
    }));
}

function insertTextFor(f: FieldDescriptor, schema: Schema): string {
  if (f.map) return `${f.name} {\n\tkey: $1\n\tvalue: ${mapValueSnippet(f, schema)}\n}`;
  if (f.type === 'message') return `${f.name} {\n\t$0\n}`;
  if (f.type === 'string') return `${f.name}: "$1"`;
  if (f.type === 'bool') return `${f.name}: \${1|true,false|}`;
  if (f.type === 'enum') {
    const names = schema.enumType(f.typeName!)?.values.map((v) => v.name) ?? [];
    return `${f.name}: \${1|${names.join(',')}|}`;
  }
  if (f.repeated) return `${f.name}: [ $1 ]`;
  return `${f.name}: $1`;
}

function mapValueSnippet(f: FieldDescriptor, schema: Schema): string {
  const value = schema.message(f.typeName!)?.fieldsByName.get('value');
  if (value?.type === 'message')
    return value.typeName === 'inference.ModelParameter' ? '{ string_value: "$2" }' : '{ $2 }';
  return value?.type === 'string' ? '"$2"' : '$2';
}

function valueCompletions(
  field: FieldDescriptor,
  schema: Schema,
  start: number,
  end: number,
): CompletionResult[] {
  if (field.type === 'enum') {
    const enumType = schema.enumType(field.typeName!);
    return (enumType?.values ?? []).map((v) => ({
      label: v.name,
      kind: 'enum' as const,
      detail: `${enumType!.fullName.split('.').pop()} = ${v.number}`,
      documentation: v.doc,
      insertText: v.name,
      snippet: false,
      start,
      end,
    }));
  }
  if (field.type === 'bool') {
    return ['true', 'false'].map((label) => ({
      label,
      kind: 'value' as const,
      detail: 'bool',
      documentation: '',
      insertText: label,
      snippet: false,
      start,
      end,
    }));
  }
  return [];
}
