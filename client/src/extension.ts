// The VS Code extension: starts the language server (dist/server.js) and connects it to config.pbtxt
// files. All language logic lives in the server's core; this file only wires VS Code to it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerBuildTask } from './build/buildTask';
import { registerCheckRepository } from './check/checkRepository';
import { registerContainers } from './deploy/containers';
import { lazyDockerRuntime } from './deploy/dockerRuntime';
import type { ContainerView, ContainerViewItem } from './deploy/containers';
import type { Orphan } from '../../server/src/build/recovery';
import { registerTemplateCommands } from './templates/commands';
import { registerNewFromImage } from './templates/newFromImage';
import { readSettings } from './settings';
import { newProfile } from './deploy/newProfile';
import { registerBuildProfileDiagnostics } from './build/profileDiagnostics';
import { registerExportDeployment } from './commands/exportDeployment';
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
  // Commands first, then the server: New Model Repository from Image, the containers and the profile
  // commands work even when the language server fails to start; template commands wait for it.
  const started$ = client.start().then(
    () => true,
    (e: unknown) => {
      output.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    },
  );
  const server = {
    sendRequest: async <R>(method: string, params: unknown): Promise<R> => {
      if (!(await started$) || !client) throw new Error('the Triton language server is not running');
      return client.sendRequest<R>(method, params);
    },
  };
  registerTemplateCommands(context, server, output);
  registerNewFromImage(context, output, () => current().templateImage);
  registerBuildProfileDiagnostics(context);
  registerExportedFileDiagnostics(context);
  registerExportDeployment(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'tritonToolkit.newDeployProfile',
      (args?: { repository?: string; name?: string }) => newProfile('deploy', args),
    ),
    vscode.commands.registerCommand(
      'tritonToolkit.newBuildProfile',
      (args?: { repository?: string; name?: string }) => newProfile('build', args),
    ),
  );
  // Containers and builds only in trusted workspaces (a profile chooses an image and host mounts).
  let containers: ContainerView | undefined;
  const registerTrusted = () => {
    containers = registerContainers(context);
    registerBuildTask(context, lazyDockerRuntime(context));
  };
  if (vscode.workspace.isTrusted) registerTrusted();
  else context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(registerTrusted));
  registerCheckRepository(context, current);
  await started$;
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
