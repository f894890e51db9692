// The extension's commands that do not need the language server work when it fails to start. The host
// (code-server + headless Chromium, test/vscode/runCodeServer.mjs) runs the suites titled "(language
// server down)" against a copy of the built extension whose dist/server.js exits at once. Skips without
// the host, except under CI=true, where it fails (as test/vscode/vscode-host.test.ts).
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, hostInstalled, runCodeServer, skipWithoutHost } from './hostRun';
import { SERVER_DOWN } from './suite/index';

/** What the packaged extension holds (.vscodeignore), copied; node_modules is not part of it. */
const SHIPPED = [
  'dist',
  'syntaxes',
  'schemas',
  'snippets',
  'client',
  'language-configuration.json',
  'package.json',
];

test(
  'the commands that do not need the language server work when it fails to start (VS Code)',
  {
    skip: skipWithoutHost,
    timeout: 180_000,
  },
  async () => {
    assert.ok(hostInstalled, 'the VS Code test host is installed (CI=true: this test may not skip)');
    const copy = mkdtempSync(join(tmpdir(), 'triton-extension-server-down-'));
    try {
      for (const entry of SHIPPED) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
      // The language server that cannot start.
      writeFileSync(join(copy, 'dist', 'server.js'), 'process.exit(3);\n');
      // The suite, copied into it by the runner, requires mocha from here.
      symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
      const code = await runCodeServer(['--no-build', '--timeout', '160', '--extension', copy], {
        ...process.env,
        TRITON_SUITE_GREP: SERVER_DOWN,
      });
      assert.equal(code, 0, 'the VS Code test run failed: see its output above');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  },
);
