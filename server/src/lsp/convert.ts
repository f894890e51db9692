// Conversions between the core's shapes (offsets, plain objects) and LSP types, at the edge.
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
} from 'vscode-languageserver/node';
import type * as lsp from 'vscode-languageserver/node';
import type { CompletionResult, Diagnostic, LineIndex, OutlineSymbol, TextEdit } from '../core/index';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(
  d: Diagnostic,
  uri: string,
  relatedSupport: boolean,
  uriOf: (path: string) => string = () => uri,
): lsp.Diagnostic {
  const out: lsp.Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'triton',
    message: d.message,
  };
  if (d.data || d.protobufAt)
    out.data = { ...d.data, ...(d.protobufAt ? { protobufAt: d.protobufAt } : {}), coreSeverity: d.severity };
  if (relatedSupport && d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: r.path ? uriOf(r.path) : uri, range: r.range },
      message: r.message,
    }));
  }
  return out;
}

/** Back from what the client echoes in a code action request to the core's shape. */
export function fromLspDiagnostic(d: lsp.Diagnostic): Diagnostic | undefined {
  if (d.source !== 'triton' || typeof d.code !== 'string') return undefined;
  const data = (d.data ?? {}) as Record<string, unknown>;
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  return {
    code: d.code,
    severity: (data.coreSeverity as Diagnostic['severity']) ?? 'error',
    message,
    range: d.range,
    data,
  };
}

export function toLspEdit(e: TextEdit, lines: LineIndex): lsp.TextEdit {
  return { range: lines.rangeOf(e.start, e.end), newText: e.newText };
}

export function toLspCompletion(c: CompletionResult, lines: LineIndex): lsp.CompletionItem {
  return {
    label: c.label,
    kind:
      c.kind === 'field'
        ? CompletionItemKind.Field
        : c.kind === 'enum'
          ? CompletionItemKind.EnumMember
          : CompletionItemKind.Value,
    detail: c.detail,
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: lines.rangeOf(c.start, c.end), newText: c.insertText },
  };
}

const SYMBOL: Record<OutlineSymbol['kind'], SymbolKind> = {
  field: SymbolKind.Field,
  struct: SymbolKind.Struct,
  array: SymbolKind.Array,
  property: SymbolKind.Property,
  key: SymbolKind.Key,
  event: SymbolKind.Event,
};

export function toLspSymbol(s: OutlineSymbol, lines: LineIndex): lsp.DocumentSymbol {
  return {
    name: s.name,
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL[s.kind],
    range: lines.rangeOf(s.start, s.end),
    selectionRange: lines.rangeOf(s.selectionStart, s.selectionEnd),
    children: s.children.map((c) => toLspSymbol(c, lines)),
  };
}
