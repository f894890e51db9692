// Hover: a template variable's value and where it came from, an ONNX model's names from its model
// file, the config's own docs; on model.yaml, the llmapi keys' docs.
import * as path from 'node:path';
import { onnxHover, placeholderUses } from '../../core/index';
import type { ServerContext } from '../context';
import { isModelYaml } from '../documentCache';
import { describeValueSource } from '../inlayHints';
import { placeholderAt, variableHover } from '../templates';
import { uriToPath } from '../workspace';

export function registerHover(ctx: ServerContext): void {
  const { connection, documents, cache, runner } = ctx;
  connection.onHover((p, token) =>
    runner.safeAsync('hover', null, token, async () => {
      const document = documents.get(p.textDocument.uri);
      if (!document) return null;
      if (isModelYaml(document.uri)) {
        const yaml = ctx.modelYaml(document);
        const h = yaml.hover(yaml.lines.offsetAt(p.position));
        return h
          ? {
              contents: { kind: 'markdown' as const, value: h.contents },
              range: yaml.lines.rangeOf(h.start, h.end),
            }
          : null;
      }
      const doc = cache.config(document);
      const offset = doc.lines.offsetAt(p.position);
      // A template variable in a repository: its value and where it came from.
      const name = placeholderAt(doc.text, offset);
      const repo = name ? ctx.repositoryFor(p.textDocument.uri) : undefined;
      if (name && repo) {
        // The variable from this file's parse and the repository's cached values: no render of the
        // repository (a keystroke's worth of work, whatever the repository's size).
        const values = await ctx.valuesOf(repo);
        const configPath = uriToPath(p.textDocument.uri)!;
        const modelDir = path.basename(path.dirname(configPath));
        const uses = placeholderUses(doc.parsed).filter((u) => u.name === name);
        const value = values.valueOf(modelDir, name);
        const variable = { name, uses, ...(value ? { value } : {}) };
        const text = variableHover(
          [{ model: modelDir, configPath, variables: [variable] }],
          modelDir,
          name,
          values.valuesFile ? ctx.displayPath(values.valuesFile) : undefined,
          (source) => describeValueSource(source, (f) => ctx.displayPath(f)),
        );
        if (text) return { contents: { kind: 'markdown' as const, value: text } };
      }
      // An ONNX model's name, input or output: the model file's own view.
      const found = await ctx.repositoryModel(p.textDocument.uri);
      const h = (found && onnxHover(found.model, offset)) ?? doc.hover(offset);
      return h
        ? {
            contents: { kind: 'markdown' as const, value: h.contents },
            range: doc.lines.rangeOf(h.start, h.end),
          }
        : null;
    }),
  );
}
