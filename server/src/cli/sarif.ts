// `check --format sarif`: SARIF 2.1.0, the format GitHub code scanning, Azure DevOps and GitLab read.
// One run; a rule per diagnostic code of the registry; results located relative to %SRCROOT% (the
// directory the check ran in), with fingerprints that do not move when lines are added above a problem.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { CheckReport } from '../core/check/checkPaths';
import { CODES } from '../core/diagnostics/registry';
import type { Diagnostic, Range, Severity } from '../core/diagnostics/types';
import { version } from '../../../package.json';
import { CLI_PACKAGE_NAME, DOCS_BASE_URI, PROJECT_URL } from './packageInfo';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; `/v1` changes only if the way it is computed does. */
export const FINGERPRINT_KEY = 'tritonRepo/v1';
const SRCROOT = '%SRCROOT%';

export interface SarifContext {
  /** The directory relative paths are relative to (becomes %SRCROOT%), absolute. */
  root: string;
  /** Turns a report path into a path relative to `root`, with '/' separators. */
  relativePath(path: string): string;
  /** A file's text, for fingerprints (undefined when it cannot be read). */
  readText(path: string): string | undefined;
}

const RULE_IDS = Object.keys(CODES) as (keyof typeof CODES)[];
const RULE_INDEX = new Map<string, number>(RULE_IDS.map((id, i) => [id, i]));

export function formatSarif(report: CheckReport, context: SarifContext): string {
  const lines = new Map<string, string[]>();
  const linesOf = (path: string) => {
    let l = lines.get(path);
    if (!l) {
      l = (context.readText(path) ?? '').split(/\r?\n/);
      lines.set(path, l);
    }
    return l;
  };
  const seen = new Map<string, number>();
  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d) => {
      const uri = encodeUri(context.relativePath(file.path));
      // Stable across commits: the code, the file and the flagged line's text, never a line number;
      // identical lines in one file are told apart by their order, as GitHub's own line hash does.
      const lineText = (linesOf(file.path)[d.range.start.line] ?? '').trim();
      const key = hash(`${d.code}\0${uri}\0${lineText}`);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return result(d, uri, `${key}:${occurrence}`, context);
    }),
  );
  const sarif = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: CLI_PACKAGE_NAME,
            version,
            semanticVersion: version,
            informationUri: PROJECT_URL,
            rules: RULE_IDS.map(rule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.root) } },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            ...(report.failures.length > 0
              ? {
                  toolExecutionNotifications: report.failures.map((f) => ({
                    level: 'error',
                    message: { text: `${f.path}: ${f.message}` },
                  })),
                }
              : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function rule(id: keyof typeof CODES) {
  const info = CODES[id];
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: info.summary },
    fullDescription: { text: info.summary },
    help: { text: `${info.summary} See ${ruleHelpUri(id)}` },
    helpUri: ruleHelpUri(id),
    defaultConfiguration: { level: level(info.severity) },
    properties: { tags: [id.slice(0, id.indexOf('/'))] },
  };
}

/** `schema/unknown-field` -> `SchemaUnknownField` (SARIF asks for a readable Pascal-case name). */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The code's row in DIAGNOSTICS.md. Rows of a Markdown table have no anchors, so the link carries a text
 * fragment (`#:~:text=`, which browsers scroll to) of the code as the row spells it.
 */
export function ruleHelpUri(id: string): string {
  const fragment = encodeURIComponent(id).replace(/-/g, '%2D');
  return `${DOCS_BASE_URI}/DIAGNOSTICS.md#:~:text=${fragment}`;
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function result(d: Diagnostic, uri: string, fingerprint: string, context: SarifContext) {
  const index = RULE_INDEX.get(d.code);
  return {
    ruleId: d.code,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(d.severity),
    message: { text: d.message },
    locations: [{ physicalLocation: physicalLocation(uri, d.range) }],
    ...(d.related && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: physicalLocation(
              r.path !== undefined ? encodeUri(context.relativePath(r.path)) : uri,
              r.range,
            ),
            message: { text: r.message },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  };
}

/** SARIF regions are 1-based; an empty range is widened to one column (end is exclusive). */
function physicalLocation(uri: string, range: Range) {
  const start = { line: range.start.line + 1, column: range.start.character + 1 };
  const end = { line: range.end.line + 1, column: range.end.character + 1 };
  const empty = end.line < start.line || (end.line === start.line && end.column <= start.column);
  return {
    artifactLocation: { uri, uriBaseId: SRCROOT },
    region: {
      startLine: start.line,
      startColumn: start.column,
      endLine: empty ? start.line : end.line,
      endColumn: empty ? start.column + 1 : end.column,
    },
  };
}

/** A relative path as a relative URI reference (spaces and `%` escaped, `/` kept). */
function encodeUri(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const uri = pathToFileURL(dir).toString();
  return uri.endsWith('/') ? uri : uri + '/';
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
