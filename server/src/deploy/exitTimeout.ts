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
