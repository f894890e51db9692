// The language server: a thin adapter from LSP to the core. It owns the connection, the open
// documents and a parse cache; every answer comes from the core's ConfigDocument.
import {
  CodeActionKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import type { InitializeResult, SelectionRange } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigDocument } from '../core/index';
import { fromLspDiagnostic, toLspCompletion, toLspDiagnostic, toLspEdit, toLspSymbol } from './convert';
import { runSafe } from './safe';
import { parseSettings } from './settings';
import type { ServerSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
// stdout may be the protocol channel: route console output to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));

const documents = new TextDocuments(TextDocument);
const cache = new Map<string, { version: number; doc: ConfigDocument }>();
let settings: ServerSettings = parseSettings(undefined).settings;
let pullDiagnostics = false;
let relatedSupport = false;

/** The checked document for this version (parsed once per version, whatever asks first). */
function configDocument(document: TextDocument): ConfigDocument {
  const hit = cache.get(document.uri);
  if (hit && hit.version === document.version) return hit.doc;
  const doc = new ConfigDocument(document.getText());
  cache.set(document.uri, { version: document.version, doc });
  return doc;
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
  relatedSupport = caps.textDocument?.publishDiagnostics?.relatedInformation === true || pullDiagnostics;
  const parsed = parseSettings(params.initializationOptions);
  settings = parsed.settings;
  for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', '{', ' '] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...(pullDiagnostics
        ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
        : {}),
    },
    serverInfo: { name: 'triton-config-language-server' },
  };
});

connection.onDidChangeConfiguration((change) => {
  const parsed = parseSettings((change.settings as Record<string, unknown> | undefined)?.tritonToolkit);
  settings = parsed.settings;
  for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
});

// --- diagnostics -----------------------------------------------------------------------------------

function diagnosticsFor(document: TextDocument) {
  return configDocument(document).diagnostics.map((d) => toLspDiagnostic(d, document.uri, relatedSupport));
}

connection.languages.diagnostics.on((params) =>
  runSafe(connection, 'diagnostics', { kind: 'full' as const, items: [] }, () => {
    const document = documents.get(params.textDocument.uri);
    return { kind: 'full' as const, items: document ? diagnosticsFor(document) : [] };
  }),
);

/**
 * Push mode: coalesce bursts of edits. A check is scheduled at most once per document at a time and
 * reads the latest version when it runs; a result for a version that changed meanwhile is dropped,
 * so the last diagnostics published are always those of the final text.
 */
const scheduled = new Set<string>();
function schedulePush(uri: string): void {
  if (pullDiagnostics || scheduled.has(uri)) return;
  scheduled.add(uri);
  setTimeout(() => {
    scheduled.delete(uri);
    runSafe(connection, 'publishDiagnostics', undefined, () => {
      const document = documents.get(uri);
      if (!document) return;
      const version = document.version;
      const diagnostics = diagnosticsFor(document);
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
    });
  }, settings.diagnosticsDelayMs);
}

documents.onDidChangeContent((e) => schedulePush(e.document.uri));
documents.onDidClose((e) => {
  cache.delete(e.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// --- features --------------------------------------------------------------------------------------

function withDocument<T>(uri: string, name: string, fallback: T, fn: (doc: ConfigDocument) => T): T {
  return runSafe(connection, name, fallback, () => {
    const document = documents.get(uri);
    return document ? fn(configDocument(document)) : fallback;
  });
}

connection.onHover((p) =>
  withDocument(p.textDocument.uri, 'hover', null, (doc) => {
    const h = doc.hover(doc.lines.offsetAt(p.position));
    return h
      ? {
          contents: { kind: 'markdown' as const, value: h.contents },
          range: doc.lines.rangeOf(h.start, h.end),
        }
      : null;
  }),
);

connection.onCompletion((p) =>
  withDocument(p.textDocument.uri, 'completion', [], (doc) =>
    doc.complete(doc.lines.offsetAt(p.position)).map((c) => toLspCompletion(c, doc.lines)),
  ),
);

connection.onDocumentSymbol((p) =>
  withDocument(p.textDocument.uri, 'documentSymbol', [], (doc) =>
    doc.symbols().map((s) => toLspSymbol(s, doc.lines)),
  ),
);

connection.onFoldingRanges((p) =>
  withDocument(p.textDocument.uri, 'foldingRange', [], (doc) =>
    doc
      .folding()
      .map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind ? { kind: f.kind } : {}) })),
  ),
);

connection.onSelectionRanges((p) =>
  withDocument(p.textDocument.uri, 'selectionRange', [], (doc) =>
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

connection.onDocumentFormatting((p) =>
  withDocument(p.textDocument.uri, 'formatting', [], (doc) =>
    doc.format({ indent: p.options.tabSize || settings.indentSize }).map((e) => toLspEdit(e, doc.lines)),
  ),
);

connection.onDocumentRangeFormatting((p) =>
  withDocument(p.textDocument.uri, 'rangeFormatting', [], (doc) =>
    doc
      .formatRange(doc.lines.offsetAt(p.range.start), doc.lines.offsetAt(p.range.end), {
        indent: p.options.tabSize || settings.indentSize,
      })
      .map((e) => toLspEdit(e, doc.lines)),
  ),
);

connection.onCodeAction((p) =>
  withDocument(p.textDocument.uri, 'codeAction', [], (doc) => {
    const diagnostics = p.context.diagnostics.map(fromLspDiagnostic).filter((d) => d !== undefined);
    return doc.quickFixes(diagnostics).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.preferred,
      diagnostics: p.context.diagnostics.filter(
        (d) => d.code === fix.diagnostic.code && d.range.start.line === fix.diagnostic.range.start.line,
      ),
      edit: { changes: { [p.textDocument.uri]: fix.edits.map((e) => toLspEdit(e, doc.lines)) } },
    }));
  }),
);

documents.listen(connection);
connection.listen();
