import type { FieldDescriptor } from '../schema/descriptor';
import type { Schema } from '../schema/schema';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart, tokText } from '../syntax/tokens';
import { locate, pathLabel } from './locate';
import { parameterHover } from './trtllmEditor';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  start: number;
  end: number;
}

/** How a field's type reads in hover text: `int32`, `repeated ModelInput`, `map<string, ModelParameter>`. */
export function typeLabel(field: FieldDescriptor, schema: Schema): string {
  const short = (n?: string) => (n ?? '').split('.').pop();
  if (field.map) {
    const entry = schema.message(field.typeName!);
    const [k, v] = entry?.fields ?? [];
    return `map<${k?.type}, ${v?.typeName ? short(v.typeName) : v?.type}>`;
  }
  const base = field.type === 'message' || field.type === 'enum' ? short(field.typeName)! : field.type;
  return field.repeated ? `repeated ${base}` : base;
}

/** Index of the token containing `offset` (or ending at it, for a cursor right after a word). */
export function tokenAt(parsed: ParseResult, offset: number): number {
  const { tokens } = parsed;
  let lo = 0;
  let hi = tokens.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tokStart(tokens, mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  // At a boundary, prefer the word that ends here.
  if (
    lo > 0 &&
    tokStart(tokens, lo) === offset &&
    tokens.kind[lo]! <= Tok.Control &&
    tokens.kind[lo - 1] === Tok.Ident
  )
    return lo - 1;
  return lo;
}

/** Hover for field names, enum values and placeholders: the schema's documentation, type and path. */
export function hover(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): HoverResult | undefined {
  const { tokens } = parsed;
  const tok = tokenAt(parsed, offset);
  const kind = tokens.kind[tok];
  const start = tokStart(tokens, tok);
  const end = tokEnd(tokens, tok);
  if (kind === Tok.Placeholder) {
    const name = tokText(tokens, tok).slice(2, -1);
    return {
      contents: `**\${${name}}**: template variable\n\nFilled in when the template is rendered (e.g. by \`fill_template.py\`).`,
      start,
      end,
    };
  }
  if (kind === Tok.String) return parameterHover(parsed, schema, rootType, offset);
  if (kind !== Tok.Ident) return undefined;
  const loc = locate(parsed, schema, rootType, offset);
  const step = loc.path[loc.path.length - 1];
  if (!step?.field) return undefined;
  const field = step.field;
  if (loc.part === 'name') {
    const lines = [
      `**${field.name}**: \`${typeLabel(field, schema)}\``,
      '',
      `\`${pathLabel(loc.path, rootType)}\``,
    ];
    if (field.oneof) lines.push('', `One of \`${field.oneof}\`: set at most one of its members.`);
    if (field.doc) lines.push('', field.doc);
    const target = field.type === 'message' ? schema.message(field.typeName!) : undefined;
    if (target?.doc && !target.mapEntry)
      lines.push('', `_${target.fullName.split('.').pop()}_: ${target.doc}`);
    return { contents: lines.join('\n'), start, end };
  }
  if (loc.part === 'value' && field.type === 'enum') {
    const enumType = schema.enumType(field.typeName!);
    const value = enumType?.byName.get(tokText(tokens, tok));
    if (!value || !enumType) return undefined;
    const lines = [
      `**${value.name}** = ${value.number}`,
      '',
      `\`${enumType.fullName.split('.').pop()}\` value of \`${pathLabel(loc.path, rootType)}\``,
    ];
    if (value.doc) lines.push('', value.doc);
    return { contents: lines.join('\n'), start, end };
  }
  return undefined;
}
