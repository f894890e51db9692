// Bundles the command-line checker, the language server and the VS Code extension with esbuild.
// Type checking is separate (`npm run typecheck`): esbuild only strips types, which keeps the build fast.
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
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
    external: ['vscode'],
  }),
]);
