// One command of the extension, as vscode-buf's src/commands/command.ts: its id (declared in package.json's
// contributes.commands; test/package/commands.test.ts keeps both in step, one file per command here) and its
// handler, which receives the shared services. registerCommand() wraps every handler the same way: a
// command that needs a trusted workspace says so instead of running, and an error becomes a message naming
// the command while the whole error (stack included) goes to the "Triton Toolkit" output. The handler's
// result is returned, for callers that are not a person (tests).
import * as vscode from 'vscode';
import type { Services } from './services';

export interface Command {
  /** `tritonToolkit.<name>`; its file is client/src/commands/<name>.ts. */
  readonly id: string;
  /** Needs a trusted workspace: it runs containers of an image a profile names, or mounts host paths. */
  readonly trusted: boolean;
  /** VS Code passes whatever the caller gave (a Uri, a view node, an object from a test). */
  readonly run: (services: Services, ...args: unknown[]) => unknown;
}

export function command<A extends unknown[]>(
  id: string,
  run: (services: Services, ...args: A) => unknown,
  options: { trusted?: boolean } = {},
): Command {
  // Each handler checks the shape of its own arguments (they come from menus, the palette or tests).
  return {
    id,
    trusted: options.trusted ?? false,
    run: run as (services: Services, ...args: unknown[]) => unknown,
  };
}

/** "Triton: Launch": the category and title package.json gives the command (its id when it has none). */
export function commandTitle(context: vscode.ExtensionContext, id: string): string {
  const manifest = context.extension.packageJSON as {
    contributes?: { commands?: { command: string; title: string; category?: string }[] };
  };
  const declared = manifest.contributes?.commands?.find((c) => c.command === id);
  if (!declared) return id;
  return declared.category ? `${declared.category}: ${declared.title}` : declared.title;
}

export function registerCommand(services: Services, cmd: Command): vscode.Disposable {
  return vscode.commands.registerCommand(cmd.id, async (...args: unknown[]) => {
    const title = commandTitle(services.context, cmd.id);
    if (cmd.trusted && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`${title} needs a trusted workspace.`);
      return undefined;
    }
    try {
      return await cmd.run(services, ...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      services.output.error(`${title} failed: ${e instanceof Error ? (e.stack ?? message) : message}`);
      // Not awaited: a caller waiting on the command must not wait on a notification.
      void vscode.window
        .showErrorMessage(`${title} failed: ${message.split('\n')[0]}`, 'Show Output')
        .then((choice) => choice && services.output.show(true));
      return undefined;
    }
  });
}
