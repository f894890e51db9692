import { execFile, execFileSync } from 'node:child_process';

/**
 * GPUs on this machine according to `nvidia-smi -L` (one `GPU <n>: ...` line per device), or undefined
 * when nvidia-smi is absent or fails: then GPU ids are not checked. Used when neither `--gpus` nor the
 * `tritonToolkit.gpuCount` setting says.
 */
export function detectGpuCount(): number | undefined {
  try {
    const out = execFileSync('nvidia-smi', ['-L'], {
      encoding: 'utf8',
      timeout: 3000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return countGpus(out);
  } catch {
    return undefined;
  }
}

/** The devices `nvidia-smi -L` lists (one `GPU <n>: ...` line each); undefined for none. */
function countGpus(listing: string): number | undefined {
  const count = listing.split('\n').filter((l) => /^GPU \d+:/.test(l)).length;
  return count > 0 ? count : undefined;
}

/**
 * detectGpuCount without blocking: the language server asks at start-up, and a synchronous nvidia-smi
 * (up to its 3 s timeout) would hold back the answer to `initialize`. Asked once per process.
 */
let asked: Promise<number | undefined> | undefined;
export function detectGpuCountAsync(): Promise<number | undefined> {
  asked ??= new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 3000 }, (error, stdout) => {
      resolve(error ? undefined : countGpus(stdout));
    });
  });
  return asked;
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
