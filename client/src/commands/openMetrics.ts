// "Triton: Open Metrics" (a container's context menu): Triton's Prometheus endpoint, on the metrics port
// of the container's profile.
import * as vscode from 'vscode';
import { loadProfileFile } from '../../../server/src/deploy/launch';
import { LABEL_PROFILE } from '../../../server/src/deploy/spec';
import { entryOf } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { command } from './command';

export default command(
  'tritonToolkit.openMetrics',
  async (_services, node?: ContainerNode) => {
    const e = entryOf(node);
    const profile = e?.labels[LABEL_PROFILE];
    const load = profile ? await loadProfileFile(profile) : undefined;
    if (!e?.url || !load?.ok) return undefined;
    const metrics = new URL(e.url);
    metrics.port = String(load.loaded.profile.ports.metrics);
    metrics.pathname = '/metrics';
    await vscode.env.openExternal(vscode.Uri.parse(metrics.toString()));
    return metrics.toString();
  },
  { trusted: true },
);
