/**
 * Character classes as libprotobuf's tokenizer defines them, one table for the hot loops of the lexer
 * (lexer.ts) and of the clean scan (check/cleanConfig.ts), so the two cannot disagree on what a letter
 * or a space is. Index by a char code below 128; any other index gives undefined, and `& bit` then 0.
 */
export const LETTER = 1;
export const DIGIT = 2;
export const HEX = 4;
export const SPACE = 8;
export const CONTROL = 16;
export const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLASS[c]! |= LETTER;
  if (c >= 48 && c <= 57) CLASS[c]! |= DIGIT | HEX;
  if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) CLASS[c]! |= HEX;
  if (c === 32 || (c >= 9 && c <= 13)) CLASS[c]! |= SPACE;
  else if (c < 32) CLASS[c]! |= CONTROL;
}

/** A character that may follow `\` alone in a string literal: a b f n r t v \ ? ' " (octal and \x, \u, \U aside). */
export const isSimpleEscape = (c: number) =>
  c === 97 ||
  c === 98 ||
  c === 102 ||
  c === 110 ||
  c === 114 ||
  c === 116 ||
  c === 118 ||
  c === 92 ||
  c === 63 ||
  c === 39 ||
  c === 34;
