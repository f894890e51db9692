/**
 * Token kinds. Trivia (whitespace, comments, runs of control characters) are tokens too, so the
 * token array covers every character of the input: that is what makes the tree lossless.
 */
export const Tok = {
  Whitespace: 0,
  Comment: 1,
  /** A run of control characters; libprotobuf rejects them outside strings. Treated as trivia. */
  Control: 2,
  Ident: 3,
  Int: 4,
  Float: 5,
  String: 6,
  /** `${name}`: a template placeholder, first-class because the TensorRT-LLM templates are full of them. */
  Placeholder: 7,
  /** One ASCII punctuation character: `: ; , { } < > [ ] - . /` and the rest. */
  Symbol: 8,
  /** One non-ASCII code point outside a string (libprotobuf reports it and treats it as a symbol). */
  NonAscii: 9,
  /** Zero-width, at the end of the text. */
  EOF: 10,
} as const;
export type TokKind = (typeof Tok)[keyof typeof Tok];

export function isTrivia(kind: number): boolean {
  return kind <= Tok.Control;
}

/**
 * Struct-of-arrays token storage: a multi-megabyte config has millions of tokens, and typed arrays
 * keep that compact. Token i spans [start[i], start[i + 1]); the last token is EOF.
 */
export interface Tokens {
  readonly text: string;
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
}

export function tokStart(tokens: Tokens, i: number): number {
  return tokens.start[i]!;
}

export function tokEnd(tokens: Tokens, i: number): number {
  return i + 1 < tokens.count ? tokens.start[i + 1]! : tokens.text.length;
}

export function tokText(tokens: Tokens, i: number): string {
  return tokens.text.slice(tokStart(tokens, i), tokEnd(tokens, i));
}

/** Index of the first significant token at or after `i` (EOF at the latest). */
export function nextSignificant(tokens: Tokens, i: number): number {
  while (i < tokens.count - 1 && tokens.kind[i]! <= Tok.Control) i++;
  return i;
}

export function isSymbol(tokens: Tokens, i: number, ch: string): boolean {
  return tokens.kind[i] === Tok.Symbol && tokens.text.charCodeAt(tokens.start[i]!) === ch.charCodeAt(0);
}
