import type {
  BodyItem,
  DocumentNode,
  FieldNode,
  ListNode,
  MessageNode,
  MissingNode,
  ScalarNode,
} from './cst';
import { lex } from './lexer';
import type { Problem } from '../diagnostics/problem';
import { protobufOffset } from '../diagnostics/problem';
import { Tok, tokStart, tokText, tokTextInterned } from './tokens';
import type { Tokens } from './tokens';

export interface ParseResult {
  text: string;
  tokens: Tokens;
  document: DocumentNode;
  problems: Problem[];
}

const C_COLON = 58;
const C_SEMI = 59;
const C_COMMA = 44;
const C_LBRACE = 123;
const C_RBRACE = 125;
const C_LT = 60;
const C_GT = 62;
const C_LBRACKET = 91;
const C_RBRACKET = 93;
const C_MINUS = 45;
const C_DOT = 46;
const C_SLASH = 47;

/** A message body being filled: the document, or a `{...}`/`<...>` value. */
interface BodyFrame {
  kind: 'body';
  items: BodyItem[];
  message: MessageNode | null;
  /** Character code of the expected closer, or 0 for the document. */
  closer: number;
}

interface ListFrame {
  kind: 'list';
  list: ListNode;
  /** True right after `[` or `,`: an element is expected. */
  expectItem: boolean;
  /** True while nothing has been read after `[` (so `]` closes an empty list). */
  empty: boolean;
}

type Frame = BodyFrame | ListFrame;

/** The commas of every list without one (most lists of a config): shared, never written to. */
const NO_COMMAS = Object.freeze([]) as unknown as number[];

const UNSET: MissingNode = Object.freeze({ type: 'missing', at: -1, consumed: false }) as MissingNode;

/** Error text libprotobuf uses for "the token it found": the raw token, empty at the end of input. */
function found(tokens: Tokens, i: number): string {
  return tokens.kind[i] === Tok.EOF ? '' : tokText(tokens, i);
}

/**
 * Parses protobuf text format without a schema into a lossless tree.
 *
 * It accepts the union of what libprotobuf accepts for any field type (whether `:` is required, and
 * whether a value fits its field, is decided by the schema validator). It never throws, keeps partial
 * nodes, recovers at the next field or closing bracket, reports at most one problem per offset, and
 * uses an explicit stack, so deeply nested input cannot overflow the call stack.
 */
