// Runs the in-host VS Code suite (test/vscode/suite) through code-server + headless Chromium
// (test/vscode/runCodeServer.mjs) and asserts that it passed. The host comes from
// .ci/install-vscode-host.sh; without it the test skips, except under CI=true, where it fails.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostDir, hostInstalled, runCodeServer, skipWithoutHost } from './hostRun';

test(
  'the extension passes its tests inside VS Code (code-server + headless Chromium)',
  {
    skip: skipWithoutHost,
    timeout: 180_000,
  },
  async () => {
    assert.ok(
      hostInstalled,
      `the VS Code test host is not installed in ${hostDir}: run bash .ci/install-vscode-host.sh (CI=true: this test may not skip)`,
    );
    // npm test has just built dist/; rebuilding here would race with the other tests that run it.
    const code = await runCodeServer(['--no-build', '--timeout', '160']);
    assert.equal(code, 0, 'the VS Code test run failed: see its output above');
  },
);
