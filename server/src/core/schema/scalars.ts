/**
 * Number parsing with libprotobuf's rules (io::Tokenizer::ParseInteger / ParseFloat): `0x` hex,
 * a leading `0` means octal (and `09` is then out of range), no `+` sign.
 */

export const INT32_MAX = 2n ** 31n - 1n;
export const UINT32_MAX = 2n ** 32n - 1n;
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The largest magnitude libprotobuf takes for an integer written into a field of `type`: `max` without a
 * sign, `maxNegative` after a `-` (undefined: unsigned, a `-` is refused). Enums take any int32 (proto3
 * enums are open), booleans 0 and 1. Undefined for types that take no integer.
 */
export function integerLimits(type: string): { max: bigint; maxNegative: bigint | undefined } | undefined {
  switch (type) {
    case 'int32':
    case 'sint32':
    case 'sfixed32':
    case 'enum':
      return { max: INT32_MAX, maxNegative: INT32_MAX + 1n };
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return { max: INT64_MAX, maxNegative: INT64_MAX + 1n };
    case 'uint32':
    case 'fixed32':
      return { max: UINT32_MAX, maxNegative: undefined };
    case 'uint64':
    case 'fixed64':
      return { max: UINT64_MAX, maxNegative: undefined };
    case 'bool':
      return { max: 1n, maxNegative: undefined };
    default:
      return undefined;
  }
}

/** Parses an integer token's text; undefined when it is not a valid number or exceeds `max`. */
export function parseInteger(text: string, max: bigint): bigint | undefined {
  let base = 10;
  let digits = text;
  if (text.length > 1 && text[0] === '0') {
    if (text[1] === 'x' || text[1] === 'X') {
      base = 16;
      digits = text.slice(2);
    } else {
      base = 8;
      digits = text.slice(1);
    }
  }
  // Fast path: short decimal numbers fit a double exactly.
  if (base === 10 && digits.length <= 15 && /^[0-9]+$/.test(digits)) {
    const v = BigInt(Number(digits));
    return v <= max ? v : undefined;
  }
  const valid = base === 16 ? /^[0-9a-fA-F]*$/ : base === 8 ? /^[0-7]*$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  if (digits.length === 0) return 0n;
  const v = BigInt(base === 16 ? '0x' + digits : base === 8 ? '0o' + digits : digits);
  return v <= max ? v : undefined;
}

/**
 * Classifies an integer token without allocating in the common case (short decimal numbers, which
 * are most of a config): 'zero', 'nonzero', or 'invalid' (not a number, or above `max`).
 */
export function classifyInteger(
  text: string,
  start: number,
  end: number,
  max: bigint,
): 'zero' | 'nonzero' | 'invalid' {
  const len = end - start;
  const first = text.charCodeAt(start);
  if (len <= 15 && first !== 48 /* no hex or octal prefix */) {
    let v = 0;
    for (let i = start; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return 'invalid';
      v = v * 10 + d;
    }
    return v <= Number(max) ? (v === 0 ? 'zero' : 'nonzero') : 'invalid';
  }
  if (len === 1) return 'zero';
  const v = parseInteger(text.slice(start, end), max);
  return v === undefined ? 'invalid' : v === 0n ? 'zero' : 'nonzero';
}

/** True for integer text that libprotobuf will not accept where a float or double goes. */
export function isHexOrOctal(text: string): boolean {
  return text.length > 1 && text[0] === '0';
}

/** Value of a float token (`1.5`, `1e3`, `.5`, `2f`). */
export function parseFloatToken(text: string): number {
  const last = text[text.length - 1];
  return Number(last === 'f' || last === 'F' ? text.slice(0, -1) : text);
}

/**
 * Decodes a string literal token (quotes included) the way libprotobuf does: C escapes, octal and
 * hex bytes, \u and \U code points. Bytes from \x and octal escapes map to U+0000..U+00FF.
 */
export function decodeStringLiteral(token: string): string {
  const quote = token[0];
  const end = token.length > 1 && token[token.length - 1] === quote ? token.length - 1 : token.length;
  // Most strings have no escape: their value is the text between the quotes.
  if (token.indexOf('\\', 1) === -1) return token.slice(1, end);
  let out = '';
  for (let i = 1; i < end; i++) {
    const c = token[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = token[++i];
    if (e === undefined) break;
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '?': '?',
      "'": "'",
      '"': '"',
    };
    if (e in simple) {
      out += simple[e];
    } else if (e >= '0' && e <= '7') {
      let digits = e;
      while (
        digits.length < 3 &&
        token[i + 1] !== undefined &&
        token[i + 1]! >= '0' &&
        token[i + 1]! <= '7'
      ) {
        digits += token[++i];
      }
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === 'x') {
      let digits = '';
      while (digits.length < 2 && /[0-9a-fA-F]/.test(token[i + 1] ?? '')) digits += token[++i];
      out += digits ? String.fromCharCode(parseInt(digits, 16)) : '';
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const digits = token.slice(i + 1, i + 1 + len);
      if (/^[0-9a-fA-F]+$/.test(digits) && digits.length === len) {
        const cp = parseInt(digits, 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
        i += len;
      }
    } else {
      out += e;
    }
  }
  return out;
}
