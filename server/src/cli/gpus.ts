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
    const count = out.split('\n').filter((l) => /^GPU \d+:/.test(l)).length;
    return count > 0 ? count : undefined;
  } catch {
    return undefined;
  }
}

/**
 * detectGpuCount without blocking: the language server asks at start-up, and a synchronous nvidia-smi
 * (up to its 3 s timeout) would hold back the answer to `initialize`. Asked once per process.
 */
let asked: Promise<number | undefined> | undefined;
export function detectGpuCountAsync(): Promise<number | undefined> {
  asked ??= new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 3000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const count = stdout.split('\n').filter((l) => /^GPU \d+:/.test(l)).length;
      resolve(count > 0 ? count : undefined);
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

/** This machine's GPUs with their names and memory, or undefined when nvidia-smi is absent or fails. */
export function gpuInventory(): GpuInfo[] | undefined {
  try {
    const csv = execFileSync(
      'nvidia-smi',
      ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'],
      {
        encoding: 'utf8',
        timeout: 3000,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return parseGpuInventory(csv);
  } catch {
    return undefined;
  }
}

export function formatGpu(g: GpuInfo): string {
  return `GPU ${g.index}: ${g.name}, ${(g.memoryMiB / 1024).toFixed(0)} GiB`;
}
