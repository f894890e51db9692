// Inlay hints: `${variable}` shows its value (lsp/inlayHints.ts makes them).
import * as path from 'node:path';
import type { ServerContext } from '../context';
import { isModelYaml } from '../documentCache';
import { describeValueSource, placeholderHints } from '../inlayHints';
import { uriToPath } from '../workspace';

export function registerInlayHints(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;
  connection.languages.inlayHint.on((p, token) =>
    runner.safeAsync('inlayHint', [], token, async () => {
      const document = documents.get(p.textDocument.uri);
      const repo = ctx.repositoryFor(p.textDocument.uri);
      if (!document || !repo || isModelYaml(document.uri)) return [];
      const values = await ctx.valuesOf(repo);
      const doc = cache.config(document);
      const modelDir = path.basename(path.dirname(uriToPath(document.uri)!));
      return placeholderHints(
        doc,
        (name) => values.valueOf(modelDir, name),
        p.range,
        (s) => describeValueSource(s, (f) => ctx.displayPath(f)),
      );
    }),
  );
}
