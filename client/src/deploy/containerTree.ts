// The Triton Containers view: the local GPUs, the workspace's Triton containers with their models, and its
// engine-build containers, read from the engine at every refresh.
import * as vscode from 'vscode';
import type { StatusEntry } from '../../../server/src/deploy/deploy';
import { formatModelState } from '../../../server/src/deploy/models';
import type { ModelState } from '../../../server/src/deploy/models';
import { formatGpu, gpuInventoryAsync } from '../../../server/src/host/gpus';
import { viewRows } from './containerState';
import type { BuildContainerEntry } from '../../../server/src/build/recovery';
import { buildTreeItem } from './orphans';

/** A node of the Triton Containers view: a container, or one of its models under it. */
export type ContainerNode =
  | { kind: 'gpu'; text: string }
  | { kind: 'container'; entry: StatusEntry }
  | { kind: 'project'; name: string; entries: StatusEntry[]; ready: number; replicas: number }
  | { kind: 'build'; entry: BuildContainerEntry }
  | { kind: 'model'; container: StatusEntry; model: ModelState }
  | { kind: 'note'; container: StatusEntry; text: string };

/** What the Triton Containers view shows, as text (for tests and diagnostics). */
export interface ContainerViewItem {
  label: string;
  description: string;
  children: ContainerViewItem[];
}

/** The container a view node stands for (a model's or a note's container too). */
export function entryOf(node?: ContainerNode): StatusEntry | undefined {
  if (!node || node.kind === 'gpu' || node.kind === 'build' || node.kind === 'project') return undefined;
  return node.kind === 'container' ? node.entry : node.container;
}

/** A view node, or anything else a command was given (a Uri, an object from a test). */
export function isContainerNode(arg: unknown): arg is ContainerNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

export class ContainerTree implements vscode.TreeDataProvider<ContainerNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  constructor(
    private readonly load: () => Promise<StatusEntry[]>,
    private readonly loadBuilds: () => Promise<BuildContainerEntry[]>,
  ) {}
  refresh(): void {
    this.changed.fire();
  }
  async getChildren(node?: ContainerNode): Promise<ContainerNode[]> {
    if (!node) {
      const entries = await this.load().catch(() => []);
      // The local GPUs (nvidia-smi), when there are any, above the containers.
      const gpus: ContainerNode[] = ((await gpuInventoryAsync()) ?? []).map((g) => ({
        kind: 'gpu',
        text: formatGpu(g),
      }));
      const builds = (await this.loadBuilds().catch(() => [])).map((entry): ContainerNode => ({
        kind: 'build',
        entry,
      }));
      // A Compose project (replicas behind nginx) is one node, its containers under it.
      return [...gpus, ...viewRows(entries), ...builds];
    }
    if (node.kind === 'project')
      return node.entries.map((entry): ContainerNode => ({ kind: 'container', entry }));
    if (node.kind !== 'container') return [];
    const c = node.entry;
    if (c.modelsError) return [{ kind: 'note', container: c, text: `models unknown: ${c.modelsError}` }];
    return (c.models ?? []).map((model) => ({ kind: 'model', container: c, model }));
  }
  getTreeItem(node: ContainerNode): vscode.TreeItem {
    if (node.kind === 'build') return buildTreeItem(node.entry);
    if (node.kind === 'gpu') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('circuit-board');
      return item;
    }
    if (node.kind === 'project') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `compose:${node.name}`;
      item.description = `${node.ready} of ${node.replicas} replicas ready`;
      item.tooltip = `Compose project (triton-repo up / down)\n${node.entries[0]?.labels['dev.triton-toolkit.profile'] ?? ''}`;
      item.contextValue = 'tritonComposeProject';
      item.iconPath = new vscode.ThemeIcon('layers');
      return item;
    }
    if (node.kind === 'note') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    if (node.kind === 'model') {
      const m = node.model;
      const item = new vscode.TreeItem(m.name);
      item.description = `${m.version ? `v${m.version} ` : ''}${m.state}${m.reason ? `: ${m.reason}` : ''}`;
      item.tooltip = formatModelState(m);
      item.contextValue = 'tritonModel';
      item.iconPath = new vscode.ThemeIcon(m.state === 'READY' ? 'pass' : 'error');
      return item;
    }
    const e = node.entry;
    const hasChildren = (e.models?.length ?? 0) > 0 || e.modelsError !== undefined;
    const item = new vscode.TreeItem(
      e.name,
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = e.id;
    item.description = e.state === 'running' ? (e.ready ? `ready ${e.url ?? ''}` : 'starting') : e.state;
    item.tooltip = `${e.image}\n${e.status}\n${e.labels['dev.triton-toolkit.profile'] ?? ''}`;
    item.contextValue = 'tritonContainer';
    item.iconPath = new vscode.ThemeIcon(e.ready ? 'vm-running' : 'vm-outline');
    return item;
  }
  /** The view's content through this provider, as VS Code would show it now. */
  async snapshot(node?: ContainerNode): Promise<ContainerViewItem[]> {
    return Promise.all(
      (await this.getChildren(node)).map(async (child) => {
        const item = this.getTreeItem(child);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        const description = typeof item.description === 'string' ? item.description : '';
        return { label, description, children: await this.snapshot(child) };
      }),
    );
  }
}
