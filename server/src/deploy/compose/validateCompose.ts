// A compose file checked as strictly as our configs: the Compose schema (composeSchema.ts) and the rules it
// misses (composeRules.ts). `validateComposeDocument` checks what export is about to write;
// `validateComposeText` checks a file as it stands (an exported one edited by hand, in the editor), each
// problem at a line and column. Pure.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
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

/** 0-based, as LSP positions. */
export interface ComposePosition {
  line: number;
  character: number;
}

export interface LocatedComposeProblem extends ComposeProblem {
  severity: 'error';
  range: { start: ComposePosition; end: ComposePosition };
}

/** Problems of a compose file's text: YAML syntax, then (if it parses) the schema and the rules. */
export function validateComposeText(text: string): LocatedComposeProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (start: number, end: number) => {
    const s = lines.linePos(start);
    const e = lines.linePos(Math.max(start, end));
    return {
      start: { line: s.line - 1, character: s.col - 1 },
      end: { line: e.line - 1, character: e.col - 1 },
    };
  };
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
    const [start, end] = locate(doc.contents, p.path, p.atKey === true) ?? [0, 0];
    return { ...p, severity: 'error', range: at(start, end) };
  });
}

/** The offsets of the node at `path` (or of its key), or of the deepest node on the way that exists. */
function locate(
  root: YamlNode | null,
  path: (string | number)[],
  atKey: boolean,
): [number, number] | undefined {
  let node: unknown = root;
  let found: [number, number] | undefined = rangeOf(root);
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step),
      );
      if (!pair) return found;
      if (last && atKey) return rangeOf(pair.key as YamlNode) ?? found;
      node = pair.value;
      // `key:` with no value: the key is the place.
      found = rangeOf(node as YamlNode) ?? rangeOf(pair.key as YamlNode) ?? found;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      found = rangeOf(node as YamlNode) ?? found;
    } else {
      return found;
    }
  }
  return found;
}

function rangeOf(node: YamlNode | null | undefined): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}
