import type { LineIndex } from '../text/lineIndex';
import type { DiagnosticCode } from './registry';
import { defaultSeverity } from './registry';
import type { Diagnostic, Severity } from './types';

/** A problem as the stages produce it: offsets only. Converted to a Diagnostic at the edge. */
export interface Problem {
  code: DiagnosticCode;
  /** Squiggle range, as offsets. */
  start: number;
  end: number;
  message: string;
  /** For syntax/schema problems: where libprotobuf reports it, when not at `start`. */
  protobufAt?: number;
  /** Other places involved; `path` names another file (absent: the same file). */
  related?: { start: number; end: number; message: string; path?: string }[];
  data?: Record<string, unknown>;
  /** When the context decides (an optional parameter left unset is a hint); else the code's default. */
  severity?: Severity;
}

/** The position libprotobuf reports a problem at. */
export function protobufOffset(p: Problem): number {
  return p.protobufAt ?? p.start;
}

/**
 * Converts offsets to positions. `linesOf` gives the line index of another file named by a related
 * location (undefined when that file is not known, in which case the location points at its start).
 */
export function toDiagnostic(
  p: Problem,
  lines: LineIndex,
  linesOf?: (path: string) => LineIndex | undefined,
): Diagnostic {
  const d: Diagnostic = {
    code: p.code,
    severity: p.severity ?? defaultSeverity(p.code),
    message: p.message,
    range: lines.rangeOf(p.start, Math.max(p.start, p.end)),
  };
  if (p.protobufAt !== undefined) {
    const at = lines.positionAt(p.protobufAt);
    if (at.line !== d.range.start.line || at.character !== d.range.start.character) {
      d.protobufAt = at;
      // Triton's log names libprotobuf's position; say so when it is on another line than the squiggle.
      if (at.line !== d.range.start.line) {
        d.message += ` (libprotobuf reports this at ${lines.protobufLocation(p.protobufAt)})`;
      }
    }
  }
  if (p.related?.length) {
    d.related = p.related.map((r) => {
      if (r.path === undefined) return { message: r.message, range: lines.rangeOf(r.start, r.end) };
      const other = linesOf?.(r.path);
      const range = other
        ? other.rangeOf(r.start, r.end)
        : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { message: r.message, range, path: r.path };
    });
  }
  if (p.data) d.data = p.data;
  return d;
}
