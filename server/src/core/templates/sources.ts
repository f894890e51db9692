import type { FileSystem } from '../check/fileSystem';
import type { SourceProblem, ValueEntry, ValueInputs, ValueSource } from './values';
import { defaultEntries, valuesFromEnv, valuesFromFile, valuesFromSet } from './values';

/** All entries of all sources, in no particular order (precedence is in each entry's rank). */
export interface CollectedValues {
  entries: ValueEntry[];
  problems: SourceProblem[];
  /** Values under a misspelt key of the values file: unused, but they explain what they would fill. */
  misplaced: ValueEntry[];
  /** Texts of file sources by path, for positions. */
  texts: Map<string, string>;
}

export async function collectValues(inputs: ValueInputs, fs: FileSystem): Promise<CollectedValues> {
  const entries: ValueEntry[] = inputs.fillTemplateDefaults === false ? [] : defaultEntries();
  const problems: SourceProblem[] = [];
  const texts = new Map<string, string>();
  const misplaced: ValueEntry[] = [];
  if (inputs.file) {
    const text = inputs.file.text ?? (await fs.readFile(inputs.file.path));
    texts.set(inputs.file.path, text);
    const r = valuesFromFile(inputs.file.path, text);
    entries.push(...r.entries);
    problems.push(...r.problems);
    misplaced.push(...r.misplaced);
  }
  for (const r of [valuesFromEnv(inputs.env ?? {}), valuesFromSet(inputs.set ?? [])]) {
    entries.push(...r.entries);
    problems.push(...r.problems);
  }
  return { entries, problems, misplaced, texts };
}

/** Where a non-file source is reported: a label in place of a path (no lines to point at). */
export function sourcePath(source: ValueSource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'env':
      return `env:${source.variable}`;
    case 'set':
      return `--set:${source.argument}`;
    case 'default':
      return 'fill_template.py';
  }
}

/** Offsets of a source within its path (zero-width for labels). */
export function sourceSpan(source: ValueSource): { start: number; end: number } {
  return source.kind === 'file' ? { start: source.start, end: source.end } : { start: 0, end: 0 };
}

/** Words for a message: "the values file x.json", "environment variable TRTLLM__...", ... */
export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'env':
      return `environment variable ${source.variable}`;
    case 'set':
      return `--set "${source.argument}"`;
    case 'default':
      return "fill_template.py's default";
  }
}

/** One key per source (a value in a file, a variable, a --set argument), to report each once. */
export function sourceKey(source: ValueSource): string {
  switch (source.kind) {
    case 'file':
      return `file:${source.path}:${source.start}`;
    case 'env':
      return `env:${source.variable}`;
    case 'set':
      return `set:${source.index}`;
    case 'default':
      return 'default';
  }
}
