// "Triton: Open Profile" (a container's context menu): the deployment profile the container was launched from.
import * as vscode from 'vscode';
import { LABEL_PROFILE } from '../../../server/src/deploy/spec';
import { entryOf } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { command } from './command';

export default command('tritonToolkit.openProfile', async (_services, node?: ContainerNode) => {
  const profile = entryOf(node)?.labels[LABEL_PROFILE];
  if (profile) await vscode.window.showTextDocument(vscode.Uri.file(profile));
});
