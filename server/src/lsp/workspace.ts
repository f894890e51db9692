// Model repositories of the workspace, for repository-wide diagnostics and navigation. Reads the
// disk through the core's FileSystem interface, with open documents' unsaved text layered on top.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE, loadRepository, reportRepository } from '../core/index';
import type { FileReport, FileSystem, RepositoryUnderCheck, RuleOptions } from '../core/index';
import { nodeFileSystem } from '../cli/nodeFileSystem';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.vscode-test']);
const MAX_DEPTH = 6;

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** A FileSystem where open documents shadow the files on disk. */
export function overlayFileSystem(openText: (p: string) => string | undefined): FileSystem {
  return {
    stat: (p) => (openText(p) !== undefined ? Promise.resolve('file') : nodeFileSystem.stat(p)),
    readDirectory: (p) => nodeFileSystem.readDirectory(p),
    readFile: (p) => {
      const text = openText(p);
      return text !== undefined ? Promise.resolve(text) : nodeFileSystem.readFile(p);
    },
  };
}

/** Directories under `root` holding model directories (a sub-directory with a config.pbtxt). */
export async function findRepositories(root: string): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === CONFIG_FILE)) {
      found.add(path.dirname(dir));
      return; // a model directory: its sub-directories are versions, not repositories
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.'))
        await walk(path.join(dir, e.name), depth + 1);
    }
  };
  await walk(root, 0);
  return [...found].sort();
}

/** The repository a config file belongs to: the directory above its model directory. */
export function repositoryOf(configPath: string): string {
  return path.dirname(path.dirname(configPath));
}

export class WorkspaceRepositories {
  private readonly repositories = new Map<string, { repo: RepositoryUnderCheck; reports: FileReport[] }>();

  constructor(
    private readonly fs: FileSystem,
    private options: RuleOptions,
    /** Adjusts a repository's reports once checked (placeholders judged against its values). */
    private readonly adjust: (repo: string, reports: FileReport[]) => Promise<FileReport[]> = (_, r) =>
      Promise.resolve(r),
  ) {}

  setOptions(options: RuleOptions): void {
    this.options = options;
  }

  known(): string[] {
    return [...this.repositories.keys()];
  }

  get(repoPath: string): { repo: RepositoryUnderCheck; reports: FileReport[] } | undefined {
    return this.repositories.get(repoPath);
  }

  /** Loads and checks a repository again; returns its reports and the paths that had reports before. */
  async refresh(repoPath: string): Promise<{ reports: FileReport[]; previous: string[] }> {
    const previous = this.repositories.get(repoPath)?.reports.map((r) => r.path) ?? [];
    let repo: RepositoryUnderCheck;
    try {
      repo = await loadRepository(repoPath, this.fs, this.options);
    } catch {
      this.repositories.delete(repoPath);
      return { reports: [], previous };
    }
    const reports = await this.adjust(repoPath, reportRepository(repo));
    this.repositories.set(repoPath, { repo, reports });
    return { reports, previous };
  }

  forget(repoPath: string): string[] {
    const previous = this.repositories.get(repoPath)?.reports.map((r) => r.path) ?? [];
    this.repositories.delete(repoPath);
    return previous;
  }
}
