// Tests that need a tool this machine may lack (protoc, a Docker engine, the VS Code host, the SARIF
// multitool) skip on a developer's machine with one line naming the command that installs it, and fail
// under CI=true, where .ci/run has installed everything and nothing may skip.

export const ci = process.env.CI === 'true';

/**
 * node:test's `skip` option for a test that needs a tool: false when it is `available` or under CI=true
 * (the test then runs, and fails if the tool is missing); otherwise one line: what is `missing` and the
 * command that installs it.
 */
export function skipWithout(missing: string, available: boolean, install: string): string | false {
  if (available || ci) return false;
  return `${missing}; install: ${install} (bash .ci/run installs every tool the tests need)`;
}
