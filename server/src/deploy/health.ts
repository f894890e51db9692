// Waits for Triton's readiness endpoint (GET /v2/health/ready: 200 when ready, 400 before).
import { RuntimeError } from './runtime';
import { withTimeout } from './timeout';

export interface ReadyOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Resolves once `<base>/v2/health/ready` answers 200; rejects with a timeout or cancellation RuntimeError. */
export async function waitReady(base: string, options: ReadyOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 500;
  for (;;) {
    if (options.signal?.aborted) throw new RuntimeError('cancelled', 'waiting for readiness: cancelled');
    if (await isReady(base, options.signal)) return;
    if (Date.now() + interval > deadline) {
      throw new RuntimeError(
        'timeout',
        `Triton was not ready at ${base}/v2/health/ready within ${Math.round(options.timeoutMs / 1000)} s ` +
          '(raise "readyTimeoutSeconds" if large models take longer to load)',
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Triton's answer is 200 when ready and 400 when not: any other status is not "ready" either. */
export async function isReady(base: string, signal?: AbortSignal): Promise<boolean> {
  try {
    return await withTimeout(2000, signal, async (s) => {
      const res = await fetch(`${base}/v2/health/ready`, { signal: s });
      await res.arrayBuffer();
      return res.status === 200;
    });
  } catch {
    // Not listening yet, or the request was cut off: not ready.
    return false;
  }
}
