import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import { baseName, parentPath } from '../check/loadRepository';
import { VALUES_FILE } from './values';

/** `<name>.triton-values.json`: a values file for the repository whose folder is `<name>`. */
export const VALUES_FILE_SUFFIX = '.' + VALUES_FILE;

/**
 * The values files that apply to a repository in one directory, most specific first: the one named
 * after the repository's folder (`model_repository.triton-values.json`), then `triton-values.json`.
 */
function candidates(dir: string, repoName: string): string[] {
  return [joinPath(dir, repoName + VALUES_FILE_SUFFIX), joinPath(dir, VALUES_FILE)];
}

/** Whether a file name is a values file's (for file watchers and the editor's schema binding). */
export function isValuesFileName(name: string): boolean {
  return name === VALUES_FILE || name.endsWith(VALUES_FILE_SUFFIX);
}

/**
 * The values file of a repository: looked for in the repository, then in each parent directory up
 * to and including `stopAt` (the workspace folder in the editor, the working directory in the CLI);
 * the first one that applies wins. People keep it beside `model_repository/`, and NVIDIA's examples
 * inside it: both are found. When `stopAt` does not contain the repository, only the repository and
 * its parent are searched.
 */
export async function findValuesFile(
  repoPath: string,
  fs: FileSystem,
  stopAt?: string,
): Promise<string | undefined> {
  const repo = repoPath.length > 1 ? repoPath.replace(/\/+$/, '') : repoPath;
  const stop = stopAt?.replace(/\/+$/, '');
  const inside = stop !== undefined && (repo === stop || repo.startsWith(stop === '' ? '/' : stop + '/'));
  const repoName = baseName(repo);
  let dir = repo;
  for (let depth = 0; ; depth++) {
    for (const file of candidates(dir, repoName)) if ((await fs.stat(file)) === 'file') return file;
    const parent = parentPath(dir);
    if (parent === dir || (inside ? dir === stop : depth >= 1)) return undefined;
    dir = parent;
  }
}
