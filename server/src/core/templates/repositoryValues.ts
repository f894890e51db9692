import type { FileReport } from '../check/checkPaths';
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import { CONFIG_FILE, baseName, parentPath } from '../check/loadRepository';
import type { PlaceholderReading } from './judge';
import { judgePlaceholders } from './judge';
import type { EffectiveValue } from './render';
import { valueLookup } from './render';
import { collectValues } from './sources';
import type { ValueInputs } from './values';
import { findValuesFile } from './valuesFile';

/** What `triton-repo render` leaves in its output: a repository with it is rendered output. */
export const RENDER_MANIFEST = '.triton-repo-render.json';

export interface RepositoryValuesOptions {
  /** Where the search for a values file stops (the workspace folder, the working directory). */
  stopAt?: string;
  /** A values file named by the user (setting, `--values`): used instead of searching. */
  valuesFile?: string;
  /** Environment variables (`TRTLLM__<MODEL>__<VARIABLE>`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Forces a reading (a launch reads as Triton); by default rendered output is read as Triton. */
  reading?: PlaceholderReading;
}

/** A repository's values, as the editor and the CLI see them before rendering. */
export interface RepositoryValues {
  repository: string;
  /** The values file in use, if any. */
  valuesFile?: string;
  reading: PlaceholderReading;
  /** The inputs a render of this repository uses. */
  inputs: ValueInputs;
  /** Effective value of a variable of a model (by its directory name). */
  valueOf: (model: string, name: string) => EffectiveValue | undefined;
}

export async function repositoryValues(
  repoPath: string,
  fs: FileSystem,
  options: RepositoryValuesOptions = {},
): Promise<RepositoryValues> {
  const valuesFile = options.valuesFile ?? (await findValuesFile(repoPath, fs, options.stopAt));
  const inputs: ValueInputs = {
    ...(valuesFile !== undefined && (await fs.stat(valuesFile)) === 'file'
      ? { file: { path: valuesFile } }
      : {}),
    ...(options.env ? { env: options.env } : {}),
  };
  const reading =
    options.reading ??
    ((await fs.stat(joinPath(repoPath, RENDER_MANIFEST))) === 'file' ? 'triton' : 'template');
  const collected = await collectValues(inputs, fs);
  const models = (await fs.readDirectory(repoPath)).filter((e) => e.kind === 'directory').map((e) => e.name);
  const lookups = new Map<string, (name: string) => EffectiveValue | undefined>();
  const valueOf = (model: string, name: string) => {
    let lookup = lookups.get(model);
    if (!lookup) lookups.set(model, (lookup = valueLookup(collected.entries, model, models)));
    return lookup(name);
  };
  return {
    repository: repoPath,
    ...(inputs.file ? { valuesFile: inputs.file.path } : {}),
    reading,
    inputs,
    valueOf,
  };
}

/**
 * The reports of a check with each config's placeholders judged against its repository's values
 * (templates/judge.ts). `display` turns a path into what messages show (relative to the workspace).
 */
export async function judgeReports(
  files: readonly FileReport[],
  fs: FileSystem,
  options: RepositoryValuesOptions & {
    display?: (path: string) => string;
    /**
     * Where a repository's values come from when the host keeps them (the language server caches them
     * per repository and invalidates them on watcher and settings events): else they are read here.
     */
    values?: (repoPath: string) => Promise<RepositoryValues>;
    /** A config's text when the host holds it already (else it is read through `fs`). */
    text?: (path: string) => string | undefined;
  } = {},
): Promise<{ files: FileReport[]; repositories: RepositoryValues[] }> {
  const byRepo = new Map<string, Promise<RepositoryValues>>();
  const out: FileReport[] = [];
  for (const f of files) {
    if (baseName(f.path) !== CONFIG_FILE || !f.diagnostics.some((d) => d.code.startsWith('template/'))) {
      out.push(f);
      continue;
    }
    const modelDir = parentPath(f.path);
    const repo = parentPath(modelDir);
    let values = byRepo.get(repo);
    if (!values)
      byRepo.set(
        repo,
        (values = options.values ? options.values(repo) : repositoryValues(repo, fs, options)),
      );
    const v = await values;
    const model = baseName(modelDir);
    out.push(
      judgePlaceholders(f, options.text?.(f.path) ?? (await fs.readFile(f.path)), {
        reading: v.reading,
        value: (name) => v.valueOf(model, name),
        ...(v.valuesFile
          ? { valuesFile: options.display ? options.display(v.valuesFile) : v.valuesFile }
          : {}),
      }),
    );
  }
  return { files: out, repositories: await Promise.all(byRepo.values()) };
}
