import type { Problem } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import type { FieldDescriptor } from '../schema/descriptor';
import { classifyInteger, integerLimits, isHexOrOctal, parseFloatToken } from '../schema/scalars';
import type { MessageType, Schema } from '../schema/schema';
import type { BodyItem, FieldNode, ListItem, ValueNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, nextSignificant, tokEnd, tokStart, tokText } from '../syntax/tokens';
import type { Tokens } from '../syntax/tokens';
import { didYouMean } from '../util/didYouMean';

/**
 * Whether a singular field now counts as "set" for libprotobuf's duplicate check. proto3 scalars
 * have no presence: `max_batch_size: 0` leaves the field unset, so a second `max_batch_size` is
 * accepted; after `max_batch_size: 4` it is an error. Placeholders are 'unknown' (never flagged).
 */
type Presence = boolean | 'unknown';

interface Span {
  start: number;
  end: number;
}

/**
 * Checks a parsed config against the schema and gives libprotobuf's verdict: the same failures, with
 * libprotobuf's words, reported where libprotobuf reports them. Unlike libprotobuf it does not stop at
 * the first problem. `${name}` placeholders in value positions are not errors here.
 */
export function validateSchema(parsed: ParseResult, schema: Schema, rootType: string): Problem[] {
  return new SchemaValidator(parsed, schema).run(rootType);
}

/** Per message type: what libprotobuf's reflection would answer for HasField, in the current message. */
interface PresenceTable {
  /** Visit number that last wrote each field's entry; entries from older visits are stale. */
  stamp: Int32Array;
  node: (FieldNode | undefined)[];
  set: Presence[];
}

class SchemaValidator {
  private readonly tokens: Tokens;
  private readonly text: string;
  private readonly problems: Problem[] = [];
  private readonly work: { items: BodyItem[]; type: MessageType }[] = [];
  private readonly tables = new Map<MessageType, PresenceTable>();
  private visit = 0;

  constructor(
    parsed: ParseResult,
    private readonly schema: Schema,
  ) {
    this.tokens = parsed.tokens;
    this.text = parsed.text;
    this.document = parsed.document.fields;
  }

  private readonly document: BodyItem[];

  run(rootType: string): Problem[] {
    const root = this.schema.message(rootType);
    if (!root) throw new Error(`schema has no message ${rootType}`);
    this.work.push({ items: this.document, type: root });
    // An explicit work list: each message body is checked with its own presence state.
    while (this.work.length > 0) {
      const { items, type } = this.work.pop()!;
      this.checkMessage(items, type);
    }
    return this.problems;
  }

  // --- token helpers -------------------------------------------------------------------------

  private after(i: number): number {
    return nextSignificant(this.tokens, i + 1);
  }

  private found(i: number): string {
    return this.tokens.kind[i] === Tok.EOF ? '' : tokText(this.tokens, i);
  }

  private span(i: number): Span {
    return { start: tokStart(this.tokens, i), end: tokEnd(this.tokens, i) };
  }

  private nameSpan(f: FieldNode): Span {
    return { start: tokStart(this.tokens, f.nameFirst), end: tokEnd(this.tokens, f.nameLast) };
  }

  /** A field's name through its colon: where a missing value is shown. */
  private headSpan(f: FieldNode): Span {
    return {
      start: tokStart(this.tokens, f.nameFirst),
      end: tokEnd(this.tokens, f.colon !== -1 ? f.colon : f.nameLast),
    };
  }

  /** Records a problem libprotobuf reports at token `at`, underlined at `range`. */
  private report(
    code: DiagnosticCode,
    at: number,
    message: string,
    range: Span,
    extra?: Partial<Problem>,
  ): Problem {
    const p: Problem = { code, start: range.start, end: range.end, message, ...extra };
    const atOffset = tokStart(this.tokens, at);
    if (atOffset !== range.start) p.protobufAt = atOffset;
    this.problems.push(p);
    return p;
  }

  // --- presence --------------------------------------------------------------------------------

  private table(type: MessageType): PresenceTable {
    let t = this.tables.get(type);
    if (!t) {
      const n = type.fields.length;
      t = { stamp: new Int32Array(n), node: new Array(n), set: new Array(n) };
      this.tables.set(type, t);
    }
    return t;
  }

