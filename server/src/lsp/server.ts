// The language server: a thin adapter from LSP to the core. startServer takes its connection and its
// host (file system, GPU inventory, timers, environment), so that it runs on Node (main.ts) and in a
// test over an in-memory connection alike. Every answer comes from the core; the handlers, one file
// per feature, live in handlers/.
import { CodeActionKind, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { Connection, InitializeResult } from 'vscode-languageserver/node';
import type { ServerHost } from '../host/host';
import { ServerContext } from './context';
import { registerCodeActions } from './handlers/codeActions';
import { registerCommands } from './handlers/commands';
import { registerCompletion } from './handlers/completion';
import { registerDefinition } from './handlers/definition';
import { registerDocuments } from './handlers/documents';
import { registerFormatting } from './handlers/formatting';
import { registerHover } from './handlers/hover';
import { registerInlayHints } from './handlers/inlayHints';
import { registerSymbols } from './handlers/symbols';
import { registerWorkspaceEvents } from './handlers/workspaceEvents';
import { WRITE_AUTO_COMPLETE } from './protocol';
import { parseSettings } from './settings';
import { uriToPath } from './workspace';

export function startServer(connection: Connection, host: ServerHost): ServerContext {
  const ctx = new ServerContext(connection, host);

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    ctx.pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    ctx.workDoneProgress = caps.window?.workDoneProgress === true;
    ctx.relatedSupport =
      caps.textDocument?.publishDiagnostics?.relatedInformation === true || ctx.pullDiagnostics;
    const parsed = parseSettings(params.initializationOptions);
    ctx.settings = parsed.settings;
    ctx.repositories.setOptions(ctx.ruleOptions());
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    ctx.workspaceRoots = folders.map(uriToPath).filter((p): p is string => p !== undefined);
    for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { triggerCharacters: [':', '{', ' '] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [WRITE_AUTO_COMPLETE] },
        inlayHintProvider: true,
        ...(ctx.pullDiagnostics
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'triton-config-language-server' },
    };
  });

  registerWorkspaceEvents(ctx);
  registerDocuments(ctx);
  ctx.diagnostics.register();
  registerHover(ctx);
  registerCompletion(ctx);
  registerDefinition(ctx);
  registerSymbols(ctx);
  registerFormatting(ctx);
  registerCodeActions(ctx);
  registerCommands(ctx);
  registerInlayHints(ctx);

  ctx.documents.listen(connection);
  connection.listen();
  return ctx;
}
