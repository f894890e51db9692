// A timeout signal that keeps the process alive while it runs. AbortSignal.timeout's timer is unref'd: a
// CLI whose only pending work is a fetch to a port that accepts but never answers (Docker's proxy in front
// of a container that does not listen yet) would see its event loop empty and exit silently with code 0.

/** Runs `fn` with a signal aborted by `outer` or after `ms` (a referenced timer), then clears the timer. */
export async function withTimeout<T>(
  ms: number,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms);
  try {
    return await fn(outer ? AbortSignal.any([outer, controller.signal]) : controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