  // --- messages --------------------------------------------------------------------------------

  private checkMessage(items: BodyItem[], type: MessageType): void {
    const visit = ++this.visit;
    const table = this.table(type);
    let oneofs: Map<string, FieldNode> | undefined;

    for (const node of items) {
      if (node.type !== 'field' || node.nameKind === 'placeholder') continue;
      // libprotobuf reports a problem with the field at the token after its name: `this.after(nameLast)`,
      // looked for only when there is a problem (most fields have none).

      if (node.nameKind === 'extension') {
        this.reportExtension(node, type, this.after(node.nameLast));
        continue;
      }

      const field = type.fieldsByName.get(node.name);
      if (!field) {
        const suggestion = didYouMean(node.name, type.fieldsByName.keys());
        this.report(
          'schema/unknown-field',
          this.after(node.nameLast),
          // The plain cause first, then libprotobuf's line as Triton logs it (for searching the log).
          `Unknown field "${node.name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}. Triton: Message type "${type.fullName}" has no field named "${node.name}".`,
          this.nameSpan(node),
          { data: { message: type.fullName, suggestion } },
        );
        continue;
      }

      const index = type.fieldIndex.get(field)!;
      const previous = !field.repeated && table.stamp[index] === visit ? table.node[index] : undefined;
      const previousSet = previous ? table.set[index] : false;
      if (previousSet === true) {
        this.report(
          'schema/duplicate-field',
          this.after(node.nameLast),
          `Non-repeated field "${field.name}" is specified multiple times.`,
          this.nameSpan(node),
          {
            related: [{ ...this.nameSpan(previous!), message: `"${field.name}" is first set here` }],
            data: { field: field.name },
          },
        );
      } else if (field.oneof) {
        const other = oneofs?.get(field.oneof);
        if (other && other.name !== field.name) {
          this.report(
            'schema/oneof-conflict',
            this.after(node.nameLast),
            `Field "${field.name}" is specified along with field "${other.name}", another member of oneof "${field.oneof}".`,
            this.nameSpan(node),
            {
              related: [{ ...this.nameSpan(other), message: `"${other.name}" is set here` }],
              data: { field: field.name, other: other.name },
            },
          );
        }
      }

      const set = this.checkValue(node, field, type);
      if (!field.repeated && previousSet !== true) {
        table.stamp[index] = visit;
        table.node[index] = node;
        // Oneof members and messages have presence: any occurrence sets them.
        table.set[index] = field.oneof || field.type === 'message' ? true : set;
      }
      if (field.oneof) {
        oneofs ??= new Map();
        if (!oneofs.has(field.oneof)) oneofs.set(field.oneof, node);
      }
    }
  }

  private reportExtension(node: FieldNode, type: MessageType, afterName: number): void {
    for (let i = node.nameFirst; i <= node.nameLast; i++) {
      if (this.tokens.kind[i] === Tok.Symbol && this.text[tokStart(this.tokens, i)] === '/') {
        // libprotobuf only accepts type URLs in Any fields, which ModelConfig has none of.
        this.report('schema/unknown-extension', i, `Expected "]", found "/".`, this.nameSpan(node));
        return;
      }
    }
    this.report(
      'schema/unknown-extension',
      afterName,
      `Extension "${node.name}" is not defined or is not an extension of "${type.fullName}".`,
      this.nameSpan(node),
    );
  }

  // --- values ----------------------------------------------------------------------------------

