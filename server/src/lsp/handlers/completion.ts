// Completion: model and tensor names inside an ensemble's steps, an ONNX model's input and output
// names, else the config's fields and values; on model.yaml, the llmapi keys.
import { CompletionItemKind } from 'vscode-languageserver/node';
import { nameCompletions, onnxNameCompletions } from '../../core/index';
import type { ServerContext } from '../context';
import { toLspCompletion } from '../convert';
import { isModelYaml } from '../documentCache';

export function registerCompletion(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;
  connection.onCompletion((p, token) =>
    runner.safeAsync('completion', [], token, async () => {
      const document = documents.get(p.textDocument.uri);
      if (!document) return [];
      if (isModelYaml(document.uri)) {
        const yaml = ctx.modelYaml(document);
        return yaml.complete(yaml.lines.offsetAt(p.position)).map((c) => ({
          label: c.label,
          detail: c.detail,
          kind: c.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
          documentation: { kind: 'markdown' as const, value: c.documentation },
          textEdit: { range: yaml.lines.rangeOf(c.start, c.end), newText: c.insertText },
        }));
      }
      const doc = cache.config(document);
      const offset = doc.lines.offsetAt(p.position);
      // Inside an ensemble step's strings: model names and tensor names from the repository.
      const found = await ctx.repositoryModel(p.textDocument.uri);
      let names = found ? nameCompletions(found.repo, found.model, offset) : [];
      // An input's or output's name: the ONNX model file's names.
      if (found && names.length === 0) names = onnxNameCompletions(found.model, offset);
      if (names.length > 0) {
        return names.map((n) => ({
          label: n.label,
          detail: n.detail,
          kind: CompletionItemKind.Reference,
          textEdit: { range: doc.lines.rangeOf(n.start, n.end), newText: JSON.stringify(n.label) },
        }));
      }
      return doc.complete(offset).map((c) => toLspCompletion(c, doc.lines));
    }),
  );
}
