import { execFileSync } from 'node:child_process';

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
