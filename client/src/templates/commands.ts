// "Show Rendered Preview" and "Render Model Repository": the server renders (the core computes, the
// writer stages and renames), this file asks the user and shows the result.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RENDER_PREVIEW, RENDER_REPOSITORY } from '../../../server/src/lsp/protocol';
import type {
  RenderPreviewResult,
  RenderRepositoryParams,
  RenderRepositoryResult,
} from '../../../server/src/lsp/protocol';

export const PREVIEW_SCHEME = 'triton-rendered';

/** A message that starts with an absolute path, with the path as the Explorer shows it. */
function relativeMessage(message: string): string {
  const at = message.indexOf(':');
  return at > 0 ? vscode.workspace.asRelativePath(message.slice(0, at), false) + message.slice(at) : message;
}

function isValuesFile(uri: vscode.Uri): boolean {
  const name = path.basename(uri.fsPath);
  return name === 'triton-values.json' || name.endsWith('.triton-values.json');
}

/** Arguments for callers that are not a person (tests, other extensions): answers replace the dialogs. */
export interface RenderArgs {
  repository?: string;
  out?: string;
  /** Answers to the confirmation dialogs, in order ('Write', 'Overwrite', 'Write Anyway', 'Cancel'). */
  answers?: string[];
}

/** A request to the language server, once it has started (commands are registered before it is). */
export type ServerRequest = <R>(method: string, params: unknown) => Promise<R>;

export function registerTemplateCommands(
  context: vscode.ExtensionContext,
  client: { sendRequest: ServerRequest },
  output: vscode.LogOutputChannel,
): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Map<string, vscode.Uri>();
  const previewOf = (source: vscode.Uri) =>
    vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${source.path} (rendered)`, query: source.toString() });

  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      onDidChange: changed.event,
      async provideTextDocumentContent(uri) {
        const source = vscode.Uri.parse(uri.query);
        const result = await client.sendRequest<RenderPreviewResult>(RENDER_PREVIEW, { uri: uri.query });
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
      const refresh = () => {
        for (const preview of open.values()) changed.fire(preview);
      };
      watcher.onDidChange(refresh);
      watcher.onDidCreate(refresh);
      watcher.onDidDelete(refresh);
      return watcher;
    }),
    vscode.commands.registerCommand('tritonToolkit.showRenderedPreview', async (uri?: vscode.Uri) => {
      const source = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!source || path.basename(source.fsPath) !== 'config.pbtxt') {
        void vscode.window.showInformationMessage(
          'Open a template config.pbtxt to preview its rendered form.',
        );
        return undefined;
      }
      const preview = previewOf(source);
      const again = open.has(source.toString());
      open.set(source.toString(), preview);
      // Running the command again renders again (the values may have changed outside VS Code), and
      // returns once the new text is in the document (or it did not change).
      if (again) {
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
        await updated;
      }
      const doc = await vscode.workspace.openTextDocument(preview);
      await vscode.languages.setTextDocumentLanguage(doc, 'pbtxt');
      await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preview: false,
        preserveFocus: true,
      });
      return doc;
    }),
    vscode.commands.registerCommand('tritonToolkit.renderRepository', (args?: RenderArgs) =>
      renderRepository(client, output, args ?? {}),
    ),
  );
}

async function ask(
  args: RenderArgs,
  message: string,
  detail: string,
  ...buttons: string[]
): Promise<string | undefined> {
  if (args.answers) return args.answers.shift();
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
}

async function pickFolder(title: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    title,
  });
  return picked?.[0]?.fsPath;
}

/** The repository of the active config.pbtxt (the directory above its model directory). */
function activeRepository(): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  return file && path.basename(file.fsPath) === 'config.pbtxt'
    ? path.dirname(path.dirname(file.fsPath))
    : undefined;
}

async function renderRepository(
  client: { sendRequest: ServerRequest },
  output: vscode.LogOutputChannel,
  args: RenderArgs,
): Promise<RenderRepositoryResult | undefined> {
  const repository =
    args.repository ?? activeRepository() ?? (await pickFolder('Template model repository to render'));
  if (!repository) return undefined;
  // Beside the repository, never inside it (the template's own folders are not an output).
  const out =
    args.out ??
    (await vscode.window.showInputBox({
      title: 'Output folder for the rendered repository',
      prompt:
        'A new folder beside the template repository; files edited since the last render are kept unless you agree.',
      value: `${repository.replace(/[\\/]+$/, '')}-rendered`,
      ignoreFocusOut: true,
    }));
  if (!out) return undefined;
  const request = (params: Partial<RenderRepositoryParams>): Promise<RenderRepositoryResult> =>
    client.sendRequest<RenderRepositoryResult>(RENDER_REPOSITORY, {
      repository,
      out,
      write: false,
      ...params,
    });

  const plan = await request({});
  for (const m of plan.messages) output.info(m);
  if (plan.refused) {
    // The output overlaps the templates, or is not a render output: nothing to ask, no way around it.
    void vscode.window.showErrorMessage(`Nothing written: ${plan.refused}.`);
    return plan;
  }
  const count = (s: string) => plan.files.filter((f) => f.status === s).length;
  const removed = count('removed') > 0 ? `, ${count('removed')} removed` : '';
  const summary = `${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged${removed}`;
  let force = false;
  if (plan.errors > 0) {
    const answer = await ask(
      args,
      `The rendered repository would not load: ${plan.errors} error(s).`,
      `${plan.messages.slice(0, 10).join('\n')}\n\nSee the Triton Toolkit output for all of them.`,
      'Write Anyway',
    );
    if (answer !== 'Write Anyway') return { ...plan, refused: 'cancelled: the render has errors' };
    force = true;
  }
  const edited = plan.files.filter((f) => f.edited).map((f) => f.path);
  const detail =
    edited.length > 0
      ? `${summary}.\n\nEdited since the last render, and overwritten if you go on:\n${edited.join('\n')}`
      : `${summary}.`;
  const answer = await ask(
    args,
    `Render ${path.basename(repository)} into ${out}?`,
    detail,
    edited.length > 0 ? 'Overwrite' : 'Write',
  );
  if (answer !== 'Write' && answer !== 'Overwrite') return { ...plan, refused: 'cancelled' };
  const result = await request({ write: true, overwriteEdited: answer === 'Overwrite', force });
  if (result.written) {
    const values = result.valuesFile
      ? ` with ${vscode.workspace.asRelativePath(result.valuesFile, false)}`
      : '';
    void vscode.window
      .showInformationMessage(
        `Rendered ${path.basename(repository)} into ${vscode.workspace.asRelativePath(out, false)}${values} (${summary}).`,
        'Reveal in Explorer',
        'Open Folder',
      )
      .then(async (choice) => {
        const uri = vscode.Uri.file(out);
        if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', uri);
        else if (choice === 'Open Folder')
          await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
      });
  } else void vscode.window.showErrorMessage(`Nothing written: ${result.refused ?? 'refused'}.`);
  return result;
}
