// Where a problem of an exported YAML file is in its text (Compose's and Kubernetes' checks alike): the
// field a path names, as LSP-style line and character ranges. Pure.
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { LineCounter, Node } from 'yaml';
import type { LocatedProblem } from './exportedFile';

/** Offsets to a 0-based range, clamped to the text. */
export function rangeIn(
  text: string,
  lineCounter: LineCounter,
): (from: number, to: number) => LocatedProblem['range'] {
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(Math.min(offset, text.length));
    return { line: line - 1, character: col - 1 };
  };
  return (from, to) => ({ start: position(from), end: position(Math.max(from, to)) });
}

/**
 * The offsets of the node at `path` (of its key with `atKey`), or of the deepest node on the way that exists;
 * a whole mapping or list as the place: its first line is enough to see where.
 */
export function locateYamlPath(
  source: string,
  root: unknown,
  path: readonly (string | number)[],
  atKey: boolean,
): [number, number] {
  let node: unknown = root;
  let keyRange: [number, number] | undefined;
  for (const step of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step),
      );
      if (!pair) break;
      keyRange = rangeOf(pair.key) ?? keyRange;
      next = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      next = node.items[step];
      keyRange = rangeOf(next) ?? keyRange;
    }
    if (next === undefined) break;
    node = next;
  }
  if (atKey && keyRange) return keyRange;
  const r = rangeOf(node);
  // `key:` with no value: the key is the place.
  if (!r) return keyRange ?? [0, 0];
  const lineEnd = source.indexOf('\n', r[0]);
  return [r[0], (isMap(node) || isSeq(node)) && lineEnd !== -1 && lineEnd < r[1] ? lineEnd : r[1]];
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}
