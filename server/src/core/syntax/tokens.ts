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

// Interned token texts: a config names the same few dozen fields and enum values hundreds of thousands
// of times, and slicing each occurrence out of the text is an allocation that the GC then copies
// (and a Map lookup with a fresh string re-hashes it). A direct-mapped table of recent texts by hash.
const INTERN_SLOTS = 1024;
const INTERN_MAX_LENGTH = 48;
const interned: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/**
 * tokText for identifiers and other short tokens that repeat: the same string object for the same
 * text. Strings kept in the table are copies, so they never hold a document's text alive.
 */
export function tokTextInterned(tokens: Tokens, i: number): string {
  const { text } = tokens;
  const s = tokens.start[i]!;
  const e = tokEnd(tokens, i);
  const length = e - s;
  if (length > INTERN_MAX_LENGTH) return text.slice(s, e);
  let h = length;
  for (let k = s; k < e; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  const slot = (h ^ (h >>> 10)) & (INTERN_SLOTS - 1);
  const hit = interned[slot];
  if (hit !== undefined && hit.length === length && text.startsWith(hit, s)) return hit;
  // A slice of 13 characters or more is a view into `text` in V8: store a copy instead.
  const copy = length >= 13 ? (JSON.parse(JSON.stringify(text.slice(s, e))) as string) : text.slice(s, e);
  interned[slot] = copy;
  return copy;
}
