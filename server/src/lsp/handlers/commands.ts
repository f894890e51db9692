// Commands and custom requests: the ONNX code lens's command (the server asks the client to apply the
// edit), the rendered preview of a template config, and rendering a repository into a directory.
import { RENDER_PREVIEW, RENDER_REPOSITORY, WRITE_AUTO_COMPLETE } from '../protocol';
import type {
  RenderPreviewParams,
  RenderPreviewResult,
  RenderRepositoryParams,
  RenderRepositoryResult,
} from '../protocol';
import type { ServerContext } from '../context';
import { toLspEdit } from '../convert';
import { renderPreview, renderToDirectory } from '../templates';
import { uriToPath } from '../workspace';
import { onnxOffer } from './codeActions';

export function registerCommands(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;

  /** The code lens's command: write what the auto-complete adds into the open config. */
  connection.onExecuteCommand((p, token) =>
    runner.safeAsync('executeCommand', undefined, token, async () => {
      const uri = p.arguments?.[0];
      const document = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (p.command !== WRITE_AUTO_COMPLETE || !document) return;
      const offer = await onnxOffer(ctx, document.uri);
      if (!offer) return;
      const doc = cache.config(document);
      await connection.workspace.applyEdit({
        label: 'Write what auto-complete fills in',
        edit: {
          changes: { [document.uri]: doc.autoCompleteEdits(offer.data).map((e) => toLspEdit(e, doc.lines)) },
        },
      });
    }),
  );

  connection.onRequest(RENDER_PREVIEW, (params: RenderPreviewParams, token) =>
    runner.safeAsync<RenderPreviewResult>('renderPreview', { errors: 0, messages: [] }, token, async () => {
      const repo = ctx.repositoryFor(params.uri);
      if (!repo)
        return {
          errors: 0,
          messages: ["not a model's config.pbtxt inside a model repository of the workspace"],
        };
      return renderPreview(await ctx.valuesOf(repo), uriToPath(params.uri)!, ctx.repositoryFs);
    }),
  );

  connection.onRequest(RENDER_REPOSITORY, (params: RenderRepositoryParams, token) =>
    // Failures are answered as refusals: the client shows them, nothing is half written (writes are staged).
    runner.safeAsync<RenderRepositoryResult>(
      'renderRepository',
      {
        files: [],
        errors: 1,
        messages: [],
        written: false,
        refused: 'the render failed; see the output channel',
      },
      token,
      async () => renderToDirectory(params, await ctx.valuesOf(params.repository), ctx.repositoryFs),
    ),
  );
}
