#!/usr/bin/env node
// Runs the extension's VS Code test suite (test/vscode/suite) in desktop VS Code through
// @vscode/test-electron, which downloads VS Code into .vscode-test/ on first use (needs internet and, on
// Linux without a display, xvfb-run). CI uses test/vscode/runCodeServer.mjs instead: same suite, same
// workspace, in code-server.
//
//   node test/vscode/runElectron.mjs [--no-build] [--version stable|insiders|1.90.0] [--executable PATH] [--keep]
//
//   --version     the VS Code to download (default stable; 1.90.0 is the oldest the manifest supports)
//   --executable  a VS Code already on this machine instead of a download (close its other windows first)
//   --keep        keep the temporary folder (workspace copy, user data) and print where it is
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import {
  buildExtension,
  buildSuite,
  checkExtensionBuilt,
  copyWorkspace,
  parseArgs,
  repoRoot,
} from './common.mjs';

const opts = parseArgs(process.argv.slice(2), {
  build: true,
  version: 'stable',
  executable: '',
  keep: false,
});

if (opts.build) buildExtension(repoRoot);
checkExtensionBuilt(repoRoot);
const extensionTestsPath = await buildSuite();

const tmp = mkdtempSync(join(tmpdir(), 'vscode-electron-'));
let exitCode;
try {
  const workspace = copyWorkspace(join(tmp, 'workspace'));
  exitCode = await runTests({
    ...(opts.executable ? { vscodeExecutablePath: opts.executable } : { version: opts.version }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions', // only the extension under development
      // (runTests adds --disable-workspace-trust, --skip-welcome, --skip-release-notes, --disable-updates)
      '--user-data-dir',
      join(tmp, 'user-data'),
      '--extensions-dir',
      join(tmp, 'extensions'),
    ],
  });
} catch (err) {
  // runTests rejects when VS Code exits non-zero (a failing test) or cannot be downloaded or started.
  console.error(`VS Code tests failed: ${err?.message ?? err}`);
  exitCode = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
} finally {
  if (opts.keep) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(exitCode);
