// The extension inside a real VS Code: the language server's diagnostics in Problems, hover, completion,
// formatting and the quick fix, on a temporary copy of test/vscode/workspace (opened by the runner).
// No sleeps: every wait is on an event (vscode.languages.onDidChangeDiagnostics), bounded by a timeout that
// fails with what was awaited and what was there instead.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const WAIT_MS = 20_000;
const UNKNOWN_FIELD = 'schema/unknown-field';

const BROKEN = 'model_repository/broken/config.pbtxt';
const GOOD = 'model_repository/good/config.pbtxt';
const COMPLETION = 'model_repository/completion/config.pbtxt';
const UNFORMATTED = 'model_repository/unformatted/config.pbtxt';

// Every URI that diagnostics were published for (an empty list counts) since this file was loaded.
const published = new Set<string>();
vscode.languages.onDidChangeDiagnostics((e) => {
  for (const uri of e.uris) published.add(uri.toString());
});

function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  // A tab of its own (no preview tab that the next file replaces): the client pulls diagnostics for the
  // documents shown in tabs and drops them when their tab closes.
  await vscode.window.showTextDocument(doc, { preview: false });
  assert.equal(doc.languageId, 'pbtxt', `${relative} should open as pbtxt`);
  return doc;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`)
    .join('; ');
}

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` holds for them, checking now and on every
 * onDidChangeDiagnostics event for `uri`. Rejects after WAIT_MS, saying what it waited for.
 */
function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const now = describeDiagnostics(vscode.languages.getDiagnostics(uri));
      reject(
        new Error(
          `timed out after ${WAIT_MS} ms waiting for ${what} on ${uri.fsPath} (diagnostics now: ${now})`,
        ),
      );
    }, WAIT_MS);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

const isUnknownField = (d: vscode.Diagnostic): boolean => codeOf(d) === UNKNOWN_FIELD;
const errors = (ds: readonly vscode.Diagnostic[]): vscode.Diagnostic[] =>
  ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** Position `offset` characters into the first occurrence of `needle` in `doc`. */
function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `"${needle}" not found in ${doc.uri.fsPath}`);
  return doc.positionAt(index + offset);
}

function labels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