  private checkValue(node: FieldNode, field: FieldDescriptor, parent: MessageType): Presence {
    const value = node.value;
    if (field.type === 'message') {
      if (value.type === 'list' && field.repeated) {
        for (const item of value.items) this.expectMessage(field, item, parent);
      } else {
        this.expectMessage(field, value, parent);
      }
      return true;
    }
    if (node.colon === -1) {
      const at = this.after(node.nameLast);
      const hint =
        value.type === 'message'
          ? ` "${field.name}" is a ${field.type} field, not a message.`
          : ' Scalar fields need ":" before the value.';
      this.report('schema/wrong-type', at, `Expected ":", found "${this.found(at)}".` + hint, this.span(at), {
        data: { field: field.name, insertColon: true },
      });
      return 'unknown';
    }
    switch (value.type) {
      case 'list': {
        if (!field.repeated) {
          const before = this.problems.length;
          this.scalar(field, -1, value.open);
          const p = this.problems[before];
          if (p) p.message += ` "${field.name}" is not repeated: give it one value.`;
          return 'unknown';
        }
        for (const item of value.items) {
          if (item.type === 'scalar') {
            this.scalar(field, item.minus, item.first !== -1 ? item.first : this.after(item.minus));
          } else if (item.type === 'missing') this.scalar(field, -1, item.at);
          else if (item.type === 'message') this.scalar(field, -1, item.open);
        }
        return true;
      }
      case 'message':
        return this.scalar(field, -1, value.open);
      case 'scalar':
        return this.scalar(field, value.minus, value.first !== -1 ? value.first : this.after(value.minus));
      case 'missing': {
        const before = this.problems.length;
        const set = this.scalar(field, -1, value.at, value.consumed ? undefined : this.headSpan(node));
        const p = this.problems[before];
        if (p && !value.consumed) p.message += ` ("${field.name}" has no value)`;
        return set;
      }
    }
  }

  /** A value (or list element) of a message field: queued for checking with the field's type. */
  private expectMessage(field: FieldDescriptor, node: ValueNode | ListItem, parent: MessageType): void {
    if (node.type === 'message') {
      const type = this.schema.message(field.typeName!);
      if (type) this.work.push({ items: node.fields, type });
      return;
    }
    if (node.type === 'skipped') return;
    if (node.type === 'scalar' && node.minus === -1 && this.tokens.kind[node.first] === Tok.Placeholder) {
      return;
    }
    const at =
      node.type === 'list'
        ? node.open
        : node.type === 'missing'
          ? node.at
          : node.minus !== -1
            ? node.minus
            : node.first;
    const message = `Expected "{", found "${this.found(at)}".`;
    if (
      parent.fullName === 'inference.ModelConfig.ParametersEntry' &&
      field.name === 'value' &&
      this.tokens.kind[at] === Tok.String
    ) {
      this.report(
        'schema/parameter-value-shape',
        at,
        `${message} Parameter values are messages: value: { string_value: ${this.found(at)} }`,
        this.span(at),
        {
          data: { stringToken: this.found(at) },
        },
      );
      return;
    }
    const hint = node.type === 'list' ? ` "${field.name}" is not repeated: give it one message value.` : '';
    this.report('schema/wrong-type', at, message + hint, this.span(at), {
      data: { field: field.name, type: 'message' },
    });
  }

