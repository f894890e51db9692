/**
 * Extension activation time, measured inside a real VS Code (code-server + headless Chromium, as the
 * VS Code tests run): the suite prints how long `activate()` took, language server start included.
 * Needs the VS Code host (.ci/install-vscode-host.sh); without it the benchmark says so.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function activationBench(repo: string): void {
  console.log('\nExtension activation in VS Code (code-server 4.139.1, headless Chromium)');
  const r = spawnSync(process.execPath, [join(repo, 'test', 'vscode', 'runCodeServer.mjs'), '--no-build'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const m = /extension activation: (\d+) ms/.exec(r.stdout + r.stderr);
  if (m) console.log(`  activate() including language server start: ${m[1]} ms`);
  else
    console.log(
      `  n/a: the VS Code host run did not report it (exit ${r.status}; install the host with .ci/install-vscode-host.sh)`,
    );
}
