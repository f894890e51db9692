// Send Test Request: to a ready container, to one of its ready models that takes text (the ensemble or
// BLS first, the last one used remembered per container), with the request built from that model's inputs
// as Triton reports them (server/src/deploy/testModels.ts).
import * as vscode from 'vscode';
import type { StatusEntry } from '../../../server/src/deploy/deploy';
import { buildGenerateRequest, formatLatency, sendTestRequest } from '../../../server/src/deploy/request';
import type { TestResponse } from '../../../server/src/deploy/request';
import { LABEL_HTTP, LABEL_PROFILE } from '../../../server/src/deploy/spec';
import { testableModels } from '../../../server/src/deploy/testModels';
import type { RequestShape } from '../../../server/src/deploy/testModels';

/** Arguments for callers that are not a person (tests): they replace the pickers and input boxes. */
export interface TestRequestArgs {
  /** The profile whose running container answers (absolute path). */
  profile?: string;
  /** Or Triton's base URL directly. */
  url?: string;
  prompt?: string;
  /** The model; default: the first the picker would offer (ensemble or BLS first). */
  model?: string;
  maxTokens?: number;
  stream?: boolean;
}

export interface TestRequestDeps {
  /** The containers of the workspace, as the engine reports them now. */
  containers: () => Promise<StatusEntry[]>;
  logs: vscode.OutputChannel;
  /** Remembers the model chosen per container. */
  memory: vscode.Memento;
}

const MEMORY_KEY = (container: string) => `tritonToolkit.testModel.${container}`;

async function pickContainer(args: TestRequestArgs, deps: TestRequestDeps, given?: StatusEntry) {
  if (given) return given;
  const ready = (await deps.containers()).filter(
    (e) => e.ready && (!args.profile || e.labels[LABEL_PROFILE] === args.profile),
  );
  if (ready.length === 0) {
    void vscode.window.showWarningMessage('No ready Triton container of this workspace: launch one first.');
    return undefined;
  }
  if (ready.length === 1) return ready[0];
  return (
    await vscode.window.showQuickPick(
      ready.map((e) => ({ label: e.name, description: e.url, e })),
      { placeHolder: 'Container to send the request to' },
    )
  )?.e;
}

function describe(shape: RequestShape): string {
  return [
    shape.pipeline ? 'whole pipeline' : undefined,
    shape.maxTokensInput,
    shape.streamInput ? 'stream' : undefined,
    shape.decoupled ? 'decoupled' : undefined,
    shape.inputsUnknown ? 'inputs unknown' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The model to ask: given, or the only one, or the user's choice (remembered for this container). */
async function pickModel(
  url: string,
  container: StatusEntry | undefined,
  args: TestRequestArgs,
  deps: TestRequestDeps,
): Promise<RequestShape | undefined> {
  const readyNames = (container?.models ?? []).filter((m) => m.state === 'READY').map((m) => m.name);
  const remembered = container ? deps.memory.get<string>(MEMORY_KEY(container.name)) : undefined;
  const shapes = await testableModels(url, args.model ? [args.model] : readyNames, remembered);
  if (args.model)
    return (
      shapes[0] ?? {
        model: args.model,
        maxTokensInput: 'max_tokens',
        streamInput: false,
        decoupled: false,
        pipeline: false,
      }
    );
  if (shapes.length === 0) {
    void vscode.window.showWarningMessage(
      `No ready model of ${container?.name ?? url} takes text (a "text_input" input): nothing to send a prompt to.`,
    );
    return undefined;
  }
  const chosen =
    shapes.length === 1 || args.prompt !== undefined
      ? shapes[0]
      : (
          await vscode.window.showQuickPick(
            shapes.map((s) => ({ label: s.model, description: describe(s), s })),
            { placeHolder: 'Model to send the test request to' },
          )
        )?.s;
  if (chosen && container) await deps.memory.update(MEMORY_KEY(container.name), chosen.model);
  return chosen;
}

export async function sendTestRequestCommand(
  deps: TestRequestDeps,
  args: TestRequestArgs,
  given?: StatusEntry,
): Promise<TestResponse | undefined> {
  let url = args.url;
  let container: StatusEntry | undefined;
  if (!url) {
    container = await pickContainer(args, deps, given);
    url = container?.labels[LABEL_HTTP];
    if (!url) return undefined;
  }
  const shape = await pickModel(url, container, args, deps);
  if (!shape) return undefined;
  const prompt =
    args.prompt ??
    (await vscode.window.showInputBox({
      prompt: `Prompt for ${shape.model}`,
      value: 'What is Triton Inference Server?',
      ignoreFocusOut: true,
    }));
  if (prompt === undefined) return undefined;
  const req = buildGenerateRequest({
    base: url,
    prompt,
    model: shape.model,
    // A decoupled model answers on generate_stream.
    stream: args.stream ?? shape.decoupled,
    shape,
    ...(args.maxTokens === undefined ? {} : { maxTokens: args.maxTokens }),
  });
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `POST ${req.url}` },
    () => sendTestRequest(req),
  );
  deps.logs.appendLine(`POST ${req.url} ${req.body}`);
  deps.logs.appendLine(`HTTP ${r.status}, latency ${formatLatency(r)}:\n${r.text}`);
  const show = r.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void show(
    `${shape.model}: ${r.ok ? '' : `HTTP ${r.status}: `}${r.text.slice(0, 300)} (${formatLatency(r)})`,
  );
  return r;
}
