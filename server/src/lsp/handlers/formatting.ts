// Formatting of a whole config or a range, with the client's tab size or the indentSize setting.
import type { ServerContext } from '../context';
import { toLspEdit } from '../convert';

export function registerFormatting(ctx: ServerContext): void {
  const { connection } = ctx;
  connection.onDocumentFormatting((p, token) =>
    ctx.withDocument(p.textDocument.uri, 'formatting', [], token, (doc) =>
      doc
        .format({ indent: p.options.tabSize || ctx.settings.indentSize })
        .map((e) => toLspEdit(e, doc.lines)),
    ),
  );

  connection.onDocumentRangeFormatting((p, token) =>
    ctx.withDocument(p.textDocument.uri, 'rangeFormatting', [], token, (doc) =>
      doc
        .formatRange(doc.lines.offsetAt(p.range.start), doc.lines.offsetAt(p.range.end), {
          indent: p.options.tabSize || ctx.settings.indentSize,
        })
        .map((e) => toLspEdit(e, doc.lines)),
    ),
  );
}
