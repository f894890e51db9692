import { CLASS, CONTROL, DIGIT, HEX, LETTER, SPACE, isSimpleEscape } from './charClass';
import { Tok } from './tokens';
import type { Tokens } from './tokens';

/** A problem found while splitting the text into tokens. Offsets are UTF-16 code units. */
export interface LexProblem {
  code: 'syntax/invalid-character' | 'syntax/invalid-string' | 'syntax/invalid-number';
  /** Where libprotobuf reports it. */
  offset: number;
  /** The squiggle: usually from `offset`; an unterminated string is underlined from its quote. */
  start: number;
  end: number;
  /** libprotobuf's own text for the problem. */
  message: string;
}

export interface LexResult {
  tokens: Tokens;
  problems: LexProblem[];
}

// charCodeAt past the end is NaN, and CLASS[NaN] is undefined: `& bit` then gives 0 (false).
const is = (c: number, bit: number) => (CLASS[c]! & bit) !== 0;
const isLetter = (c: number) => is(c, LETTER);
const isDigit = (c: number) => is(c, DIGIT);
const isOctal = (c: number) => c >= 48 && c <= 55;
const isHex = (c: number) => is(c, HEX);
const isAlnum = (c: number) => is(c, LETTER | DIGIT);
const isWhitespace = (c: number) => is(c, SPACE);
const isControl = (c: number) => is(c, CONTROL);
/**
 * Splits text into tokens the way libprotobuf's io::Tokenizer does for the text format (`#` comments,
 * `f` allowed after floats, a space required after numbers), reporting the same errors at the same
 * places. It also recognises `${name}` placeholders. It never throws and is linear in the input.
 */
export function lex(text: string): LexResult {
  const n = text.length;
  // Configs run at about one token per four characters (whitespace included); 5/16 leaves room for
  // denser text without the doubling copy, and growth is by half so a miss wastes less.
  let capacity = Math.max(64, (n >> 2) + (n >> 4) + 16);
  let kind = new Uint8Array(capacity);
  let start = new Int32Array(capacity);
  let count = 0;
  const problems: LexProblem[] = [];

  const push = (k: number, s: number) => {
    if (count === capacity) {
      capacity += capacity >> 1;
      const k2 = new Uint8Array(capacity);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(capacity);
      s2.set(start);
      start = s2;
    }
    kind[count] = k;
    start[count] = s;
    count++;
  };
  const problem = (
    code: LexProblem['code'],
    offset: number,
    message: string,
    end = offset + 1,
    start = offset,
  ) => {
    problems.push({ code, offset, start, end: Math.min(Math.max(end, offset), n), message });
  };

  let i = 0;
  while (i < n) {
    const s = i;
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      while (i < n && isWhitespace(text.charCodeAt(i))) i++;
      push(Tok.Whitespace, s);
    } else if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      push(Tok.Comment, s);
    } else if (isControl(c)) {
      i++;
      while (i < n && isControl(text.charCodeAt(i))) i++;
      problem('syntax/invalid-character', s, 'Invalid control characters encountered in text.', i);
      push(Tok.Control, s);
    } else if (isLetter(c)) {
      i++;
      while (i < n && isAlnum(text.charCodeAt(i))) i++;
      push(Tok.Ident, s);
    } else if (isDigit(c)) {
      i = lexNumber(text, s, c === 48, false, problem);
      push(i > s && isFloatToken(text, s, i) ? Tok.Float : Tok.Int, s);
    } else if (c === 46 /* . */ && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
      if (count > 0 && kind[count - 1] === Tok.Ident) {
        problem('syntax/invalid-number', s, 'Need space between identifier and decimal point.');
      }
      i = lexNumber(text, s, false, true, problem);
      push(Tok.Float, s);
    } else if (c === 34 || c === 39) {
      i = lexString(text, s, c, problem);
      push(Tok.String, s);
    } else if (
      c === 36 /* $ */ &&
      text.charCodeAt(i + 1) === 123 /* { */ &&
      isLetter(text.charCodeAt(i + 2))
    ) {
      let j = i + 3;
      while (j < n && isAlnum(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 125 /* } */) {
        i = j + 1;
        push(Tok.Placeholder, s);
      } else {
        i++;
        push(Tok.Symbol, s);
      }
    } else if (c >= 0x80) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      problem('syntax/invalid-character', s, `Interpreting non ascii codepoint ${firstUtf8Byte(cp)}.`, i);
      push(Tok.NonAscii, s);
    } else {
      i++;
      push(Tok.Symbol, s);
    }
  }
  push(Tok.EOF, n);
  return { tokens: { text, count, kind, start }, problems };
}

