import type { Severity } from './types';

interface CodeInfo {
  severity: Severity;
  /** One line for DIAGNOSTICS.md and hover on the code. */
  summary: string;
}

/**
 * Every diagnostic code the product emits, with its default severity. Codes are stable strings:
 * tools and users' settings refer to them, so never rename one; add a new code instead.
 * DIAGNOSTICS.md has one row per code (a test keeps the two in step).
 */
export const CODES = {
  'syntax/invalid-character': {
    severity: 'error',
    summary: 'A control character, or a non-ASCII character outside a string.',
  },
  'syntax/invalid-string': {
    severity: 'error',
    summary: 'A string literal that is not closed on its line, or has an invalid escape sequence.',
  },
  'syntax/invalid-number': {
    severity: 'error',
    summary: 'A malformed number: `09`, `0x` without digits, `1e` without exponent, `8x` with no space.',
  },
  'syntax/expected-field-name': {
    severity: 'error',
    summary: 'Something other than a field name where a field must start.',
  },
  'syntax/expected-token': {
    severity: 'error',
    summary: 'A bracket, comma or `]` missing or mismatched (`{ ... >`, `[1 2]`).',
  },
  'syntax/unclosed-bracket': {
    severity: 'error',
    summary: 'A `{` or `<` that is still open at the end of the file.',
  },
  'schema/unknown-field': {
    severity: 'error',
    summary: 'The message has no field of this name (names are case-sensitive).',
  },
  'schema/unknown-extension': {
    severity: 'error',
    summary: 'An `[extension]` or `[type.url/Name]` field name; ModelConfig has no extensions or Any fields.',
  },
  'schema/duplicate-field': {
    severity: 'error',
    summary: 'A non-repeated field given again after it was set to a non-default value.',
  },
  'schema/oneof-conflict': {
    severity: 'error',
    summary: 'Two members of one oneof, e.g. `dynamic_batching` and `sequence_batching`.',
  },
  'schema/wrong-type': {
    severity: 'error',
    summary:
      'A value that does not fit the field: a string for a number, a message for a scalar, a missing `:`.',
  },
  'schema/integer-out-of-range': {
    severity: 'error',
    summary: 'An integer outside the field type (int32, uint32, int64, uint64) or not valid octal.',
  },
  'schema/negative-unsigned': {
    severity: 'error',
    summary: 'A negative number for an unsigned field (uint32/uint64).',
  },
  'schema/unknown-enum-value': {
    severity: 'error',
    summary: 'An enum name that does not exist for the field (numbers are accepted).',
  },
  'schema/invalid-bool': {
    severity: 'error',
    summary: 'A boolean written other than true/false/True/False/t/f/1/0.',
  },
  'schema/parameter-value-shape': {
    severity: 'error',
    summary: 'A `parameters` value written as a string; it must be `value: { string_value: "..." }`.',
  },
  'triton/name-mismatch': {
    severity: 'error',
    summary: 'The config `name` differs from the model directory name (NAME-DIR-MISMATCH).',
  },
  'triton/negative-max-batch-size': {
    severity: 'error',
    summary: '`max_batch_size` below 0 (MBS-NEGATIVE).',
  },
  'template/unresolved': {
    severity: 'information',
    summary: 'A `${name}` placeholder that a template renderer must fill before Triton can load the file.',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export function defaultSeverity(code: DiagnosticCode): Severity {
  return CODES[code].severity;
}
