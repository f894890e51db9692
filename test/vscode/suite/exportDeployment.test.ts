// "Triton: Export Deployment…" in a real VS Code: a profile exported as Compose, KServe and Kustomize into a
// folder of the workspace (the pickers are skipped by the command's arguments), the main file opened, and the
// exported YAML checked as it is edited by hand: a typo'd field is an error at its line, fixed again it goes.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
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
  });

  it('exports Compose, opens compose.yaml; a grace period edited too short is an error at its line', async () => {
    const out = join(folder, 'compose');
    const run = await vscode.commands.executeCommand<ExportRun>('tritonToolkit.exportDeployment', {
      profile,
      target: 'compose',
      out,
    });
    assert.equal(run?.status, 'written', JSON.stringify(run));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, join(out, 'compose.yaml'));
    const doc = editor!.document;
    assert.match(doc.getText(), /triton-1:[\s\S]*device_ids:\s+- "2"\s+- "3"/);
    assert.match(readFileSync(join(out, 'nginx.conf'), 'utf8'), /server triton-1:8000;/);
    await waitFor(doc.uri, 'clean export', (d) => d.length === 0);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('stop_grace_period: 40s'));
    const at = doc.lineAt(line).text.indexOf('40s');
    await editor!.edit((e) => e.replace(new vscode.Range(line, at, line, at + 3), '20s'));
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
    const out = join(folder, 'kserve');
    const run = await vscode.commands.executeCommand<ExportRun>('tritonToolkit.exportDeployment', {
      profile,
      target: 'kserve',
      out,
    });
    assert.equal(run?.status, 'written', JSON.stringify(run));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, join(out, 'kserve.yaml'));
    const doc = editor!.document;
    await waitFor(doc.uri, 'clean export', (d) => d.length === 0);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('storageUri:'));
    const at = doc.lineAt(line).text.indexOf('storageUri');
    await editor!.edit((e) =>
      e.replace(new vscode.Range(line, at, line, at + 'storageUri'.length), 'storageUrl'),
    );
    const [problem] = await waitFor(doc.uri, 'unknown-field error', (d) =>
      d.some((x) => x.message.includes('storageUrl')),
    );
    assert.equal(problem!.range.start.line, line);
    assert.equal(problem!.range.start.character, at);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /spec\.predictor\.model\.storageUrl: unknown field "storageUrl"/);
    await editor!.edit((e) =>
      e.replace(new vscode.Range(line, at, line, at + 'storageUrl'.length), 'storageUri'),
    );
    await waitFor(doc.uri, 'no error once fixed', (d) => d.length === 0);
  });

  it('exports Kustomize, opens kustomization.yaml; a wrong type in deployment.yaml is an error', async () => {
    const out = join(folder, 'kustomize');
    const run = await vscode.commands.executeCommand<ExportRun>('tritonToolkit.exportDeployment', {
      profile,
      target: 'kustomize',
      out,
    });
    assert.equal(run?.status, 'written', JSON.stringify(run));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(out, 'kustomization.yaml'));
    const doc = await vscode.workspace.openTextDocument(join(out, 'deployment.yaml'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('failureThreshold: 90'));
    const at = doc.lineAt(line).text.indexOf('90');
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 2), 'ninety'));
    const [problem] = await waitFor(doc.uri, 'type error', (d) => d.length > 0);
    assert.equal(problem!.range.start.line, line);
    assert.match(problem!.message, /startupProbe\.failureThreshold: expected integer/);
  });
});
