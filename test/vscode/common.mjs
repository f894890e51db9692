// What both VS Code runners share: the repository's paths, the build of the extension and of the in-host
// test suite, and the temporary copy of the test workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const suiteSrcDir = join(repoRoot, 'test', 'vscode', 'suite');
const suiteOutDir = join(repoRoot, 'dist-test', 'vscode', 'suite');
const workspaceFixture = join(repoRoot, 'test', 'vscode', 'workspace');

/** Where .ci/install-vscode-host.sh installs code-server, Node 24 and playwright-core (keep in sync). */
export const hostDir = process.env.VSCODE_HOST_DIR || join(homedir(), '.cache', 'triton-toolkit-vscode-host');

/** Builds the extension with its own `npm run build` (for this repository: dist/extension.js and dist/server.js). */
export function buildExtension(extensionPath = repoRoot) {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  if (!manifest.scripts?.build) return;
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: extensionPath, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`npm run build failed in ${extensionPath} (exit ${result.status})`);
}

/** Fails with a clear message when the manifest's `main` has not been built. */
export function checkExtensionBuilt(extensionPath = repoRoot) {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  if (!manifest.main) throw new Error(`${extensionPath}/package.json has no "main": nothing to test`);
  const main = join(extensionPath, manifest.main);
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
}

/**
 * Bundles the mocha suite that runs inside the extension host (test/vscode/suite/*.ts) into
 * dist-test/vscode/suite/, one file per entry; `vscode` and `mocha` stay external (the host provides the
 * first, the repository's node_modules the second). Returns the absolute path of the suite's index.js.
 */
export async function buildSuite() {
  const { build } = await import('esbuild');
  const entryPoints = readdirSync(suiteSrcDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(suiteSrcDir, f));
  await build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(suiteOutDir, 'index.js');
}

/** Copies the bundled suite (beside `index`) into `extensionPath`; returns the copy's index.js. */
export function copySuite(index, extensionPath) {
  const dest = join(extensionPath, 'dist-test', 'vscode', 'suite');
  cpSync(dirname(index), dest, { recursive: true });
  return join(dest, 'index.js');
}

/** Copies the committed test workspace (test/vscode/workspace) to `dest`, so the tests may edit it. */
export function copyWorkspace(dest) {
  cpSync(workspaceFixture, dest, { recursive: true });
  return dest;
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv, spec) {
  const out = { ...spec };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!arg.startsWith('--') || !(name in spec)) {
      if (arg.startsWith('--no-') && typeof spec[arg.slice(5)] === 'boolean') {
        out[arg.slice(5)] = false;
        continue;
      }
      throw new Error(`unknown argument ${arg}; known: ${Object.keys(spec).join(', ')}`);
    }
    if (typeof spec[name] === 'boolean') out[name] = true;
    else if (i + 1 < argv.length) out[name] = typeof spec[name] === 'number' ? Number(argv[++i]) : argv[++i];
    else throw new Error(`${arg} needs a value`);
  }
  return out;
}
