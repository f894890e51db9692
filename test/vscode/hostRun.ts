// What the node tests that drive the VS Code host share: where .ci/install-vscode-host.sh installed it
// (same default as test/vscode/common.mjs), and a run of test/vscode/runCodeServer.mjs to its exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { skipWithout } from '../requiredTool';

export const REPO = join(__dirname, '..', '..');
export const hostDir = process.env.VSCODE_HOST_DIR || join(homedir(), '.cache', 'triton-toolkit-vscode-host');
export const hostInstalled = existsSync(join(hostDir, 'host.json'));
/** The `skip` option of a test that needs the host (never skips under CI=true: see requiredTool.ts). */
export const skipWithoutHost = skipWithout(
  `the VS Code test host is not installed in ${hostDir}`,
  hostInstalled,
  'bash .ci/install-vscode-host.sh',
);

/** Runs the in-host suite through code-server with `args` (its output inherited); resolves with its exit. */
export function runCodeServer(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | string | null> {
  const child = spawn(process.execPath, [join(REPO, 'test', 'vscode', 'runCodeServer.mjs'), ...args], {
    cwd: REPO,
    stdio: 'inherit',
    env,
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal));
  });
}
