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
  // Section 2: name / platform / backend / runtime (with the section 15 autofill)
  'triton/cannot-determine-backend': {
    severity: 'error',
    summary:
      'No platform, backend, default_model_filename or model file, and no `model.<backend>` directory name (PLAT-CUSTOM-NAME).',
  },
  'triton/unknown-platform': {
    severity: 'error',
    summary:
      'After autofill the model has no backend and is not an ensemble, e.g. a platform typo (PLAT-UNKNOWN).',
  },
  'triton/ensemble-with-backend': {
    severity: 'error',
    summary: 'An ensemble (`platform: "ensemble"`) that has or gets a backend (PLAT-ENSEMBLE-BACKEND).',
  },
  'triton/platform-backend-mismatch': {
    severity: 'error',
    summary: "A tensorflow/tensorrt/onnxruntime/pytorch backend with another backend's platform (PLAT-PAIR).",
  },
  'triton/unknown-backend': {
    severity: 'warning',
    summary: 'A backend not shipped with Triton: it must be installed on the server (BACKEND-LIB-NOT-FOUND).',
  },
  'triton/runtime-escapes-directory': {
    severity: 'error',
    summary: 'A `runtime` path whose `..` leaves the directory it is looked up in (RUNTIME-ESCAPE).',
  },
  // Section 4: inputs / outputs (dims, data types, reshape, formats, duplicates)
  'triton/io-missing-name': {
    severity: 'error',
    summary: 'An input or output without `name` (IO-NAME; strict mode only).',
  },
  'triton/io-missing-data-type': {
    severity: 'error',
    summary: 'An input or output without `data_type` (IO-DTYPE; strict mode only).',
  },
  'triton/io-missing-dims': {
    severity: 'error',
    summary: 'An input or output without `dims` (IO-DIMS-EMPTY; strict mode only).',
  },
  'triton/empty-reshape-non-batching': {
    severity: 'error',
    summary:
      'An empty `reshape` in a model with `max_batch_size: 0` (IO-RESHAPE-EMPTY-NOBATCH; strict mode only).',
  },
  'triton/invalid-dim': {
    severity: 'error',
    summary: 'A dim that is 0 or below -1 (IO-DIM-VALUE).',
  },
  'triton/invalid-reshape-dim': {
    severity: 'error',
    summary: 'A reshape dim that is 0 or below -1 (IO-RESHAPE-DIM-VALUE).',
  },
  'triton/reshape-size-mismatch': {
    severity: 'error',
    summary: '`dims` and `reshape` with different element counts, segment by segment (IO-RESHAPE-SIZE).',
  },
  'triton/reshape-variable-dims-mismatch': {
    severity: 'error',
    summary: '`dims` and `reshape` with a different number of -1-separated segments (IO-RESHAPE-VARCOUNT).',
  },
  'triton/element-count-overflow': {
    severity: 'error',
    summary: '`dims` whose element count exceeds int64 (IO-OVERFLOW).',
  },
  'triton/format-needs-three-dims': {
    severity: 'error',
    summary: 'An input with `format: FORMAT_NHWC`/`FORMAT_NCHW` and other than 3 dims (IO-FORMAT-DIMS).',
  },
  'triton/shape-tensor-not-tensorrt': {
    severity: 'error',
    summary: '`is_shape_tensor: true` on a platform other than tensorrt_plan (IO-SHAPE-TENSOR).',
  },
  'triton/non-linear-io-not-tensorrt': {
    severity: 'error',
    summary:
      '`is_non_linear_format_io: true` on a platform other than tensorrt_plan (IO-NONLINEAR-PLATFORM).',
  },
  'triton/non-linear-io-needs-three-dims': {
    severity: 'error',
    summary: '`is_non_linear_format_io: true` with other than 3 dims (IO-NONLINEAR-DIMS).',
  },
  'triton/multiple-label-files': {
    severity: 'error',
    summary: 'Two outputs of the same name that both set `label_filename` (IO-DUP-NAME).',
  },
  'lint/duplicate-io-name': {
    severity: 'warning',
    summary: 'Two inputs (or two outputs) of the same name; Triton silently uses one (IO-DUP-NAME).',
  },
  // Section 5: batch_input / batch_output
  'triton/batch-input-source-count': {
    severity: 'error',
    summary: 'A `batch_input` with other than one `source_input` (BI-SOURCE-COUNT).',
  },
  'triton/unknown-batch-input-kind': {
    severity: 'error',
    summary: 'A `batch_input` kind given as a number that names no kind (BI-KIND-UNKNOWN).',
  },
  'triton/batch-input-data-type': {
    severity: 'error',
    summary: 'A `batch_input` whose `data_type` is not TYPE_INT32 or TYPE_FP32 (BI-DTYPE).',
  },
  'triton/unknown-source-input': {
    severity: 'error',
    summary:
      'A batch input/output `source_input` that names no configured input (BI-SOURCE-UNKNOWN, BO-SOURCE-UNKNOWN).',
  },
  'triton/batch-output-source-count': {
    severity: 'error',
    summary: 'A `batch_output` with other than one `source_input` (BO-SOURCE-COUNT).',
  },
  'triton/unknown-batch-output-kind': {
    severity: 'error',
    summary: 'A `batch_output` kind given as a number that names no kind (BO-KIND-UNKNOWN).',
  },
  'triton/unknown-target-output': {
    severity: 'error',
    summary: 'A `batch_output` `target_name` that names no configured output (BO-TARGET-UNKNOWN).',
  },
  'triton/duplicate-target-output': {
    severity: 'error',
    summary: 'A `batch_output` `target_name` given twice (BO-TARGET-DUP).',
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
