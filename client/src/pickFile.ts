// The workspace's files with a suffix (profiles): the one there is, or the one the user picks.
import * as vscode from 'vscode';

export async function pickWorkspaceFile(
  suffix: string,
  placeHolder: string,
): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(`**/*${suffix}`, '**/node_modules/**');
  if (found.length <= 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder },
  );
  return picked?.uri;
}
