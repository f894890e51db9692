import type { Problem } from '../diagnostics/problem';
import { modelRuleProblems, repositoryRuleProblems, rulesApply } from '../rules/runRules';
import type { ModelUnderCheck, RepositoryUnderCheck, RuleOptions } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import type { FileReport } from './checkPaths';
import { fileReport, modelFiles } from './checkPaths';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';
import { loadModel, mapConcurrently } from './loadRepository';
import { yamlReleaseFor } from '../llmapi/checkModelYaml';
import { TrackedModels } from './trackedModels';
import type { ReadSet } from './trackedModels';

/** How long a load may run before it lets the host's event loop turn (see `pause`). */
const PAUSE_AFTER_MS = 20;

/** What an update changed: the reports whose diagnostics differ, and the files no longer reported. */
export interface AnalysisUpdate {
  changed: FileReport[];
  removed: string[];
}

interface ModelState {
  model: ModelUnderCheck;
  /** modelFiles(model), worked out once per load. */
  files: ReturnType<typeof modelFiles>;
  /** The per-model rules' problems and the sibling models they read (reset when either changes). */
  rules?: { problems: Problem[]; reads: ReadSet };
}

interface FileState {
  text: string;
  /** Bumped when the text changes: related locations into this file must then be converted again. */
  stamp: number;
  lines?: LineIndex;
}

interface ReportState {
  /** What the report was made from: equal keys, equal diagnostics. */
  key: ReportKey;
  report: FileReport;
  /** The other files its problems point into. */
  related: string[];
}

/**
 * One model repository, analysed incrementally (the rust-analyzer idea at our scale): each model is
 * loaded (read, parsed, schema-checked) once and kept until it is invalidated; the per-model rules'
 * problems are kept with the set of sibling models the rules read (TrackedModels records every lookup),
 * so an edit re-runs the rules of the edited model and of the models that read it (an ensemble naming
 * it) only; the repository-wide rules read the loaded models and run on every update. Diagnostics are
 * converted again only for files whose problems (or the texts they point into) changed.
 *
 * Who invalidates: the host, when a document changes (its model), when the file watcher reports a path
 * (the model it lies in, or the models whose engine directory holds it), and when a directory appears
 * or disappears at the top of the repository (the model list). Invariant: after `update()`, `reports()`
 * equals `reportRepository(loadRepository(...))` over the same file system (a property test checks it).
 */
export class RepositoryAnalysis {
  private readonly models = new Map<string, ModelState>();
  private readonly stale = new Set<string>();
  private listed = false;
  /** The repository's sub-directories as last listed: the models, as Triton sees them. */
  private dirs = new Set<string>();
  private readonly files = new Map<string, FileState>();
  private readonly reported = new Map<string, ReportState>();
  private sorted: FileReport[] | undefined;
  private updated = false;
  /** Rule results were dropped by setOptions: the next update must run the rules again. */
  private optionsChanged = false;
  private view: RepositoryUnderCheck;

  constructor(
    readonly path: string,
    private readonly fs: FileSystem,
    private options: RuleOptions,
    /**
     * Called between batches of models while loading: a host whose FileSystem answers synchronously
     * (Node's, for speed) passes a yield to its event loop here, so that a first load of thousands of
     * models does not starve timers and requests. The core itself has no event loop to yield to.
     */
    private readonly pause: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.view = { path, models: new Map(), options };
  }

  /**
   * Rule options changed (settings): every rule result is stale; loaded models too when the serving image
   * changed (an llmapi model's model.yaml is checked for its release as it is read).
   */
  setOptions(options: RuleOptions): void {
    const release = (o: RuleOptions) => JSON.stringify(yamlReleaseFor(o) ?? null);
    if (release(options) !== release(this.options)) for (const dir of this.models.keys()) this.stale.add(dir);
    this.options = options;
    this.optionsChanged = true;
    for (const state of this.models.values()) delete state.rules;
  }

  /** The model directory `dir` (a direct sub-directory) must be read again. */
  invalidateModel(dir: string): void {
    this.stale.add(dir);
  }

