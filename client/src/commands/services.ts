// What every command may use, built once at activation: the extension context, the "Triton Toolkit"
// output, the language server (once it has started), the settings, the Docker runtime (its bundle loaded on
// first use) and the container services (view, status bar, container logs), created on first use so that
// nothing touches Docker in an untrusted workspace or while only editing.
import * as vscode from 'vscode';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';
import { createContainers } from '../deploy/containers';
import type { Containers } from '../deploy/containers';
import { lazyDockerRuntime } from '../deploy/dockerRuntime';
import type { Settings } from '../settings';
import type { RenderedPreview, Server } from '../templates/preview';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** Requests to the language server; they wait for it to start and fail with a clear message if it did not. */
  readonly server: Server;
  readonly settings: () => Settings;
  readonly runtime: () => ContainerRuntime;
  /** The Triton Containers view, status bar and container logs (trusted workspaces only). */
  readonly containers: () => Containers;
  readonly preview: RenderedPreview;
  /** The "Triton: Check Repository" output. */
  readonly checkOutput: () => vscode.OutputChannel;
}

export function createServices(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  server: Server,
  settings: () => Settings,
  preview: RenderedPreview,
): Services {
  const runtime = lazyDockerRuntime(context);
  let containers: Containers | undefined;
  let checkOutput: vscode.OutputChannel | undefined;
  return {
    context,
    output,
    server,
    settings,
    runtime,
    preview,
    containers: () => (containers ??= createContainers(context, runtime)),
    checkOutput: () => {
      if (!checkOutput) {
        checkOutput = vscode.window.createOutputChannel('Triton: Check Repository');
        context.subscriptions.push(checkOutput);
      }
      return checkOutput;
    },
  };
}
