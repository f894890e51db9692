import type { FileReport } from '../check/checkPaths';
import { protobufOffset, toDiagnostic } from '../diagnostics/problem';
import type { Problem } from '../diagnostics/problem';
import type { Diagnostic } from '../diagnostics/types';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import { parse } from '../syntax/parser';
import type { ParseResult } from '../syntax/parser';
import { LineIndex } from '../text/lineIndex';
import { validateSchema } from '../validate/schemaValidator';
import type { EffectiveValue } from './render';
import type { PlaceholderUse } from './uses';
import { placeholderUses } from './uses';

/**
 * How the placeholders of a repository are read:
 *   `template`  a template repository being filled in: a variable with a value is fine, one without
 *               is reported by what it would break;
 *   `triton`    text Triton is about to read (rendered output, a launch): values do not matter, a
 *               `${name}` is what libprotobuf sees, and a whole-value one stops the parse.
 */
export type PlaceholderReading = 'template' | 'triton';

/** What the judgement needs to know about a model's config beyond its text. */
export interface PlaceholderContext {
  reading: PlaceholderReading;
  /** The effective value of a variable of this model (template reading); none when absent. */
  value?: (name: string) => EffectiveValue | undefined;
  /** The values file in use, for messages (relative to something the user recognises). */
  valuesFile?: string;
}

/** Codes given to placeholders by what they mean (the CLI groups them into one line per model). */
export const PLACEHOLDER_CODES: ReadonlySet<string> = new Set([
  'template/unresolved',
  'template/unset-parameter',
  'template/unfilled-string',
  'template/unrendered',
]);

/**
 * Every placeholder of a config that has no value, reported by what it means: a whole value (the
 * file does not parse until it is filled) a warning in a template and libprotobuf's error when
 * Triton reads the text; an optional backend parameter a hint (the backend uses its default); a
 * placeholder inside another string a warning (Triton reads it literally); comments nothing.
 */
export function placeholderProblems(parsed: ParseResult, context: PlaceholderContext): Problem[] {
  // An empty value fills a string, not a whole value (`max_batch_size: ` does not parse): still unfilled.
  const filled = (u: PlaceholderUse) => {
    const value = context.value?.(u.name);
    return value !== undefined && (value.text.trim() !== '' || !isWholeValue(u));
  };
  const unfilled = placeholderUses(parsed).filter(
    (u) => u.kind !== 'comment' && (context.reading === 'triton' || !filled(u)),
  );
  // libprotobuf's own words for a whole value left as a placeholder: by field, from a one-line text (cached:
  // this runs on every keystroke), or from the whole text read as Triton reads it for a `$name` between tokens.
  // Indexed by both offsets a problem may sit at (the first problem in order wins each): a template has
  // dozens of placeholders and a search per placeholder made this quadratic.
  let wholeText: Map<number, Problem> | undefined;
  const triton = (use: PlaceholderUse) => {
    if (use.field) return wordsForField(use.field);
    if (!wholeText) {
      wholeText = new Map();
      for (const p of tritonReading(parsed.text, unfilled))
        for (const at of [p.start, protobufOffset(p)]) if (!wholeText.has(at)) wholeText.set(at, p);
    }
    const found = wholeText.get(use.start);
    return found ? clean(found.message) : 'Expected a value, got: $';
  };
  return unfilled.map((use) => ({ ...verdict(use, context, triton), start: use.start, end: use.end }));
}

/**
 * Replaces the placeholder diagnostics of a config's report (the file-level check's, which knows no
 * values) by those of `context`.
 */
export function judgePlaceholders(report: FileReport, text: string, context: PlaceholderContext): FileReport {
  const kept = report.diagnostics.filter((d) => !PLACEHOLDER_CODES.has(d.code));
  const lines = new LineIndex(text);
  const judged: Diagnostic[] = placeholderProblems(parse(text), context).map((p) => toDiagnostic(p, lines));
  const diagnostics = [...kept, ...judged].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { path: report.path, diagnostics };
}

function isWholeValue(use: PlaceholderUse): boolean {
  return use.kind === 'value' || use.kind === 'other';
}

function verdict(
  use: PlaceholderUse,
  context: PlaceholderContext,
  tritonWords: (use: PlaceholderUse) => string,
): Omit<Problem, 'start' | 'end'> {
  const data = { variable: use.name, use: use.kind, ...(use.field ? { field: use.field } : {}) };
  const where = context.valuesFile ? ` in ${context.valuesFile}` : ' in a values file';
  if (use.kind === 'parameter') {
    const key = use.parameter ? `Backend parameter "${use.parameter}"` : 'This backend parameter';
    return {
      code: 'template/unset-parameter',
      message: `${key} is optional and left as \${${use.name}}: the backend uses its default.`,
      severity: 'hint',
      data,
    };
  }
  if (use.kind === 'string') {
    return {
      code: 'template/unfilled-string',
      message: `"${use.name}" has no value, so Triton reads "\${${use.name}}" literally in this string; set it${where}.`,
      data,
    };
  }
  // A whole value (or a bare `$name` between tokens): libprotobuf stops at the `$`.
  const triton = tritonWords(use);
  const field = use.field ? `"${use.field}"` : 'this value';
  if (context.reading === 'triton') {
    return {
      code: 'template/unrendered',
      message: `${field} is still the placeholder \${${use.name}}: Triton cannot parse this file until the repository is rendered. Triton: ${triton}`,
      data,
    };
  }
  return {
    code: 'template/unresolved',
    message: `"${use.name}" has no value yet: the file does not parse until ${field} is filled; set it${where}. Triton: ${triton}`,
    data,
  };
}

/**
 * Problems of the text as libprotobuf reads it: `${` becomes `$$` at whole-value uses (same length,
 * so offsets hold), which the lexer takes as the symbol `$` that Triton's parser stops at.
 */
function tritonReading(text: string, uses: readonly PlaceholderUse[]): Problem[] {
  let out = text;
  for (const u of uses)
    if (isWholeValue(u) && out[u.start + 1] === '{')
      out = out.slice(0, u.start + 1) + '$' + out.slice(u.start + 2);
  const parsed = parse(out);
  return [...parsed.problems, ...validateSchema(parsed, modelConfigSchema(), MODEL_CONFIG_TYPE)];
}

const WORDS_BY_FIELD = new Map<string, string>();

/** What libprotobuf says when `field` (a path, `a.b.c`) holds `$`: `field: $` nested in its messages, checked. */
function wordsForField(field: string): string {
  let words = WORDS_BY_FIELD.get(field);
  if (words === undefined) {
    const names = field.split('.');
    const text =
      names
        .slice(0, -1)
        .map((n) => `${n} { `)
        .join('') +
      `${names.at(-1)}: \${x}` +
      ' }'.repeat(names.length - 1);
    const at = text.indexOf('$');
    const found = tritonReading(text, [{ name: 'x', kind: 'value', start: at, end: at + 4 }]).find(
      (p) => p.start === at || protobufOffset(p) === at,
    );
    words = found ? clean(found.message) : 'Expected a value, got: $';
    WORDS_BY_FIELD.set(field, words);
  }
  return words;
}

function clean(message: string): string {
  return message.replace(/ \(".*$/, '');
}
