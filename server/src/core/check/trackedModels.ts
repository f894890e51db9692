import type { ModelUnderCheck } from '../rules/types';

/** The sibling models a rule read: by name (present or not), or all of them (it iterated). */
export class ReadSet {
  all = false;
  readonly names = new Set<string>();
  /**
   * Models fetched by name while only their summary was held (see TrackedModels.summaries): what was
   * read of them may be incomplete, so the result is discarded and the models are loaded in full.
   */
  readonly misses = new Set<string>();

  /** Whether a change to any of `dirs` (loaded again, added or removed) can change what was read. */
  touches(dirs: ReadonlySet<string>): boolean {
    if (dirs.size === 0) return false;
    if (this.all) return true;
    for (const name of this.names) if (dirs.has(name)) return true;
    return false;
  }
}

/**
 * The repository's models as rules see them (`repo.models`), recording what the rules of one model
 * read while they run: a lookup by name records the name (a model that is missing today may appear
 * tomorrow), anything that walks the map records "all". This is what lets the incremental analysis
 * re-run only the rules whose inputs changed, without every rule declaring its inputs.
 */
export class TrackedModels extends Map<string, ModelUnderCheck> {
  private reading: ReadSet | undefined;
  /**
   * Models held as a summary (the layout, name, platform and backend; no config tree, no problems):
   * walking the map sees them as they are, fetching one by name while reading records a miss.
   */
  readonly summaries = new Set<string>();

  startReading(): ReadSet {
    this.reading = new ReadSet();
    return this.reading;
  }

  stopReading(): void {
    this.reading = undefined;
  }

  override get(name: string): ModelUnderCheck | undefined {
    if (this.reading) {
      this.reading.names.add(name);
      if (this.summaries.has(name)) this.reading.misses.add(name);
    }
    return super.get(name);
  }

  override has(name: string): boolean {
    this.reading?.names.add(name);
    return super.has(name);
  }

  private walked(): void {
    if (this.reading) this.reading.all = true;
  }

  override get size(): number {
    this.walked();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.walked();
    return super.keys();
  }

  override values(): MapIterator<ModelUnderCheck> {
    this.walked();
    return super.values();
  }

  override entries(): MapIterator<[string, ModelUnderCheck]> {
    this.walked();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, ModelUnderCheck]> {
    this.walked();
    return super[Symbol.iterator]();
  }

  override forEach(
    fn: (value: ModelUnderCheck, key: string, map: Map<string, ModelUnderCheck>) => void,
    thisArg?: unknown,
  ): void {
    this.walked();
    super.forEach(fn, thisArg);
  }
}
