// A build profile's warnings (input longer than the sequence, serveImage of another release, choices the
// model family cannot have) while it is edited, not only when a build runs: the same profileWarnings the
// build prints, at their fields. Schema errors are VS Code's (jsonValidation binds the profile schema).
import * as vscode from 'vscode';
import { fieldPosition } from '../../../server/src/build/problems';
import { BUILD_PROFILE_SUFFIX, parseBuildProfile } from '../../../server/src/build/profile';
import { profileWarnings } from '../../../server/src/build/warnings';

const SOURCE = 'triton-build';

/** The warnings of a build profile's text; none while it does not parse or fit the schema. */
export function buildProfileDiagnostics(text: string): vscode.Diagnostic[] {
  const parsed = parseBuildProfile(text);
  if (!parsed.ok) return [];
  return profileWarnings(parsed.profile).map((w) => {
    const at = fieldPosition(text, w.field);
    const start = new vscode.Position(at.line, at.character);
    const d = new vscode.Diagnostic(
      new vscode.Range(start, start.translate(0, w.field.split('.').pop()!.length + 2)),
      `${w.field}: ${w.message}`,
      vscode.DiagnosticSeverity.Warning,
    );
    d.source = SOURCE;
    return d;
  });
}

export function registerBuildProfileDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const check = (doc: vscode.TextDocument) => {
    if (doc.uri.scheme === 'file' && doc.fileName.endsWith(BUILD_PROFILE_SUFFIX))
      collection.set(doc.uri, buildProfileDiagnostics(doc.getText()));
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
  );
}
