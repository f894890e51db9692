// Runs every test file under test/ with Node's own test runner, TypeScript
// loaded through tsx. Node 20's `--test` does not expand globs, so the files
// are listed here. Pass file-name fragments to run a subset:
//   node test/run.mjs parser differential
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function find(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      // test/vscode/suite runs inside VS Code (mocha), not here: test/vscode/vscode-host.test.ts runs it.
      const skip =
        ['fixtures', 'node_modules'].includes(entry.name) || relative(root, p) === 'test/vscode/suite';
      if (!skip) out.push(...find(p));
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out;
}

const files = find(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Build the bundles once, here: test files run two at a time and must never rebuild dist/ while
// another one runs it (a half-written dist/cli.js is an empty file to a test that spawns it).
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
