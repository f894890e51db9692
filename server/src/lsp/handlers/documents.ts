// Open, edited and closed documents: the cache and the repository overlay follow the text, the edited
// model is invalidated, and diagnostics are scheduled.
import type { ServerContext } from '../context';
import { modelDirOf } from '../context';

export function registerDocuments(ctx: ServerContext): void {
  const { documents, cache, repositories, diagnostics } = ctx;
  documents.onDidChangeContent((e) => {
    cache.update(e.document);
    const repo = ctx.repositoryFor(e.document.uri);
    if (repo) repositories.invalidateModel(repo, modelDirOf(e.document.uri)!);
    if (ctx.pullDiagnostics) {
      // Closed files of the repository may depend on this one: check them again once the edit settles.
      if (repo) diagnostics.scheduleRepository(repo);
      return;
    }
    diagnostics.schedulePush(e.document.uri);
  });

  documents.onDidOpen((e) => {
    // In pull mode an open file's diagnostics come from pulls: clear what was pushed while it was closed.
    if (ctx.pullDiagnostics && ctx.repositoryFor(e.document.uri))
      diagnostics.publish({ uri: e.document.uri, diagnostics: [] });
  });

  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    const repo = ctx.repositoryFor(e.document.uri);
    if (repo) {
      // Back to the text on disk: check the model again (this also republishes the closed file).
      repositories.invalidateModel(repo, modelDirOf(e.document.uri)!);
      diagnostics.scheduleRepository(repo);
    } else {
      diagnostics.publish({ uri: e.document.uri, diagnostics: [] });
    }
  });
}