  /** The list of models must be read again (a directory appeared or disappeared), and every model. */
  invalidateAll(): void {
    this.listed = false;
    for (const dir of this.models.keys()) this.stale.add(dir);
  }

  /**
   * Maps a changed path to what it invalidates: a path inside a model directory invalidates that model,
   * a path inside a model's engine directory (which may lie anywhere) that model, the repository
   * directory itself or a direct child of it the model list. Returns whether anything was invalidated.
   */
  invalidatePath(changed: string): boolean {
    let hit = false;
    if (changed === this.path) {
      this.invalidateAll();
      return true;
    }
    const prefix = this.path.endsWith('/') ? this.path : this.path + '/';
    if (changed.startsWith(prefix)) {
      const rest = changed.slice(prefix.length);
      const slash = rest.indexOf('/');
      const dir = slash === -1 ? rest : rest.slice(0, slash);
      if (slash === -1) this.listed = false; // a model directory (or a stray file) came or went
      this.stale.add(dir);
      hit = true;
    }
    for (const [dir, state] of this.models) {
      const engine = state.model.engine?.dirPath;
      if (engine && (changed === engine || changed.startsWith(engine + '/'))) {
        this.stale.add(dir);
        hit = true;
      }
    }
    return hit;
  }

  /** Whether the first update has completed. */
  get loaded(): boolean {
    return this.updated;
  }

  /** Whether an update has work to do. */
  get dirty(): boolean {
    return !this.listed || this.stale.size > 0 || this.optionsChanged;
  }

  /** The loaded repository (what navigation and completion read). */
  repository(): RepositoryUnderCheck {
    return this.view;
  }

  /** Every file's report, sorted by path, as of the last update. */
  reports(): FileReport[] {
    this.sorted ??= [...this.reported.keys()].sort().map((p) => this.reported.get(p)!.report);
    return this.sorted;
  }

  report(path: string): FileReport | undefined {
    return this.reported.get(path)?.report;
  }

  /** Reads what was invalidated, re-runs the rules that depend on it, and says which reports changed. */
  async update(): Promise<AnalysisUpdate> {
    const changedDirs = new Set<string>();
    this.optionsChanged = false;
    // A change inside a directory the last listing did not have: it is new, read the list again.
    for (const dir of this.stale) if (!this.dirs.has(dir)) this.listed = false;
    if (!this.listed) {
      const dirs = (await this.fs.readDirectory(this.path))
        .filter((e) => e.kind === 'directory' && !e.name.startsWith('.'))
        .map((e) => e.name);
      this.dirs = new Set(dirs);
      for (const dir of this.models.keys())
        if (!this.dirs.has(dir)) {
          this.models.delete(dir);
          changedDirs.add(dir);
        }
      for (const dir of dirs) if (!this.models.has(dir)) this.stale.add(dir);
      this.listed = true;
    }
    const reload = [...this.stale].filter((dir) => this.dirs.has(dir));
    this.stale.clear();
    // A bounded number at a time, as loadRepository does: the first load of a big repository must not
    // hold every model's text and parse in memory at once.
    let lastPause = Date.now();
    const loaded = await mapConcurrently(reload, 16, async (dir) => {
      if (Date.now() - lastPause >= PAUSE_AFTER_MS) {
        await this.pause();
        lastPause = Date.now();
      }
      try {
        const model = await loadModel(joinPath(this.path, dir), dir, this.fs, yamlReleaseFor(this.options));
        // Rules and navigation read the typed view, not the tree (see CheckedModel): drop it at once.
        delete model.parsed;
        return model;
      } catch {
        return undefined; // gone meanwhile: the watcher reports it, and the list is read again
      }
    });
    reload.forEach((dir, i) => {
      const model = loaded[i];
      if (model) this.models.set(dir, { model, files: modelFiles(model) });
      else {
        this.models.delete(dir);
        this.listed = false;
      }
      changedDirs.add(dir);
    });

    // The view the rules read, in name order as loadRepository builds it.
    const names = [...this.models.keys()].sort();
    const tracked = new TrackedModels(names.map((n) => [n, this.models.get(n)!.model]));
    this.view = { path: this.path, models: tracked, options: this.options };

    const byPath = new Map<string, FileParts>();
    const texts = new Map<string, string>();
    for (const name of names) {
      const state = this.models.get(name)!;
      const model = state.model;
      for (const file of state.files) {
        if (texts.has(file.path)) continue;
        texts.set(file.path, file.text);
        byPath.set(file.path, { parts: [file.problems], repository: [] });
      }
      if (!rulesApply(model)) continue;
      if (!state.rules || changedDirs.has(name) || state.rules.reads.touches(changedDirs)) {
        const reads = tracked.startReading();
        const problems = modelRuleProblems(model, this.view);
        tracked.stopReading();
        state.rules = { problems, reads };
      }
      byPath.get(model.configPath)!.parts.push(state.rules.problems);
    }
    for (const { path, problem } of repositoryRuleProblems(this.view)) {
      let file = byPath.get(path);
      if (!file) byPath.set(path, (file = { parts: [], repository: [] }));
      file.repository.push(problem);
    }
    const result = this.publish(byPath, texts);
    this.updated = true;
    return result;
  }

