import type { Problem } from '../diagnostics/problem';
import { yamlReleaseFor } from '../llmapi/checkModelYaml';
import { modelSummary } from '../model/modelSummary';
import { isEnsemble } from '../rules/ensembleModel';
import { modelRuleProblems, repositoryRuleProblems, rulesApply } from '../rules/runRules';
import type { CheckedModel, ModelUnderCheck, RepositoryUnderCheck, RuleOptions } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import type { FileReport } from './checkPaths';
import { fileReport, modelFiles } from './checkPaths';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';
import { loadModel, mapConcurrently } from './loadRepository';
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
  /** The model in full (`full`), or its summary (model/modelSummary.ts) once nobody needs more. */
  model: ModelUnderCheck;
  full: boolean;
  /** Bumped at each load: the model's own problems are known by it. */
  generation: number;
  /** The files it reports on (modelFiles), worked out once per load. */
  paths: string[];
  /** Their texts and own problems, while the model is held in full. */
  files?: ReturnType<typeof modelFiles>;
  /** The per-model rules' problems and the sibling models they read (reset when either changes). */
  rules?: { problems: Problem[]; reads: ReadSet; generation: number };
}

interface FileState {
  text: string;
  /** Bumped when the text changes: related locations into this file must then be converted again. */
  stamp: number;
  lines?: LineIndex;
  /** The models that list the file (two models may share an engine): the first by name reports it. */
  owners: Set<string>;
}

interface ReportState {
  /** What the report was made from: equal keys, equal diagnostics. */
  key: string;
  report: FileReport;
  /** The other files its problems point into. */
  related: string[];
}