describe('Triton config.pbtxt in VS Code', function () {
  this.timeout(60_000);
  let broken: vscode.TextDocument;

  before(async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in the test host`);
    broken = await open(BROKEN);
    const api = (await extension.activate()) as { activationMs?: number } | undefined;
    // Read by `npm run bench`: how long activate() took, language server start included.
    console.log(`extension activation: ${api?.activationMs ?? 'n/a'} ms`);
    // The first diagnostic shows the language server is up and its providers are registered.
    await waitForDiagnostics(broken.uri, `the ${UNKNOWN_FIELD} diagnostic`, (ds) => ds.some(isUnknownField));
  });

  it('is active on config.pbtxt', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('reports the unknown field in Problems', () => {
    const diagnostics = vscode.languages.getDiagnostics(broken.uri);
    const unknown = diagnostics.filter(isUnknownField);
    assert.equal(
      unknown.length,
      1,
      `one ${UNKNOWN_FIELD} expected, got: ${describeDiagnostics(diagnostics)}`,
    );
    const [d] = unknown;
    assert.match(d!.message, /has no field named "max_batch_sise"/);
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    const at = positionOf(broken, 'max_batch_sise');
    assert.equal(d!.range.start.line, at.line, 'reported on the line of the typo');
    assert.deepEqual(errors(diagnostics), unknown, 'the typo is the only error');
    // It is also in the workspace-wide list that the Problems view shows.
    const all = vscode.languages.getDiagnostics();
    assert.ok(all.some(([uri, ds]) => uri.toString() === broken.uri.toString() && ds.some(isUnknownField)));
  });

  it('reports no error in the good model', async () => {
    const good = await open(GOOD);
    const diagnostics = await waitForDiagnostics(
      good.uri,
      'the diagnostics of the good model (an empty list counts)',
      () => published.has(good.uri.toString()),
    );
    assert.equal(errors(diagnostics).length, 0, `errors: ${describeDiagnostics(errors(diagnostics))}`);
  });

  it('shows the field path and type on hover', async () => {
    const good = await open(GOOD);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      good.uri,
      positionOf(good, 'max_batch_size', 3),
    );
    const text = (hovers ?? [])
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /ModelConfig\.max_batch_size/, `hover was: ${text || '(none)'}`);
    assert.match(text, /int32/, `hover was: ${text}`);
  });

  it('completes field names inside a message and at top level', async () => {
    const doc = await open(COMPLETION);
    const inside = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      positionOf(doc, 'dynamic_batching { ', 'dynamic_batching { '.length),
    );
    assert.ok(
      labels(inside).includes('max_queue_delay_microseconds'),
      `inside dynamic_batching: ${labels(inside).join(', ') || '(nothing)'}`,
    );
    const topLevel = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, 0), // the empty line after name
    );
    assert.ok(
      labels(topLevel).includes('max_batch_size'),
      `at top level: ${labels(topLevel).join(', ') || '(nothing)'}`,
    );
  });

  it('formats the document with two-space indentation', async () => {
    const doc = await open(UNFORMATTED);
    assert.equal(doc.getText(), 'input{name:"x"}\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
      'vscode.executeFormatDocumentProvider',
      doc.uri,
      { tabSize: 2, insertSpaces: true } satisfies vscode.FormattingOptions,
    );
    assert.ok(edits && edits.length > 0, 'the formatter returned no edit');
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the formatting edit was not applied');
    assert.equal(doc.getText(), 'input {\n  name: "x"\n}\n');
  });

  it('fixes the unknown field with a quick fix', async () => {
    const diagnostic = vscode.languages.getDiagnostics(broken.uri).find(isUnknownField);
    assert.ok(diagnostic, `no ${UNKNOWN_FIELD} diagnostic to fix`);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      broken.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      10, // resolve up to 10 actions, in case the server fills in edits lazily
    );
    const titles = (actions ?? []).map((a) => a.title);
    const fix = (actions ?? []).find((a) => a.title === 'Change to "max_batch_size"');
    assert.ok(fix, `no "Change to "max_batch_size"" among: ${titles.join(', ') || '(no action)'}`);
    // A code action carries an edit and/or a command; a bare command stands for itself.
    const action = fix instanceof vscode.CodeAction ? fix : undefined;
    const command = action ? action.command : (fix as vscode.Command);
    assert.ok(action?.edit || command, 'the fix has neither an edit nor a command');
    if (action?.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'the fix was not applied');
    if (command) await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));

    assert.match(broken.getText(), /^max_batch_size: 8$/m);
    assert.doesNotMatch(broken.getText(), /max_batch_sise/);
    await waitForDiagnostics(
      broken.uri,
      'the errors to clear after the fix',
      (ds) => errors(ds).length === 0,
    );
  });
});

describe('Triton containers in VS Code', function () {
  this.timeout(WAIT_MS);

  it('registers every contributed command (Launch, Stop, Show Logs, ...) in a trusted workspace', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace should be trusted');
    const commands = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('tritonToolkit.launch'));
    assert.deepEqual(
      contributed.filter((id) => !commands.has(id)),
      [],
      'contributed commands that are not registered',
    );
    // Show Logs opens the output channel; no Docker engine is needed for it.
    await vscode.commands.executeCommand('tritonToolkit.showLogs');
    const deadline = Date.now() + 10_000;
    const shown = () =>
      vscode.workspace.textDocuments.some(
        (d) =>
          d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('Triton Containers'),
      );
    while (!shown() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(
      shown(),
      `the Triton Containers output is shown; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`,
    );
  });

  it('Launch Triton without a profile in the workspace says so instead of failing', async () => {
    // The command's wrapper turns every error into a message, so the warning itself is what is checked.
    const warnings: string[] = [];
    const errors: string[] = [];
    const window = vscode.window as {
      -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K];
    };
    const { showWarningMessage, showErrorMessage } = window;
    window.showWarningMessage = ((m: string) => {
      warnings.push(m);
      return Promise.resolve(undefined);
    }) as typeof window.showWarningMessage;
    window.showErrorMessage = ((m: string) => {
      errors.push(m);
      return Promise.resolve(undefined);
    }) as typeof window.showErrorMessage;
    try {
      const outcome = await vscode.commands.executeCommand('tritonToolkit.launch');
      assert.equal(outcome, undefined);
    } finally {
      window.showWarningMessage = showWarningMessage;
      window.showErrorMessage = showErrorMessage;
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, ['No *.triton-deploy.json profile in the workspace.']);
  });
});
