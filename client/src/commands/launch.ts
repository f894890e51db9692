// "Triton: Launch": a deployment profile's container, over server/src/deploy (the code `triton-repo up`
// runs). Refuses a repository Triton could not load (an unrendered template above all: Triton must never
// start on text it cannot parse); a failed launch writes the whole error to the output and puts it on the
// profile field behind it; a running container whose profile changed is offered a Restart.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { up } from '../../../server/src/deploy/deploy';
import {
  checkRepository,
  countErrors,
  loadProfileFile,
  unrenderedMessage,
  unrenderedVariables,
} from '../../../server/src/deploy/launch';
import { LAUNCH_FAILED_CODE, profileFieldSpan } from '../../../server/src/deploy/launchFailure';
import { PROFILE_SUFFIX } from '../../../server/src/deploy/profile';
import { buildContainerSpec } from '../../../server/src/deploy/spec';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/deploy/tritonLog';
import type { Containers } from '../deploy/containers';
import { pickWorkspaceFile } from '../pickFile';
import { command } from './command';
import type { Services } from './services';

const SECRET_KEY = (name: string) => `tritonToolkit.secret.${name}`;

/** Launch arguments for callers that are not a person (tests): they replace the picker and the prompts. */
export interface LaunchArgs {
  /** Absolute path of the *.triton-deploy.json profile. */
  profile?: string;
  /** Values of the profile's secrets (otherwise from SecretStorage, or asked). */
  secrets?: Record<string, string>;
  /** Replace a running container of the profile whose spec differs (what the Restart button does). */
  recreate?: boolean;
}

export type LaunchOutcome =
  | { ok: true; id: string; name: string; url: string; existing?: boolean }
  | { ok: false; message: string; changes?: string[] };

export default command(
  'tritonToolkit.launch',
  (services: Services, arg?: vscode.Uri | LaunchArgs) => launch(services, arg),
  { trusted: true },
);

