import { MODEL_CONFIG_TYPE } from '../schema/modelConfigSchema';
import type { Schema } from '../schema/schema';
import type { BodyItem, FieldNode, MessageNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, nextSignificant, tokStart, tokText } from '../syntax/tokens';
import { decodeStringLiteral } from '../schema/scalars';
import { fieldEnd, fieldStart } from './locate';

export type SymbolKind = 'field' | 'struct' | 'array' | 'property' | 'key' | 'event';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

/**
 * The outline of a config: inputs and outputs by tensor name, instance groups by kind and count,
 * parameters by key, ensemble steps by model, and every other field by name.
 */
export function documentSymbols(
  parsed: ParseResult,
  schema: Schema,
  rootType: string = MODEL_CONFIG_TYPE,
): OutlineSymbol[] {
  return symbolsOf(parsed, schema, parsed.document.fields, rootType, 0);
}

function symbolsOf(
  parsed: ParseResult,
  schema: Schema,
  items: BodyItem[],
  typeName: string,
  depth: number,
): OutlineSymbol[] {
  const type = schema.message(typeName);
  const out: OutlineSymbol[] = [];
  if (depth > 64) return out; // a valid config is a few levels deep; do not recurse through garbage
  for (const node of items) {
    if (node.type !== 'field') continue;
    const field = type?.fieldsByName.get(node.name);
    const messages: MessageNode[] =
      node.value.type === 'message'
        ? [node.value]
        : node.value.type === 'list'
          ? node.value.items.filter((m): m is MessageNode => m.type === 'message')
          : [];
    const base = {
      start: fieldStart(parsed, node),
      end: fieldEnd(parsed, node),
      selectionStart: tokStart(parsed.tokens, node.nameFirst),
      selectionEnd: tokStart(parsed.tokens, node.nameLast) + tokText(parsed.tokens, node.nameLast).length,
    };
    if (field?.type === 'message' && messages.length > 0) {
      for (const m of messages) {
        const children = symbolsOf(parsed, schema, m.fields, field.typeName!, depth + 1);
        out.push({
          ...base,
          name: labelFor(parsed, node, m),
          detail: detailFor(parsed, node.name, m),
          kind: kindFor(node.name, field.repeated),
          children,
        });
      }
    } else {
      const valueText =
        node.value.type === 'scalar' && node.value.first !== -1
          ? tokText(parsed.tokens, node.value.first)
          : '';
      out.push({ ...base, name: node.name, detail: valueText, kind: 'property', children: [] });
    }
  }
  return out;
}

function kindFor(name: string, repeated: boolean): SymbolKind {
  if (name === 'parameters') return 'key';
  if (name === 'step') return 'event';
  if (name === 'input' || name === 'output') return 'field';
  return repeated ? 'array' : 'struct';
}

/** A string field of a message value, decoded; '' when absent. */
function stringField(parsed: ParseResult, m: MessageNode, name: string): string {
  const f = m.fields.find((x): x is FieldNode => x.type === 'field' && x.name === name);
  if (!f || f.value.type !== 'scalar' || f.value.first === -1) return '';
  const { tokens } = parsed;
  if (tokens.kind[f.value.first] !== Tok.String) return tokText(tokens, f.value.first);
  let s = '';
  for (let i = f.value.first; i <= f.value.last; i = nextSignificant(tokens, i + 1))
    s += decodeStringLiteral(tokText(tokens, i));
  return s;
}

function labelFor(parsed: ParseResult, node: FieldNode, m: MessageNode): string {
  switch (node.name) {
    case 'input':
    case 'output':
      return stringField(parsed, m, 'name') || node.name;
    case 'parameters':
    case 'input_map':
    case 'output_map':
    case 'priority_queue_policy':
    case 'metric_tags':
    case 'cc_model_filenames':
      return stringField(parsed, m, 'key') || node.name;
    case 'step':
      return stringField(parsed, m, 'model_name') || 'step';
    case 'instance_group': {
      const name = stringField(parsed, m, 'name');
      return name || 'instance_group';
    }
    default:
      return node.name;
  }
}

function detailFor(parsed: ParseResult, name: string, m: MessageNode): string {
  switch (name) {
    case 'input':
    case 'output':
      return [stringField(parsed, m, 'data_type'), dimsOf(parsed, m)].filter(Boolean).join(' ');
    case 'parameters': {
      const value = m.fields.find((x): x is FieldNode => x.type === 'field' && x.name === 'value');
      return value?.value.type === 'message' ? stringField(parsed, value.value, 'string_value') : '';
    }
    case 'instance_group': {
      const count = stringField(parsed, m, 'count') || '1';
      return `${stringField(parsed, m, 'kind') || 'KIND_AUTO'} x ${count}`;
    }
    default:
      return '';
  }
}

function dimsOf(parsed: ParseResult, m: MessageNode): string {
  const dims = m.fields.filter((x): x is FieldNode => x.type === 'field' && x.name === 'dims');
  const values: string[] = [];
  for (const d of dims) {
    const items = d.value.type === 'list' ? d.value.items : [d.value];
    for (const it of items) {
      if (it.type === 'scalar' && it.first !== -1)
        values.push((it.minus !== -1 ? '-' : '') + tokText(parsed.tokens, it.first));
    }
  }
  return dims.length ? `[${values.join(', ')}]` : '';
}
