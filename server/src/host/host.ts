// What a host gives the language server: the outside world behind plain interfaces, so that the server
// runs on Node (host/nodeHost.ts) and in a test over an in-memory connection with a test host alike.
// Types only: no Node import here, a test host implements them with whatever it likes.
import type { FileSystem } from '../core/index';

export interface Disposable {
  dispose(): void;
}

/** Timers the server schedules with (diagnostics debounce, repository refresh, first-load wait). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): Disposable;
  setImmediate(callback: () => void): Disposable;
}

/** The machine's GPUs, as far as the rules need them: how many there are. */
export interface GpuInventory {
  /** The GPU count, or undefined when it cannot be known (no nvidia-smi); never blocks the caller. */
  count(): Promise<number | undefined>;
  /** Called when a later look finds a different count (a driver loaded, a device added). */
  onDidChange(listener: (count: number | undefined) => void): Disposable;
}

export interface ServerHost {
  /** The files the checks read (open documents are layered over it by the server). */
  fileSystem: FileSystem;
  /** The same files for the workspace walk, listed without holding the event loop. */
  walkFileSystem: FileSystem;
  gpus: GpuInventory;
  timers: Timers;
  /**
   * The environment, a source of settings beside the client's: template values
   * (`TRTLLM__<MODEL>__<VARIABLE>`) are read from it.
   */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * A full garbage collection, asked once the workspace scan has checked every repository (Node's
   * host; a test host may leave it out). See nodeHost.ts for why.
   */
  collectGarbage?: () => void;
}
