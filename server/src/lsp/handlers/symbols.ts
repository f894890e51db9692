// The open config's outline, folding ranges and selection ranges: answered from its parse alone.
import type { SelectionRange } from 'vscode-languageserver/node';
import type { ServerContext } from '../context';
import { toLspSymbol } from '../convert';

export function registerSymbols(ctx: ServerContext): void {
  const { connection } = ctx;
  connection.onDocumentSymbol((p, token) =>
    ctx.withDocument(p.textDocument.uri, 'documentSymbol', [], token, (doc) =>
      doc.symbols().map((s) => toLspSymbol(s, doc.lines)),
    ),
  );

  connection.onFoldingRanges((p, token) =>
    ctx.withDocument(p.textDocument.uri, 'foldingRange', [], token, (doc) =>
      doc
        .folding()
        .map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind ? { kind: f.kind } : {}) })),
    ),
  );

  connection.onSelectionRanges((p, token) =>
    ctx.withDocument(p.textDocument.uri, 'selectionRange', [], token, (doc) =>
      p.positions.map((position) => {
        const ranges = doc.selection(doc.lines.offsetAt(position));
        let parent: SelectionRange | undefined;
        for (let i = ranges.length - 1; i >= 0; i--)
          parent = {
            range: doc.lines.rangeOf(ranges[i]!.start, ranges[i]!.end),
            ...(parent ? { parent } : {}),
          };
        return parent ?? { range: { start: position, end: position } };
      }),
    ),
  );
}
