// Quick fixes (the core's, "write what the ONNX auto-complete fills in", the values-file ones) and the
// ONNX auto-complete code lens.
import { CodeActionKind } from 'vscode-languageserver/node';
import { autoCompleteOffer } from '../../core/index';
import type { ServerContext } from '../context';
import { fromLspDiagnostic, toLspEdit } from '../convert';
import { isModelYaml } from '../documentCache';
import { WRITE_AUTO_COMPLETE } from '../protocol';
import { templateActions } from '../templateActions';
import { uriToPath } from '../workspace';

type LspDiagnosticList = Parameters<typeof templateActions>[1];

/** What the auto-complete adds to an open ONNX model's config, from its repository's view of it. */
export async function onnxOffer(ctx: ServerContext, uri: string) {
  const found = await ctx.repositoryModel(uri);
  return found ? autoCompleteOffer(found.model) : undefined;
}

/** "Set `name` in <values file>", "Set all unfilled variables", "Show rendered preview". */
async function templateQuickFixes(ctx: ServerContext, uri: string, diagnostics: LspDiagnosticList) {
  const document = ctx.documents.get(uri);
  const repo = ctx.repositoryFor(uri);
  if (
    !document ||
    !repo ||
    isModelYaml(uri) ||
    !diagnostics.some((d) => String(d.code).startsWith('template/'))
  )
    return [];
  const values = await ctx.valuesOf(repo);
  const found = await ctx.repositoryModel(uri);
  const modelTexts = new Map<string, string>();
  for (const [name, m] of found?.repo.models ?? []) if (m.text !== undefined) modelTexts.set(name, m.text);
  const valuesText =
    values.valuesFile && (await ctx.repositoryFs.stat(values.valuesFile)) === 'file'
      ? await ctx.repositoryFs.readFile(values.valuesFile)
      : undefined;
  return templateActions(
    {
      configPath: uriToPath(uri)!,
      text: document.getText(),
      values,
      modelTexts,
      ...(valuesText !== undefined ? { valuesText } : {}),
      display: (p) => ctx.displayPath(p),
    },
    diagnostics,
  );
}

export function registerCodeActions(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;
  connection.onCodeAction((p, token) =>
    runner.safeAsync('codeAction', [], token, async () => {
      const document = documents.get(p.textDocument.uri);
      if (!document || isModelYaml(document.uri)) return [];
      const doc = cache.config(document);
      const diagnostics = p.context.diagnostics.map(fromLspDiagnostic).filter((d) => d !== undefined);
      const actions = doc.quickFixes(diagnostics).map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred,
        diagnostics: p.context.diagnostics.filter(
          (d) => d.code === fix.diagnostic.code && d.range.start.line === fix.diagnostic.range.start.line,
        ),
        edit: { changes: { [p.textDocument.uri]: fix.edits.map((e) => toLspEdit(e, doc.lines)) } },
      }));
      // On the model's name line: write what an ONNX model's auto-complete fills in, without a diagnostic
      // (with auto-complete on, such a config loads).
      const offer = actions.length === 0 ? await onnxOffer(ctx, p.textDocument.uri) : undefined;
      const line = offer && doc.lines.positionAt(offer.start).line;
      if (offer && line !== undefined && p.range.start.line <= line && line <= p.range.end.line)
        actions.push({
          title: `Write into the config: ${offer.title.replace(/^Triton's auto-complete adds /, '')}`,
          kind: CodeActionKind.QuickFix,
          isPreferred: false,
          diagnostics: [],
          edit: {
            changes: {
              [p.textDocument.uri]: doc.autoCompleteEdits(offer.data).map((e) => toLspEdit(e, doc.lines)),
            },
          },
        });
      return [...actions, ...(await templateQuickFixes(ctx, p.textDocument.uri, p.context.diagnostics))];
    }),
  );

  connection.onCodeLens((p, token) =>
    runner.safeAsync('codeLens', [], token, async () => {
      const document = documents.get(p.textDocument.uri);
      if (!document || isModelYaml(document.uri)) return [];
      const offer = await onnxOffer(ctx, p.textDocument.uri);
      if (!offer) return [];
      const doc = cache.config(document);
      return [
        {
          range: doc.lines.rangeOf(offer.start, offer.end),
          command: { title: offer.title, command: WRITE_AUTO_COMPLETE, arguments: [p.textDocument.uri] },
        },
      ];
    }),
  );
}
