// "Triton: New Model Repository from Image": copies the TensorRT-LLM backend's templates out of an image
// (server/src/fromImage, the code `triton-repo new` runs), lets the user choose the layout among those the
// image has and the folder, then opens the values file and the main config. Trusted workspaces only: it
// creates a container of an image the user names.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FoundLayout } from '../../../server/src/core/templates/imageLayouts';
import { chooseLayout } from '../../../server/src/core/templates/imageLayouts';
import { lazyDockerRuntime } from '../deploy/dockerRuntime';
import type * as FromImage from '../../../server/src/fromImage/index';

export const NEW_FROM_IMAGE_COMMAND = 'tritonToolkit.newRepositoryFromImage';
const LAST_IMAGE_KEY = 'tritonToolkit.lastTemplateImage';

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

function load<T>(bundle: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load by design
  return require(bundle) as T;
}

export function registerNewFromImage(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  defaultImage: () => string,
): void {
  const run = async (arg?: NewFromImageArgs): Promise<NewFromImageOutcome | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('New Model Repository from Image needs a trusted workspace.');
      return undefined;
    }
    const args: NewFromImageArgs = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {};
    const image =
      args.image ??
      (await vscode.window.showInputBox({
        title: 'New Model Repository from Image',
        prompt:
          'The Triton TensorRT-LLM image whose backend templates to copy (it must be on this host; it is not run)',
        value: defaultImage() || context.globalState.get<string>(LAST_IMAGE_KEY) || '',
        placeHolder: 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Name an image'),
      }));
    if (!image?.trim()) return undefined;
    await context.globalState.update(LAST_IMAGE_KEY, image.trim());

    const fromImage = load<typeof FromImage>(context.asAbsolutePath('dist/from-image.js'));
    const runtime = lazyDockerRuntime(context)();
    const fail = (message: string): NewFromImageOutcome => {
      output.error(message);
      // Not awaited: a test waiting on the outcome must not wait on a notification.
      void vscode.window
        .showErrorMessage(message.split('\n')[0]!, 'Show Details')
        .then((a) => a && output.show());
      return { ok: false, message };
    };

    let copy: FromImage.CopiedTemplates | undefined;
    try {
      if (args.target) await fromImage.assertEmptyTarget(args.target);
      copy = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Templates from ${image}`,
          cancellable: true,
        },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return fromImage.copyTemplatesFromImage(runtime, image.trim(), {
            // Beside the target when it is known, so that the final move is a rename.
            stagingParent: args.target ? path.dirname(args.target) : os.tmpdir(),
            workspace: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '',
            signal: controller.signal,
            onProgress: (message) => {
              output.info(message);
              progress.report({ message });
            },
          });
        },
      );
      const found = await pickLayout(copy.layouts, args.layout);
      if (typeof found === 'string') return fail(`${image}: ${found}`);
      if (!found) return undefined;
      const target = args.target ?? (await pickTarget(fromImage));
      if (!target) return undefined;
      const made = await fromImage.installLayout(copy, found, target);
      output.info(`new repository ${made.target} (${made.layout}) from ${image}:${made.source}`);
      const opened: string[] = [];
      for (const [file, column] of [
        [made.valuesFile, vscode.ViewColumn.One],
        [made.mainFile, vscode.ViewColumn.Beside],
      ] as const) {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, viewColumn: column });
        opened.push(file);
      }
      void vscode.window.showInformationMessage(
        `New ${made.layout} repository in ${made.target}: fill ${path.basename(made.valuesFile)}, then render it.`,
      );
      return {
        ok: true,
        target: made.target,
        layout: made.layout,
        files: made.files,
        valuesFile: made.valuesFile,
        mainFile: made.mainFile,
        opened,
      };
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    } finally {
      await copy?.dispose();
    }
  };
  context.subscriptions.push(vscode.commands.registerCommand(NEW_FROM_IMAGE_COMMAND, run));
}

/** The requested layout, the only one, or the user's pick; a string says why none fits. */
async function pickLayout(
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
async function pickTarget(fromImage: typeof FromImage): Promise<string | undefined> {
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
