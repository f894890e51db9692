// Editor services for one open model.yaml: diagnostics of the file on its own, hover with a key's
// type and documentation, completion of the keys (and choices) the knowledge table has. Positions
// are found from the text's indentation, so they work while the file is being typed and does not
// parse.
import { toDiagnostic } from '../diagnostics/problem';
import type { Diagnostic } from '../diagnostics/types';
import { LineIndex } from '../text/lineIndex';
import type { ModelYamlCheck, YamlRelease } from './checkModelYaml';
import { checkModelYaml, releaseText } from './checkModelYaml';
import type { YamlKeyInfo } from './modelYamlKeys';
import { TYPE_NAMES, keyInfoAt, keysUnder } from './modelYamlKeys';

export interface YamlHover {
  contents: string;
  start: number;
  end: number;
}

export interface YamlCompletion {
  label: string;
  /** The key's type, or "value". */
  detail: string;
  documentation: string;
  insertText: string;
  /** The range the completion replaces (the word being typed). */
  start: number;
  end: number;
  kind: 'property' | 'value';
}

const KEY = /[A-Za-z0-9_.-]/;

/** Leading spaces of a line (tabs are not indentation in YAML). */
function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/**
 * The keys of the mappings that enclose a line indented by `indent`, outermost first: each earlier
 * line with less indentation that is a bare `key:` opens one. Undefined when something else (a list
 * item, a flow collection) encloses it: we do not guess there.
 */
function enclosingKeys(text: string, lineStart: number, indent: number): string[] | undefined {
  const path: string[] = [];
  let current = indent;
  let end = lineStart - 1;
  while (current > 0 && end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lineIndent = indentOf(line);
    if (lineIndent >= current) continue;
    const m = /^\s*([A-Za-z0-9_.-]+)\s*:\s*(?:#.*)?$/.exec(line);
    if (!m) return undefined;
    path.unshift(m[1]!);
    current = lineIndent;
  }
  return path;
}

interface KeyOnLine {
  /** Key path down to this line's key. */
  path: string[];
  keyStart: number;
  keyEnd: number;
}

/** The `key:` written on the line holding `offset`, with its enclosing keys. */
function keyOnLine(text: string, offset: number): KeyOnLine | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const m = /^( *)([A-Za-z0-9_.-]+)\s*:(?:\s|$)/.exec(line);
  if (!m) return undefined;
  const indent = m[1]!.length;
  const parents = enclosingKeys(text, lineStart, indent);
  if (!parents) return undefined;
  const keyStart = lineStart + indent;
  return { path: [...parents, m[2]!], keyStart, keyEnd: keyStart + m[2]!.length };
}

export function describeKey(info: YamlKeyInfo, path: readonly string[]): string {
  const facts = [`\`${TYPE_NAMES[info.type]}\``];
  if (info.values) facts.push(`one of ${info.values.map((v) => `\`${v}\``).join(', ')}`);
  if (info.min !== undefined || info.max !== undefined)
    facts.push(`${info.min ?? '…'} to ${info.max ?? '…'}`);
  const origin = info.confirmed
    ? ''
    : '\n\n*From general knowledge of the LLM API, not confirmed by our reference material; releases differ.*';
  const range = [
    info.since ? `from TensorRT-LLM ${info.since}` : '',
    info.removedIn ? `not taken from ${info.removedIn} on: write ${info.replacement} instead` : '',
    info.engineOnly ? `TensorRT-engine path only; with the PyTorch backend: ${info.engineOnly}` : '',
  ].filter(Boolean);
  const releases = range.length ? `\n\n*${range.join('; ')}.*` : '';
  return `**${path.join('.')}** (${facts.join(', ')})\n\n${info.doc}${releases}${origin}`;
}

export class ModelYamlDocument {
  readonly lines: LineIndex;
  private checked?: ModelYamlCheck;

  /** `release`: the serving image's TensorRT-LLM and where it comes from; default the newest known. */
  constructor(
    readonly text: string,
    readonly release?: YamlRelease,
  ) {
    this.lines = new LineIndex(text);
  }

  get check(): ModelYamlCheck {
    return (this.checked ??= checkModelYaml(this.text, this.release));
  }

  /** The file's own diagnostics (no repository: config.pbtxt is compared by the repository check). */
  get diagnostics(): Diagnostic[] {
    return this.check.problems.map((p) => toDiagnostic(p, this.lines));
  }

  hover(offset: number): YamlHover | undefined {
    const found = keyOnLine(this.text, offset);
    if (!found || offset < found.keyStart) return undefined;
    const info = keyInfoAt(found.path);
    if (!info) return undefined;
    // Which release the file is checked for, and why that one: hover says it, as the messages do.
    const checked = `\n\n*Checked for ${releaseText(this.release)}.*`;
    return { contents: describeKey(info, found.path) + checked, start: found.keyStart, end: found.keyEnd };
  }

  complete(offset: number): YamlCompletion[] {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const before = this.text.slice(lineStart, offset);
    let end = offset;
    while (end < this.text.length && KEY.test(this.text[end]!)) end++;
    const keyPos = /^( *)([A-Za-z0-9_.-]*)$/.exec(before);
    if (keyPos) {
      const indent = keyPos[1]!.length;
      const path = enclosingKeys(this.text, lineStart, indent);
      const known = path && keysUnder(path);
      if (!known) return [];
      const start = lineStart + indent;
      return known.map((info) => ({
        label: info.key,
        detail: TYPE_NAMES[info.type],
        documentation: describeKey(info, [...path, info.key]),
        insertText: info.type === 'map' ? `${info.key}:\n${' '.repeat(indent + 2)}` : `${info.key}: `,
        start,
        end,
        kind: 'property' as const,
      }));
    }
    const valuePos = /^( *)([A-Za-z0-9_.-]+)\s*:\s*([A-Za-z0-9_.-]*)$/.exec(before);
    if (!valuePos) return [];
    const path = enclosingKeys(this.text, lineStart, valuePos[1]!.length);
    const info = path && keyInfoAt([...path, valuePos[2]!]);
    if (!info) return [];
    const choices = info.values ?? (info.type === 'bool' ? ['true', 'false'] : []);
    const start = offset - valuePos[3]!.length;
    return choices.map((v) => ({
      label: v,
      detail: 'value',
      documentation: describeKey(info, [...path, valuePos[2]!]),
      insertText: v,
      start,
      end,
      kind: 'value' as const,
    }));
  }
}
