// "Triton: Export Deployment…" in a real VS Code: a profile exported as Compose, KServe and Kustomize into a
// folder of the workspace (the pickers are skipped by the command's arguments), the main file opened, and the
// exported YAML checked as it is edited by hand: a typo'd field is an error at its line, fixed again it goes.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { EXPORT_TARGETS, exporters } from '../../../server/src/deploy/exportDeployment';
import type { ExportRun } from '../../../server/src/deploy/exportDeployment';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const SOURCE = 'triton-export';

function exportDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function waitFor(
  uri: vscode.Uri,
  what: string,
  accept: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = exportDiagnostics(uri);
      if (!accept(now)) return;
      sub.dispose();
      clearTimeout(timer);
      resolve(now);
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `no ${what} on ${uri.fsPath}; it has: ${JSON.stringify(exportDiagnostics(uri).map((d) => d.message))}`,
        ),
      );
    }, 20_000);
    check();
  });
}

/** Runs the command for `target` into `out` (no pickers), checks it wrote and opened `main`, clean. */
async function exportAndOpen(profile: string, target: string, out: string, main: string) {
  const run = await vscode.commands.executeCommand<ExportRun>('tritonToolkit.exportDeployment', {
    profile,
    target,
    out,
  });
  assert.equal(run?.status, 'written', JSON.stringify(run));
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.uri.fsPath, join(out, main));
  await waitFor(editor!.document.uri, 'clean export', (d) => d.length === 0);
  return editor!;
}

/** The line of the first occurrence of `text` in `doc`, and its column there. */
function placeOf(doc: vscode.TextDocument, text: string): { line: number; at: number } {
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(text));
  return { line, at: doc.lineAt(line).text.indexOf(text) };
}

describe('Export Deployment (Compose, Kustomize, KServe) and the exported files in the editor', function () {
  let folder: string;
  let profile: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    folder = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'k8s-export');
    mkdirSync(folder, { recursive: true });
    profile = join(folder, 'llama.triton-deploy.json');
    writeFileSync(
      profile,
      JSON.stringify({
        image: 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3',
        worldSize: 2,
        replicas: 2,
        gpus: ['0', '1', '2', '3'],
        kubernetes: { storageUri: 'pvc://models/llama', maxReplicas: 4 },
      }),
    );
  });

  // The other suites expect no deployment profile in the workspace ("Launch" without one says so).
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('is contributed as "Triton: Export Deployment…" and offers the three targets', () => {
    const contributed = manifest.contributes.commands.find(
      (c) => c.command === 'tritonToolkit.exportDeployment',
    );
    assert.ok(contributed);
    assert.equal(`${contributed.category}: ${contributed.title}`, 'Triton: Export Deployment…');
    // The picker lists the registry's exporters.
    assert.deepEqual(
      EXPORT_TARGETS.map((t) => exporters[t].label),
      ['Compose', 'Kustomize', 'KServe'],
    );
  });

  it('exports Compose, opens compose.yaml; a grace period edited too short is an error at its line', async () => {
    const out = join(folder, 'compose');
    const editor = await exportAndOpen(profile, 'compose', out, 'compose.yaml');
    const doc = editor.document;
    assert.match(doc.getText(), /triton-1:[\s\S]*device_ids:\s+- "2"\s+- "3"/);
    assert.match(readFileSync(join(out, 'nginx.conf'), 'utf8'), /server triton-1:8000;/);
    const place = placeOf(doc, 'stop_grace_period: 40s');
    const [line, at] = [place.line, place.at + 'stop_grace_period: '.length];
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 3), '20s'));
    const [problem] = await waitFor(doc.uri, 'grace-period error', (d) => d.length > 0);
    assert.equal(problem!.range.start.line, line);
    assert.equal(problem!.range.start.character, at);
    assert.equal(problem!.code, 'compose/grace-period');
    assert.match(
      problem!.message,
      /stop_grace_period: stop_grace_period 20s is not longer than Triton's exit timeout/,
    );
  });

  it('exports KServe, opens kserve.yaml, and flags a hand-typed typo at its line', async () => {
    const editor = await exportAndOpen(profile, 'kserve', join(folder, 'kserve'), 'kserve.yaml');
    const doc = editor.document;
    const { line, at } = placeOf(doc, 'storageUri');
    await editor.edit((e) =>
      e.replace(new vscode.Range(line, at, line, at + 'storageUri'.length), 'storageUrl'),
    );
    const [problem] = await waitFor(doc.uri, 'unknown-field error', (d) =>
      d.some((x) => x.message.includes('storageUrl')),
    );
    assert.equal(problem!.range.start.line, line);
    assert.equal(problem!.range.start.character, at);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /spec\.predictor\.model\.storageUrl: unknown field "storageUrl"/);
    await editor.edit((e) =>
      e.replace(new vscode.Range(line, at, line, at + 'storageUrl'.length), 'storageUri'),
    );
    await waitFor(doc.uri, 'no error once fixed', (d) => d.length === 0);
  });

  it('exports Kustomize, opens kustomization.yaml; a wrong type in deployment.yaml is an error', async () => {
    const out = join(folder, 'kustomize');
    await exportAndOpen(profile, 'kustomize', out, 'kustomization.yaml');
    const doc = await vscode.workspace.openTextDocument(join(out, 'deployment.yaml'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const place = placeOf(doc, 'failureThreshold: 90');
    const [line, at] = [place.line, place.at + 'failureThreshold: '.length];
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 2), 'ninety'));
    const [problem] = await waitFor(doc.uri, 'type error', (d) => d.length > 0);
    assert.equal(problem!.range.start.line, line);
    assert.match(problem!.message, /startupProbe\.failureThreshold: expected integer/);
  });
});
