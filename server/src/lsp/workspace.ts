// Model repositories of the workspace, for repository-wide diagnostics and navigation. Reads the
// disk through the core's FileSystem interface, with open documents' unsaved text layered on top.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { discoverRepositories, loadRepository, reportRepository } from '../core/index';
import type { FileReport, FileSystem, RepositoryUnderCheck, RuleOptions } from '../core/index';
import { nodeFileSystem } from '../cli/nodeFileSystem';

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

/** The model repositories under `root`, found as `triton-repo check <root>` finds them. */
export async function findRepositories(root: string): Promise<string[]> {
  return (await discoverRepositories(root, nodeFileSystem)).repositories;
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
    const reports = reportRepository(repo);
    this.repositories.set(repoPath, { repo, reports });
    return { reports, previous };
  }

  forget(repoPath: string): string[] {
    const previous = this.repositories.get(repoPath)?.reports.map((r) => r.path) ?? [];
    this.repositories.delete(repoPath);
    return previous;
  }
}
