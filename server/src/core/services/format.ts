import type { BodyItem, FieldNode, ListItem, MessageNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart, tokText } from '../syntax/tokens';

export interface FormatOptions {
  /** Spaces per level (default 2). */
  indent?: number;
}

const MAX_DEPTH = 200;

/**
 * Prints a config in one canonical style: one field per line, two-space indentation, `name: value`
 * for scalars, `name {` for messages (`<...>` becomes `{...}`, optional `:` `;` `,` are dropped),
 * scalar lists on one line, message lists one element per block. Comments and `${...}` placeholders
 * are kept; at most one blank line is kept between fields. Idempotent.
 *
 * Returns undefined when the text has a syntax problem (formatting a broken file could lose text),
 * or is nested deeper than any real config.
 */
export function formatText(parsed: ParseResult, options: FormatOptions = {}): string | undefined {
  return print(parsed, options)?.text;
}

function print(parsed: ParseResult, options: FormatOptions): { text: string; printer: Printer } | undefined {
  if (parsed.problems.some((p) => p.code.startsWith('syntax/'))) return undefined;
  const printer = new Printer(parsed, ' '.repeat(options.indent ?? 2));
  const text = printer.print();
  return text === undefined ? undefined : { text, printer };
}

class Printer {
  /** For range formatting: each top-level field and the lines printed for it (comments before it excluded). */
  readonly topLevel: { field: FieldNode; lines: string[] }[] = [];
  private readonly lines: string[] = [];
  private line = '';
  private depth = 0;
  /** Next token whose leading trivia has not been looked at. */
  private cursor = 0;
  private ok = true;

  constructor(
    private readonly parsed: ParseResult,
    private readonly unit: string,
  ) {}

  print(): string | undefined {
    this.body(this.parsed.document.fields);
    this.trivia(this.parsed.tokens.count - 1, true);
    this.newline();
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    if (!this.ok) return undefined;
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }

  private newline(): void {
    if (this.line !== '') this.lines.push(this.unit.repeat(this.depth) + this.line);
    this.line = '';
  }

  private write(text: string, spaced = true): void {
    if (this.line !== '' && spaced && !this.line.endsWith(' ')) this.line += ' ';
    this.line += text;
  }

  private text(i: number): string {
    return tokText(this.parsed.tokens, i);
  }

  /**
   * Emits the comments found before token `upTo` (from the cursor on). A comment on the same line as
   * what precedes it stays a trailing comment; others go on their own line. `atField`: keep one blank
   * line where the input had any.
   */
  private trivia(upTo: number, atField: boolean): void {
    const { tokens, text } = this.parsed;
    let newlines = this.cursor === 0 ? 1 : 0;
    for (let i = this.cursor; i < upTo; i++) {
      const kind = tokens.kind[i];
      if (kind === Tok.Whitespace) {
        const s = text.slice(tokStart(tokens, i), tokEnd(tokens, i));
        for (const ch of s) if (ch === '\n') newlines++;
      } else if (kind === Tok.Comment) {
        const comment = this.text(i).trimEnd();
        if (newlines === 0 && this.line !== '') {
          this.write(comment);
        } else {
          this.newline();
          if (newlines > 1 && this.lines.length > 0 && this.lines[this.lines.length - 1] !== '')
            this.lines.push('');
          this.line = comment;
        }
        this.newline();
        newlines = 0;
      }
    }
    if (atField && newlines > 1) {
      this.newline();
      if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
    }
    this.cursor = Math.max(this.cursor, upTo);
  }

  /**
   * Keeps a comment that follows on the same line (after optional `;`/`,` separators, which are
   * dropped) as a trailing comment of the line being written.
   */
  private trailingComment(): void {
    const { tokens, text } = this.parsed;
    for (let i = this.cursor; i < tokens.count; i++) {
      const kind = tokens.kind[i];
      if (kind === Tok.Whitespace) {
        if (text.slice(tokStart(tokens, i), tokEnd(tokens, i)).includes('\n')) return;
      } else if (kind === Tok.Comment) {
        this.write(this.text(i).trimEnd());
        this.cursor = i + 1;
        return;
      } else if (
        kind === Tok.Symbol &&
        (text[tokStart(tokens, i)] === ';' || text[tokStart(tokens, i)] === ',') &&
        this.droppable(i)
      ) {
        continue;
      } else {
        return;
      }
    }
  }

  /** Separators that the canonical style drops (a field's trailing `;`/`,`, commas between list items). */
  private droppable(i: number): boolean {
    return this.separators.has(i);
  }

  private readonly separators = new Set<number>();

  private token(i: number, spaced = true): void {
    this.trivia(i, false);
    this.write(this.text(i), spaced);
    this.cursor = i + 1;
  }

  private body(items: BodyItem[]): void {
    if (this.depth > MAX_DEPTH) {
      this.ok = false;
      return;
    }
    for (const item of items) {
      if (item.type === 'skipped') {
        this.ok = false;
        return;
      }
      this.field(item);
    }
  }