/**
 * One model repository, analysed incrementally (the rust-analyzer idea at our scale): each model is
 * loaded (read, parsed, schema-checked) once and kept until it is invalidated; the per-model rules'
 * problems are kept with the set of sibling models the rules read (TrackedModels records every lookup),
 * so an edit re-runs the rules of the edited model and of the models that read it (an ensemble naming
 * it) only; the repository-wide rules read the loaded models and run on every update. Only the files
 * whose parts changed (the model's own problems, its rules', the repository rules', the texts their
 * problems point into) are converted to diagnostics again, so an update costs what changed, not what
 * the repository holds.
 *
 * Memory: a model nobody needs in full (not open in the editor, not an ensemble or llmapi model, not
 * read by name by a cached rule) is kept as a summary (model/modelSummary.ts). A rule that fetches a
 * summarised model by name records a miss (TrackedModels); the update then loads that model in full and
 * runs again, so results never come from a summary's missing parts.
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
  /** Bumped each time the repository directory is listed again (the host's values depend on it). */
  private listings = 0;
  private readonly files = new Map<string, FileState>();
  private readonly reported = new Map<string, ReportState>();
  private sorted: FileReport[] | undefined;
  private updated = false;
  private generation = 0;
  /** Loaded models whose rules have not run since (or whose results were dropped). */
  private readonly needRules = new Set<string>();
  /** Who read a model by name (its rules' ReadSets), and whose rules walked the whole map. */
  private readonly readers = new Map<string, Set<string>>();
  private readonly walkers = new Set<string>();
  /** The repository-wide rules' problems by path, as of the last update, with their JSON. */
  private repositoryProblems = new Map<string, { problems: Problem[]; json: string }>();
  /** The models the repository-wide rules fetched by name in the last update. */
  private repositoryReads = new Set<string>();
  /** Which reports point into a file: converted again when its text changes. */
  private readonly relatedInto = new Map<string, Set<string>>();
  /** Models held in full or with their own problems (summarised at the end of an update). */
  private readonly held = new Set<string>();
  /** Models this update found it needs in full (read again, then kept until its end). */
  private readonly wanted = new Set<string>();
  private tracked = new TrackedModels();
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
    /** Models the host wants in full whatever else needs them (the editor's open documents). */
    private readonly keepInFull: (model: ModelUnderCheck) => boolean = () => false,
  ) {
    this.view = { path, models: this.tracked, options };
  }

  /** Rule options changed (settings): every rule result is stale, loaded models are not. */
  setOptions(options: RuleOptions): void {
    // Which TensorRT-LLM release model.yaml files are checked for is decided when a model is read.
    const release = (o: RuleOptions) => JSON.stringify(yamlReleaseFor(o) ?? null);
    if (release(options) !== release(this.options)) this.invalidateAll();
    this.options = options;
    this.view = { path: this.path, models: this.tracked, options };
    for (const [dir, state] of this.models) {
      this.forgetRules(dir, state);
      this.needRules.add(dir);
    }
    this.optionsChanged = true;
  }
  /** Rule results were dropped by setOptions: the next update must run the rules again. */
  private optionsChanged = false;

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

  /** How many times the repository directory has been listed: changes when its entries may have. */
  get listing(): number {
    return this.listings;
  }

  /**
   * The loaded repository (what navigation and completion read). Models nobody has open are
   * summaries: fetch one through `model()` to have it in full.
   */
  repository(): RepositoryUnderCheck {
    return this.view;
  }

  /** A model in full (read again if only its summary is held), as of the last update. */
  async model(dir: string): Promise<ModelUnderCheck | undefined> {
    const state = this.models.get(dir);
    if (!state || state.full) return state?.model;
    return this.readModel(dir);
  }

  /** Every file's report, sorted by path, as of the last update. */
  reports(): FileReport[] {
    this.sorted ??= [...this.reported.keys()].sort().map((p) => this.reported.get(p)!.report);
    return this.sorted;
  }

  report(path: string): FileReport | undefined {
    return this.reported.get(path)?.report;
  }

  /** The text a file's report was made from, as of the last update. */
  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  /** Reads what was invalidated, re-runs the rules that depend on it, and says which reports changed. */
  async update(): Promise<AnalysisUpdate> {
    this.optionsChanged = false;
    /** Paths whose report must be assembled again. */
    const dirty = new Set<string>();
    // Models read again because they changed (not because a summary had to be filled in): their files'
    // reports are announced even when they come out the same.
    const edited = new Set(this.stale);
    // Each pass reads what is stale, then runs what depends on it. A rule (or a report) that needs a
    // model only summarised makes it stale, and the update runs again: at most a few passes.
    for (let pass = 0; ; pass++) {
      const changed = new Set<string>();
      if (!this.listed || [...this.stale].some((dir) => !this.dirs.has(dir))) {
        const known = new Set(this.models.keys());
        await this.list(changed, dirty);
        for (const dir of this.stale) if (!known.has(dir)) edited.add(dir);
      }
      await this.readStale(changed, dirty);
      const needed = new Set<string>();
      this.runModelRules(changed, dirty, needed);
      if (needed.size === 0) this.runRepositoryRules(dirty, needed);
      if (needed.size === 0)
        for (const path of dirty) {
          const owner = this.ownerOf(path);
          if (owner !== undefined && !this.models.get(owner)!.files) needed.add(owner);
        }
      if (needed.size === 0 || pass > 8) break;
      for (const dir of needed) {
        this.stale.add(dir);
        this.wanted.add(dir);
      }
    }
    const result = this.publish(dirty, edited);
    this.wanted.clear();
    this.summariseUnneeded();
    this.updated = true;
    return result;
  }

  /** Lists the repository: models that disappeared are dropped, new ones are to be read. */
  private async list(changed: Set<string>, dirty: Set<string>): Promise<void> {
    const dirs = (await this.fs.readDirectory(this.path))
      .filter((e) => e.kind === 'directory' && !e.name.startsWith('.'))
      .map((e) => e.name);
    this.listings++;
    this.dirs = new Set(dirs);
    const removed = new Map<string, readonly string[]>();
    for (const [dir, state] of [...this.models])
      if (!this.dirs.has(dir)) {
        removed.set(dir, state.paths);
        dirty.add(state.model.dirPath);
        this.setState(dir, undefined);
        changed.add(dir);
      }
    this.syncFiles(removed, dirty);
    let added = false;
    for (const dir of dirs)
      if (!this.models.has(dir)) {
        this.stale.add(dir);
        added = true;
      }
    if (removed.size > 0 || added) this.rebuildView();
    this.listed = true;
  }

  /** Reads the stale models (a bounded number at a time, with pauses for the host's event loop). */
  private async readStale(changed: Set<string>, dirty: Set<string>): Promise<void> {
    const reload = [...this.stale].filter((dir) => this.dirs.has(dir));
    this.stale.clear();
    if (reload.length === 0) return;
    let listChanged = false;
    const listedBefore = new Map<string, readonly string[]>();
    // Each model is taken in as soon as it is read, so that what it does not need to keep (its config
    // tree, once its own rules ran) dies young instead of piling up until every model is read.
    await mapConcurrently(reload, 4, async (dir) => {
      const model = await this.readModel(dir);
      const before = this.models.get(dir);
      listedBefore.set(dir, before?.paths ?? []);
      for (const path of before?.paths ?? []) dirty.add(path);
      if (before) dirty.add(before.model.dirPath);
      changed.add(dir);
      if (!model) {
        // Gone meanwhile: the watcher reports it, and the list is read again.
        this.setState(dir, undefined);
        this.listed = false;
        listChanged = true;
        return;
      }
      if (!before) listChanged = true;
      const files = modelFiles(model);
      const state: ModelState = {
        model,
        full: true,
        generation: ++this.generation,
        paths: files.map((f) => f.path),
        files,
      };
      this.setState(dir, state);
      for (const f of files) dirty.add(f.path);
      dirty.add(model.dirPath);
      if (before) this.tracked.set(dir, model);
      // Rules that read no sibling depend on this model alone: run them now (the others run once
      // every model is read).
      if (rulesApply(model)) this.runRulesOf(dir, state, dirty, true);
      if (!this.neededInFull(dir, model)) this.summarise(dir, state, false);
    });
    if (listChanged) this.rebuildView();
    this.syncFiles(listedBefore, dirty);
  }

  private readModelPause = Date.now();

  /** One model read in full, or undefined when it cannot be read (gone meanwhile). */
  private async readModel(dir: string): Promise<ModelUnderCheck | undefined> {
    if (Date.now() - this.readModelPause >= PAUSE_AFTER_MS) {
      await this.pause();
      this.readModelPause = Date.now();
    }
    try {
      const model = await loadModel(joinPath(this.path, dir), dir, this.fs, yamlReleaseFor(this.options));
      // Rules and navigation read the typed view, not the tree (see CheckedModel): drop it at once.
      delete model.parsed;
      return model;
    } catch {
      return undefined;
    }
  }

  /** Replaces (or removes) a model's state, keeping the indexes of who reads whom in step. */
  private setState(dir: string, state: ModelState | undefined): void {
    const before = this.models.get(dir);
    if (before) this.forgetRules(dir, before);
    this.needRules.delete(dir);
    this.held.delete(dir);
    this.tracked.summaries.delete(dir);
    if (!state) {
      this.models.delete(dir);
      return;
    }
    this.models.set(dir, state);
    this.held.add(dir);
    if (rulesApply(state.model)) this.needRules.add(dir);
  }

  private forgetRules(dir: string, state: ModelState): void {
    const reads = state.rules?.reads;
    delete state.rules;
    if (!reads) return;
    for (const name of reads.names) this.readers.get(name)?.delete(dir);
    this.walkers.delete(dir);
  }

  /** The view the rules read: every model by name, in name order as loadRepository builds it. */
  private rebuildView(): void {
    const names = [...this.models.keys()].sort();
    const tracked = new TrackedModels(names.map((n) => [n, this.models.get(n)!.model]));
    for (const [dir, state] of this.models) if (!state.full) tracked.summaries.add(dir);
    this.tracked = tracked;
    this.view = { path: this.path, models: tracked, options: this.options };
  }

  /**
   * The texts of the files of models read again or removed (`listedBefore`: each one's paths before):
   * who owns them, and whether their texts changed.
   */
  private syncFiles(listedBefore: ReadonlyMap<string, readonly string[]>, dirty: Set<string>): void {
    const touched = new Set<string>();
    for (const [dir, paths] of listedBefore) {
      for (const path of paths) {
        this.files.get(path)?.owners.delete(dir);
        touched.add(path);
      }
      const state = this.models.get(dir);
      for (const f of state?.files ?? []) {
        touched.add(f.path);
        const file = this.files.get(f.path);
        if (file) file.owners.add(dir);
        else this.files.set(f.path, { text: f.text, stamp: 0, owners: new Set([dir]) });
      }
    }
    for (const path of touched) {
      const file = this.files.get(path)!;
      dirty.add(path);
      const owner = this.ownerOf(path);
      if (owner === undefined) {
        this.files.delete(path);
        this.textChanged(path, dirty);
        continue;
      }
      const text = this.models.get(owner)!.files?.find((f) => f.path === path)?.text;
      if (text !== undefined && text !== file.text) {
        file.text = text;
        file.stamp++;
        delete file.lines;
        this.textChanged(path, dirty);
      }
    }
  }

  /** A file's text changed or it is gone: reports pointing into it are converted again. */
  private textChanged(path: string, dirty: Set<string>): void {
    for (const other of this.relatedInto.get(path) ?? []) dirty.add(other);
  }

  /** The model whose copy of a file is reported (the first by name, as reportRepository takes it). */
  private ownerOf(path: string): string | undefined {
    const owners = this.files.get(path)?.owners;
    if (!owners || owners.size === 0) return undefined;
    let first: string | undefined;
    for (const dir of owners) if (first === undefined || dir < first) first = dir;
    return first;
  }

  /**
   * Runs the per-model rules of the models read again and of the models whose rules read them. A model
   * needed in full (its own rules, or fetched by name by another's) is added to `needed`.
   */
  private runModelRules(changed: ReadonlySet<string>, dirty: Set<string>, needed: Set<string>): void {
    const run = new Set(this.needRules);
    for (const dir of changed) for (const reader of this.readers.get(dir) ?? []) run.add(reader);
    if (changed.size > 0) for (const walker of this.walkers) run.add(walker);
    for (const dir of run) {
      const state = this.models.get(dir);
      if (!state || !rulesApply(state.model)) continue;
      if (!state.full) {
        needed.add(dir);
        continue;
      }
      const reads = this.runRulesOf(dir, state, dirty, false);
      for (const name of reads?.misses ?? []) needed.add(name);
    }
  }

  /**
   * Runs a model's rules and keeps the result with what they read, unless they fetched a summarised
   * model (a miss: returned, to be read in full) or, `alone`, read any sibling at all.
   */
  private runRulesOf(
    dir: string,
    state: ModelState,
    dirty: Set<string>,
    alone: boolean,
  ): ReadSet | undefined {
    const reads = this.tracked.startReading();
    const problems = modelRuleProblems(state.model as CheckedModel, this.view);
    this.tracked.stopReading();
    if (reads.misses.size > 0) return reads;
    if (alone && (reads.all || reads.names.size > 0)) return undefined;
    this.forgetRules(dir, state);
    state.rules = { problems, reads, generation: ++this.generation };
    for (const name of reads.names) {
      let set = this.readers.get(name);
      if (!set) this.readers.set(name, (set = new Set()));
      set.add(dir);
    }
    if (reads.all) this.walkers.add(dir);
    this.needRules.delete(dir);
    dirty.add(state.model.configPath);
    return undefined;
  }

  /** Runs the repository-wide rules; paths whose problems differ from the last update are dirty. */
  private runRepositoryRules(dirty: Set<string>, needed: Set<string>): void {
    // A new view object per run: rules cache what they derive from the repository by its identity.
    this.view = { path: this.path, models: this.tracked, options: this.options };
    const reads = this.tracked.startReading();
    const found = repositoryRuleProblems(this.view);
    this.tracked.stopReading();
    if (reads.misses.size > 0) {
      for (const name of reads.misses) needed.add(name);
      return;
    }
    this.repositoryReads = reads.names;
    const byPath = new Map<string, { problems: Problem[]; json: string }>();
    for (const { path, problem } of found) {
      let entry = byPath.get(path);
      if (!entry) byPath.set(path, (entry = { problems: [], json: '' }));
      entry.problems.push(problem);
    }
    for (const [path, entry] of byPath) {
      entry.json = JSON.stringify(entry.problems);
      if (this.repositoryProblems.get(path)?.json !== entry.json) dirty.add(path);
    }
    for (const path of this.repositoryProblems.keys()) if (!byPath.has(path)) dirty.add(path);
    this.repositoryProblems = byPath;
  }

  /** Assembles the dirty paths' reports again; says which differ and which are gone. */
  private publish(dirty: ReadonlySet<string>, edited: ReadonlySet<string>): AnalysisUpdate {
    const linesOf = (path: string) => {
      const file = this.files.get(path);
      if (!file) return new LineIndex('');
      file.lines ??= new LineIndex(file.text);
      return file.lines;
    };
    const changed: FileReport[] = [];
    const removed: string[] = [];
    for (const path of dirty) {
      const owner = this.ownerOf(path);
      const state = owner === undefined ? undefined : this.models.get(owner);
      const repository = this.repositoryProblems.get(path);
      const previous = this.reported.get(path);
      if (!state && !repository) {
        if (previous) {
          this.setRelated(path, previous.related, []);
          this.reported.delete(path);
          removed.push(path);
        }
        continue;
      }
      const own = state?.files?.find((f) => f.path === path)?.problems ?? [];
      const rules =
        state && path === state.model.configPath && rulesApply(state.model) ? state.rules : undefined;
      const stamps = (related: readonly string[]) => {
        let out = `${this.files.get(path)?.stamp ?? -1}`;
        for (const other of related) out += `|${other}@${this.files.get(other)?.stamp ?? -1}`;
        return out;
      };
      const keyOf = (related: readonly string[]) =>
        `${owner ?? ''}@${state?.generation ?? -1}|${rules?.generation ?? -1}|${repository?.json ?? ''}|${stamps(related)}`;
      if (previous && previous.key === keyOf(previous.related)) continue;
      const problems = [...own, ...(rules?.problems ?? []), ...(repository?.problems ?? [])];
      const related = relatedPaths(problems);
      const report = fileReport(path, problems, linesOf(path), linesOf);
      this.setRelated(path, previous?.related ?? [], related);
      this.reported.set(path, { key: keyOf(related), report, related });
      if (
        !previous ||
        (owner !== undefined && edited.has(owner)) ||
        JSON.stringify(previous.report) !== JSON.stringify(report)
      )
        changed.push(report);
    }
    if (changed.length > 0 || removed.length > 0) this.sorted = undefined;
    return { changed, removed };
  }

  private setRelated(path: string, before: readonly string[], after: readonly string[]): void {
    for (const other of before) this.relatedInto.get(other)?.delete(path);
    for (const other of after) {
      let set = this.relatedInto.get(other);
      if (!set) this.relatedInto.set(other, (set = new Set()));
      set.add(path);
    }
  }

  /**
   * Whether a model must stay in full: kept by the host, an ensemble (the repository rules walk its
   * steps), an llmapi model (they compare its model.yaml), or fetched by name by a cached rule or by
   * the repository rules.
   */
  private neededInFull(dir: string, model: ModelUnderCheck): boolean {
    return (
      this.keepInFull(model) ||
      this.wanted.has(dir) ||
      (model.config !== undefined && isEnsemble(model.config)) ||
      model.modelYamls !== undefined ||
      (this.readers.get(dir)?.size ?? 0) > 0 ||
      this.repositoryReads.has(dir)
    );
  }

  /** Once the reports are made: what nothing needs in full any more becomes a summary, own problems go. */
  private summariseUnneeded(): void {
    for (const dir of [...this.held]) {
      const state = this.models.get(dir)!;
      if (state.full && this.neededInFull(dir, state.model)) continue;
      this.summarise(dir, state, true);
    }
  }

  /** Keeps a model's summary instead of its config tree; `dropFiles`: its own problems too. */
  private summarise(dir: string, state: ModelState, dropFiles: boolean): void {
    if (state.full) {
      state.model = modelSummary(state.model);
      state.full = false;
      this.tracked.summaries.add(dir);
      if (this.tracked.has(dir)) this.tracked.set(dir, state.model);
    }
    if (dropFiles) {
      delete state.files;
      this.held.delete(dir);
      for (const path of state.paths) {
        const file = this.files.get(path);
        if (file) delete file.lines;
      }
    }
  }
}

/** The other files a file's problems point into. */
function relatedPaths(problems: readonly Problem[]): string[] {
  const out: string[] = [];
  for (const p of problems) for (const r of p.related ?? []) if (r.path !== undefined) out.push(r.path);
  return out;
}
