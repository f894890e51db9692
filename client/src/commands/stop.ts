// "Triton: Stop": a container of the view (Triton's gracefully, a build's at once), a profile's
// containers, or every Triton container of the workspace; each is stopped and removed.
import * as vscode from 'vscode';
import { listOurs, stop } from '../../../server/src/deploy/deploy';
import type { StatusEntry, StopResult } from '../../../server/src/deploy/deploy';
import { entryOf, isContainerNode } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { stopAndRemove } from '../deploy/orphans';
import { command } from './command';
import type { Services } from './services';

/** A view node, a container the engine reported, or (tests) the profile whose containers to stop. */
export type StopTarget = ContainerNode | StatusEntry | { profile: string };

export default command(
  'tritonToolkit.stop',
  (services: Services, target?: StopTarget) => stopContainers(services, target),
  {
    trusted: true,
  },
);

export async function stopContainers(
  services: Services,
  target?: StopTarget,
): Promise<StopResult[] | undefined> {
  const { runtime, logs, tree, state, workspace } = services.containers();
  if (isContainerNode(target) && target.kind === 'build') {
    logs.appendLine(await stopAndRemove(runtime(), { kind: 'build', container: target.entry }));
    tree.refresh();
    return [];
  }
  const entry =
    !target || 'profile' in target ? undefined : isContainerNode(target) ? entryOf(target) : target;
  const byProfile = target && 'profile' in target ? target.profile : undefined;
  const targets = entry
    ? [entry]
    : await listOurs(runtime(), {
        workspace: workspace() ?? '',
        ...(byProfile ? { profilePath: byProfile } : {}),
      });
  if (targets.length === 0)
    return void vscode.window.showInformationMessage('No Triton container of this workspace.');
  const results: StopResult[] = [];
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
}