  private field(f: FieldNode): void {
    if (f.separator !== -1) this.separators.add(f.separator);
    if (f.value.type === 'list') for (const c of f.value.commas) this.separators.add(c);
    this.trivia(f.nameFirst, true);
    this.newline();
    const top = this.depth === 0;
    const firstLine = this.lines.length;
    for (let i = f.nameFirst; i <= f.nameLast; i++) {
      if (this.parsed.tokens.kind[i]! > Tok.Control) this.token(i, i === f.nameFirst);
    }
    const v = f.value;
    if (v.type === 'missing') {
      if (f.nameKind !== 'placeholder') this.ok = false;
    } else if (v.type === 'message') {
      this.message(v);
    } else if (v.type === 'list') {
      const messages = v.items.length > 0 && v.items.every((x) => x.type === 'message');
      if (!messages) this.write(':', false);
      this.list(v.items, v.open, v.close, messages);
    } else {
      this.write(':', false);
      this.scalar(v);
    }
    this.trailingComment();
    this.newline();
    if (top) this.topLevel.push({ field: f, lines: this.lines.slice(firstLine) });
  }

  private scalar(v: ListItem): void {
    if (v.type !== 'scalar' || v.first === -1) {
      this.ok = false;
      return;
    }
    if (v.minus !== -1) this.token(v.minus);
    for (let i = v.first; i <= v.last; i++) {
      if (this.parsed.tokens.kind[i]! > Tok.Control) this.token(i, !(v.minus !== -1 && i === v.first));
    }
  }

  private message(m: MessageNode): void {
    if (m.close === -1) {
      this.ok = false;
      return;
    }
    this.trivia(m.open, false);
    this.write('{');
    this.cursor = m.open + 1;
    if (m.fields.length === 0 && !this.hasComment(m.open, m.close)) {
      this.write('}', false);
      this.cursor = m.close + 1;
      return;
    }
    this.trailingComment();
    this.newline();
    this.depth++;
    this.body(m.fields);
    this.trivia(m.close, false);
    this.newline();
    this.depth--;
    this.write('}');
    this.cursor = m.close + 1;
  }

  private list(items: ListItem[], open: number, close: number, messages: boolean): void {
    if (close === -1) {
      this.ok = false;
      return;
    }
    this.trivia(open, false);
    this.write('[');
    this.cursor = open + 1;
    if (items.length === 0) {
      this.write(']', false);
      this.cursor = close + 1;
      return;
    }
    if (messages) {
      this.trailingComment();
      this.newline();
      this.depth++;
      items.forEach((item, n) => {
        this.trivia(item.type === 'message' ? item.open : close, true);
        this.newline();
        this.message(item as MessageNode);
        if (n < items.length - 1) this.write(',', false);
        this.trailingComment();
      });
      this.trivia(close, false);
      this.newline();
      this.depth--;
      this.write(']');
    } else {
      items.forEach((item, n) => {
        this.scalar(item);
        if (n < items.length - 1) this.write(',', false);
      });
      this.trivia(close, false);
      this.write(']');
    }
    this.cursor = close + 1;
  }

  private hasComment(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.parsed.tokens.kind[i] === Tok.Comment) return true;
    return false;
  }
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}

/**
 * Edits that format the top-level fields overlapping [start, end): each is replaced by its canonical
 * form, and everything else (other fields, comments between them) is left as written.
 */
export function formatRange(
  parsed: ParseResult,
  start: number,
  end: number,
  options: FormatOptions = {},
): TextEdit[] | undefined {
  const printed = print(parsed, options);
  if (!printed) return undefined;
  const { tokens, text } = parsed;
  const edits: TextEdit[] = [];
  for (const { field, lines } of printed.printer.topLevel) {
    const s = tokStart(tokens, field.nameFirst);
    let e = fieldEndOffset(parsed, field);
    if (e < start || s > Math.max(start, end - 1)) continue;
    // A comment on the field's last line was printed with it: replace it too.
    const rest = /^[ \t]*(;|,)?[ \t]*#[^\n]*/.exec(text.slice(e));
    if (rest) e += rest[0].length;
    const newText = lines.join('\n');
    if (text.slice(s, e) !== newText) edits.push({ start: s, end: e, newText });
  }
  return edits;
}

function fieldEndOffset(parsed: ParseResult, f: FieldNode): number {
  const { tokens } = parsed;
  if (f.separator !== -1) return tokEnd(tokens, f.separator);
  const v = f.value;
  if (v.type === 'message' || v.type === 'list')
    return v.close !== -1 ? tokEnd(tokens, v.close) : parsed.text.length;
  if (v.type === 'scalar') return tokEnd(tokens, v.last !== -1 ? v.last : v.minus);
  return tokEnd(tokens, f.nameLast);
}
