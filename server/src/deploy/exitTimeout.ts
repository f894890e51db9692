// How long Triton drains after SIGTERM: `--exit-timeout-secs` (Triton's default 30, command_line_parser.h;
// SCALE_OUT.md 4.6). Pure: read from the profile's tritonArgs, as `--exit-timeout-secs=N` or `... N`.

export const TRITON_DEFAULT_EXIT_TIMEOUT_SECONDS = 30;

export interface ExitTimeout {
  seconds: number;
  /** Where the value comes from, for messages: the flag as written, or Triton's default. */
  source: string;
}

export function tritonExitTimeoutSeconds(tritonArgs: readonly string[]): ExitTimeout {
  let found: ExitTimeout | undefined;
  tritonArgs.forEach((arg, i) => {
    const value = arg.startsWith('--exit-timeout-secs=')
      ? arg.slice('--exit-timeout-secs='.length)
      : arg === '--exit-timeout-secs'
        ? tritonArgs[i + 1]
        : undefined;
    // The last one wins, as in Triton's getopt loop; a value that is not a number is Triton's to refuse.
    if (value !== undefined && /^\d+$/.test(value))
      found = { seconds: Number(value), source: `--exit-timeout-secs=${value} in tritonArgs` };
  });
  return found ?? { seconds: TRITON_DEFAULT_EXIT_TIMEOUT_SECONDS, source: "Triton's default" };
}

/** What the message suggests above the exit timeout: time for the last answers to reach the balancer. */
const DRAIN_MARGIN_SECONDS = 10;

/**
 * The one grace-period rule of every stop that drains (a Compose replica's stop_grace_period, a pod's
 * terminationGracePeriodSeconds): the profile's gracePeriodSeconds must be longer than Triton's exit timeout,
 * else the replica is killed while it finishes its requests. Refused at the field, never raised silently: the
 * problem's message, or undefined. Checked for replicas > 1 (profile.ts) and by every export.
 */
export function gracePeriodProblem(
  gracePeriodSeconds: number,
  tritonArgs: readonly string[],
): string | undefined {
  const exit = tritonExitTimeoutSeconds(tritonArgs);
  if (gracePeriodSeconds > exit.seconds) return undefined;
  return `${gracePeriodSeconds} s is not longer than Triton's exit timeout (${exit.seconds} s, ${exit.source}): a replica would be killed while it drains; use at least ${exit.seconds + DRAIN_MARGIN_SECONDS}`;
}
