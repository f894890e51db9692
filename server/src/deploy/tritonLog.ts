import type { DiagnosticCode } from '../core/diagnostics/registry';
// Triton's model-load failures, read from its log, as diagnostics on the model's config.pbtxt. Pure.
// Triton logs in glog's format: `E0312 10:11:12.345678 1 model_lifecycle.cc:641] failed to load 'm' ...`
// (severity letter, MMDD, time, thread id, file:line, `]`, message).
import type { Diagnostic } from '../core/diagnostics/types';

export const LOAD_FAILED_CODE: DiagnosticCode = 'triton/load-failed';
export const DIAGNOSTIC_SOURCE = 'tritonserver';

export interface LoadFailure {
  model: string;
  version?: number;
  message: string;
  /** The whole log line, for the output channel. */
  line: string;
}

const GLOG_ERROR = /^E\d{4} [\d:.]+\s+\d+\s+[\w.-]+:\d+\]\s+(.*)$/;
const FAILED_TO_LOAD = /^failed to load '([^']+)'(?: version (\d+))?: (.*)$/;
const POLL_FAILED = /^Poll failed for model directory '([^']+)': (.*)$/;

/** One log line -> the load failure it reports, if it reports one. */
export function parseLoadFailure(line: string): LoadFailure | undefined {
  const m = GLOG_ERROR.exec(line.trimEnd());
  if (!m) return undefined;
  const message = m[1]!;
  const load = FAILED_TO_LOAD.exec(message);
  if (load) {
    const version = load[2] === undefined ? undefined : Number(load[2]);
    return { model: load[1]!, ...(version === undefined ? {} : { version }), message: load[3]!, line };
  }
  const poll = POLL_FAILED.exec(message);
  if (poll) return { model: poll[1]!, message: poll[2]!, line };
  return undefined;
}

export function parseLoadFailures(lines: Iterable<string>): LoadFailure[] {
  const out: LoadFailure[] = [];
  for (const line of lines) {
    const f = parseLoadFailure(line);
    // Triton can report the same model twice (poll, then load): keep each distinct message once.
    if (f && !out.some((o) => o.model === f.model && o.message === f.message)) out.push(f);
  }
  return out;
}

export interface FileDiagnostic {
  /** Host path of the model's config.pbtxt (`<repository>/<model>/config.pbtxt`). */
  path: string;
  diagnostic: Diagnostic;
}

/** Failures -> one error per failure on the first line of the model's config.pbtxt (Triton names no line). */
export function loadFailureDiagnostics(
  failures: readonly LoadFailure[],
  repositoryPath: string,
): FileDiagnostic[] {
  const sep = repositoryPath.includes('\\') && !repositoryPath.includes('/') ? '\\' : '/';
  const root = repositoryPath.replace(/[\\/]+$/, '');
  return failures.map((f) => ({
    path: `${root}${sep}${f.model}${sep}config.pbtxt`,
    diagnostic: {
      code: LOAD_FAILED_CODE,
      severity: 'error',
      message: `Triton failed to load '${f.model}'${f.version === undefined ? '' : ` version ${f.version}`}: ${f.message}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      data: { model: f.model, ...(f.version === undefined ? {} : { version: f.version }) },
    },
  }));
}