export function parse(text: string): ParseResult {
  const { tokens, problems: lexProblems } = lex(text);
  const { kind } = tokens;
  const problems: Problem[] = [];
  const problemOffsets = new Set<number>();
  for (const p of lexProblems) {
    const problem: Problem = { code: p.code, start: p.start, end: p.end, message: p.message };
    if (p.start !== p.offset) problem.protobufAt = p.offset;
    problems.push(problem);
  }

  // One problem per position: recovery must not stack a second complaint on the same token.
  const report = (p: Problem) => {
    const at = protobufOffset(p);
    if (problemOffsets.has(at)) return;
    problemOffsets.add(at);
    problems.push(p);
  };
  const charAt = (i: number) => (kind[i] === Tok.Symbol ? text.charCodeAt(tokens.start[i]!) : -1);

  // Cursor over significant tokens.
  let pos = 0;
  const skipTrivia = () => {
    while (kind[pos]! <= Tok.Control) pos++;
  };
  skipTrivia();
  const advance = () => {
    pos++;
    skipTrivia();
  };
  const peekAfter = (i: number) => {
    let j = i + 1;
    while (kind[j]! <= Tok.Control) j++;
    return j;
  };

  const document: DocumentNode = { type: 'document', fields: [] };
  const stack: Frame[] = [{ kind: 'body', items: document.fields, message: null, closer: 0 }];

  const expectedFieldName = (i: number) =>
    report({
      code: 'syntax/expected-field-name',
      start: tokStart(tokens, i),
      end: tokStart(tokens, i) + found(tokens, i).length,
      message: `Expected identifier, got: ${found(tokens, i)}`,
    });

  const expectedToken = (i: number, what: string) =>
    report({
      code: 'syntax/expected-token',
      start: tokStart(tokens, i),
      end: tokStart(tokens, i) + found(tokens, i).length,
      message: `Expected "${what}", found "${found(tokens, i)}".`,
    });

  /** Parses a scalar at the cursor (caller knows the cursor is at `-` or a value token). */
  const parseScalar = (): ScalarNode => {
    let minus = -1;
    if (charAt(pos) === C_MINUS) {
      minus = pos;
      advance();
      const k = kind[pos];
      if (k !== Tok.Int && k !== Tok.Float && k !== Tok.Ident) {
        return { type: 'scalar', minus, first: -1, last: -1 };
      }
    }
    const first = pos;
    let last = pos;
    if (kind[pos] === Tok.String) {
      // Adjacent string literals concatenate.
      advance();
      while (kind[pos] === Tok.String) {
        last = pos;
        advance();
      }
    } else {
      advance();
    }
    return { type: 'scalar', minus, first, last };
  };

  const isScalarStart = (i: number) => {
    const k = kind[i];
    return (
      k === Tok.Int ||
      k === Tok.Float ||
      k === Tok.Ident ||
      k === Tok.String ||
      k === Tok.Placeholder ||
      charAt(i) === C_MINUS
    );
  };
  const isCloser = (c: number) => c === C_RBRACE || c === C_GT || c === C_RBRACKET;

  /** After a field's value is complete: take an optional `;` or `,`. */
  const finishField = (field: FieldNode) => {
    const c = charAt(pos);
    if (c === C_SEMI || c === C_COMMA) {
      field.separator = pos;
      advance();
    }
  };

  /** Field whose message/list value is still open, per frame depth, to attach the separator later. */
  const openFields: (FieldNode | null)[] = [null];

  const openMessage = (): MessageNode => {
    const closer = charAt(pos) === C_LT ? C_GT : C_RBRACE;
    const message: MessageNode = { type: 'message', open: pos, close: -1, mismatched: false, fields: [] };
    advance();
    stack.push({ kind: 'body', items: message.fields, message, closer });
    return message;
  };

  /** Reads a field name at the cursor: identifier, placeholder, or `[a.b.c]` / `[host/a.b]`. */
  const parseFieldName = (field: FieldNode): void => {
    const first = pos;
    field.nameFirst = first;
    field.nameLast = first;
    if (kind[pos] === Tok.Ident || kind[pos] === Tok.Placeholder) {
      field.name = tokTextInterned(tokens, pos);
      field.nameKind = kind[pos] === Tok.Ident ? 'ident' : 'placeholder';
      advance();
      return;
    }
    // Extension or Any type name: identifiers separated by '.' (and '/' for Any URLs).
    advance();
    let name = '';
    let last = first;
    let wantIdent = true;
    for (;;) {
      if (wantIdent) {
        if (kind[pos] !== Tok.Ident) {
          expectedFieldName(pos);
          break;
        }
        name += tokText(tokens, pos);
        last = pos;
        advance();
        wantIdent = false;
      } else {
        const c = charAt(pos);
        if (c === C_RBRACKET) {
          last = pos;
          advance();
          break;
        }
        if (c === C_DOT || c === C_SLASH) {
          name += String.fromCharCode(c);
          last = pos;
          advance();
          wantIdent = true;
          continue;
        }
        expectedToken(pos, ']');
        break;
      }
    }
    field.name = name;
    field.nameKind = 'extension';
    field.nameLast = last;
  };

  const parseField = (frame: BodyFrame) => {
    // Every path below sets the value; the shared sentinel avoids an allocation per field.
    const field: FieldNode = {
      type: 'field',
      name: '',
      nameKind: 'ident',
      nameFirst: pos,
      nameLast: pos,
      colon: -1,
      value: UNSET,
      separator: -1,
    };
    parseFieldName(field);
    frame.items.push(field);
    if (charAt(pos) === C_COLON) {
      field.colon = pos;
      advance();
    }
    const c = charAt(pos);
    if (c === C_LBRACE || c === C_LT) {
      field.value = openMessage();
      openFields.push(field);
      return;
    }
    if (c === C_LBRACKET) {
      const list: ListNode = { type: 'list', open: pos, close: -1, items: [], commas: NO_COMMAS };
      field.value = list;
      advance();
      stack.push({ kind: 'list', list, expectItem: true, empty: true });
      openFields.push(field);
      return;
    }
    const k = kind[pos];
    if (k === Tok.Ident) {
      // An identifier followed by ':' (or by '{' / '<' on a later line, or any identifier when the
      // colon is missing) is the next field's name, not this field's value: the value is missing.
      const after = charAt(peekAfter(pos));
      const nextField =
        field.colon === -1 ||
        after === C_COLON ||
        ((after === C_LBRACE || after === C_LT) && newlineBetween(tokens, field.colon, pos));
      if (nextField) {
        field.value = { type: 'missing', at: pos, consumed: false };
        return;
      }
    }
    if (isScalarStart(pos)) {
      field.value = parseScalar();
    } else if (k === Tok.EOF || isCloser(c)) {
      field.value = { type: 'missing', at: pos, consumed: false };
    } else {
      // A stray symbol where the value should be: the validator reports it with the field's type.
      field.value = { type: 'missing', at: pos, consumed: true };
      advance();
    }
    finishField(field);
  };

  /**
   * Closes the innermost frame; its field (if any) then takes its separator. The node keeps an
   * exact-size copy of its arrays: a pushed-to array has room for 17 items, and a multi-megabyte
   * config has hundreds of thousands of small bodies and lists (the copy dies young, the slack would
   * not).
   */
  const popFrame = () => {
    const closed = stack.pop()!;
    if (closed.kind === 'list') {
      closed.list.items = closed.list.items.slice();
      if (closed.list.commas.length > 0) closed.list.commas = closed.list.commas.slice();
    } else if (closed.message) {
      closed.message.fields = closed.items.slice();
    }
    const field = openFields.pop();
    const top = stack[stack.length - 1];
    if (top?.kind === 'list') {
      top.expectItem = false;
      top.empty = false;
    } else if (field) {
      finishField(field);
    }
  };

  /**
   * Skips garbage up to something that can restart parsing: a closing bracket, the end, or what
   * looks like the start of a field (a name followed by `:`, `{` or `<`, or the first token of a
   * line). Stopping at any identifier would turn every word of, say, a `// comment` into an error.
   */
  const skipGarbage = (items: BodyItem[] | ListNode['items']) => {
    const first = pos;
    let last = pos;
    advance();
    for (;;) {
      const k = kind[pos];
      const c = charAt(pos);
      if (k === Tok.EOF || isCloser(c)) break;
      if (k === Tok.Ident || k === Tok.Placeholder || c === C_LBRACKET) {
        const next = charAt(peekAfter(pos));
        if (next === C_COLON || next === C_LBRACE || next === C_LT || newlineBetween(tokens, last, pos)) {
          break;
        }
      }
      last = pos;
      advance();
    }
    items.push({ type: 'skipped', first, last });
  };

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const k = kind[pos];
    const c = charAt(pos);

    if (frame.kind === 'body') {
      if (k === Tok.Ident || k === Tok.Placeholder || c === C_LBRACKET) {
        parseField(frame);
        continue;
      }
      if (k === Tok.EOF) {
        if (frame.message) {
          const open = tokStart(tokens, frame.message.open);
          report({
            code: 'syntax/unclosed-bracket',
            start: open,
            end: open + 1,
            protobufAt: tokStart(tokens, pos),
            message: `"${text[open]}" is never closed (libprotobuf: Expected identifier, got: ).`,
          });
          // Close every open frame: one problem is enough for an unfinished file.
          stack.length = 0;
          break;
        }
        stack.pop();
        break;
      }
      if ((c === C_RBRACE || c === C_GT) && frame.message) {
        if (c !== frame.closer) {
          expectedToken(pos, String.fromCharCode(frame.closer));
          frame.message.mismatched = true;
        }
        frame.message.close = pos;
        advance();
        popFrame();
        continue;
      }
      if (c === C_RBRACKET && frame.message && stack[stack.length - 2]?.kind === 'list') {
        // A ']' inside a list element: the element was never closed; let the list take the ']'.
        expectedFieldName(pos);
        popFrame();
        continue;
      }
      expectedFieldName(pos);
      skipGarbage(frame.items);
      continue;
    }

    // List frame.
    const list = frame.list;
    if (frame.expectItem) {
      if (c === C_RBRACKET && frame.empty) {
        list.close = pos;
        advance();
        popFrame();
        continue;
      }
      frame.empty = false;
      if (c === C_LBRACE || c === C_LT) {
        list.items.push(openMessage());
        openFields.push(null);
        continue;
      }
      if (isScalarStart(pos)) {
        list.items.push(parseScalar());
        frame.expectItem = false;
        continue;
      }
      // Nothing usable: record the hole and let the after-item state handle the token.
      list.items.push({ type: 'missing', at: pos, consumed: false });
      frame.expectItem = false;
      if (c === C_RBRACKET || c === C_COMMA || k === Tok.EOF || c === C_RBRACE || c === C_GT) continue;
      // A stray token in a list (e.g. ':'): own it and carry on.
      const item = list.items[list.items.length - 1];
      if (item?.type === 'missing') item.consumed = true;
      advance();
      continue;
    }
    if (c === C_RBRACKET) {
      list.close = pos;
      advance();
      popFrame();
      continue;
    }
    if (c === C_COMMA) {
      if (list.commas === NO_COMMAS) list.commas = [pos];
      else list.commas.push(pos);
      advance();
      frame.expectItem = true;
      continue;
    }
    expectedToken(pos, ',');
    if (k === Tok.EOF || c === C_RBRACE || c === C_GT) {
      // The list was never closed; leave the closer to the enclosing message.
      popFrame();
      continue;
    }
    if (isScalarStart(pos) || c === C_LBRACE || c === C_LT) {
      frame.expectItem = true; // a missing comma: read the next element anyway
      continue;
    }
    skipGarbage(list.items);
  }

  problems.sort((a, b) => protobufOffset(a) - protobufOffset(b));
  return { text, tokens, document, problems };
}

/** True when a line break separates token `a` from token `b` (only trivia lies between them). */
function newlineBetween(tokens: Tokens, a: number, b: number): boolean {
  for (let j = a + 1; j < b; j++) {
    if (tokens.kind[j] !== Tok.Whitespace) continue;
    const nl = tokens.text.indexOf('\n', tokStart(tokens, j));
    if (nl !== -1 && nl < tokStart(tokens, j + 1)) return true;
  }
  return false;
}
