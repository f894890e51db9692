import type { Problem } from '../diagnostics/problem';
import { protobufOffset, toDiagnostic } from '../diagnostics/problem';
import type { Diagnostic } from '../diagnostics/types';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import { parse } from '../syntax/parser';
import type { ParseResult } from '../syntax/parser';
import { LineIndex } from '../text/lineIndex';
import { capProblems } from '../diagnostics/cap';
import { isCleanConfig } from './cleanConfig';
import { validateSchema } from '../validate/schemaValidator';
import { templatePlaceholders } from '../validate/templates';

export interface ConfigCheck {
  parsed: ParseResult;
  problems: Problem[];
}

const RECOVERY_CODES = new Set([
  'syntax/expected-field-name',
  'syntax/expected-token',
  'syntax/unclosed-bracket',
]);

/** Runs every stage that needs only the file itself: syntax, schema, template placeholders. */
export function checkConfigProblems(text: string): ConfigCheck {
  const parsed = parse(text);
  const schemaProblems = validateSchema(parsed, modelConfigSchema(), MODEL_CONFIG_TYPE);
  // When the validator explains a token with the field's type in mind ("Expected integer, got: }"),
  // the parser's generic complaint at the same place is the same failure said worse: drop it.
  const explained = new Set(schemaProblems.map(protobufOffset));
  const syntaxProblems = parsed.problems.filter(
    (p) => !(RECOVERY_CODES.has(p.code) && explained.has(protobufOffset(p))),
  );
  const problems = [...syntaxProblems, ...schemaProblems, ...templatePlaceholders(parsed)];
  problems.sort((a, b) => a.start - b.start || protobufOffset(a) - protobufOffset(b));
  return { parsed, problems };
}

/**
 * checkConfigProblems for a host that also needs the tree (for the typed model): a clean config is
 * parsed, but neither validated nor searched for placeholders, since the scan has shown there is
 * nothing to find.
 */
export function checkConfigFile(text: string): ConfigCheck {
  if (isCleanConfig(text, modelConfigSchema(), MODEL_CONFIG_TYPE))
    return { parsed: parse(text), problems: [] };
  return checkConfigProblems(text);
}

/**
 * The file-level problems alone, for a host that needs no tree: a clean config (most of them) is
 * recognised by one pass that builds nothing (cleanConfig.ts); any other goes through the parser.
 */
export function configProblems(text: string): Problem[] {
  return isCleanConfig(text, modelConfigSchema(), MODEL_CONFIG_TYPE)
    ? []
    : checkConfigProblems(text).problems;
}

/** Diagnostics for one config.pbtxt text. */
export function checkConfigText(text: string): Diagnostic[] {
  const problems = configProblems(text);
  if (problems.length === 0) return [];
  const lines = new LineIndex(text);
  return capProblems(problems).problems.map((p) => toDiagnostic(p, lines));
}