  /**
   * Emulates libprotobuf's ConsumeFieldValue for a scalar field: `minus` is the token index of a
   * leading `-` (or -1) and `at` the token it then looks at. `range` overrides the underline.
   */
  private scalar(field: FieldDescriptor, minus: number, at: number, range?: Span): Presence {
    const { tokens } = this;
    const kind = tokens.kind[at];
    if (kind === Tok.Placeholder && minus === -1) return 'unknown';
    switch (field.type) {
      case 'int32':
      case 'sint32':
      case 'sfixed32':
      case 'int64':
      case 'sint64':
      case 'sfixed64': {
        if (kind !== Tok.Int) return this.wrong(field, at, 'integer', range);
        const limits = integerLimits(field.type)!;
        const max = minus !== -1 ? limits.maxNegative! : limits.max;
        return this.integer(field, at, max, range);
      }
      case 'uint32':
      case 'fixed32':
      case 'uint64':
      case 'fixed64': {
        if (minus !== -1) {
          this.report(
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
        if (kind !== Tok.Int) return this.wrong(field, at, 'integer', range);
        return this.integer(field, at, integerLimits(field.type)!.max, range);
      }
      case 'float':
      case 'double':
        return this.floating(field, minus, at, range);
      case 'string':
      case 'bytes': {
        if (minus !== -1) return this.wrong(field, minus, 'string', range);
        if (kind !== Tok.String) return this.wrong(field, at, 'string', range);
        for (let i = at; tokens.kind[i] === Tok.String; i = this.after(i)) {
          if (tokEnd(tokens, i) - tokStart(tokens, i) > 2) return true;
        }
        return false;
      }
      case 'bool':
        return this.bool(field, minus, at, range);
      case 'enum':
        return this.enumValue(field, minus, at, range);
    }
    return 'unknown';
  }

  private wrong(field: FieldDescriptor, at: number, expected: string, range: Span | undefined): Presence {
    this.report(
      'schema/wrong-type',
      at,
      `Expected ${expected}, got: ${this.found(at)}`,
      range ?? this.span(at),
      {
        data: { field: field.name, type: field.type },
      },
    );
    return 'unknown';
  }

  private integer(field: FieldDescriptor, at: number, max: bigint, range: Span | undefined): Presence {
    const c = classifyInteger(this.text, tokStart(this.tokens, at), tokEnd(this.tokens, at), max);
    if (c !== 'invalid') return c === 'nonzero';
    this.report(
      'schema/integer-out-of-range',
      at,
      `Integer out of range (${tokText(this.tokens, at)})`,
      range ?? this.span(at),
      {
        data: { field: field.name, type: field.type },
      },
    );
    return 'unknown';
  }

  private floating(field: FieldDescriptor, minus: number, at: number, range: Span | undefined): Presence {
    const kind = this.tokens.kind[at];
    let value: number;
    if (kind === Tok.Int) {
      const t = tokText(this.tokens, at);
      if (isHexOrOctal(t)) {
        this.report('schema/wrong-type', at, `Expect a decimal number, got: ${t}`, range ?? this.span(at));
        return 'unknown';
      }
      value = Number(t);
    } else if (kind === Tok.Float) {
      value = parseFloatToken(tokText(this.tokens, at));
    } else if (kind === Tok.Ident) {
      const lower = tokText(this.tokens, at).toLowerCase();
      if (lower === 'inf' || lower === 'infinity') value = Infinity;
      else if (lower === 'nan') value = NaN;
      else {
        this.report('schema/wrong-type', at, `Expected double, got: ${lower}`, range ?? this.span(at));
        return 'unknown';
      }
    } else {
      return this.wrong(field, at, 'double', range);
    }
    if (minus !== -1) value = -value;
    if (field.type === 'float') value = Math.fround(value);
    // Presence is by bit pattern: -0.0 counts as set, +0.0 does not.
    return !Object.is(value, 0);
  }

  private bool(field: FieldDescriptor, minus: number, at: number, range: Span | undefined): Presence {
    const kind = this.tokens.kind[at];
    if (kind === Tok.Int && minus === -1) return this.integer(field, at, 1n, range);
    // libprotobuf looks for an identifier when the token is not an integer, and '-' is not one.
    if (minus !== -1) return this.wrong(field, minus, 'identifier', range);
    if (kind !== Tok.Ident) return this.wrong(field, at, 'identifier', range);
    const t = tokText(this.tokens, at);
    if (t === 'true' || t === 'True' || t === 't') return true;
    if (t === 'false' || t === 'False' || t === 'f') return false;
    this.report(
      'schema/invalid-bool',
      this.after(at),
      `Invalid value for boolean field "${field.name}". Value: "${t}".`,
      range ?? this.span(at),
      {
        data: { field: field.name, suggestions: ['true', 'false'] },
      },
    );
    return 'unknown';
  }

  private enumValue(field: FieldDescriptor, minus: number, at: number, range: Span | undefined): Presence {
    const kind = this.tokens.kind[at];
    if (kind === Tok.Ident && minus === -1) {
      const enumType = this.schema.enumType(field.typeName!);
      const t = tokText(this.tokens, at);
      const value = enumType?.byName.get(t);
      if (value) return value.number !== 0;
      const suggestion = didYouMean(t, enumType?.values.map((v) => v.name) ?? []);
      this.report(
        'schema/unknown-enum-value',
        this.after(at),
        `Unknown enumeration value of "${t}" for field "${field.name}".` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        range ?? this.span(at),
        { data: { field: field.name, enum: field.typeName, suggestion } },
      );
      return 'unknown';
    }
    if (minus !== -1 || kind === Tok.Int) {
      // Numbers are accepted for any enum (proto3 enums are open), within int32.
      if (kind !== Tok.Int) return this.wrong(field, at, 'integer', range);
      const limits = integerLimits('enum')!;
      return this.integer(field, at, minus !== -1 ? limits.maxNegative! : limits.max, range);
    }
    return this.wrong(field, at, 'integer or identifier', range);
  }
}
