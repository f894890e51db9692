// "Triton: Render Model Repository": the language server renders the template repository (the core
// computes, the writer stages and renames); this command proposes an output folder beside the repository,
// asks before writing (and before overwriting files edited since the last render), and offers Reveal / Open.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RENDER_REPOSITORY } from '../../../server/src/lsp/protocol';
import type { RenderRepositoryParams, RenderRepositoryResult } from '../../../server/src/lsp/protocol';
import { command } from './command';
import type { Services } from './services';

/** Arguments for callers that are not a person (tests, other extensions): answers replace the dialogs. */
export interface RenderArgs {
  repository?: string;
  out?: string;
  /** Answers to the confirmation dialogs, in order ('Write', 'Overwrite', 'Write Anyway', 'Cancel'). */
  answers?: string[];
}

export default command('tritonToolkit.renderRepository', (services: Services, args?: RenderArgs) =>
  renderRepository(services, args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {}),
);

async function ask(
  args: RenderArgs,
  message: string,
  detail: string,
  ...buttons: string[]
): Promise<string | undefined> {
  if (args.answers) return args.answers.shift();
  // A warning only when something would be lost or not load; a plain write is a question.
  const show = buttons.includes('Write')
    ? vscode.window.showInformationMessage
    : vscode.window.showWarningMessage;
  return show(message, { modal: true, detail }, ...buttons);
}

async function pickFolder(title: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    title,
  });
  return picked?.[0]?.fsPath;
}

/** The repository of the active config.pbtxt (the directory above its model directory). */
function activeRepository(): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  return file && path.basename(file.fsPath) === 'config.pbtxt'
    ? path.dirname(path.dirname(file.fsPath))
    : undefined;
}

async function renderRepository(
  services: Services,
  args: RenderArgs,
): Promise<RenderRepositoryResult | undefined> {
  const { output, server } = services;
  const repository =
    args.repository ?? activeRepository() ?? (await pickFolder('Template model repository to render'));
  if (!repository) return undefined;
  // Beside the repository, never inside it (the template's own folders are not an output).
  const out =
    args.out ??
    (await vscode.window.showInputBox({
      title: 'Output folder for the rendered repository',
      prompt:
        'A new folder beside the template repository; files edited since the last render are kept unless you agree.',
      value: `${repository.replace(/[\\/]+$/, '')}-rendered`,
      ignoreFocusOut: true,
    }));
  if (!out) return undefined;
  const request = (params: Partial<RenderRepositoryParams>): Promise<RenderRepositoryResult> =>
    server.sendRequest<RenderRepositoryResult>(RENDER_REPOSITORY, {
      repository,
      out,
      write: false,
      ...params,
    });

  const plan = await request({});
  for (const m of plan.messages) output.info(m);
  if (plan.refused) {
    // The output overlaps the templates, or is not a render output: nothing to ask, no way around it.
    void vscode.window.showErrorMessage(`Nothing written: ${plan.refused}.`);
    return plan;
  }
  const count = (s: string) => plan.files.filter((f) => f.status === s).length;
  const removed = count('removed') > 0 ? `, ${count('removed')} removed` : '';
  const summary = `${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged${removed}`;
  let force = false;
  if (plan.errors > 0) {
    const answer = await ask(
      args,
      `The rendered repository would not load: ${plan.errors} error(s).`,
      `${plan.messages.slice(0, 10).join('\n')}\n\nSee the Triton Toolkit output for all of them.`,
      'Write Anyway',
    );
    if (answer !== 'Write Anyway') return { ...plan, refused: 'cancelled: the render has errors' };
    force = true;
  }
  const edited = plan.files.filter((f) => f.edited).map((f) => f.path);
  const detail =
    edited.length > 0
      ? `${summary}.\n\nEdited since the last render, and overwritten if you go on:\n${edited.join('\n')}`
      : `${summary}.`;
  const answer = await ask(
    args,
    `Render ${path.basename(repository)} into ${vscode.workspace.asRelativePath(out, false)}?`,
    detail,
    edited.length > 0 ? 'Overwrite' : 'Write',
  );
  if (answer !== 'Write' && answer !== 'Overwrite') return { ...plan, refused: 'cancelled' };
  const result = await request({ write: true, overwriteEdited: answer === 'Overwrite', force });
  if (result.written) {
    const values = result.valuesFile
      ? ` with ${vscode.workspace.asRelativePath(result.valuesFile, false)}`
      : '';
    void vscode.window
      .showInformationMessage(
        `Rendered ${path.basename(repository)} into ${vscode.workspace.asRelativePath(out, false)}${values} (${summary}).`,
        'Reveal in Explorer',
        'Open Folder',
      )
      .then(async (choice) => {
        const uri = vscode.Uri.file(out);
        if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', uri);
        else if (choice === 'Open Folder')
          await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
      });
  } else void vscode.window.showErrorMessage(`Nothing written: ${result.refused ?? 'refused'}.`);
  return result;
}
