// Finds the model repositories below a directory: the one search behind `triton-repo check <dir>` and the
// language server's workspace scan, so the CLI in CI and the editor see the same repositories.
import picomatch from 'picomatch/posix';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';
import { CONFIG_FILE, parentPath } from './loadRepository';

/** Directories never searched: a repository there belongs to a dependency or to git, not to the project. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
/** Deep enough for `<project>/deploy/k8s/models/<model>`; a bound for huge workspaces. */
export const MAX_SEARCH_DEPTH = 10;
/** Read at the top of the search: one glob per line, `#` comments, as `--exclude` takes them. */
export const IGNORE_FILE = '.tritonignore';

export interface DiscoveryOptions {
  /** Globs of directories to leave out, relative to the root (`deploy/old`, `**\/fixtures`, `build`). */
  exclude?: readonly string[];
}

export interface Discovery {
  /** Repositories found (directories whose sub-directories hold config.pbtxt), sorted. */
  repositories: string[];
  /** Whether a path (of a directory or a file, relative or joined to the root) is excluded. */
  isExcluded(path: string): boolean;
}

/**
 * Walks `root` for model repositories. A directory holding config.pbtxt is a model: its parent is a
 * repository and its own sub-directories are versions, not searched. Hidden directories (Triton skips
 * them too), `node_modules`, `.git`, and directories matching `exclude` or the root's `.tritonignore`
 * are not entered. Symbolic links are not followed (the FileSystem reports them as 'other').
 */
export async function discoverRepositories(
  root: string,
  fs: FileSystem,
  options: DiscoveryOptions = {},
): Promise<Discovery> {
  const globs = [...(options.exclude ?? []), ...(await readIgnoreFile(root, fs))];
  const isExcluded = excludeMatcher(root, globs);
  const found = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      return; // unreadable: nothing to find there (a root that cannot be read is reported by the caller)
    }
    if (entries.some((e) => e.kind === 'file' && e.name === CONFIG_FILE)) {
      found.add(parentPath(dir));
      return;
    }
    if (depth >= MAX_SEARCH_DEPTH) return;
    for (const e of entries) {
      if (e.kind !== 'directory' || e.name.startsWith('.') || ALWAYS_SKIPPED.has(e.name)) continue;
      const child = joinPath(dir, e.name);
      if (!isExcluded(child)) await walk(child, depth + 1);
    }
  };
  await walk(root, 0);
  return { repositories: [...found].sort(), isExcluded };
}

/** The glob lines of `<root>/.tritonignore`, if there is one. */
async function readIgnoreFile(root: string, fs: FileSystem): Promise<string[]> {
  const path = joinPath(root, IGNORE_FILE);
  if ((await fs.stat(path)) !== 'file') return [];
  return (await fs.readFile(path))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Matches a path below `root` against the globs, as .gitignore would for directories: a glob without `/`
 * matches a directory of that name at any depth, one with `/` the path from the root; a directory
 * excluded excludes everything inside it.
 */
function excludeMatcher(root: string, globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((g) => g.replace(/^\.\//, '').replace(/^\/+|\/+$/g, ''));
  const byName = picomatch(
    patterns.filter((p) => !p.includes('/')),
    { dot: true },
  );
  const byPath = picomatch(
    patterns.filter((p) => p.includes('/')),
    { dot: true },
  );
  const match = (relative: string) =>
    byPath(relative) || byName(relative.slice(relative.lastIndexOf('/') + 1));
  const prefix = root === '.' || root === '' ? '' : root.replace(/\/+$/, '') + '/';
  return (path) => {
    const relative = prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const parts = relative.split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 1; i <= parts.length; i++) if (match(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}
