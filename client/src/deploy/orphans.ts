// Nothing hidden in VS Code: engine-build containers in the Triton Containers view (running or exited,
// with their profile and age), and, at start-up, the containers an earlier session left (a build whose
// process is gone, a build or Triton container that exited) offered for Stop or Remove.
import { basename, sep } from 'node:path';
import * as vscode from 'vscode';
import { findOrphans, listBuildContainers } from '../../../server/src/build/recovery';
import type { BuildContainerEntry, Orphan } from '../../../server/src/build/recovery';
import { stop } from '../../../server/src/deploy/deploy';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';

/** The build containers of the workspace: their profile is inside it (builds are labelled by profile). */
export async function workspaceBuilds(
  runtime: ContainerRuntime,
  workspace: string | undefined,
): Promise<BuildContainerEntry[]> {
  if (!workspace) return [];
  const all = await listBuildContainers(runtime, {});
  return all.filter((b) => b.profile.startsWith(workspace + sep));
}

export function buildTreeItem(b: BuildContainerEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(b.name);
  item.id = b.id;
  const age = b.age ? (b.state === 'running' ? ` for ${b.age}` : `, created ${b.age} ago`) : '';
  item.description = `build ${b.state}${age} · ${basename(b.profile)}`;
  item.tooltip = `Engine build of ${b.profile}\n${b.image}\n${b.status}`;
  item.contextValue = 'tritonBuild';
  item.iconPath = new vscode.ThemeIcon(b.state === 'running' ? 'tools' : 'debug-disconnect');
  return item;
}

/** Stops (a running one) and removes a container of ours: a Triton container gracefully, a build at once. */
export async function stopAndRemove(runtime: ContainerRuntime, o: Orphan): Promise<string> {
  if (o.kind === 'triton') {
    const r = await stop(runtime, o.container.id, undefined, undefined);
    return `${r.name}: ${r.outcome === 'not-running' ? 'removed' : 'stopped and removed'}`;
  }
  // A build has nothing to drain: forced removal kills it and frees the GPUs.
  await runtime.remove(o.container.id);
  return `${o.container.name}: ${o.container.state === 'running' ? 'stopped and removed' : 'removed'}`;
}

const describe = (o: Orphan) =>
  `${o.container.name} (${o.kind === 'build' ? 'engine build' : 'Triton'}, ${o.container.state}` +
  `${o.container.age ? `, ${o.container.age}` : ''})`;

/**
 * Looks for what an earlier session left and, if anything, says so with Stop (the running ones) and Remove
 * (the exited ones). Resolves with the orphans found (for tests); never throws (no engine: nothing found).
 */
export async function offerOrphans(
  runtime: ContainerRuntime,
  workspace: string | undefined,
  log: (line: string) => void,
  refresh: () => void,
): Promise<Orphan[]> {
  let orphans: Orphan[];
  try {
    orphans = workspace ? await findOrphans(runtime, (profile) => profile.startsWith(workspace + sep)) : [];
  } catch {
    return []; // no Docker engine: nothing to show
  }
  if (orphans.length === 0) return orphans;
  const running = orphans.filter((o) => o.container.state === 'running');
  const exited = orphans.filter((o) => o.container.state !== 'running');
  for (const o of orphans) log(`left by an earlier session: ${describe(o)}`);
  const actions = [...(running.length ? ['Stop'] : []), ...(exited.length ? ['Remove'] : [])];
  void vscode.window
    .showWarningMessage(`Left by an earlier session: ${orphans.map(describe).join('; ')}`, ...actions)
    .then(async (choice) => {
      const targets = choice === 'Stop' ? running : choice === 'Remove' ? exited : [];
      for (const o of targets) log(await stopAndRemove(runtime, o).catch((e: Error) => e.message));
      refresh();
    });
  return orphans;
}
