// `check --format github`: GitHub Actions workflow commands, which the runner turns into annotations on
// the pull request's diff: `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=<code>::<message>`.
import type { CheckReport } from '../core/check/checkPaths';
import type { Diagnostic } from '../core/diagnostics/types';

/** Workflow-command lines for every diagnostic, then one per path that could not be checked. */
export function formatGithub(report: CheckReport, relativePath: (path: string) => string): string {
  const lines: string[] = [];
  for (const file of report.files)
    for (const d of file.diagnostics) lines.push(annotation(d, relativePath(file.path)));
  for (const f of report.failures)
    lines.push(`::error title=${escapeProperty('triton-repo')}::${escapeData(`${f.path}: ${f.message}`)}`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function annotation(d: Diagnostic, file: string): string {
  const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const properties = [
    ['file', file],
    ['line', d.range.start.line + 1],
    ['col', d.range.start.character + 1],
    ['endLine', d.range.end.line + 1],
    ['endColumn', d.range.end.character + 1],
    ['title', d.code],
  ]
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command} ${properties}::${escapeData(d.message)}`;
}

/** A command's message, escaped as the Actions runner unescapes it (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
