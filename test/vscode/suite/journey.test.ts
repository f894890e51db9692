// The template journey as a new user lives it, in VS Code: the values file kept beside the repository is
// used (hover and inlay hints say so), an unfilled variable has a quick fix that writes the values file,
// the rendered preview follows the values file on disk and the setting that names another, and the
// walkthrough is there.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const CONFIG = `name: "chat"
backend: "python"
max_batch_size: \${triton_max_batch_size}
model_transaction_policy { decoupled: \${decoupled_mode} }
parameters { key: "tokenizer_dir" value: { string_value: "\${tokenizer_dir}" } }
`;

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Resolves once `check` holds for the diagnostics of `uri` (they arrive asynchronously). */
function diagnosticsWhere(
  uri: vscode.Uri,
  check: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const now = vscode.languages.getDiagnostics(uri);
    if (check(now)) return resolve(now);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const d = vscode.languages.getDiagnostics(uri);
      if (check(d)) {
        sub.dispose();
        resolve(d);
      }
    });
  });
}

const variableOf = (d: vscode.Diagnostic) => d.message.match(/"(\w+)" has no value/)?.[1];

/** The hover text at a position, once a hover provider answers (the JSON schema loads asynchronously). */
async function hoverText(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      at,
    );
    text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    if (text) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  return text;
}

/** The preview's text once it matches `expected` after `change` (no re-run of the command: it must follow). */
async function previewAfter(preview: vscode.Uri, expected: RegExp, change: () => unknown): Promise<string> {
  const changed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === preview.toString());
      reject(
        new Error(
          `the preview did not follow within 10 s (wanted ${expected}); it shows:\n${now?.getText()}`,
        ),
      );
    }, 10_000);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === preview.toString() && expected.test(e.document.getText())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e.document.getText());
      }
    });
  });
  await change();
  return changed;
}

describe('The template journey in VS Code', function () {
  this.timeout(60_000);
  const repo = () => join(root(), 'journey', 'model_repository');
  const values = () => join(root(), 'journey', 'triton-values.json');
  const config = () => vscode.Uri.file(join(repo(), 'chat', 'config.pbtxt'));

  before(() => {
    mkdirSync(join(repo(), 'chat', '1'), { recursive: true });
    writeFileSync(join(repo(), 'chat', '1', 'model.py'), '# the model\n');
    writeFileSync(join(repo(), 'chat', 'config.pbtxt'), CONFIG);
    // Beside model_repository/, where people keep it.
    writeFileSync(values(), '{\n  "values": {\n    "triton_max_batch_size": 64\n  }\n}\n');
  });

  it('uses the values file beside the repository: no diagnostic, an inlay hint and a hover with the value', async () => {
    const doc = await vscode.workspace.openTextDocument(config());
    await vscode.window.showTextDocument(doc, { preview: false });
    const diagnostics = await diagnosticsWhere(config(), (d) =>
      d.some((x) => variableOf(x) === 'decoupled_mode'),
    );
    assert.ok(!diagnostics.some((d) => variableOf(d) === 'triton_max_batch_size'), 'it has a value');
    const decoupled = diagnostics.find((d) => variableOf(d) === 'decoupled_mode')!;
    assert.equal(decoupled.severity, vscode.DiagnosticSeverity.Warning);
    const optional = diagnostics.find(
      (d) =>
        d.code === 'template/unset-parameter' ||
        (typeof d.code === 'object' && d.code.value === 'template/unset-parameter'),
    );
    assert.equal(optional?.severity, vscode.DiagnosticSeverity.Hint);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      doc.uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
    );
    const hint = hints.find((h) => h.position.line === 2);
    assert.ok(hint, 'an inlay hint on max_batch_size');
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
    assert.equal(label, '= 64');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(2, 20),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.match(text, /Value: `64`/);
    assert.match(text, /journey\/triton-values\.json/);
  });

  it('quick fix "Set `decoupled_mode` in journey/triton-values.json" writes a typed value', async () => {
    const doc = await vscode.workspace.openTextDocument(config());
    const diagnostics = await diagnosticsWhere(config(), (d) =>
      d.some((x) => variableOf(x) === 'decoupled_mode'),
    );
    const decoupled = diagnostics.find((d) => variableOf(d) === 'decoupled_mode')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      decoupled.range,
    );
    const titles = actions.map((a) => a.title);
    const set = actions.find((a) => a.title.startsWith('Set `decoupled_mode` in journey/triton-values.json'));
    assert.ok(set?.edit, titles.join(', '));
    assert.ok(titles.includes('Show rendered preview'), titles.join(', '));
    assert.ok(
      titles.some((t) => t.startsWith('Set all ')),
      titles.join(', '),
    );
    assert.ok(await vscode.workspace.applyEdit(set.edit));
    const valuesDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(values()));
    await valuesDoc.save();
    assert.deepEqual(JSON.parse(valuesDoc.getText()), {
      values: { triton_max_batch_size: 64 },
      models: { chat: { decoupled_mode: false } },
    });
    // Saved on disk: the warning goes.
    await diagnosticsWhere(config(), (d) => !d.some((x) => variableOf(x) === 'decoupled_mode'));
  });

  it('the rendered preview follows the values file on disk', async () => {
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(
      'tritonToolkit.showRenderedPreview',
      config(),
    );
    assert.match(preview.getText(), /^max_batch_size: 64$/m);
    assert.match(preview.getText(), /^# Values: journey\/triton-values\.json$/m);
    assert.doesNotMatch(
      preview.getText(),
      new RegExp(root().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'relative paths',
    );
    const changed = new Promise<string>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (
          e.document.uri.toString() === preview.uri.toString() &&
          /max_batch_size: 8$/m.test(e.document.getText())
        ) {
          sub.dispose();
          resolve(e.document.getText());
        }
      });
    });
    writeFileSync(values(), '{ "values": { "triton_max_batch_size": 8, "decoupled_mode": true } }\n');
    const late = new Promise<string>((resolve) =>
      setTimeout(async () => {
        const again = await vscode.commands.executeCommand<vscode.TextDocument>(
          'tritonToolkit.showRenderedPreview',
          config(),
        );
        resolve(`no refresh after 10 s; the command again gives:\n${again.getText()}`);
      }, 10_000),
    );
    const text = await Promise.race([changed, late]);
    assert.match(text, /decoupled: true/);
    // The preview is not a config of its own: no diagnostics on it.
    assert.deepEqual(vscode.languages.getDiagnostics(preview.uri), []);
  });

  it('the rendered preview follows what else it reads: the setting tritonToolkit.valuesFile and the file it names', async () => {
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(
      'tritonToolkit.showRenderedPreview',
      config(),
    );
    const staging = join(root(), 'journey', 'staging.json');
    writeFileSync(staging, '{ "values": { "triton_max_batch_size": 32, "decoupled_mode": false } }\n');
    const settings = vscode.workspace.getConfiguration('tritonToolkit');
    try {
      let text = await previewAfter(preview.uri, /^max_batch_size: 32$/m, () =>
        settings.update('valuesFile', 'journey/staging.json', vscode.ConfigurationTarget.Workspace),
      );
      assert.match(text, /^# Values: journey\/staging\.json$/m);
      // A file of any name, once the setting names it: its changes on disk refresh the preview too.
      text = await previewAfter(preview.uri, /^max_batch_size: 16$/m, () =>
        writeFileSync(staging, '{ "values": { "triton_max_batch_size": 16, "decoupled_mode": false } }\n'),
      );
      assert.match(text, /decoupled: false/);
    } finally {
      const text = await previewAfter(preview.uri, /^# Values: journey\/triton-values\.json$/m, () =>
        settings.update('valuesFile', undefined, vscode.ConfigurationTarget.Workspace),
      );
      assert.match(text, /^max_batch_size: 8$/m);
    }
  });

  it('creates profiles from a template, and warns about a build profile while it is edited', async () => {
    const deploy = await vscode.commands.executeCommand<vscode.Uri>('tritonToolkit.newDeployProfile', {
      repository: repo(),
      name: 'local',
    });
    assert.equal(deploy.fsPath, join(root(), 'journey', 'local.triton-deploy.json'));
    const profile = JSON.parse((await vscode.workspace.openTextDocument(deploy)).getText()) as Record<
      string,
      unknown
    >;
    assert.equal(profile.modelRepository, 'model_repository');
    const build = await vscode.commands.executeCommand<vscode.Uri>('tritonToolkit.newBuildProfile', {
      repository: repo(),
      name: 'engine',
    });
    const doc = await vscode.workspace.openTextDocument(build);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(build, new vscode.Position(1, 0), '  "maxInputLen": 4096,\n  "maxSeqLen": 1024,\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const warnings = await diagnosticsWhere(build, (d) =>
      d.some((x) => x.message.startsWith('maxInputLen:')),
    );
    const w = warnings.find((x) => x.message.startsWith('maxInputLen:'))!;
    assert.equal(w.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(w.range.start.line, 1, 'at the field');
    // Every field has a description (the schemas, bound by file name): hover says what it is.
    assert.match(await hoverText(build, new vscode.Position(1, 5)), /Longest prompt in tokens/);
    const deployDoc = await vscode.workspace.openTextDocument(deploy);
    const shm = deployDoc.getText().indexOf('"gpus"');
    assert.ok(shm > 0);
    assert.match(await hoverText(deploy, deployDoc.positionAt(shm + 2)), /device ids \/ UUIDs/);
  });

  it('contributes the walkthrough, from the repository to a test request', () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'triton-trtllm-toolkit');
    assert.ok(ext);
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as { steps: { id: string }[] }[];
    assert.deepEqual(
      walkthroughs[0]!.steps.map((s) => s.id),
      ['open', 'values', 'preview', 'render', 'profile', 'launch', 'request'],
    );
  });
});
