import type { Problem } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import type { FieldDescriptor } from '../schema/descriptor';
import {
  INT32_MAX,
  INT64_MAX,
  UINT32_MAX,
  UINT64_MAX,
  isHexOrOctal,
  parseFloatToken,
  parseInteger,
} from '../schema/scalars';
import type { MessageType, Schema } from '../schema/schema';
import type { BodyItem, FieldNode, ListItem, ValueNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, nextSignificant, tokEnd, tokStart, tokText } from '../syntax/tokens';
import { didYouMean } from '../util/didYouMean';

/**
 * Whether a singular field now counts as "set" for libprotobuf's duplicate check. proto3 scalars
 * have no presence: `max_batch_size: 0` leaves the field unset, so a second `max_batch_size` is
 * accepted; after `max_batch_size: 4` it is an error. Placeholders are 'unknown' (never flagged).
 */
type Presence = boolean | 'unknown';

/**
 * Checks a parsed config against the schema and gives libprotobuf's verdict: the same failures, with
 * libprotobuf's words, reported where libprotobuf reports them. Unlike libprotobuf it does not stop at
 * the first problem. `${name}` placeholders in value positions are not errors here.
 */
export function validateSchema(parsed: ParseResult, schema: Schema, rootType: string): Problem[] {
  const { tokens, text } = parsed;
  const problems: Problem[] = [];
  const root = schema.message(rootType);
  if (!root) throw new Error(`schema has no message ${rootType}`);

  const after = (i: number) => nextSignificant(tokens, i + 1);
  const found = (i: number) => (tokens.kind[i] === Tok.EOF ? '' : tokText(tokens, i));
  const span = (i: number) => ({ start: tokStart(tokens, i), end: tokEnd(tokens, i) });

  const report = (
    code: DiagnosticCode,
    at: number,
    message: string,
    range: { start: number; end: number } = span(at),
    extra: Partial<Problem> = {},
  ) => {
    const p: Problem = { code, start: range.start, end: range.end, message, ...extra };
    if (tokStart(tokens, at) !== range.start) p.protobufAt = tokStart(tokens, at);
    problems.push(p);
  };

  /** Range of a field's name through its colon: where a missing value is shown. */
  const fieldHead = (f: FieldNode) => ({
    start: tokStart(tokens, f.nameFirst),
    end: tokEnd(tokens, f.colon !== -1 ? f.colon : f.nameLast),
  });

  /**
   * Emulates libprotobuf's ConsumeFieldValue for a scalar field: `minus` is the token index of a
   * leading `-` (or -1) and `at` the token it then looks at.
   */
  const scalar = (
    field: FieldDescriptor,
    minus: number,
    at: number,
    range?: { start: number; end: number },
  ): Presence => {
    const kind = tokens.kind[at];
    if (kind === Tok.Placeholder && minus === -1) return 'unknown';
    const wrong = (tok: number, expected: string) => {
      report('schema/wrong-type', tok, `Expected ${expected}, got: ${found(tok)}`, range ?? span(tok), {
        data: { field: field.name, type: field.type },
      });
      return 'unknown' as const;
    };
    switch (field.type) {
      case 'int32':
      case 'sint32':
      case 'sfixed32':
      case 'int64':
      case 'sint64':
      case 'sfixed64': {
        const max = (field.type.endsWith('32') ? INT32_MAX : INT64_MAX) + (minus !== -1 ? 1n : 0n);
        if (kind !== Tok.Int) return wrong(at, 'integer');
        const v = parseInteger(tokText(tokens, at), max);
        if (v === undefined) return outOfRange(at);
        return v !== 0n;
      }
      case 'uint32':
      case 'fixed32':
      case 'uint64':
      case 'fixed64': {
        if (minus !== -1) {
          report(
            'schema/negative-unsigned',
            minus,
            'Expected integer, got: -',
            { start: tokStart(tokens, minus), end: tokEnd(tokens, at) },
            {
              data: { field: field.name },
            },
          );
          return 'unknown';
        }
        if (kind !== Tok.Int) return wrong(at, 'integer');
        const v = parseInteger(tokText(tokens, at), field.type.endsWith('32') ? UINT32_MAX : UINT64_MAX);
        if (v === undefined) return outOfRange(at);
        return v !== 0n;
      }
      case 'float':
      case 'double': {
        let value: number;
        const t = kind === Tok.EOF ? '' : tokText(tokens, at);
        if (kind === Tok.Int) {
          if (isHexOrOctal(t)) {
            report('schema/wrong-type', at, `Expect a decimal number, got: ${t}`, range ?? span(at));
            return 'unknown';
          }
          value = Number(t);
        } else if (kind === Tok.Float) {
          value = parseFloatToken(t);
        } else if (kind === Tok.Ident) {
          const lower = t.toLowerCase();
          if (lower === 'inf' || lower === 'infinity') value = Infinity;
          else if (lower === 'nan') value = NaN;
          else {
            report('schema/wrong-type', at, `Expected double, got: ${lower}`, range ?? span(at));
            return 'unknown';
          }
        } else {
          return wrong(at, 'double');
        }
        if (minus !== -1) value = -value;
        if (field.type === 'float') value = Math.fround(value);
        // Presence is by bit pattern: -0.0 counts as set, +0.0 does not.
        return !Object.is(value, 0);
      }
      case 'string':
      case 'bytes': {
        if (minus !== -1) return wrong(minus, 'string');
        if (kind !== Tok.String) return wrong(at, 'string');
        for (let i = at; tokens.kind[i] === Tok.String; i = after(i)) {
          if (tokEnd(tokens, i) - tokStart(tokens, i) > 2) return true;
        }
        return false;
      }
      case 'bool': {
        if (kind === Tok.Int && minus === -1) {
          const v = parseInteger(tokText(tokens, at), 1n);
          if (v === undefined) return outOfRange(at);
          return v !== 0n;
        }
        if (minus !== -1) return wrong(minus, 'identifier');
        if (kind !== Tok.Ident) return wrong(at, 'identifier');
        const t = tokText(tokens, at);
        if (t === 'true' || t === 'True' || t === 't') return true;
        if (t === 'false' || t === 'False' || t === 'f') return false;
        report(
          'schema/invalid-bool',
          after(at),
          `Invalid value for boolean field "${field.name}". Value: "${t}".`,
          range ?? span(at),
          { data: { field: field.name, suggestions: ['true', 'false'] } },
        );
        return 'unknown';
      }
      case 'enum': {
        const enumType = schema.enumType(field.typeName!);
        if (kind === Tok.Ident && minus === -1) {
          const t = tokText(tokens, at);
          const value = enumType?.byName.get(t);
          if (value) return value.number !== 0;
          const names = enumType?.values.map((v) => v.name) ?? [];
          const suggestion = didYouMean(t, names);
          report(
            'schema/unknown-enum-value',
            after(at),
            `Unknown enumeration value of "${t}" for field "${field.name}".` +
              (suggestion ? ` Did you mean "${suggestion}"?` : ''),
            range ?? span(at),
            { data: { field: field.name, enum: field.typeName, suggestion } },
          );
          return 'unknown';
        }
        if (minus !== -1 || kind === Tok.Int) {
          if (kind !== Tok.Int) return wrong(at, 'integer');
          const v = parseInteger(tokText(tokens, at), INT32_MAX + (minus !== -1 ? 1n : 0n));
          if (v === undefined) return outOfRange(at);
          return v !== 0n;
        }
        return wrong(at, 'integer or identifier');
      }
    }
    return 'unknown';

    function outOfRange(tok: number): Presence {
      report(
        'schema/integer-out-of-range',
        tok,
        `Integer out of range (${tokText(tokens, tok)})`,
        range ?? span(tok),
        {
          data: { field: field.name, type: field.type },
        },
      );
      return 'unknown';
    }
  };

  const work: { items: BodyItem[]; type: MessageType }[] = [{ items: parsed.document.fields, type: root }];

  /** A message value (or list element) of a message field: checked later, with its own state. */
  const expectMessage = (
    field: FieldDescriptor,
    node: ValueNode | ListItem,
    typeName: string,
    parent: MessageType,
  ) => {
    if (node.type === 'message') {
      const type = schema.message(typeName);
      if (type) work.push({ items: node.fields, type });
      return;
    }
    if (node.type === 'skipped') return;
    if (node.type === 'scalar' && node.minus === -1 && tokens.kind[node.first] === Tok.Placeholder) return;
    const at =
      node.type === 'list'
        ? node.open
        : node.type === 'missing'
          ? node.at
          : node.minus !== -1
            ? node.minus
            : node.first;
    const message = `Expected "{", found "${found(at)}".`;
    if (
      parent.fullName === 'inference.ModelConfig.ParametersEntry' &&
      field.name === 'value' &&
      tokens.kind[at] === Tok.String
    ) {
      report(
        'schema/parameter-value-shape',
        at,
        `${message} Parameter values are messages: value: { string_value: ${found(at)} }`,
        span(at),
        {
          data: { stringToken: found(at) },
        },
      );
      return;
    }
    const hint = node.type === 'list' ? ` "${field.name}" is not repeated: give it one message value.` : '';
    report('schema/wrong-type', at, message + hint, span(at), {
      data: { field: field.name, type: 'message' },
    });
  };

  while (work.length > 0) {
    const { items, type } = work.pop()!;
    // Per message: what libprotobuf's reflection would answer for HasField / HasOneof.
    const present = new Map<number, { node: FieldNode; set: Presence }>();
    const oneofs = new Map<string, FieldNode>();

    for (const node of items) {
      if (node.type !== 'field' || node.nameKind === 'placeholder') continue;
      const nameRange = { start: tokStart(tokens, node.nameFirst), end: tokEnd(tokens, node.nameLast) };
      const afterName = after(node.nameLast);

      if (node.nameKind === 'extension') {
        let slash = -1;
        for (let i = node.nameFirst; i <= node.nameLast; i++)
          if (tokens.kind[i] === Tok.Symbol && text[tokStart(tokens, i)] === '/')
            slash = slash === -1 ? i : slash;
        if (slash !== -1) report('schema/unknown-extension', slash, `Expected "]", found "/".`, nameRange);
        else
          report(
            'schema/unknown-extension',
            afterName,
            `Extension "${node.name}" is not defined or is not an extension of "${type.fullName}".`,
            nameRange,
          );
        continue;
      }

      const field = type.fieldsByName.get(node.name);
      if (!field) {
        const suggestion = didYouMean(node.name, type.fieldsByName.keys());
        report(
          'schema/unknown-field',
          afterName,
          `Message type "${type.fullName}" has no field named "${node.name}".` +
            (suggestion ? ` Did you mean "${suggestion}"?` : ''),
          nameRange,
          { data: { message: type.fullName, suggestion } },
        );
        continue;
      }

      const previous = field.repeated ? undefined : present.get(field.number);
      if (previous?.set === true) {
        report(
          'schema/duplicate-field',
          afterName,
          `Non-repeated field "${field.name}" is specified multiple times.`,
          nameRange,
          {
            related: [{ ...fieldRange(previous.node), message: `"${field.name}" is first set here` }],
            data: { field: field.name },
          },
        );
      } else if (field.oneof) {
        const other = oneofs.get(field.oneof);
        if (other && other.name !== field.name) {
          report(
            'schema/oneof-conflict',
            afterName,
            `Field "${field.name}" is specified along with field "${other.name}", another member of oneof "${field.oneof}".`,
            nameRange,
            {
              related: [{ ...fieldRange(other), message: `"${other.name}" is set here` }],
              data: { field: field.name, other: other.name },
            },
          );
        }
      }

      const set = checkValue(node, field);
      if (!field.repeated && previous?.set !== true) {
        present.set(field.number, { node, set: field.oneof || field.type === 'message' ? true : set });
      }
      if (field.oneof && !oneofs.has(field.oneof)) oneofs.set(field.oneof, node);
    }

    function checkValue(node: FieldNode, field: FieldDescriptor): Presence {
      const value = node.value;
      if (field.type === 'message') {
        if (value.type === 'list' && field.repeated) {
          for (const item of value.items) expectMessage(field, item, field.typeName!, type);
        } else {
          expectMessage(field, value, field.typeName!, type);
        }
        return true;
      }
      if (node.colon === -1) {
        const at = after(node.nameLast);
        const hint =
          value.type === 'message'
            ? ` "${field.name}" is a ${field.type} field, not a message.`
            : ' Scalar fields need ":" before the value.';
        report('schema/wrong-type', at, `Expected ":", found "${found(at)}".` + hint, span(at), {
          data: { field: field.name, insertColon: true },
        });
        return 'unknown';
      }
      switch (value.type) {
        case 'list':
          if (!field.repeated) {
            const before = problems.length;
            scalar(field, -1, value.open);
            const p = problems[before];
            if (p) p.message += ` "${field.name}" is not repeated: give it one value.`;
            return 'unknown';
          }
          for (const item of value.items) {
            if (item.type === 'scalar')
              scalar(field, item.minus, item.first !== -1 ? item.first : after(item.minus));
            else if (item.type === 'missing') scalar(field, -1, item.at);
            else if (item.type === 'message') scalar(field, -1, item.open);
          }
          return true;
        case 'message':
          return scalar(field, -1, value.open);
        case 'scalar':
          return scalar(field, value.minus, value.first !== -1 ? value.first : after(value.minus));
        case 'missing': {
          const before = problems.length;
          const set = scalar(field, -1, value.at, value.consumed ? undefined : fieldHead(node));
          const p = problems[before];
          if (p && !value.consumed) p.message += ` ("${field.name}" has no value)`;
          return set;
        }
      }
    }
  }

  function fieldRange(node: FieldNode) {
    return { start: tokStart(tokens, node.nameFirst), end: tokEnd(tokens, node.nameLast) };
  }

  return problems;
}
