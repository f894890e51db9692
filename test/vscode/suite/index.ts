// Entry point of the in-host test suite (extensionTestsPath): VS Code loads this bundle inside the extension
// host and calls run(); a rejection makes the host exit non-zero. Both runners use it: runCodeServer.mjs
// (code-server + headless Chromium, CI) and runElectron.mjs (desktop VS Code through @vscode/test-electron).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** In the title of the suites that need the language server not to start. */
export const SERVER_DOWN = '(language server down)';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // The suites for an extension whose language server cannot start run only against such a copy of it
  // (test/vscode/serverDown.test.ts sets TRITON_SUITE_GREP); every other suite runs against the real one.
  const grep = process.env.TRITON_SUITE_GREP;
  if (grep) mocha.grep(grep);
  else mocha.grep(SERVER_DOWN).invert();
  // The test files are bundled one per entry beside this file (see test/vscode/common.mjs).
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} VS Code test(s) failed`));
      else resolve();
    });
  });
}
