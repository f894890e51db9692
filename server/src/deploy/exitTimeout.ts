// How long Triton drains on SIGTERM: it stops accepting connections and waits for in-flight requests up to
// --exit-timeout-secs (30 s by default, server src/command_line_parser.h; SCALE_OUT 4.6). Whatever stops a
// replica (Compose's stop_grace_period, Kubernetes' terminationGracePeriodSeconds) must wait longer.
import type { Profile } from './profile';

export const TRITON_DEFAULT_EXIT_TIMEOUT_SECONDS = 30;

/** The exit timeout Triton runs with: the last --exit-timeout-secs in tritonArgs (`=N` or `N` after it), else 30. */
export function tritonExitTimeoutSeconds(profile: Pick<Profile, 'tritonArgs'>): number {
  let seconds = TRITON_DEFAULT_EXIT_TIMEOUT_SECONDS;
  profile.tritonArgs.forEach((arg, i) => {
    const value = arg.startsWith('--exit-timeout-secs=')
      ? arg.slice('--exit-timeout-secs='.length)
      : arg === '--exit-timeout-secs'
        ? profile.tritonArgs[i + 1]
        : undefined;
    if (value !== undefined && /^\d+$/.test(value)) seconds = Number(value);
  });
  return seconds;
}
