// What "New Model Repository from Image" (client/src/commands/newRepositoryFromImage.ts) asks: the layout
// among those the image has, and the folder to create.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FoundLayout } from '../../../server/src/core/templates/imageLayouts';
import { chooseLayout } from '../../../server/src/core/templates/imageLayouts';
import type * as FromImage from '../../../server/src/fromImage/index';

/** Arguments for callers that are not a person (tests): they replace the input box and the pickers. */
export interface NewFromImageArgs {
  image?: string;
  /** inflight_batcher_llm or llmapi. */
  layout?: string;
  /** The directory to create (missing or empty). */
  target?: string;
}

export type NewFromImageOutcome =
  | {
      ok: true;
      target: string;
      layout: string;
      /** Relative to the target. */
      files: string[];
      valuesFile: string;
      mainFile: string;
      /** The files opened in editors, in order. */
      opened: string[];
    }
  | { ok: false; message: string };

/** The requested layout, the only one, or the user's pick; a string says why none fits. */
export async function pickLayout(
  found: readonly FoundLayout[],
  requested: string | undefined,
): Promise<FoundLayout | string | undefined> {
  if (requested !== undefined || found.length === 1) {
    const choice = chooseLayout(found, requested);
    return choice.ok ? choice.found : choice.message;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({
      label: f.layout.label,
      detail: f.layout.description,
      description: f.models.join(', '),
      f,
    })),
    { title: 'Which templates?', placeHolder: 'The image has these template layouts', ignoreFocusOut: true },
  );
  return picked?.f;
}

/** A folder: the one picked if it is empty, else a new folder inside it. */
export async function pickTarget(fromImage: typeof FromImage): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Folder for the new model repository',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Create Repository Here',
    ...(vscode.workspace.workspaceFolders?.[0]
      ? { defaultUri: vscode.workspace.workspaceFolders[0].uri }
      : {}),
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const isEmpty = await fromImage.assertEmptyTarget(folder).then(
    () => true,
    () => false,
  );
  if (isEmpty) return folder;
  const name = await vscode.window.showInputBox({
    title: `${folder} is not empty: name a new folder inside it`,
    value: 'model_repository',
    ignoreFocusOut: true,
    validateInput: async (v) =>
      !v.trim() || /[\\/]/.test(v)
        ? 'A folder name'
        : await fromImage.assertEmptyTarget(path.join(folder, v)).then(
            () => undefined,
            (e: Error) => e.message,
          ),
  });
  return name ? path.join(folder, name.trim()) : undefined;
}