// The lexer decides int/float while scanning; recomputing from the text keeps lexNumber's
// signature small. A number token is a float when it has a '.', an exponent or an 'f' suffix
// (hex tokens never reach the 'e'/'f' check because they start with 0x).
function isFloatToken(text: string, s: number, e: number): boolean {
  if (e - s > 1 && text.charCodeAt(s) === 48 && (text.charCodeAt(s + 1) | 32) === 120) return false;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k) | 32;
    if (c === 46 /* . */ || c === 101 /* e */ || c === 102 /* f */) return true;
  }
  return false;
}

function lexNumber(
  text: string,
  s: number,
  startedWithZero: boolean,
  startedWithDot: boolean,
  problem: (code: LexProblem['code'], offset: number, message: string, end?: number) => void,
): number {
  const n = text.length;
  let i = s + 1;
  let isFloat = false;
  let hexOrOctal = false;
  if (startedWithZero && (text.charCodeAt(i) | 32) === 120 /* x */) {
    i++;
    hexOrOctal = true;
    if (!isHex(text.charCodeAt(i))) {
      problem('syntax/invalid-number', i, '"0x" must be followed by hex digits.');
    }
    while (i < n && isHex(text.charCodeAt(i))) i++;
  } else if (startedWithZero && isDigit(text.charCodeAt(i))) {
    hexOrOctal = true;
    while (i < n && isOctal(text.charCodeAt(i))) i++;
    if (isDigit(text.charCodeAt(i))) {
      problem('syntax/invalid-number', i, 'Numbers starting with leading zero must be in octal.');
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  } else {
    if (startedWithDot) {
      isFloat = true;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46) {
        isFloat = true;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
    }
    if ((text.charCodeAt(i) | 32) === 101 /* e */) {
      isFloat = true;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 45 || sign === 43) i++;
      if (!isDigit(text.charCodeAt(i))) {
        problem('syntax/invalid-number', i, '"e" must be followed by exponent.');
      }
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if ((text.charCodeAt(i) | 32) === 102 /* f */) {
      isFloat = true;
      i++;
    }
  }
  const next = text.charCodeAt(i);
  if (isLetter(next)) {
    problem('syntax/invalid-number', i, 'Need space between number and identifier.');
  } else if (next === 46) {
    problem(
      'syntax/invalid-number',
      i,
      isFloat || !hexOrOctal
        ? "Already saw decimal point or exponent; can't have another one."
        : 'Hex and octal numbers must be integers.',
    );
  }
  return i;
}

function lexString(
  text: string,
  s: number,
  quote: number,
  problem: (code: LexProblem['code'], offset: number, message: string, end?: number, start?: number) => void,
): number {
  const n = text.length;
  let i = s + 1;
  for (;;) {
    if (i >= n || text.charCodeAt(i) === 0) {
      problem('syntax/invalid-string', i, 'Unexpected end of string.', i, s);
      return i;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      problem('syntax/invalid-string', i, 'String literals cannot cross line boundaries.', i, s);
      return i;
    }
    if (c === 92 /* \ */) {
      i++;
      const e = text.charCodeAt(i);
      if (isSimpleEscape(e) || isOctal(e)) {
        i++;
      } else if (e === 120 /* x */) {
        i++;
        if (isHex(text.charCodeAt(i))) i++;
        else problem('syntax/invalid-string', i, 'Expected hex digits for escape sequence.');
      } else if (e === 117 /* u */) {
        i++;
        let k = 0;
        while (k < 4 && isHex(text.charCodeAt(i))) {
          i++;
          k++;
        }
        if (k < 4) problem('syntax/invalid-string', i, 'Expected four hex digits for \\u escape sequence.');
      } else if (e === 85 /* U */) {
        i++;
        if (!consumeBigU(text, i, (at) => (i = at))) {
          problem(
            'syntax/invalid-string',
            i,
            'Expected eight hex digits up to 10ffff for \\U escape sequence',
          );
        }
      } else {
        problem('syntax/invalid-string', i, 'Invalid escape sequence in string literal.');
      }
      continue;
    }
    i++;
    if (c === quote) return i;
  }
}

// libprotobuf accepts \U only as 000 or 001 followed by five hex digits (up to 10ffff), consuming
// characters as long as they match; `advance` reports how far it got.
function consumeBigU(text: string, i: number, advance: (at: number) => void): boolean {
  const want = [48, 48];
  for (const w of want) {
    if (text.charCodeAt(i) !== w) return (advance(i), false);
    i++;
  }
  const third = text.charCodeAt(i);
  if (third !== 48 && third !== 49) return (advance(i), false);
  i++;
  for (let k = 0; k < 5; k++) {
    if (!isHex(text.charCodeAt(i))) return (advance(i), false);
    i++;
  }
  advance(i);
  return true;
}

function firstUtf8Byte(cp: number): number {
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}
