// Templates in VS Code: hover on a ${variable} shows its value and source, the rendered preview opens
// beside the template, and "Render Model Repository" only overwrites an edited file with consent.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const TEMPLATE = 'templates_repository/llm/config.pbtxt';

function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

interface RenderResult {
  written: boolean;
  refused?: string;
  files: { path: string; status: string; edited: boolean }[];
}

describe('Templates in VS Code', function () {
  this.timeout(60_000);

  it("shows a variable's value and where it comes from on hover", async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(TEMPLATE));
    await vscode.window.showTextDocument(doc, { preview: false });
    const at = doc.positionAt(doc.getText().indexOf('${mbs}') + 3);
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at),
    );
    assert.match(text, /Value: `8`/);
    assert.match(text, /triton-values\.json/);
  });

  it('opens the rendered preview beside the template', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(TEMPLATE));
    await vscode.window.showTextDocument(doc, { preview: false });
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(
      'tritonToolkit.showRenderedPreview',
      doc.uri,
    );
    assert.ok(preview, 'the command returns the preview document');
    assert.equal(preview.uri.scheme, 'triton-rendered');
    assert.match(preview.getText(), /^max_batch_size: 8$/m);
    assert.match(preview.getText(), /^# Rendered preview \(read-only\)/);
  });

  it('renders a repository, and asks before overwriting an edited file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'triton-vscode-render-'));
    const repository = workspaceUri('templates_repository').fsPath;
    const render = (answers: string[]) =>
      vscode.commands.executeCommand<RenderResult>('tritonToolkit.renderRepository', {
        repository,
        out,
        answers,
      });
    const first = await render(['Write']);
    assert.equal(first.written, true, first.refused);
    const rendered = join(out, 'llm', 'config.pbtxt');
    assert.match(readFileSync(rendered, 'utf8'), /max_batch_size: 8/);

    writeFileSync(rendered, 'name: "llm"\nbackend: "python"\nmax_batch_size: 2 # edited by hand\n');
    writeFileSync(join(repository, 'triton-values.json'), '{ "values": { "mbs": 32 } }\n');
    const cancelled = await render(['Cancel']);
    assert.equal(cancelled.written, false);
    assert.match(readFileSync(rendered, 'utf8'), /edited by hand/, 'cancel keeps the edited file');
    const overwritten = await render(['Overwrite']);
    assert.equal(overwritten.written, true, overwritten.refused);
    assert.match(readFileSync(rendered, 'utf8'), /max_batch_size: 32/);
  });
});
