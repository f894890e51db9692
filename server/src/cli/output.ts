import type { CheckReport } from '../core/check/checkPaths';
import type { Diagnostic } from '../core/diagnostics/types';
import { PLACEHOLDER_CODES } from '../core/templates/judge';

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

export interface TextOptions {
  /** Every template note on its own line; otherwise one line per config. */
  verbose?: boolean;
  /** Lines before the diagnostics (which values file each repository uses). */
  preamble?: readonly string[];
}

/**
 * Compiler-style lines: `path:line:col: severity code: message` (1-based line and column), then the
 * summary. Notes about placeholders without a value (not errors) are grouped into one line per config
 * unless `verbose`: a template repository has dozens, and they would bury everything else.
 */
export function formatText(report: CheckReport, options: TextOptions = {}): string {
  const lines: string[] = [...(options.preamble ?? [])];
  for (const f of report.files) {
    // Optional backend parameters (hints) apart from placeholders that need a value.
    const needed = new Set<string>();
    const optional = new Set<string>();
    for (const d of f.diagnostics) {
      if (!options.verbose && PLACEHOLDER_CODES.has(d.code) && d.severity !== 'error') {
        const name = String((d.data as { variable?: unknown } | undefined)?.variable ?? d.code);
        (d.severity === 'hint' ? optional : needed).add(name);
        continue;
      }
      lines.push(
        `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`,
      );
    }
    const parts = [
      ...(needed.size
        ? [`${needed.size} template ${plural(needed.size, 'variable')} without a value: ${list(needed)}`]
        : []),
      ...(optional.size
        ? [
            `${optional.size} optional backend ${plural(optional.size, 'parameter')} left to ${optional.size === 1 ? 'its default' : 'their defaults'}: ${list(optional)}`,
          ]
        : []),
    ];
    if (parts.length)
      lines.push(
        `${f.path}: ${parts.join('; ')} (\`triton-repo render\` fills them; --verbose lists each use)`,
      );
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

const LISTED = 6;

function list(names: ReadonlySet<string>): string {
  const all = [...names];
  return all.slice(0, LISTED).join(', ') + (all.length > LISTED ? ', ...' : '');
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
