// The VS Code extension: starts the language server (dist/server.js) and connects it to config.pbtxt
// files. All language logic lives in the server's core; this file only wires VS Code to it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerBuildTaskProvider } from './build/buildTask';
import { registerBuildProfileDiagnostics } from './build/profileDiagnostics';
import { registerAllCommands } from './commands/index';
import { createServices } from './commands/services';
import { containerView } from './deploy/containers';
import type { ContainerView, ContainerViewItem } from './deploy/containers';
import type { Orphan } from '../../server/src/build/recovery';
import { registerRenderedPreview } from './templates/preview';
import { readSettings } from './settings';
import { registerExportedFileDiagnostics } from './deploy/exportedDiagnostics';

let client: LanguageClient | undefined;

/** When the extension finished activating, in ms since the extension host loaded it (for the benchmark). */
export let activationMs: number | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{
  activationMs: number | undefined;
  client: LanguageClient | undefined;
  /** The Triton Containers view as text (for tests); empty until the workspace is trusted. */
  containerView?: () => Promise<ContainerViewItem[]>;
  /** The start-up check for containers an earlier session left, run again (for tests). */
  findOrphans?: () => Promise<Orphan[]>;
  /** The Triton status bar item's text, read from the engine now (for tests). */
  statusBar?: () => Promise<string | undefined>;
}> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('Triton Toolkit', { log: true });
  context.subscriptions.push(output);

  const configuration = () => vscode.workspace.getConfiguration('tritonToolkit');
  const current = () => {
    const { settings, problems } = readSettings((key) => configuration().get(key));
    for (const p of problems) output.warn(`invalid setting ${p}; using the default`);
    return settings;
  };

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // config.pbtxt, and the llmapi model's model.yaml (by name only: other YAML files are not ours).
    // Files only: the rendered preview (its own scheme) is not a config to check.
    documentSelector: [
      { scheme: 'file', language: 'pbtxt' },
      { scheme: 'untitled', language: 'pbtxt' },
      { scheme: 'file', pattern: '**/model.yaml' },
    ],
    initializationOptions: current(),
    outputChannel: output,
    // Every file matters to a repository check (version directories, model files, label files).
    synchronize: {
      configurationSection: 'tritonToolkit',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*'),
    },
  };
  client = new LanguageClient('tritonToolkit', 'Triton config language server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tritonToolkit')) current();
    }),
  );
  // Every command is registered before the server starts: New Model Repository from Image, the containers
  // and the profile commands work even when the language server fails to start; the commands that ask it
  // (preview, render) wait for it and say so if it did not start.
  let serverStarted: (ok: boolean) => void = () => undefined;
  const started$ = new Promise<boolean>((resolve) => (serverStarted = resolve));
  const server = {
    sendRequest: async <R>(method: string, params: unknown): Promise<R> => {
      if (!(await started$) || !client) throw new Error('the Triton language server is not running');
      return client.sendRequest<R>(method, params);
    },
    onNotification: (method: string, handler: () => void) => void client?.onNotification(method, handler),
  };
  const preview = registerRenderedPreview(context, server);
  const services = createServices(context, output, server, current, preview);
  registerAllCommands(services);
  registerBuildProfileDiagnostics(context);
  registerExportedFileDiagnostics(context);
  // Containers and builds only in trusted workspaces (a profile chooses an image and host mounts): the
  // view, the status bar and the build tasks appear once the workspace is trusted.
  let containers: ContainerView | undefined;
  const registerTrusted = () => {
    containers = containerView(services.containers());
    registerBuildTaskProvider(context, services.runtime);
  };
  if (vscode.workspace.isTrusted) registerTrusted();
  else context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(registerTrusted));
  await client.start().then(
    () => serverStarted(true),
    (e: unknown) => {
      output.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      serverStarted(false);
    },
  );
  activationMs = Date.now() - started;
  output.info(`activated in ${activationMs} ms`);
  return {
    activationMs,
    client,
    containerView: () => containers?.snapshot() ?? Promise.resolve([]),
    findOrphans: () => containers?.findOrphans() ?? Promise.resolve([]),
    statusBar: () => containers?.statusBar() ?? Promise.resolve(undefined),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
