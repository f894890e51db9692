// The container services the container commands share (client/src/commands): the Triton Containers view,
// the status bar and the "Triton Containers" output, all following the engine's real state
// (containerState.ts), and the start-up check for what an earlier session left. Created on first use in a
// trusted workspace only: a profile picks an image and mounts host paths.
import * as vscode from 'vscode';
import { status } from '../../../server/src/deploy/deploy';
import type { StatusEntry } from '../../../server/src/deploy/deploy';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/deploy/tritonLog';
import type { Orphan } from '../../../server/src/build/recovery';
import { watchContainers } from './containerState';
import type { ContainerState } from './containerState';
import { ContainerTree } from './containerTree';
import type { ContainerViewItem } from './containerTree';
import { offerOrphans, workspaceBuilds } from './orphans';

export type { ContainerNode, ContainerViewItem } from './containerTree';

export interface Containers {
  readonly runtime: () => ContainerRuntime;
  /** The first workspace folder (containers are labelled with it). */
  readonly workspace: () => string | undefined;
  /** The workspace's Triton containers, as the engine reports them now. */
  readonly status: () => Promise<StatusEntry[]>;
  /** "Triton Containers": the containers' logs, launches and stops. */
  readonly logs: vscode.OutputChannel;
  /** A failed launch's problems (on the profile, on the config Triton refused). */
  readonly diagnostics: vscode.DiagnosticCollection;
  readonly tree: ContainerTree;
  readonly state: ContainerState;
  /** Names of containers a launch in progress follows the logs of. */
  readonly launching: Set<string>;
  /** Shows "Triton: <text>" until the next poll of the engine. */
  showBar(text: string): void;
  /** Looks for what an earlier session left and offers Stop / Remove, as at start-up. */
  findOrphans(): Promise<Orphan[]>;
}

/** What the extension's API exposes of the containers (for tests). */
export interface ContainerView {
  /** Reads the view's content through its own provider, as VS Code would show it now. */
  snapshot(): Promise<ContainerViewItem[]>;
  /** Looks for what an earlier session left and offers Stop / Remove, as at start-up (for tests). */
  findOrphans(): Promise<Orphan[]>;
  /** The status bar item's text after reading the engine's state now; undefined when it is hidden. */
  statusBar(): Promise<string | undefined>;
}

export function createContainers(
  context: vscode.ExtensionContext,
  runtime: () => ContainerRuntime,
): Containers {
  const logs = vscode.window.createOutputChannel('Triton Containers');
  const diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const bar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  bar.command = 'tritonToolkit.showLogs';
  const workspace = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const read = () => status(runtime(), { workspace: workspace() ?? '' });
  const tree = new ContainerTree(read, () => workspaceBuilds(runtime(), workspace()));
  const launching = new Set<string>();
  context.subscriptions.push(
    logs,
    diagnostics,
    bar,
    vscode.window.registerTreeDataProvider('tritonContainers', tree),
  );
  // The bar and the view say what the engine says (polled), and survive a window reload.
  const state = watchContainers(
    context,
    read,
    runtime,
    logs,
    bar,
    () => tree.refresh(),
    (e) => launching.has(e.name),
  );
  const findOrphans = () =>
    offerOrphans(
      runtime(),
      workspace(),
      (l) => logs.appendLine(l),
      () => tree.refresh(),
    );
  // At start-up, once activation is done (the Docker bundle loads then, not during activation).
  const startup = setTimeout(() => void findOrphans(), 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(startup) });
  return {
    runtime,
    workspace,
    status: read,
    logs,
    diagnostics,
    tree,
    state,
    launching,
    showBar: (text) => {
      bar.text = `$(server) Triton: ${text}`;
      bar.show();
    },
    findOrphans,
  };
}

export function containerView(containers: Containers): ContainerView {
  return {
    snapshot: () => containers.tree.snapshot(),
    findOrphans: () => containers.findOrphans(),
    statusBar: async () => {
      await containers.state.sync();
      return containers.state.barShown();
    },
  };
}
