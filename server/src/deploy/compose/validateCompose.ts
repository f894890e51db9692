// A compose file checked as strictly as our configs: the Compose schema (composeSchema.ts) and the rules it
// misses (composeRules.ts). `validateComposeDocument` checks what export is about to write;
// `validateComposeText` checks a file as it stands (an exported one edited by hand, in the editor), each
// problem at a line and column. Pure.
import { LineCounter, parseDocument } from 'yaml';
import type { LocatedProblem } from '../exportedFile';
import { rangeIn, locateYamlPath } from '../yamlLocate';
import { composeSchemaValidator, schemaProblems } from './composeSchema';
import { composeRuleProblems } from './composeRules';
import type { ComposeProblem } from './composeRules';

export type { ComposeCode, ComposeProblem } from './composeRules';

/** Schema problems first, then the rules'. */
export function validateComposeDocument(doc: unknown): ComposeProblem[] {
  const validate = composeSchemaValidator();
  const fromSchema = validate(doc)
    ? []
    : schemaProblems(validate.errors ?? []).map((p): ComposeProblem => ({
        code: 'compose/schema',
        path: p.path,
        message: p.message,
        atKey: p.atKey,
      }));
  return [...fromSchema, ...composeRuleProblems(doc)];
}

export interface LocatedComposeProblem extends ComposeProblem {
  severity: 'error';
  /** 0-based, as LSP positions. */
  range: LocatedProblem['range'];
}

/** Problems of a compose file's text: YAML syntax, then (if it parses) the schema and the rules. */
export function validateComposeText(text: string): LocatedComposeProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = rangeIn(text, lines);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      code: 'compose/yaml-syntax',
      severity: 'error',
      path: [],
      message: e.message.split('\n')[0]!,
      range: at(e.pos[0], e.pos[1]),
    }));
  }
  return validateComposeDocument(doc.toJS({ maxAliasCount: 100 })).map((p) => {
    const [start, end] = locateYamlPath(text, doc.contents, p.path, p.atKey === true);
    return { ...p, severity: 'error', range: at(start, end) };
  });
}
