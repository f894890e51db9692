// Go to definition and find references across a repository: ensemble steps, model names, tensors.
import { LineIndex, definition, references } from '../../core/index';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { FileLocation, ModelUnderCheck, RepositoryUnderCheck } from '../../core/index';
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
  /** Locations the core finds from the cursor in a loaded model, with positions in their files. */
  const locations = (
    name: string,
    params: { textDocument: { uri: string }; position: { line: number; character: number } },
    token: CancellationToken,
    find: (repo: RepositoryUnderCheck, model: ModelUnderCheck, offset: number) => FileLocation[],
  ) =>
    runner.safeAsync(name, [], token, async () => {
      const found = await ctx.repositoryModel(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!found || !document) return [];
      const offset = cache.config(document).lines.offsetAt(params.position);
      const texts = textsOf(found.repo);
      return find(found.repo, found.model, offset).map((l) => toLspLocation(l, texts));
    });

  connection.onDefinition((p, token) => locations('definition', p, token, definition));
  connection.onReferences((p, token) =>
    locations('references', p, token, (repo, model, offset) =>
      references(repo, model, offset, p.context.includeDeclaration),
    ),
  );
}
