// "Build Engine" in VS Code: a task of type `triton-build` (one per *.triton-build.json profile, or
// declared in tasks.json) whose custom execution runs server/src/build (the code `triton-repo build` runs)
// over the Docker runtime. Its terminal shows the tools' output and ends with compiler-style problem lines,
// which the `$triton-build` problem matcher puts in the Problems view: a failed step at the profile field
// it points at, profile warnings, and the repository's config.pbtxt files at odds with the new engine.
// A progress notification follows the steps; cancelling it, or terminating the task, stops the container
// and leaves the output directory as it was (runBuild builds into a temporary directory).
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { BUILD_PROFILE_SUFFIX, buildProfileName } from '../../../server/src/build/profile';
import {
  formatProblem,
  plannedProblems,
  profileIssueProblems,
  resultProblems,
} from '../../../server/src/build/problems';
import type { BuildProblem } from '../../../server/src/build/problems';
import { STEP_TIMEOUT_MS, loadBuildProfileFile, runBuild } from '../../../server/src/build/run';
import { waitForBuilds } from '../../../server/src/build/recovery';
import type { BuildRecord } from '../../../server/src/build/run';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';

export const BUILD_TASK_TYPE = 'triton-build';
/** The problem matcher contributed in package.json (its pattern is PROBLEM_PATTERN). */
export const BUILD_PROBLEM_MATCHER = '$triton-build';

export interface BuildTaskDefinition extends vscode.TaskDefinition {
  type: typeof BUILD_TASK_TYPE;
  /** The *.triton-build.json profile: absolute, or relative to the workspace folder. */
  profile: string;
}

/** What a Build Engine run came to (returned by the command, for callers that are not a person: tests). */
export type BuildOutcome =
  | { ok: true; outputPath: string; record: BuildRecord; problems: BuildProblem[] }
  | { ok: false; cancelled: boolean; message: string; problems: BuildProblem[] };

class BuildTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly profilePath: string,
    private readonly runtime: () => ContainerRuntime,
    private readonly done: (outcome: BuildOutcome) => void,
    private readonly stopRunning = false,
  ) {}

  open(): void {
    void this.run();
  }

  /** The terminal was closed or the task terminated: stop the build. */
  close(): void {
    this.controller.abort();
  }

  private line(text: string): void {
    this.written.fire(text.replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  private problems(list: BuildProblem[]): BuildProblem[] {
    for (const p of list) this.line(formatProblem(p));
    return list;
  }

  private async run(): Promise<void> {
    let outcome: BuildOutcome;
    try {
      outcome = await this.build();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.line(`triton-build: ${message}`);
      outcome = { ok: false, cancelled: false, message, problems: [] };
    }
    this.done(outcome);
    this.closed.fire(outcome.ok ? 0 : 1);
  }

  private async build(): Promise<BuildOutcome> {
    const load = await loadBuildProfileFile(this.profilePath);
    if (!load.ok) {
      const problems = this.problems(profileIssueProblems(load.path, load.text, load.issues));
      return { ok: false, cancelled: false, message: 'the build profile is not valid', problems };
    }
    const { loaded } = load;
    const before = this.problems(await plannedProblems(loaded));
    const name = buildProfileName(loaded.path);
    this.line(`triton-build: building ${name} in ${loaded.profile.image} -> ${loaded.outputPath}`);
    const attempt = (stopRunning: boolean) =>
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Building engine ${name}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => this.controller.abort());
          return runBuild(this.runtime(), loaded, {
            signal: this.controller.signal,
            stopRunning,
            onRecovery: (line) => this.line(`triton-build: ${line}`),
            onLog: (step, l) => this.line(`[${step}] ${l.text}`),
            onProgress: (message) => {
              progress.report({ message });
              this.line(`triton-build: ${message}`);
            },
          });
        },
      );
    let result = await attempt(this.stopRunning);
    if (!result.ok && result.kind === 'build-running') {
      // Never a second build on the same GPUs unasked: wait for the running one, or stop it.
      this.line(`triton-build: ${result.message}`);
      const choice = await vscode.window.showWarningMessage(
        `A build of ${name} is still running.`,
        'Wait for It',
        'Stop It',
      );
      if (choice === 'Stop It') {
        result = await attempt(true);
      } else if (choice === 'Wait for It') {
        this.line('triton-build: waiting for the running build to finish');
        await waitForBuilds(this.runtime(), result.running ?? [], STEP_TIMEOUT_MS, this.controller.signal);
        result = await attempt(false);
      }
    }
    const after = this.problems(resultProblems(loaded, result));
    const problems = [...before, ...after];
    if (result.ok) {
      this.line(`triton-build: done in ${result.record.durationSeconds} s`);
      return { ok: true, outputPath: result.outputPath, record: result.record, problems };
    }
    const cancelled = result.kind === 'cancelled';
    this.line(
      cancelled
        ? 'triton-build: cancelled; the output directory was not changed'
        : 'triton-build: the build failed; the output directory was not changed',
    );
    return { ok: false, cancelled, message: result.message, problems };
  }
}

/** The profile's path: absolute, or relative to the task's workspace folder. */
function profilePath(definition: BuildTaskDefinition, scope: vscode.Task['scope']): string {
  if (isAbsolute(definition.profile)) return definition.profile;
  const folder = scope && typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, definition.profile) : definition.profile;
}

/** The task that builds a profile's engine; `done` hears how the build ended. */
export function buildTask(
  definition: BuildTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace,
  runtime: () => ContainerRuntime,
  done: (outcome: BuildOutcome) => void = () => undefined,
  stopRunning = false,
): vscode.Task {
  const path = profilePath(definition, scope);
  const task = new vscode.Task(
    definition,
    scope,
    `Build engine: ${buildProfileName(path)}`,
    'triton',
    new vscode.CustomExecution(() => Promise.resolve(new BuildTerminal(path, runtime, done, stopRunning))),
    BUILD_PROBLEM_MATCHER,
  );
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
  };
  return task;
}

/** A task per *.triton-build.json profile of the workspace, and an execution for tasks.json entries. */
export function registerBuildTaskProvider(
  context: vscode.ExtensionContext,
  runtime: () => ContainerRuntime,
): void {
  const provider: vscode.TaskProvider = {
    provideTasks: async () => {
      const found = await vscode.workspace.findFiles(`**/*${BUILD_PROFILE_SUFFIX}`, '**/node_modules/**');
      return found.map((uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        const definition: BuildTaskDefinition = {
          type: BUILD_TASK_TYPE,
          profile: folder ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath,
        };
        return buildTask(definition, folder ?? vscode.TaskScope.Workspace, runtime);
      });
    },
    // A tasks.json entry of our type: give it its execution.
    resolveTask: (task) => {
      const definition = task.definition as BuildTaskDefinition;
      if (typeof definition.profile !== 'string') return undefined;
      const scope = task.scope && typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
      return buildTask(definition, scope, runtime);
    },
  };
  context.subscriptions.push(vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, provider));
}
