/** Severity as the LSP and the CLI's JSON output name it. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A position in a document: 0-based line, 0-based UTF-16 code unit (LSP's default encoding). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A second place that takes part in the same problem (the first occurrence of a duplicate, say). */
export interface RelatedLocation {
  message: string;
  range: Range;
  /** Another file; absent when the location is in the same document. */
  path?: string;
}

export interface Diagnostic {
  /** Stable code from the registry, e.g. `schema/unknown-field`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where the user should look. */
  range: Range;
  /**
   * For `syntax/` and `schema/` problems: where libprotobuf's text-format parser (and so Triton's log)
   * reports the same failure. It differs from `range.start` when libprotobuf reports at the token after
   * the culprit (an unknown enum name is reported where the next token starts).
   */
  protobufAt?: Position;
  related?: RelatedLocation[];
  /** Machine-readable details for quick fixes (never parsed out of the message). */
  data?: Record<string, unknown>;
}
