// "Triton: Copy URL" (a container's context menu): Triton's HTTP endpoint, to the clipboard.
import * as vscode from 'vscode';
import { entryOf } from '../deploy/containerTree';
import type { ContainerNode } from '../deploy/containerTree';
import { command } from './command';

export default command(
  'tritonToolkit.copyUrl',
  async (_services, node?: ContainerNode) => {
    const e = entryOf(node);
    if (!e?.url) return undefined;
    await vscode.env.clipboard.writeText(e.url);
    void vscode.window.showInformationMessage(`Copied ${e.url}`);
    return e.url;
  },
  { trusted: true },
);
