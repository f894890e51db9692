// model.yaml read into a small located tree: every key and value keeps its offsets, and scalars are
// typed as PyYAML types them (pyyamlScalars.ts). The `yaml` package (eemeli/yaml, pure JS) does the
// parsing with its failsafe schema, so that it decides structure only and never types a scalar.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import type { PyScalar } from './pyyamlScalars';
import { resolvePlain, resolveTagged } from './pyyamlScalars';

export interface YScalar extends PyScalar {
  kind: 'scalar';
  start: number;
  end: number;
  /** Written in quotes or as a block scalar: always a string for PyYAML. */
  quoted: boolean;
}

export interface YEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** A `key:` with nothing after it is a null scalar at the end of the key. */
  value: YNode;
}

export interface YMap {
  kind: 'map';
  start: number;
  end: number;
  entries: YEntry[];
}

export interface YSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

export interface YamlProblem {
  start: number;
  end: number;
  message: string;
}

export interface YamlRead {
  /** The document's root; undefined for an empty document (PyYAML gives None) or on a syntax error. */
  root?: YNode;
  /** Syntax errors (PyYAML would raise); a file with any has no root. */
  errors: YamlProblem[];
}

/** Deeper than this and we stop: no model.yaml nests like that, and the tree is built recursively. */
const MAX_DEPTH = 100;

/** Reads model.yaml as `yaml.safe_load` would see it. Never throws. */
export function readYaml(text: string): YamlRead {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    return { errors: [{ start: 0, end: 0, message: `cannot read YAML: ${String(e)}` }] };
  }
  const errors: YamlProblem[] = [];
  for (const doc of docs)
    for (const e of doc.errors)
      errors.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message: firstLine(e.message) });
  if (docs.length > 1) {
    const second = docs[1]!;
    const at = second.range[0];
    errors.push({
      start: at,
      end: at,
      message: 'a second YAML document: yaml.safe_load expects a single document in the stream',
    });
  }
  if (errors.length > 0) return { errors };
  const doc = docs[0];
  if (!doc || doc.contents === null) return { errors };
  const state = { errors, doc, depth: 0 };
  const root = convert(doc.contents, state);
  return root && errors.length === 0 ? { root, errors } : { errors };
}

/** The yaml package appends "at line L, column C:" and an excerpt; our diagnostics carry the range. */
function firstLine(message: string): string {
  const at = message.indexOf(' at line ');
  return (at >= 0 ? message.slice(0, at) : message.split('\n')[0]!).trim();
}

interface State {
  errors: YamlProblem[];
  doc: Document.Parsed;
  depth: number;
}

function convert(node: YamlNode | Alias | null | undefined, state: State, at = 0): YNode | undefined {
  if (node === null || node === undefined)
    return { kind: 'scalar', type: 'null', value: null, start: at, end: at, quoted: false };
  const [start, end] = node.range ?? [at, at];
  if (state.depth > MAX_DEPTH) {
    state.errors.push({ start, end, message: `nested more than ${MAX_DEPTH} levels deep` });
    return undefined;
  }
  if (isAlias(node)) {
    // PyYAML shares the anchored node; the alias's own place is what we point at.
    const target = node.resolve(state.doc);
    if (!target) {
      state.errors.push({ start, end, message: `unknown alias "${node.source}"` });
      return undefined;
    }
    state.depth++;
    const resolved = convert(target, state, start);
    state.depth--;
    return resolved && { ...resolved, start, end };
  }
  if (isScalar(node)) {
    const text = typeof node.value === 'string' ? node.value : String(node.value);
    const quoted = node.type !== 'PLAIN';
    let typed: PyScalar | undefined;
    if (node.tag && node.tag !== '!') {
      typed = resolveTagged(node.tag, text);
      if (!typed) {
        state.errors.push({
          start,
          end,
          message: `PyYAML's safe_load cannot construct ${node.tag} from "${text}"`,
        });
        return undefined;
      }
    } else {
      typed = quoted || node.tag === '!' ? { type: 'str', value: text } : resolvePlain(text);
    }
    return { kind: 'scalar', ...typed, start, end, quoted };
  }
  state.depth++;
  try {
    if (isMap(node)) {
      const entries: YEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const [keyStart, keyEnd] = keyNode?.range ?? [start, start];
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode === null ? '' : String(keyNode);
        const value = convert(pair.value as YamlNode | null, state, keyEnd);
        if (!value) return undefined;
        entries.push({ key, keyStart, keyEnd, value });
      }
      return { kind: 'map', start, end, entries };
    }
    if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        const value = convert(item as YamlNode | null, state, start);
        if (!value) return undefined;
        items.push(value);
      }
      return { kind: 'seq', start, end, items };
    }
  } finally {
    state.depth--;
  }
  state.errors.push({ start, end, message: 'unsupported YAML node' });
  return undefined;
}

/** Every node on the way to the innermost one containing `offset`, outermost first, with its key path. */
export function pathAt(
  root: YNode,
  offset: number,
): { path: string[]; entry?: YEntry; onKey: boolean; map?: YMap } {
  let node: YNode = root;
  const path: string[] = [];
  let entry: YEntry | undefined;
  let onKey = false;
  let map: YMap | undefined = root.kind === 'map' ? root : undefined;
  for (;;) {
    if (node.kind !== 'map') break;
    map = node;
    const hit: YEntry | undefined = node.entries.find(
      (e) =>
        (offset >= e.keyStart && offset <= e.keyEnd) ||
        (offset >= e.value.start && offset <= e.value.end && e.value.end > e.value.start),
    );
    if (!hit) break;
    entry = hit;
    if (offset >= hit.keyStart && offset <= hit.keyEnd) {
      onKey = true;
      path.push(hit.key);
      break;
    }
    path.push(hit.key);
    node = hit.value;
  }
  return { path, onKey, ...(entry ? { entry } : {}), ...(map ? { map } : {}) };
}

/** A node's kind in Python terms, for messages. */
export function pyTypeName(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  switch (node.type) {
    case 'null':
      return 'null (None)';
    case 'bool':
      return 'a boolean';
    case 'int':
      return 'an integer';
    case 'float':
      return 'a float';
    case 'timestamp':
      return 'a date';
    default:
      return 'a string';
  }
}
