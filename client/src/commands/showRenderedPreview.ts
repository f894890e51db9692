// "Triton: Show Rendered Preview": the active template config.pbtxt as fill_template.py would write it,
// beside it (templates/preview.ts renders and keeps it current). Running it again renders again: the
// values may have changed outside VS Code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { command } from './command';

export default command('tritonToolkit.showRenderedPreview', async (services, uri?: vscode.Uri) => {
  const source = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!source || path.basename(source.fsPath) !== 'config.pbtxt') {
    void vscode.window.showInformationMessage('Open a template config.pbtxt to preview its rendered form.');
    return undefined;
  }
  const { preview } = services;
  const again = preview.isOpen(source);
  const target = preview.track(source);
  if (again) await preview.refresh(target);
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.languages.setTextDocumentLanguage(doc, 'pbtxt');
  await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: false,
    preserveFocus: true,
  });
  return doc;
});
