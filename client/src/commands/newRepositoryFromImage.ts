// "Triton: New Model Repository from Image": copies the TensorRT-LLM backend's templates out of an image
// (server/src/fromImage, the code `triton-repo new` runs), lets the user choose the layout among those the
// image has and the folder, then opens the values file and the main config. Trusted workspaces only: it
// creates a container of an image the user names. It does not need the language server.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as FromImage from '../../../server/src/fromImage/index';
import { loadBundle } from '../deploy/dockerRuntime';
import { pickLayout, pickTarget } from '../templates/newFromImage';
import type { NewFromImageArgs, NewFromImageOutcome } from '../templates/newFromImage';
import { command } from './command';
import type { Services } from './services';

const LAST_IMAGE_KEY = 'tritonToolkit.lastTemplateImage';

export default command(
  'tritonToolkit.newRepositoryFromImage',
  (services: Services, arg?: NewFromImageArgs) =>
    newFromImage(services, arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {}),
  { trusted: true },
);

async function newFromImage(
  services: Services,
  args: NewFromImageArgs,
): Promise<NewFromImageOutcome | undefined> {
  const { context, output } = services;
  const image =
    args.image ??
    (await vscode.window.showInputBox({
      title: 'New Model Repository from Image',
      prompt:
        'The Triton TensorRT-LLM image whose backend templates to copy (it must be on this host; it is not run)',
      value: services.settings().templateImage || context.globalState.get<string>(LAST_IMAGE_KEY) || '',
      placeHolder: 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Name an image'),
    }));
  if (!image?.trim()) return undefined;
  await context.globalState.update(LAST_IMAGE_KEY, image.trim());

  const fromImage = loadBundle<typeof FromImage>(context.asAbsolutePath('dist/from-image.js'));
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
      { location: vscode.ProgressLocation.Notification, title: `Templates from ${image}`, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return fromImage.copyTemplatesFromImage(services.runtime(), image.trim(), {
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
}
