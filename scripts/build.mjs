// Bundles the command-line checker, the language server and the VS Code extension with esbuild.
// Type checking is separate (`npm run typecheck`): esbuild only strips types, which keeps the build fast.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
// `--outdir DIR` builds elsewhere (the packaging test does, so it never disturbs dist/ while other tests
// run the development bundles).
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg !== -1 ? process.argv[outdirArg + 1] : 'dist';
// A release build starts from an empty output directory, so no stale source map ends up in the package.
if (production) rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // dockerode -> ssh2 loads these optional native modules inside try/catch; we only use the unix socket, so
  // they stay out of the bundles (and a missing one is what ssh2 expects).
  external: ['cpu-features', '*.node'],
};
// jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
const jsoncParser = { mainFields: ['module', 'main'] };

/** Loads schemas/model_config.json with every `doc` string emptied. */
const schemaWithoutDocs = {
  name: 'schema-without-docs',
  setup(b) {
    b.onLoad({ filter: /schemas[\\/]model_config\.json$/ }, ({ path }) => ({
      contents: JSON.stringify(
        JSON.parse(readFileSync(path, 'utf8'), (key, value) => (key === 'doc' ? '' : value)),
      ),
      loader: 'json',
    }));
  },
};

await Promise.all([
  // dist/cli.js (the `bin`) is a few lines that start dist/cli-main.js through V8's code cache
  // (server/src/cli/launcher.ts).
  build({
    ...common,
    entryPoints: { cli: 'server/src/cli/launcher.ts' },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
  // Commands other than `check`, loaded by dist/cli-main.js only when they run (see server/src/cli/main.ts).
  build({
    ...common,
    entryPoints: {
      'cli-main': 'server/src/cli/main.ts',
      'cli-render': 'server/src/cli/render.ts',
      'cli-deploy': 'server/src/cli/deployCommands.ts',
      'cli-build': 'server/src/cli/buildCommand.ts',
      'cli-new': 'server/src/cli/newCommand.ts',
      'cli-export': 'server/src/cli/exportCommand.ts',
    },
    outdir,
    // The CLI runs cli-main.js and cli-fast.js on every check: their sources one byte per character too.
  }).then(() => asciiOnly(join(outdir, 'cli-main.js'))),
  // `check` of clean config files, tried by dist/cli.js before anything else (server/src/cli/fastCheck.ts).
  // It runs on every such check: the schema goes in without its documentation (hover text it never
  // shows), a third of the bundle that V8 would otherwise parse at each start.
  build({
    ...common,
    entryPoints: { 'cli-fast': 'server/src/cli/fastCheck.ts' },
    outdir,
    plugins: [schemaWithoutDocs],
  }).then(() => asciiOnly(join(outdir, 'cli-fast.js'))),
  build({ ...common, ...jsoncParser, entryPoints: { server: 'server/src/lsp/main.ts' }, outdir }).then(() =>
    asciiOnly(join(outdir, 'server.js')),
  ),
  // The extension loads the Docker runtime only when a container command first needs it.
  build({ ...common, entryPoints: { 'docker-runtime': 'server/src/deploy/dockerodeRuntime.ts' }, outdir }),
  // ... and "New Model Repository from Image" its tar extraction only when it first runs.
  build({ ...common, entryPoints: { 'from-image': 'server/src/fromImage/index.ts' }, outdir }),
  // `vscode` is provided by the extension host at run time.
  build({
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir,
    external: [...common.external, 'vscode'],
  }),
]);

/**
 * esbuild escapes non-ASCII characters in code but leaves comments as they are, and one such character
 * anywhere makes V8 hold the whole script source as a two-byte string: 4.8 MB instead of 2.4 for the
 * language server, for as long as it runs (issue 13's memory target). Outside comments there is nothing
 * left to escape, and inside one an escape changes nothing but the comment's text.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (ascii !== text) writeFileSync(file, ascii);
}
