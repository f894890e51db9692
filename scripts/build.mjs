// Bundles the command-line checker, the language server and the VS Code extension with esbuild.
// Type checking is separate (`npm run typecheck`): esbuild only strips types, which keeps the build fast.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
// A release build starts from an empty dist/, so no stale source map ends up in the package.
if (production) rmSync('dist', { recursive: true, force: true });
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

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: { server: 'server/src/lsp/server.ts' }, outdir: 'dist' }),
  // `vscode` is provided by the extension host at run time.
  build({
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir: 'dist',
    external: [...common.external, 'vscode'],
  }),
]);
