import { execFile, execFileSync } from 'node:child_process';
import type { GpuInventory } from './host';

/** The devices `nvidia-smi -L` lists (one `GPU <n>: ...` line each); undefined for none. */
function countGpus(listing: string): number | undefined {
  const count = listing.split('\n').filter((l) => /^GPU \d+:/.test(l)).length;
  return count > 0 ? count : undefined;
}

/**
 * GPUs on this machine according to `nvidia-smi -L` (one `GPU <n>: ...` line per device), or undefined
 * when nvidia-smi is absent or fails: then GPU ids are not checked. Used when neither `--gpus` nor the
 * `tritonToolkit.gpuCount` setting says. Asynchronous: nvidia-smi (up to its 3 s timeout) runs beside
 * the caller, never in its way.
 */
export function detectGpuCount(): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 3000 }, (error, stdout) => {
      resolve(error ? undefined : countGpus(stdout));
    });
  });
}

/** How often the language server's inventory looks again: GPUs rarely come and go under an editor. */
const REFRESH_MS = 5 * 60_000;

/**
 * The language server's GPU inventory: nvidia-smi asked once at start without blocking (a synchronous
 * call, up to its 3 s timeout, would hold back the answer to `initialize`), the answer cached, and
 * asked again every few minutes while someone listens, so a driver that loads later is seen. The
 * timer never keeps the process alive.
 */
export function nodeGpuInventory(ask = detectGpuCount, refreshMs = REFRESH_MS): GpuInventory {
  let current = ask();
  const listeners = new Set<(count: number | undefined) => void>();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      void Promise.all([current, ask()]).then(([before, after]) => {
        current = Promise.resolve(after);
        if (after !== before) for (const listener of listeners) listener(after);
        if (timer) schedule();
      });
    }, refreshMs);
    timer.unref();
  };
  return {
    count: () => current,
    onDidChange(listener) {
      listeners.add(listener);
      if (!timer) schedule();
      return {
        dispose() {
          listeners.delete(listener);
          if (listeners.size === 0) {
            clearTimeout(timer);
            timer = undefined;
          }
        },
      };
    },
  };
}

export interface GpuInfo {
  index: number;
  name: string;
  memoryMiB: number;
}

/** Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits`. */
export function parseGpuInventory(csv: string): GpuInfo[] {
  const out: GpuInfo[] = [];
  for (const line of csv.split('\n')) {
    const [index, name, memory] = line.split(',').map((c) => c.trim());
    if (index === undefined || name === undefined || memory === undefined || !/^\d+$/.test(index)) continue;
    out.push({ index: Number(index), name, memoryMiB: Number(memory) });
  }
  return out;
}

const INVENTORY_ARGS = ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'];

/** This machine's GPUs with their names and memory, or undefined when nvidia-smi is absent or fails. */
export function gpuInventory(): GpuInfo[] | undefined {
  try {
    const csv = execFileSync('nvidia-smi', INVENTORY_ARGS, {
      encoding: 'utf8',
      timeout: 3000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return parseGpuInventory(csv);
  } catch {
    return undefined;
  }
}

let cached: { at: number; inventory: Promise<GpuInfo[] | undefined> } | undefined;
const CACHE_MS = 60_000;

/**
 * gpuInventory without blocking (the extension host must not wait on nvidia-smi), asked at most once a
 * minute: GPUs do not come and go while an editor is open.
 */
export function gpuInventoryAsync(now = Date.now()): Promise<GpuInfo[] | undefined> {
  if (cached && now - cached.at < CACHE_MS) return cached.inventory;
  const inventory = new Promise<GpuInfo[] | undefined>((resolve) => {
    execFile('nvidia-smi', INVENTORY_ARGS, { encoding: 'utf8', timeout: 3000 }, (error, stdout) =>
      resolve(error ? undefined : parseGpuInventory(stdout)),
    );
  });
  cached = { at: now, inventory };
  return inventory;
}

export function formatGpu(g: GpuInfo): string {
  return `GPU ${g.index}: ${g.name}, ${(g.memoryMiB / 1024).toFixed(0)} GiB`;
}