/** The profile's secrets: given, kept in SecretStorage, or asked (undefined when the user cancels). */
async function readSecrets(
  context: vscode.ExtensionContext,
  names: readonly string[],
  given: Record<string, string> | undefined,
): Promise<Record<string, string> | undefined> {
  const secrets: Record<string, string> = {};
  for (const name of names) {
    let value = given?.[name] ?? (await context.secrets.get(SECRET_KEY(name)));
    if (value === undefined) {
      value = await vscode.window.showInputBox({
        prompt: `Value of ${name} (kept in VS Code's secret storage)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      await context.secrets.store(SECRET_KEY(name), value);
    }
    secrets[name] = value;
  }
  return secrets;
}

export async function launch(
  services: Services,
  arg?: vscode.Uri | LaunchArgs,
): Promise<LaunchOutcome | undefined> {
  const containers = services.containers();
  const { logs, diagnostics, state } = containers;
  const args: LaunchArgs = arg && !(arg instanceof vscode.Uri) ? arg : {};
  const uri = args.profile
    ? vscode.Uri.file(args.profile)
    : arg instanceof vscode.Uri
      ? arg
      : await pickWorkspaceFile(PROFILE_SUFFIX, 'Deployment profile');
  if (!uri) return void vscode.window.showWarningMessage(`No *${PROFILE_SUFFIX} profile in the workspace.`);
  const load = await loadProfileFile(uri.fsPath);
  if (!load.ok) return void vscode.window.showErrorMessage(`Invalid profile: ${load.problems.join('; ')}`);
  const { loaded } = load;
  if (loaded.profile.replicas > 1)
    // Never one container for a profile that asks for several: the Compose project runs from the CLI.
    return void vscode.window.showErrorMessage(
      `${path.basename(loaded.path)} asks for ${loaded.profile.replicas} replicas behind nginx: start them with \`triton-repo up ${path.basename(loaded.path)}\` (a Compose project); the view then shows them.`,
    );
  const secrets = await readSecrets(services.context, loaded.profile.secrets, args.secrets);
  if (!secrets) return undefined;
  const report = await checkRepository(loaded);
  if (countErrors(report) > 0 || report.failures.length > 0) {
    const unrendered = unrenderedVariables(report);
    if (unrendered.size > 0) {
      // Never start Triton on text it cannot parse: the whole reason goes to the output, a way out on the toast.
      logs.appendLine(`Not launching: ${unrenderedMessage(loaded.repositoryPath, unrendered)}`);
      const choice = await vscode.window.showErrorMessage(
        `Not launching: ${path.basename(loaded.repositoryPath)} is a template that was never rendered (${[...unrendered.values()].flat().length} placeholders Triton cannot parse).`,
        'Render First',
        'Show Details',
      );
      if (choice === 'Render First')
        await vscode.commands.executeCommand('tritonToolkit.renderRepository', {
          repository: loaded.repositoryPath,
        });
      else if (choice === 'Show Details') logs.show(true);
      return undefined;
    }
    return void vscode.window.showErrorMessage(
      `Not launching: the model repository has ${countErrors(report)} error(s). See the Problems view.`,
    );
  }
  const spec = buildContainerSpec(loaded.profile, {
    profilePath: loaded.path,
    repositoryPath: loaded.repositoryPath,
    workspace: containers.workspace() ?? loaded.repositoryPath,
    secrets,
  });
  diagnostics.clear();
  logs.show(true);
  containers.showBar('starting');
  containers.launching.add(spec.name);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Launching ${spec.name}`, cancellable: true },
    async (progress, token): Promise<LaunchOutcome> => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const result = await up(containers.runtime(), spec, {
        readyTimeoutMs: loaded.profile.readyTimeoutSeconds * 1000,
        repositoryPath: loaded.repositoryPath,
        signal: controller.signal,
        keepFollowing: true,
        ...(args.recreate ? { recreate: true } : {}),
        onLog: (l) => logs.appendLine(`[${spec.name}] ${l.text}`),
        onProgress: (m) => progress.report({ message: m }),
      }).finally(() => containers.launching.delete(spec.name));
      if (result.ok) state.following(result.id, result.stopLogs);
      await state.sync();
      if (result.ok) {
        void vscode.window.showInformationMessage(
          `Triton is ready at ${result.url}${result.existing ? ' (it was already running)' : ''}`,
        );
        return {
          ok: true,
          id: result.id,
          name: result.name,
          url: result.url,
          ...(result.existing ? { existing: true } : {}),
        };
      }
      if (result.kind === 'spec-changed') {
        void offerRestart(services, uri, args, result.changes ?? []);
        return { ok: false, message: result.message, changes: result.changes ?? [] };
      }
      for (const d of result.diagnostics) {
        const diag = new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          d.diagnostic.message,
          vscode.DiagnosticSeverity.Error,
        );
        diag.source = DIAGNOSTIC_SOURCE;
        diag.code = d.diagnostic.code;
        const file = vscode.Uri.file(d.path);
        diagnostics.set(file, [...(diagnostics.get(file) ?? []), diag]);
      }
      await reportFailure(containers, uri, spec.name, { ...result, kind: result.kind });
      return { ok: false, message: result.message };
    },
  );
}

/** The whole error in the output (a toast cuts it), and on the profile field behind it. */
async function reportFailure(
  containers: Containers,
  uri: vscode.Uri,
  name: string,
  result: { kind: Parameters<typeof profileFieldSpan>[1]; message: string; tail: readonly string[] },
): Promise<void> {
  const { logs, diagnostics } = containers;
  logs.appendLine(`Launch of ${name} failed (${result.kind}): ${result.message}`);
  for (const line of result.tail) logs.appendLine(`  ${line}`);
  const profileDoc = await vscode.workspace.openTextDocument(uri);
  const at = profileFieldSpan(profileDoc.getText(), result.kind);
  const onProfile = new vscode.Diagnostic(
    new vscode.Range(profileDoc.positionAt(at.start), profileDoc.positionAt(at.end)),
    `Launch failed${at.field ? ` (see "${at.field}")` : ''}: ${result.message}`,
    vscode.DiagnosticSeverity.Error,
  );
  onProfile.source = DIAGNOSTIC_SOURCE;
  onProfile.code = LAUNCH_FAILED_CODE;
  diagnostics.set(uri, [...(diagnostics.get(uri) ?? []), onProfile]);
  void vscode.window
    .showErrorMessage(`Launch failed: ${result.message.split('\n')[0]}`, 'Show Output')
    .then((choice) => choice === 'Show Output' && logs.show(true));
}

/** The profile changed since its container started: say what, and offer to restart it with the new spec. */
async function offerRestart(services: Services, uri: vscode.Uri, args: LaunchArgs, changes: string[]) {
  const { logs } = services.containers();
  for (const c of changes) logs.appendLine(`changed since the container started: ${c}`);
  const choice = await vscode.window.showWarningMessage(
    `The profile changed since its container started (${changes.join('; ')}).`,
    'Restart',
  );
  if (choice === 'Restart') await launch(services, { ...args, profile: uri.fsPath, recreate: true });
}
