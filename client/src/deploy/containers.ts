// Launch Triton / Stop Triton / Show Logs in VS Code, over server/src/deploy (the code the CLI runs too).
// Registered only in trusted workspaces: a profile picks an image and mounts host paths.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { down, listOurs, status, stop, up } from '../../../server/src/deploy/deploy';
import type { StatusEntry, StopResult } from '../../../server/src/deploy/deploy';
import { formatModelState } from '../../../server/src/deploy/models';
import type { ModelState } from '../../../server/src/deploy/models';
import { lazyDockerRuntime } from './dockerRuntime';
import { viewRows, watchContainers } from './containerState';
import { LAUNCH_FAILED_CODE, profileFieldSpan } from '../../../server/src/deploy/launchFailure';
import { pickWorkspaceFile } from '../pickFile';
import {
  checkRepository,
  countErrors,
  loadProfileFile,
  unrenderedMessage,
  unrenderedVariables,
} from '../../../server/src/deploy/launch';
import { PROFILE_SUFFIX } from '../../../server/src/deploy/profile';
import { sendTestRequestCommand } from './testRequest';
import type { TestRequestArgs } from './testRequest';
import { buildContainerSpec, LABEL_PROFILE } from '../../../server/src/deploy/spec';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/deploy/tritonLog';
import { formatGpu, gpuInventoryAsync } from '../../../server/src/host/gpus';
import type { BuildContainerEntry, Orphan } from '../../../server/src/build/recovery';
import { buildTreeItem, offerOrphans, stopAndRemove, workspaceBuilds } from './orphans';

const SECRET_KEY = (name: string) => `tritonToolkit.secret.${name}`;

/** A node of the Triton Containers view: a container, or one of its models under it. */
export type ContainerNode =
  | { kind: 'gpu'; text: string }
  | { kind: 'container'; entry: StatusEntry }
  | { kind: 'project'; name: string; entries: StatusEntry[]; ready: number; replicas: number }
  | { kind: 'build'; entry: BuildContainerEntry }
  | { kind: 'model'; container: StatusEntry; model: ModelState }
  | { kind: 'note'; container: StatusEntry; text: string };

