// Bundles the command-line checker (and, later, the extension and language
// server) with esbuild. Type checking is separate (`npm run typecheck`): esbuild
// only strips types, which keeps the build fast.
import { build } from 'esbuild';

const production = process.argv.includes('--production');

await build({
  entryPoints: { cli: 'server/src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