  /** Converts what changed to diagnostics and remembers it. */
  private publish(byPath: Map<string, FileParts>, texts: Map<string, string>): AnalysisUpdate {
    for (const [path, text] of texts) {
      const file = this.files.get(path);
      if (!file) this.files.set(path, { text, stamp: 0 });
      else if (file.text !== text) this.files.set(path, { text, stamp: file.stamp + 1 });
    }
    for (const path of [...this.files.keys()]) if (!texts.has(path)) this.files.delete(path);
    const linesOf = (path: string) => {
      const file = this.files.get(path);
      if (!file) return new LineIndex('');
      file.lines ??= new LineIndex(file.text);
      return file.lines;
    };

    const changed: FileReport[] = [];
    for (const [path, file] of byPath) {
      const repository = file.repository.length === 0 ? '' : JSON.stringify(file.repository);
      const previous = this.reported.get(path);
      // Same parts and repository problems: the same other files are pointed into, so only their
      // stamps (and the file's own) can make the diagnostics differ.
      if (
        previous &&
        previous.key.repository === repository &&
        sameParts(previous.key.parts, file.parts) &&
        previous.key.stamps === this.stampsOf(path, previous.related)
      )
        continue;
      const problems = [...file.parts.flat(), ...file.repository];
      const related = relatedPaths(problems);
      const report = fileReport(path, problems, linesOf(path), linesOf);
      this.reported.set(path, {
        key: { parts: file.parts, repository, stamps: this.stampsOf(path, related) },
        report,
        related,
      });
      changed.push(report);
    }
    const removed: string[] = [];
    for (const path of [...this.reported.keys()])
      if (!byPath.has(path)) {
        this.reported.delete(path);
        removed.push(path);
      }
    if (changed.length > 0 || removed.length > 0) this.sorted = undefined;
    return { changed, removed };
  }

  /** The stamps of the file and of every other file its problems point into. */
  private stampsOf(path: string, related: readonly string[]): string {
    let out = `${this.files.get(path)?.stamp ?? -1}`;
    for (const other of related) out += `|${other}@${this.files.get(other)?.stamp ?? -1}`;
    return out;
  }
}

/** The other files a file's problems point into. */
function relatedPaths(problems: readonly Problem[]): string[] {
  const out: string[] = [];
  for (const p of problems) for (const r of p.related ?? []) if (r.path !== undefined) out.push(r.path);
  return out;
}

/**
 * A file's problems as they were assembled: its own (the model's parse, by identity: the same array
 * until the model is read again), the per-model rules' (by identity: the same array while cached) and
 * the repository-wide rules' (fresh at every update, compared by value).
 */
interface FileParts {
  parts: (readonly Problem[])[];
  repository: Problem[];
}

interface ReportKey {
  parts: (readonly Problem[])[];
  repository: string;
  stamps: string;
}

function sameParts(a: readonly (readonly Problem[])[], b: readonly (readonly Problem[])[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