class ContainerTree implements vscode.TreeDataProvider<ContainerNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  entries: StatusEntry[] = [];
  constructor(
    private readonly load: () => Promise<StatusEntry[]>,
    private readonly loadBuilds: () => Promise<BuildContainerEntry[]>,
  ) {}
  refresh(): void {
    this.changed.fire();
  }
  async getChildren(node?: ContainerNode): Promise<ContainerNode[]> {
    if (!node) {
      this.entries = await this.load().catch(() => []);
      // The local GPUs (nvidia-smi), when there are any, above the containers.
      const gpus: ContainerNode[] = ((await gpuInventoryAsync()) ?? []).map((g) => ({
        kind: 'gpu',
        text: formatGpu(g),
      }));
      const builds = (await this.loadBuilds().catch(() => [])).map((entry): ContainerNode => ({
        kind: 'build',
        entry,
      }));
      return [
        ...gpus,
        // A Compose project (replicas behind nginx) is one node, its containers under it.
        ...viewRows(this.entries),
        ...builds,
      ];
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
}

/** Launch arguments for callers that are not a person (tests): they replace the picker and the prompts. */
export interface LaunchArgs {
  /** Absolute path of the *.triton-deploy.json profile. */
  profile?: string;
  /** Values of the profile's secrets (otherwise from SecretStorage, or asked). */
  secrets?: Record<string, string>;
  /** Replace a running container of the profile whose spec differs (what the Restart button does). */
  recreate?: boolean;
}

export type LaunchOutcome =
  | { ok: true; id: string; name: string; url: string; existing?: boolean }
  | { ok: false; message: string; changes?: string[] };

/** What the Triton Containers view shows, as text (for tests and diagnostics). */
export interface ContainerViewItem {
  label: string;
  description: string;
  children: ContainerViewItem[];
}

export interface ContainerView {
  /** Reads the view's content through its own provider, as VS Code would show it now. */
  snapshot(): Promise<ContainerViewItem[]>;
  /** Looks for what an earlier session left and offers Stop / Remove, as at start-up (for tests). */
  findOrphans(): Promise<Orphan[]>;
  /** The status bar item's text after reading the engine's state now; undefined when it is hidden. */
  statusBar(): Promise<string | undefined>;
}

export type { TestRequestArgs } from './testRequest';

/** The container a view node stands for (a model's or a note's container too). */
function entryOf(node?: ContainerNode): StatusEntry | undefined {
  if (!node || node.kind === 'gpu' || node.kind === 'build' || node.kind === 'project') return undefined;
  return node.kind === 'container' ? node.entry : node.container;
}

export function registerContainers(context: vscode.ExtensionContext): ContainerView {
  const runtime = lazyDockerRuntime(context);
  const logs = vscode.window.createOutputChannel('Triton Containers');
  const diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const bar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  bar.command = 'tritonToolkit.showLogs';
  const workspace = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const tree = new ContainerTree(
    () => status(runtime(), { workspace: workspace() ?? '' }),
    () => workspaceBuilds(runtime(), workspace()),
  );
  const showBar = (text: string) => {
    bar.text = `$(server) Triton: ${text}`;
    bar.show();
  };
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
    () => status(runtime(), { workspace: workspace() ?? '' }),
    runtime,
    logs,
    bar,
    () => tree.refresh(),
    (e) => launching.has(e.name),
  );

  const pickProfile = async (arg?: vscode.Uri): Promise<vscode.Uri | undefined> =>
    arg ?? pickWorkspaceFile(PROFILE_SUFFIX, 'Deployment profile');

  const launch = async (arg?: vscode.Uri | LaunchArgs): Promise<LaunchOutcome | undefined> => {
    const args: LaunchArgs = arg && !(arg instanceof vscode.Uri) ? arg : {};
    const uri = args.profile
      ? vscode.Uri.file(args.profile)
      : await pickProfile(arg as vscode.Uri | undefined);
    if (!uri) return void vscode.window.showWarningMessage(`No *${PROFILE_SUFFIX} profile in the workspace.`);
    const load = await loadProfileFile(uri.fsPath);
    if (!load.ok) return void vscode.window.showErrorMessage(`Invalid profile: ${load.problems.join('; ')}`);
    const { loaded } = load;
    if (loaded.profile.replicas > 1)
      // Never one container for a profile that asks for several: the Compose project runs from the CLI.
      return void vscode.window.showErrorMessage(
        `${path.basename(loaded.path)} asks for ${loaded.profile.replicas} replicas behind nginx: start them with \`triton-repo up ${path.basename(loaded.path)}\` (a Compose project); the view then shows them.`,
      );
    const secrets: Record<string, string> = {};
    for (const name of loaded.profile.secrets) {
      let value = args.secrets?.[name] ?? (await context.secrets.get(SECRET_KEY(name)));
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          prompt: `Value of ${name} (kept in VS Code's secret storage)`,
          password: true,
          ignoreFocusOut: true,
        });
        if (value === undefined) return;
        await context.secrets.store(SECRET_KEY(name), value);
      }
      secrets[name] = value;
    }
    const report = await checkRepository(loaded);
    if (countErrors(report) > 0 || report.failures.length > 0) {
      const unrendered = unrenderedVariables(report);
      if (unrendered.size > 0) {
        // Never start Triton on text it cannot parse: the whole reason goes to the output, a way out on the toast.
        logs.appendLine(`Not launching: ${unrenderedMessage(loaded.repositoryPath, unrendered)}`);
        const choice = await vscode.window.showErrorMessage(
          `Not launching: ${path.basename(loaded.repositoryPath)} is a template that was never rendered (${[...unrendered.values()].flat().length} placeholders Triton cannot parse).`,
          'Render First',
          'Show Details',
        );
        if (choice === 'Render First')
          await vscode.commands.executeCommand('tritonToolkit.renderRepository', {
            repository: loaded.repositoryPath,
          });
        else if (choice === 'Show Details') logs.show(true);
        return;
      }
      return void vscode.window.showErrorMessage(
        `Not launching: the model repository has ${countErrors(report)} error(s). See the Problems view.`,
      );
    }
    const spec = buildContainerSpec(loaded.profile, {
      profilePath: loaded.path,
      repositoryPath: loaded.repositoryPath,
      workspace: workspace() ?? loaded.repositoryPath,
      secrets,
    });
    diagnostics.clear();
    logs.show(true);
    showBar('starting');
    launching.add(spec.name);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Launching ${spec.name}`, cancellable: true },
      async (progress, token): Promise<LaunchOutcome> => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const result = await up(runtime(), spec, {
          readyTimeoutMs: loaded.profile.readyTimeoutSeconds * 1000,
          repositoryPath: loaded.repositoryPath,
          signal: controller.signal,
          keepFollowing: true,
          ...(args.recreate ? { recreate: true } : {}),
          onLog: (l) => logs.appendLine(`[${spec.name}] ${l.text}`),
          onProgress: (m) => progress.report({ message: m }),
        });
        launching.delete(spec.name);
        if (result.ok) state.following(result.id, result.stopLogs);
        await state.sync();
        if (result.ok) {
          void vscode.window.showInformationMessage(
            `Triton is ready at ${result.url}${result.existing ? ' (it was already running)' : ''}`,
          );
          return {
            ok: true,
            id: result.id,
            name: result.name,
            url: result.url,
            ...(result.existing ? { existing: true } : {}),
          };
        }
        if (result.kind === 'spec-changed') {
          void offerRestart(uri, args, result.changes ?? []);
          return { ok: false, message: result.message, changes: result.changes ?? [] };
        }
        for (const d of result.diagnostics) {
          const diag = new vscode.Diagnostic(
            new vscode.Range(0, 0, 0, 0),
            d.diagnostic.message,
            vscode.DiagnosticSeverity.Error,
          );
          diag.source = DIAGNOSTIC_SOURCE;
          diag.code = d.diagnostic.code;
          const file = vscode.Uri.file(d.path);
          diagnostics.set(file, [...(diagnostics.get(file) ?? []), diag]);
        }
        // The whole error in the output (a toast cuts it), and on the profile field behind it.
        logs.appendLine(`Launch of ${spec.name} failed (${result.kind}): ${result.message}`);
        for (const line of result.tail) logs.appendLine(`  ${line}`);
        const profileDoc = await vscode.workspace.openTextDocument(uri);
        const at = profileFieldSpan(profileDoc.getText(), result.kind);
        const onProfile = new vscode.Diagnostic(
          new vscode.Range(profileDoc.positionAt(at.start), profileDoc.positionAt(at.end)),
          `Launch failed${at.field ? ` (see "${at.field}")` : ''}: ${result.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        onProfile.source = DIAGNOSTIC_SOURCE;
        onProfile.code = LAUNCH_FAILED_CODE;
        diagnostics.set(uri, [...(diagnostics.get(uri) ?? []), onProfile]);
        void vscode.window
          .showErrorMessage(`Launch failed: ${result.message.split('\n')[0]}`, 'Show Output')
          .then((choice) => choice === 'Show Output' && logs.show(true));
        return { ok: false, message: result.message };
      },
    );
  };

  /** The profile changed since its container started: say what, and offer to restart it with the new spec. */
  const offerRestart = async (uri: vscode.Uri, args: LaunchArgs, changes: string[]) => {
    for (const c of changes) logs.appendLine(`changed since the container started: ${c}`);
    const choice = await vscode.window.showWarningMessage(
      `The profile changed since its container started (${changes.join('; ')}).`,
      'Restart',
    );
    if (choice === 'Restart') await launch({ ...args, profile: uri.fsPath, recreate: true });
  };

  const stopOne = async (node?: ContainerNode | StatusEntry | { profile: string }) => {
    if (node && 'kind' in node && node.kind === 'build') {
      const line = await stopAndRemove(runtime(), { kind: 'build', container: node.entry });
      logs.appendLine(line);
      tree.refresh();
      return [];
    }
    const byProfile = node && 'profile' in node ? node.profile : undefined;
    const entry =
      !node || 'profile' in node
        ? undefined
        : 'kind' in node
          ? node.kind === 'container'
            ? node.entry
            : node.kind === 'gpu' || node.kind === 'project'
              ? undefined
              : node.container
          : node;
    const targets = entry
      ? [entry]
      : await listOurs(runtime(), {
          workspace: workspace() ?? '',
          ...(byProfile ? { profilePath: byProfile } : {}),
        });
    const results: StopResult[] = [];
    if (targets.length === 0)
      return void vscode.window.showInformationMessage('No Triton container of this workspace.');
    for (const c of targets) {
      const r = await stop(runtime(), c.id, undefined, undefined);
      results.push(r);
      const how =
        r.outcome === 'terminated'
          ? 'stopped by SIGTERM'
          : r.outcome === 'killed'
            ? 'killed after the grace period'
            : 'was not running';
      logs.appendLine(`${r.name}: ${how} (exit code ${r.exitCode ?? '?'}); removed`);
      void vscode.window.showInformationMessage(`${r.name}: ${how}`);
    }
    await state.sync();
    return results;
  };

  const sendTestRequest = async (arg?: TestRequestArgs | ContainerNode) => {
    const node = arg && 'kind' in arg ? arg : undefined;
    const given =
      node && node.kind !== 'gpu' && node.kind !== 'build' && node.kind !== 'project'
        ? node.kind === 'container'
          ? node.entry
          : node.container
        : undefined;
    return sendTestRequestCommand(
      {
        containers: () => status(runtime(), { workspace: workspace() ?? '' }),
        logs,
        memory: context.workspaceState,
      },
      arg && !('kind' in arg) ? arg : {},
      given,
    );
  };

  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      if (!vscode.workspace.isTrusted)
        return void vscode.window.showWarningMessage('Triton containers need a trusted workspace.');
      try {
        return await fn(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    };

  context.subscriptions.push(
    vscode.commands.registerCommand('tritonToolkit.launch', guarded(launch)),
    vscode.commands.registerCommand('tritonToolkit.stop', guarded(stopOne)),
    vscode.commands.registerCommand(
      'tritonToolkit.stopAll',
      guarded(async () => {
        const results = await down(runtime(), { workspace: workspace() ?? '' });
        logs.appendLine(`stopped ${results.length} container(s)`);
        await state.sync();
      }),
    ),
    // The container's context menu (view/item/context in package.json).
    vscode.commands.registerCommand('tritonToolkit.copyUrl', async (node?: ContainerNode) => {
      const e = entryOf(node);
      if (!e?.url) return;
      await vscode.env.clipboard.writeText(e.url);
      void vscode.window.showInformationMessage(`Copied ${e.url}`);
    }),
    vscode.commands.registerCommand('tritonToolkit.openMetrics', async (node?: ContainerNode) => {
      const e = entryOf(node);
      const profile = e?.labels[LABEL_PROFILE];
      const load = profile ? await loadProfileFile(profile) : undefined;
      if (!e?.url || !load?.ok) return;
      const metrics = new URL(e.url);
      metrics.port = String(load.loaded.profile.ports.metrics);
      metrics.pathname = '/metrics';
      await vscode.env.openExternal(vscode.Uri.parse(metrics.toString()));
    }),
    vscode.commands.registerCommand('tritonToolkit.openProfile', async (node?: ContainerNode) => {
      const profile = entryOf(node)?.labels[LABEL_PROFILE];
      if (profile) await vscode.window.showTextDocument(vscode.Uri.file(profile));
    }),
    vscode.commands.registerCommand(
      'tritonToolkit.restart',
      guarded(async (node?: ContainerNode) => {
        const e = entryOf(node);
        const profile = e?.labels[LABEL_PROFILE];
        if (!e || !profile) return undefined;
        await stopOne(e);
        return launch({ profile });
      }),
    ),
    vscode.commands.registerCommand('tritonToolkit.sendTestRequest', guarded(sendTestRequest)),
    vscode.commands.registerCommand('tritonToolkit.showLogs', () => logs.show()),
    vscode.commands.registerCommand('tritonToolkit.refreshContainers', () => tree.refresh()),
  );
  const snapshot = async (node?: ContainerNode): Promise<ContainerViewItem[]> =>
    Promise.all(
      (await tree.getChildren(node)).map(async (child) => {
        const item = tree.getTreeItem(child);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        const description = typeof item.description === 'string' ? item.description : '';
        return { label, description, children: await snapshot(child) };
      }),
    );
  const findOrphansNow = () =>
    offerOrphans(
      runtime(),
      workspace(),
      (l) => logs.appendLine(l),
      () => tree.refresh(),
    );
  // At start-up, once activation is done (the Docker bundle loads then, not during activation).
  const startup = setTimeout(() => void findOrphansNow(), 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(startup) });
  return {
    snapshot: () => snapshot(),
    findOrphans: findOrphansNow,
    statusBar: async () => {
      await state.sync();
      return state.barShown();
    },
  };
}
