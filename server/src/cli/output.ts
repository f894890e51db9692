import type { CheckReport } from '../core/check/checkPaths';
import type { Diagnostic } from '../core/diagnostics/types';

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(report: CheckReport): Summary {
  let errors = 0;
  let warnings = 0;
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  return { files: report.files.length, errors, warnings };
}

/** Compiler-style lines: `path:line:col: severity code: message` (1-based line and column), then the summary. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      lines.push(
        `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`,
      );
    }
  }
  return [...lines, ...summaryLines(report)].join('\n') + '\n';
}

/** The repositories checked (when a directory was given) and the counts. */
export function summaryLines(report: CheckReport): string[] {
  const s = summarize(report);
  const info = report.files.reduce(
    (n, f) => n + f.diagnostics.filter((d) => d.severity === 'information').length,
    0,
  );
  const truncated = report.files.reduce((n, f) => n + (f.truncated ?? 0), 0);
  const repos = report.repositories;
  return [
    ...(repos.length > 0
      ? [
          `${repos.length} model ${repos.length === 1 ? 'repository' : 'repositories'} checked: ${repos.join(', ')}`,
        ]
      : []),
    `${s.files} ${s.files === 1 ? 'file' : 'files'} checked: ${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}, ${info} information` +
      (truncated > 0 ? ` (${truncated} more not listed: at most 1000 per file)` : ''),
  ];
}

/**
 * The exit status of a check that ran: 1 when it found what the options count as failing (errors; with
 * `failOn: 'warning'` warnings too; more warnings than `maxWarnings`), else 0.
 */
export function checkExitCode(
  summary: Summary,
  options: { failOn: 'error' | 'warning'; maxWarnings?: number },
): 0 | 1 {
  if (summary.errors > 0) return 1;
  if (options.failOn === 'warning' && summary.warnings > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) return 1;
  return 0;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : word + 's';
}

/** The documented JSON output (version 1). Fields are only ever added, never renamed. */
export function formatJson(report: CheckReport): string {
  const files = report.files.map((f) => ({
    path: f.path,
    diagnostics: f.diagnostics.map(jsonDiagnostic),
    ...(f.truncated ? { truncated: f.truncated } : {}),
  }));
  return (
    JSON.stringify(
      { version: 1, repositories: report.repositories, files, summary: summarize(report) },
      null,
      2,
    ) + '\n'
  );
}

function jsonDiagnostic(d: Diagnostic) {
  const out: Record<string, unknown> = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: d.range,
  };
  if (d.protobufAt) out.protobufAt = d.protobufAt;
  if (d.related) out.related = d.related;
  return out;
}
