// The rendered preview of a template config.pbtxt: a read-only document of its own scheme (so it is not
// checked as a config), rendered by the language server, with a header naming what it read, and kept
// current with all of it: the template and every model (in an editor or on disk), the values file in use
// (whatever its name, when the setting names it), the setting `tritonToolkit.valuesFile` (the server says
// when it changed), and the `TRTLLM__<MODEL>__<VARIABLE>` environment variables, which are the language
// server's environment: fixed while it runs, so the header lists them and says so.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RENDER_PREVIEW, VALUES_CHANGED } from '../../../server/src/lsp/protocol';
import type { RenderPreviewResult } from '../../../server/src/lsp/protocol';

export const PREVIEW_SCHEME = 'triton-rendered';

/** A request to the language server, once it has started (commands are registered before it is). */
export type ServerRequest = <R>(method: string, params: unknown) => Promise<R>;

/** The language server as the commands and the preview use it. */
export interface Server {
  sendRequest: ServerRequest;
  /** A notification from the server (handlers may be set before it starts). */
  onNotification(method: string, handler: () => void): void;
}

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

/** A message as comment lines of at most ~80 columns: a preview beside the template is narrow. */
export function wrapComment(message: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of message.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? `#   ${l}` : `#     ${l}`));
}

function isValuesFile(uri: vscode.Uri): boolean {
  const name = path.basename(uri.fsPath);
  return name === 'triton-values.json' || name.endsWith('.triton-values.json');
}

export function registerRenderedPreview(context: vscode.ExtensionContext, server: Server): RenderedPreview {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Map<string, vscode.Uri>();
  /** The values file each open preview's last render read, by preview URI. */
  const valuesFiles = new Map<string, string>();
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
        if (result.valuesFile) valuesFiles.set(uri.toString(), result.valuesFile);
        else valuesFiles.delete(uri.toString());
        const shown = (p: string) => vscode.workspace.asRelativePath(p, false);
        const header = [
          `# Rendered preview (read-only) of ${shown(source.fsPath)}`,
          `# Values: ${result.valuesFile ? shown(result.valuesFile) : 'no values file (only the environment and fill_template.py defaults)'}`,
        ];
        if (result.environment)
          header.push(
            `# Environment: ${result.environment.join(', ')} (as VS Code started; a change needs a restart)`,
          );
        if (result.errors > 0)
          header.push(
            `# ${result.errors} error(s) in this render:`,
            ...result.messages.flatMap((m) => wrapComment(relativeMessage(m))),
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
        if (e.document.uri.toString() === source || readsValues(preview, e.document.uri))
          changed.fire(preview);
    }),
    ...['**/*triton-values.json', '**/config.pbtxt'].map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidChange(refreshAll);
      watcher.onDidCreate(refreshAll);
      watcher.onDidDelete(refreshAll);
      return watcher;
    }),
    // A values file the setting names may have any name: the one each preview read.
    (() => {
      const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
      const refreshReaders = (uri: vscode.Uri) => {
        for (const preview of open.values())
          if (valuesFiles.get(preview.toString()) === uri.fsPath) changed.fire(preview);
      };
      watcher.onDidChange(refreshReaders);
      watcher.onDidCreate(refreshReaders);
      watcher.onDidDelete(refreshReaders);
      return watcher;
    })(),
  );
  // The setting tritonToolkit.valuesFile changed: the server has applied it when it says so.
  server.onNotification(VALUES_CHANGED, refreshAll);

  function readsValues(preview: vscode.Uri, file: vscode.Uri): boolean {
    return isValuesFile(file) || valuesFiles.get(preview.toString()) === file.fsPath;
  }

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
