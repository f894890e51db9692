// The Node host of the language server: the disk, nvidia-smi, Node's timers and process.env.
// lsp/main.ts builds it and hands it to startServer; a test builds its own (test/lsp/inProcess.ts).
import { promises as fsp } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FileSystem } from '../core/index';
import type { ServerHost, Timers } from './host';
import { nodeGpuInventory } from './gpus';
import { nodeFileSystem } from './nodeFileSystem';

/**
 * The workspace walk lists directories with real asynchronous reads: Node's FileSystem answers
 * synchronously (fast for a check), but a walk of ten thousand model directories would then hold the
 * event loop for seconds, and an opened document would wait that long for its first diagnostics.
 */
export const walkingFileSystem: FileSystem = {
  ...nodeFileSystem,
  readDirectory: async (p) =>
    (await fsp.readdir(p, { withFileTypes: true })).map((e) => ({
      name: e.name,
      kind: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
    })),
};

export const nodeTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
  setImmediate(callback) {
    const handle = setImmediate(callback);
    return { dispose: () => clearImmediate(handle) };
  },
};

/**
 * V8's full collection, made callable. The first check of a big workspace leaves tens of MiB of garbage
 * in the old generation (each model's own problems and reports live until its repository's update ends,
 * so they outlive the young generation); V8 would collect it only once the old generation reaches its
 * first limit, which typing then climbs to. Collected once when the scan ends, the old generation
 * starts from what is live, and V8 sizes its next limit from that.
 */
export function fullCollection(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  return typeof gc === 'function' ? () => void (gc as () => void)() : undefined;
}

export function nodeHost(): ServerHost {
  return {
    fileSystem: nodeFileSystem,
    walkFileSystem: walkingFileSystem,
    gpus: nodeGpuInventory(),
    timers: nodeTimers,
    env: process.env,
    collectGarbage: fullCollection(),
  };
}
