// "New Deployment Profile" / "New Build Profile": a profile from a template, beside the repository it
// serves, opened for editing. Never overwrites a file; the JSON schema (package.json jsonValidation) then
// completes and checks every field.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROFILE_SUFFIX } from '../../../server/src/deploy/profile';
import { BUILD_PROFILE_SUFFIX } from '../../../server/src/build/profile';

const IMAGE = 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3';

/** The profile's text: relative paths from the profile's folder. */
export function profileTemplate(kind: 'deploy' | 'build', repository: string, folder: string): string {
  const repo = path.relative(folder, repository) || '.';
  const profile =
    kind === 'deploy'
      ? { image: IMAGE, modelRepository: repo, gpus: 'all' }
      : {
          image: IMAGE,
          checkpointDir: 'hf/Llama-3.1-8B-Instruct',
          modelFamily: 'llama',
          outputDir: 'engines/llama-8b',
          modelRepository: repo,
        };
  return JSON.stringify(profile, null, 2) + '\n';
}

/**
 * Where the user's model repositories are: folders holding a model directory (one with config.pbtxt),
 * not inside a hidden folder (a render's version store `.<out>.triton-repo/` holds copies of repositories).
 */
async function repositories(): Promise<string[]> {
  const configs = await vscode.workspace.findFiles('**/config.pbtxt', '**/{node_modules,.*}/**', 200);
  const found = [...new Set(configs.map((c) => path.dirname(path.dirname(c.fsPath))))].sort();
  // A workspace folder is a "repository" only through a loose config in a sub-folder: least likely, last.
  const isFolder = (r: string) => vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === r) ?? false;
  return [...found.filter((r) => !isFolder(r)), ...found.filter(isFolder)];
}

/** A repository as the picker shows it: relative to the workspace, the folder itself by its name. */
function repositoryLabel(repository: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(repository));
  if (folder && folder.uri.fsPath === repository) return `${folder.name} (the workspace folder)`;
  return vscode.workspace.asRelativePath(repository, false);
}

export async function newProfile(
  kind: 'deploy' | 'build',
  args: { repository?: string; name?: string } = {},
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder)
    return void vscode.window.showWarningMessage('Open a folder first: profiles live in the workspace.');
  const found = await repositories();
  const repository =
    args.repository ??
    (found.length <= 1
      ? (found[0] ?? path.join(folder, 'model_repository'))
      : (
          await vscode.window.showQuickPick(
            found.map((r) => ({ label: repositoryLabel(r), r })),
            { placeHolder: 'Model repository the profile serves' },
          )
        )?.r);
  if (!repository) return undefined;
  const suffix = kind === 'deploy' ? PROFILE_SUFFIX : BUILD_PROFILE_SUFFIX;
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: kind === 'deploy' ? 'New deployment profile' : 'New build profile',
      prompt: `File name (${suffix} is added)`,
      value: kind === 'deploy' ? 'local' : 'engine',
      validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, ".", "-" and "_" only'),
    }));
  if (!name) return undefined;
  const dir = path.dirname(repository);
  const uri = vscode.Uri.file(path.join(dir, name + suffix));
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri, false)} exists: not overwritten.`,
    );
    await vscode.window.showTextDocument(uri);
    return uri;
  } catch {
    // absent: create it
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(profileTemplate(kind, repository, dir), 'utf8'));
  await vscode.window.showTextDocument(uri);
  return uri;
}
