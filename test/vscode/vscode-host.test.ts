// Runs the in-host VS Code suite (test/vscode/suite) through code-server + headless Chromium
// (test/vscode/runCodeServer.mjs) and asserts that it passed. The host comes from
// .ci/install-vscode-host.sh; without it the test skips, except under CI=true, where it fails.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipWithout } from '../requiredTool';

const root = join(__dirname, '..', '..');
// Same default as .ci/install-vscode-host.sh and test/vscode/common.mjs.
const hostDir = process.env.VSCODE_HOST_DIR || join(homedir(), '.cache', 'triton-toolkit-vscode-host');
const installed = existsSync(join(hostDir, 'host.json'));
const notInstalled = `the VS Code test host is not installed in ${hostDir}: run bash .ci/install-vscode-host.sh`;

test(
  'the extension passes its tests inside VS Code (code-server + headless Chromium)',
  {
    skip: skipWithout(
      `the VS Code test host is not installed in ${hostDir}`,
      installed,
      'bash .ci/install-vscode-host.sh',
    ),
    timeout: 180_000,
  },
  async () => {
    assert.ok(installed, `${notInstalled} (CI=true: this test may not skip)`);
    // npm test has just built dist/; rebuilding here would race with the other tests that run it.
    const runner = join(root, 'test', 'vscode', 'runCodeServer.mjs');
    const child = spawn(process.execPath, [runner, '--no-build', '--timeout', '160'], {
      cwd: root,
      stdio: 'inherit',
    });
    const code = await new Promise<number | string | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal));
    });
    assert.equal(code, 0, 'the VS Code test run failed: see its output above');
  },
);
