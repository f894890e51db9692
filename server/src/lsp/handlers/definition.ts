// Go to definition and find references across a repository: ensemble steps, model names, tensors.
import { LineIndex, definition, references } from '../../core/index';
import type { FileLocation } from '../../core/index';
import type { ServerContext } from '../context';
import { pathToUri } from '../workspace';

function toLspLocation(loc: FileLocation, texts: Map<string, string | undefined>) {
  const lines = new LineIndex(texts.get(loc.path) ?? '');
  return { uri: pathToUri(loc.path), range: lines.rangeOf(loc.start, loc.end) };
}

function textsOf(repo: { models: Map<string, { configPath: string; text?: string }> }) {
  return new Map([...repo.models.values()].map((m) => [m.configPath, m.text]));
}

export function registerDefinition(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;
  connection.onDefinition((p, token) =>
    runner.safeAsync('definition', [], token, async () => {
      const found = await ctx.repositoryModel(p.textDocument.uri);
      const document = documents.get(p.textDocument.uri);
      if (!found || !document) return [];
      const offset = cache.config(document).lines.offsetAt(p.position);
      const texts = textsOf(found.repo);
      return definition(found.repo, found.model, offset).map((l) => toLspLocation(l, texts));
    }),
  );

  connection.onReferences((p, token) =>
    runner.safeAsync('references', [], token, async () => {
      const found = await ctx.repositoryModel(p.textDocument.uri);
      const document = documents.get(p.textDocument.uri);
      if (!found || !document) return [];
      const offset = cache.config(document).lines.offsetAt(p.position);
      const texts = textsOf(found.repo);
      return references(found.repo, found.model, offset, p.context.includeDeclaration).map((l) =>
        toLspLocation(l, texts),
      );
    }),
  );
}
