// The rendered preview of a template config.pbtxt: a read-only document of its own scheme (so it is not
// checked as a config), rendered by the language server, with a header naming the values file in use, and
// kept current: the template, the values or any model changing (in an editor or on disk) renders it again.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RENDER_PREVIEW } from '../../../server/src/lsp/protocol';
import type { RenderPreviewResult } from '../../../server/src/lsp/protocol';

export const PREVIEW_SCHEME = 'triton-rendered';

/** A request to the language server, once it has started (commands are registered before it is). */
export type ServerRequest = <R>(method: string, params: unknown) => Promise<R>;

export interface RenderedPreview {
  /** The preview document's URI for a template config. */
  uriOf(source: vscode.Uri): vscode.Uri;
  /** Whether a preview of this template was opened. */
  isOpen(source: vscode.Uri): boolean;
  /** Marks the preview of this template open: it follows its sources from now on. */
  track(source: vscode.Uri): vscode.Uri;
  /** Renders the preview again; resolves once its new text is in the document (or it did not change). */
  refresh(preview: vscode.Uri): Promise<void>;
}

/** A message that starts with an absolute path, with the path as the Explorer shows it. */
function relativeMessage(message: string): string {
  const at = message.indexOf(':');
  return at > 0 ? vscode.workspace.asRelativePath(message.slice(0, at), false) + message.slice(at) : message;
}

function isValuesFile(uri: vscode.Uri): boolean {
  const name = path.basename(uri.fsPath);
  return name === 'triton-values.json' || name.endsWith('.triton-values.json');
}

export function registerRenderedPreview(
  context: vscode.ExtensionContext,
  server: { sendRequest: ServerRequest },
): RenderedPreview {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Map<string, vscode.Uri>();
  const uriOf = (source: vscode.Uri) =>
    vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${source.path} (rendered)`, query: source.toString() });
  const refreshAll = () => {
    for (const preview of open.values()) changed.fire(preview);
  };

  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      onDidChange: changed.event,
      async provideTextDocumentContent(uri) {
        const source = vscode.Uri.parse(uri.query);
        const result = await server.sendRequest<RenderPreviewResult>(RENDER_PREVIEW, { uri: uri.query });
        const shown = (p: string) => vscode.workspace.asRelativePath(p, false);
        const header = [
          `# Rendered preview (read-only) of ${shown(source.fsPath)}`,
          `# Values: ${result.valuesFile ? shown(result.valuesFile) : 'no values file (only the environment and fill_template.py defaults)'}`,
        ];
        if (result.errors > 0)
          header.push(
            `# ${result.errors} error(s) in this render:`,
            ...result.messages.map((m) => `#   ${relativeMessage(m)}`),
          );
        return result.content === undefined
          ? `${header.join('\n')}\n# ${result.messages.join('; ')}\n`
          : `${header.join('\n')}\n${result.content}`;
      },
    }),
    // Keep open previews current: the template, its values or any model changed (in an editor or on disk).
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === PREVIEW_SCHEME) return;
      for (const [source, preview] of open)
        if (e.document.uri.toString() === source || isValuesFile(e.document.uri)) changed.fire(preview);
    }),
    ...['**/*triton-values.json', '**/config.pbtxt'].map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidChange(refreshAll);
      watcher.onDidCreate(refreshAll);
      watcher.onDidDelete(refreshAll);
      return watcher;
    }),
  );

  return {
    uriOf,
    isOpen: (source) => open.has(source.toString()),
    track: (source) => {
      const preview = uriOf(source);
      open.set(source.toString(), preview);
      return preview;
    },
    refresh: (preview) => {
      const updated = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document.uri.toString() === preview.toString()) done();
        });
        const timer = setTimeout(done, 2000);
        function done() {
          sub.dispose();
          clearTimeout(timer);
          resolve();
        }
      });
      changed.fire(preview);
      return updated;
    },
  };
}
