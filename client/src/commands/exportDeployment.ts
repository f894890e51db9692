// "Triton: Export Deployment…": Compose, Kustomize or KServe files from a deployment profile, written into
// a chosen folder by the code `triton-repo export` runs (server/src/deploy/exportDeployment.ts), then the
// main file opened. Files edited since the last export are overwritten only when the user says so.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_TARGETS, exportDeployment, exporters } from '../../../server/src/deploy/exportDeployment';
import { PROFILE_SUFFIX } from '../../../server/src/deploy/profile';
import { pickWorkspaceFile } from '../pickFile';
import { command } from './command';
import type { ExportRun, ExportTarget } from '../../../server/src/deploy/exportDeployment';

const TARGETS = EXPORT_TARGETS.map((target) => ({
  target,
  label: exporters[target].label,
  detail: exporters[target].detail,
}));

/** Arguments that skip the pickers (tests, other commands). */
export interface ExportDeploymentArgs {
  profile?: string;
  target?: ExportTarget;
  out?: string;
  /** Overwrite edited files without asking. */
  force?: boolean;
}

export default command('tritonToolkit.exportDeployment', (_services, args?: ExportDeploymentArgs) =>
  exportDeploymentCommand(args ?? {}),
);

async function exportDeploymentCommand(args: ExportDeploymentArgs): Promise<ExportRun | undefined> {
  const active = vscode.window.activeTextEditor?.document.fileName;
  const profile =
    args.profile ??
    (active?.endsWith(PROFILE_SUFFIX)
      ? active
      : (await pickWorkspaceFile(PROFILE_SUFFIX, 'The deployment profile to export'))?.fsPath);
  if (!profile) {
    void vscode.window.showErrorMessage(`Export Deployment needs a deployment profile (*${PROFILE_SUFFIX}).`);
    return undefined;
  }
  const target =
    args.target ?? (await vscode.window.showQuickPick(TARGETS, { placeHolder: 'What to export' }))?.target;
  if (!target) return undefined;
  if (!EXPORT_TARGETS.includes(target)) {
    // Only from another command's arguments: the picker offers the registry's targets.
    void vscode.window.showErrorMessage(`No export "${String(target)}": ${EXPORT_TARGETS.join(', ')}.`);
    return undefined;
  }
  const out =
    args.out ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Export Here',
        defaultUri: vscode.Uri.file(path.dirname(profile)),
      })
    )?.[0]?.fsPath;
  if (!out) return undefined;
  // The Compose labels name the workspace the profile is in, as `triton-repo up` run there would.
  const workspace =
    vscode.workspace.getWorkspaceFolder(vscode.Uri.file(profile))?.uri.fsPath ?? path.dirname(profile);
  let run = await exportDeployment(profile, target, out, { force: args.force === true, workspace });
  if (run.status === 'refused') {
    const list = run.refused.map((r) => `${path.basename(r.path)} (${r.reason})`).join(', ');
    const answer = await vscode.window.showWarningMessage(`Overwrite ${list}?`, { modal: true }, 'Overwrite');
    if (answer !== 'Overwrite') return run;
    run = await exportDeployment(profile, target, out, { force: true, workspace });
  }
  if (run.status === 'profile') {
    const first = run.issues[0];
    const field = first && first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
    void vscode.window.showErrorMessage(
      `${path.basename(run.path)}: ${field}${first?.message ?? 'cannot be exported'}`,
    );
    await vscode.window.showTextDocument(vscode.Uri.file(run.path));
  } else if (run.status === 'invalid') {
    const p = run.fileProblems[0]!;
    const first = p.problems[0];
    void vscode.window.showErrorMessage(
      `The generated ${p.path} fails its checks (${first?.path ? `${first.path}: ` : ''}${first?.message}); nothing was written.`,
    );
  } else if (run.status === 'written') {
    await vscode.window.showTextDocument(vscode.Uri.file(run.main));
    for (const note of run.notes) void vscode.window.showInformationMessage(note);
  }
  return run;
}
