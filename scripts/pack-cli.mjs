// `npm run pack:cli`: the command line as an npm package, dist-npm/<name>-<version>.tgz. It holds the
// release bundles of `triton-repo` (every library is inside them, so the package has no dependencies and
// installs offline), the JSON schemas profiles and values files point at, DIAGNOSTICS.md (which the
// SARIF rules link to), a README and the licence.
//   node scripts/pack-cli.mjs [--destination DIR]   (default dist-npm; the test packs elsewhere)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const destArg = process.argv.indexOf('--destination');
const destination = resolve(root, destArg !== -1 ? process.argv[destArg + 1] : 'dist-npm');

// The name, and where the docs live, are declared once, in server/src/cli/packageInfo.ts.
const info = readFileSync(join(root, 'server/src/cli/packageInfo.ts'), 'utf8');
const constant = (name) => {
  const m = new RegExp(`export const ${name} = '([^']+)'`).exec(info);
  if (!m) throw new Error(`server/src/cli/packageInfo.ts declares no ${name}`);
  return m[1];
};
const name = constant('CLI_PACKAGE_NAME');
const projectUrl = constant('PROJECT_URL');
const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const stage = mkdtempSync(join(tmpdir(), 'triton-repo-pack-'));
try {
  // A release build of every bundle into the stage; the CLI's five are kept (cli.js loads the others).
  const built = join(stage, 'build');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--outdir', built], {
    cwd: root,
    stdio: 'inherit',
  });
  const pkgDir = join(stage, 'package');
  mkdirSync(join(pkgDir, 'dist'), { recursive: true });
  for (const file of readdirSync(built).filter((f) => /^cli(-[a-z]+)?\.js$/.test(f)))
    cpSync(join(built, file), join(pkgDir, 'dist', file));
  cpSync(join(root, 'schemas'), join(pkgDir, 'schemas'), { recursive: true });
  cpSync(join(root, 'scripts/cli-package-README.md'), join(pkgDir, 'README.md'));
  cpSync(join(root, 'LICENSE'), join(pkgDir, 'LICENSE'));
  cpSync(join(root, 'DIAGNOSTICS.md'), join(pkgDir, 'DIAGNOSTICS.md'));
  const manifest = {
    name,
    version: main.version,
    description:
      'Checks NVIDIA Triton Inference Server model repositories (config.pbtxt) before Triton loads them; SARIF and GitHub annotations for CI.',
    license: main.license,
    homepage: projectUrl,
    keywords: ['triton', 'triton-inference-server', 'tensorrt-llm', 'config.pbtxt', 'sarif', 'lint'],
    bin: { [name]: 'dist/cli.js' },
    engines: { node: main.engines.node },
    files: ['dist', 'schemas', 'DIAGNOSTICS.md'],
  };
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  mkdirSync(destination, { recursive: true });
  const out = execFileSync('npm', ['pack', pkgDir, '--pack-destination', destination, '--json', '--silent'], {
    cwd: stage,
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(out);
  console.log(`${join(destination, packed.filename)}: ${packed.entryCount} files, ${packed.size} bytes`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
