// Fault injection for the crash-consistency tests: with TRITON_REPO_TEST_KILL_AT=<step>, the process
// kills itself with SIGKILL (no handler, no cleanup: a power cut as far as the files are concerned) when
// it reaches that named step. Steps are listed where they are used (writeRender.ts, init.ts,
// fromImage/newRepository.ts). Unset, this is a comparison and nothing else.
export const KILL_AT_ENV = 'TRITON_REPO_TEST_KILL_AT';

export function faultPoint(step: string): void {
  if (process.env[KILL_AT_ENV] === step) process.kill(process.pid, 'SIGKILL');
}
