// Problems in exported deployment files (Kustomize, KServe, Compose) edited by hand, as they are typed: the
// checks the export ran before writing them (exportedFileProblems), on YAML files whose first line is the
// export's header. A diagnostic collection in the extension, not the language server: these are whole-file
// checks with no repository state, and the server's documents are config.pbtxt and model.yaml only.
import * as vscode from 'vscode';
import { exportedFileProblems } from '../../../server/src/deploy/exportDeployment';
import { EXPORT_MARKER } from '../../../server/src/deploy/exportedFile';

const SOURCE = 'triton-export';

export function registerExportedFileDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const check = async (doc: vscode.TextDocument) => {
    if (doc.uri.scheme !== 'file' || !/\.ya?ml$/i.test(doc.fileName)) return;
    const text = doc.getText();
    if (!text.startsWith(EXPORT_MARKER)) {
      collection.delete(doc.uri);
      return;
    }
    const version = doc.version;
    const problems = (await exportedFileProblems(text)) ?? [];
    if (doc.isClosed || doc.version !== version) return; // a newer edit is checked by its own event
    collection.set(
      doc.uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(
            p.range.start.line,
            p.range.start.character,
            p.range.end.line,
            p.range.end.character,
          ),
          p.path ? `${p.path}: ${p.message}` : p.message,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = SOURCE;
        if (p.code) d.code = p.code;
        return d;
      }),
    );
  };
  vscode.workspace.textDocuments.forEach((d) => void check(d));
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => void check(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
  );
}
