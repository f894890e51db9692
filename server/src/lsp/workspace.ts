// Model repositories of the workspace, for repository-wide diagnostics and navigation. Reads the
// disk through the core's FileSystem interface, with open documents' unsaved text layered on top.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE, RepositoryAnalysis, discoverRepositories } from '../core/index';
import type { AnalysisUpdate, FileReport, FileSystem, RepositoryValues, RuleOptions } from '../core/index';

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** A FileSystem where open documents shadow the files on disk (`disk`: the host's). */
export function overlayFileSystem(openText: (p: string) => string | undefined, disk: FileSystem): FileSystem {
  return {
    stat: (p) => (openText(p) !== undefined ? Promise.resolve('file') : disk.stat(p)),
    readDirectory: (p) => disk.readDirectory(p),
    readFile: (p) => {
      const text = openText(p);
      return text !== undefined ? Promise.resolve(text) : disk.readFile(p);
    },
    // Binary files (model files) are never edited as open documents: always the disk's bytes.
    readBytes: (p, position, length) => disk.readBytes(p, position, length),
  };
}

/** The model repositories under `root` (listed through `walk`), found as `triton-repo check <root>` finds them. */
export async function findRepositories(root: string, walk: FileSystem): Promise<string[]> {
  return (await discoverRepositories(root, walk)).repositories;
}

/** The repository a config file belongs to: the directory above its model directory. */
export function repositoryOf(configPath: string): string {
  return path.dirname(path.dirname(configPath));
}

/**
 * The workspace's model repositories, each analysed incrementally (core/check/repositoryAnalysis.ts):
 * edits and file events invalidate single models, and an update re-reads and re-checks only those.
 * Updates of one repository never overlap: a second caller waits for the running one, then runs
 * again if something was invalidated meanwhile.
 */
const NOTHING: AnalysisUpdate = { changed: [], removed: [] };

/** Takes a changed report as soon as it is judged (see `WorkspaceRepositories.refresh`). */
export type Announce = (report: FileReport) => void | Promise<void>;

/** Lets timers and queued messages run between batches of a long first load. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceRepositories {
  private readonly analyses = new Map<string, RepositoryAnalysis>();
  private readonly running = new Map<string, Promise<AnalysisUpdate>>();
  /**
   * Each repository's reports as adjusted (what the server publishes), by path: in full for open files
   * (their diagnostics are read back), as a fingerprint for the others (a rejudged report is announced
   * only when it differs; the client holds the diagnostics).
   */
  private readonly adjusted = new Map<string, Map<string, FileReport | string>>();
  /** Repositories whose reports must all be adjusted again (their values file changed). */
  private readonly rejudge = new Set<string>();
  /**
   * Each repository's values (templates/repositoryValues.ts), read once and kept until a values file
   * changes (invalidateJudgement), the repository is listed again (its models or render manifest may
   * have changed: `listing`) or the settings change (setOptions): a keystroke reads none of it again.
   */
  private readonly values = new Map<string, { listing: number; values: Promise<RepositoryValues> }>();

  /** The rules' options of a repository (the image serving it differs from one to the next). */
  private optionsFor: (repo: string) => RuleOptions;

  constructor(
    private readonly fs: FileSystem,
    options: RuleOptions | ((repo: string) => RuleOptions),
    /**
     * Adjusts reports once checked (placeholders judged against the repository's values): applied to
     * the reports an update changed, and to all of them after invalidateJudgement.
     */
    private readonly adjust: (
      repo: string,
      reports: FileReport[],
      /** The texts the reports were made from (when the repository is loaded). */
      text: (path: string) => string | undefined,
    ) => Promise<FileReport[]> = (_, r) => Promise.resolve(r),
    /** Reads a repository's values (what valuesOf caches). */
    private readonly readValues?: (repo: string) => Promise<RepositoryValues>,
    /**
     * Whether a file is open in the editor: its model and its judged report are kept in full (see
     * RepositoryAnalysis); the others as summaries and fingerprints. Without it, everything is kept.
     */
    private readonly isOpen: (path: string) => boolean = () => true,
  ) {
    this.optionsFor = typeof options === 'function' ? options : () => options;
  }

  /** The repository's values changed: every report is adjusted again at the next update. */
  invalidateJudgement(repoPath: string): void {
    this.rejudge.add(repoPath);
    this.values.delete(repoPath);
  }

  /** The repository's values, as cached (see `values`). */
  valuesOf(repoPath: string): Promise<RepositoryValues> {
    if (!this.readValues) throw new Error('WorkspaceRepositories was made without a values reader');
    const listing = this.analyses.get(repoPath)?.listing ?? -1;
    const hit = this.values.get(repoPath);
    if (hit && hit.listing === listing) return hit.values;
    const values = this.readValues(repoPath);
    this.values.set(repoPath, { listing, values });
    // A failed read is not kept: the next caller tries again.
    values.catch(() => {
      if (this.values.get(repoPath)?.values === values) this.values.delete(repoPath);
    });
    return values;
  }

  /** One report adjusted as the repository's are (a document's own, before its repository is loaded). */
  async adjustOne(repoPath: string, report: FileReport): Promise<FileReport> {
    return (await this.adjust(repoPath, [report], () => undefined))[0] ?? report;
  }

  /** A file's report as published (adjusted), as of the last update. */
  report(repoPath: string, path: string): FileReport | undefined {
    const report = this.adjusted.get(repoPath)?.get(path);
    return typeof report === 'string' ? undefined : report;
  }

  setOptions(options: RuleOptions | ((repo: string) => RuleOptions)): void {
    this.optionsFor = typeof options === 'function' ? options : () => options;
    // Settings choose the values file too.
    this.values.clear();
    for (const [repo, analysis] of this.analyses) analysis.setOptions(this.optionsFor(repo));
  }

  known(): string[] {
    return [...this.analyses.keys()];
  }

  /** The analysis of a repository that has been updated at least once. */
  get(repoPath: string): RepositoryAnalysis | undefined {
    return this.analyses.get(repoPath);
  }

  /** Whether the repository has never been loaded, or has invalidated models waiting. */
  needsUpdate(repoPath: string): boolean {
    return (this.analyses.get(repoPath)?.dirty ?? true) || this.rejudge.has(repoPath);
  }

  /** A model's text changed (an edit in its open config, or the document was closed). */
  invalidateModel(repoPath: string, dir: string): void {
    this.analyses.get(repoPath)?.invalidateModel(dir);
  }

  /** A path changed on disk: invalidates what it touches; returns the repositories concerned. */
  invalidatePath(changed: string): string[] {
    const touched: string[] = [];
    for (const [repoPath, analysis] of this.analyses) {
      // A directory above the repository (moved or deleted as a whole): read it all again.
      if (repoPath.startsWith(changed + path.sep)) {
        analysis.invalidateAll();
        touched.push(repoPath);
      } else if (analysis.invalidatePath(changed)) touched.push(repoPath);
    }
    return touched;
  }

  /**
   * Brings a repository up to date (loading it the first time); says which reports changed. With
   * `announce`, each changed report goes to it as soon as it is judged instead of into the result's
   * `changed` (and the next waits while what it returns is pending): a first load of thousands of files
   * then never holds all their judged reports (and what the caller makes of them) at once, which is
   * garbage that would outlive the young generation.
   */
  async refresh(repoPath: string, announce?: Announce): Promise<AnalysisUpdate> {
    const before = this.running.get(repoPath) ?? Promise.resolve(NOTHING);
    const next = before.catch(() => NOTHING).then(() => this.updateNow(repoPath, announce));
    this.running.set(repoPath, next);
    try {
      return await next;
    } finally {
      if (this.running.get(repoPath) === next) this.running.delete(repoPath);
    }
  }

  private async updateNow(repoPath: string, announce: Announce | undefined): Promise<AnalysisUpdate> {
    let analysis = this.analyses.get(repoPath);
    if (analysis && !analysis.dirty && !this.rejudge.has(repoPath)) return NOTHING;
    if (!analysis) {
      analysis = new RepositoryAnalysis(repoPath, this.fs, this.optionsFor(repoPath), yieldToEventLoop, (m) =>
        this.isOpen(m.configPath),
      );
      this.analyses.set(repoPath, analysis);
    }
    try {
      const update = await analysis.update();
      // In the editor a repository is a guess (any directory holding model directories): a sub-directory
      // without config.pbtxt that itself holds model directories is one of those guesses, checked as a
      // repository of its own, not reported as a model of this one.
      const models = analysis.repository().models;
      const nested = (r: FileReport) => {
        if (path.dirname(r.path) !== repoPath) return false;
        const m = models.get(path.basename(r.path));
        return (
          m !== undefined &&
          m.text === undefined &&
          [...m.subdirEntries.values()].some((e) => e.files.includes(CONFIG_FILE))
        );
      };
      const rejudge = this.rejudge.delete(repoPath);
      const fresh = (rejudge ? analysis.reports() : update.changed).filter((r) => !nested(r));
      let published = this.adjusted.get(repoPath);
      if (!published) this.adjusted.set(repoPath, (published = new Map()));
      for (const p of update.removed) published.delete(p);
      const changed: FileReport[] = [];
      // One report at a time, judged, compared and announced: see `refresh`.
      for (const unjudged of fresh) {
        const [r] = await this.adjust(repoPath, [unjudged], (p) => analysis.text(p));
        if (!r) continue;
        const before = published.get(r.path);
        const print = fingerprint(r);
        // Judged again as a whole, most reports come out as they were: announce only those that differ.
        if (
          rejudge &&
          before !== undefined &&
          (typeof before === 'string' ? before : fingerprint(before)) === print
        )
          continue;
        published.set(r.path, this.isOpen(r.path) ? r : print);
        if (announce) await announce(r);
        else changed.push(r);
      }
      return { changed, removed: update.removed };
    } catch {
      // The repository is gone or unreadable: forget it, and clear what it reported.
      this.analyses.delete(repoPath);
      this.adjusted.delete(repoPath);
      return { changed: [], removed: analysis.reports().map((r) => r.path) };
    }
  }

  forget(repoPath: string): string[] {
    const previous =
      this.analyses
        .get(repoPath)
        ?.reports()
        .map((r) => r.path) ?? [];
    this.analyses.delete(repoPath);
    this.adjusted.delete(repoPath);
    this.values.delete(repoPath);
    return previous;
  }
}

/**
 * A report's fingerprint: two 32-bit FNV-1a hashes of its JSON (different seeds), so that a closed
 * file's published diagnostics cost a short string, not their objects, in a workspace of thousands.
 */
function fingerprint(report: FileReport): string {
  const json = JSON.stringify(report);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x811c9dc5) ^ (b >>> 15);
  }
  return `${json.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}
