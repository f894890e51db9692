/**
 * The exit status of every `triton-repo` command (README, "Exit status"): one convention, so that a
 * script can tell "the input has problems" from "the command could not do its job".
 */
export const EXIT = {
  /** Done, and nothing it checked has an error (warnings and information allowed). */
  ok: 0,
  /** It ran and found problems: errors in what it checked, a build or model load that failed. */
  problems: 1,
  /**
   * It could not run: a usage error, a path it cannot read, Docker unreachable, an image missing, a target
   * it must not touch (not empty, not a render output, files edited by someone).
   */
  couldNotRun: 2,
} as const;
