// Quick fixes for template variables: set a value in the repository's values file (created when
// there is none), show the rendered preview, or add every unfilled variable of a model at once.
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import type { CodeAction, Diagnostic as LspDiagnostic, WorkspaceEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { LineIndex, VALUES_FILE, parse, placeholderUses, typedValueFor } from '../core/index';
import type { RepositoryValues } from '../core/index';
import { pathToUri } from './workspace';

/** The client command that opens the rendered preview of a config (client/src/templates). */
export const SHOW_PREVIEW_COMMAND = 'tritonToolkit.showRenderedPreview';

export interface TemplateActionContext {
  configPath: string;
  text: string;
  values: RepositoryValues;
  /** Texts of every model's config in the repository, by model directory name. */
  modelTexts: ReadonlyMap<string, string>;
  /** Current text of the values file, when there is one. */
  valuesText?: string;
  /** How paths appear in titles (relative to the workspace folder). */
  display: (p: string) => string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** Where a new values file goes: beside the repository, where people keep it. */
function valuesFilePath(values: RepositoryValues): string {
  return values.valuesFile ?? path.join(path.dirname(values.repository), VALUES_FILE);
}

/** The values file's text with entries set (a variable used by several models goes under `values`). */
function withEntries(
  text: string | undefined,
  entries: readonly { model: string; name: string; value: string | number | boolean }[],
  modelTexts: ReadonlyMap<string, string>,
): string {
  // VS Code binds the values schema by file name (package.json jsonValidation): no $schema needed.
  let out = text ?? '{}\n';
  for (const e of entries) {
    const users = [...modelTexts.values()].filter((t) => t.includes('${' + e.name + '}')).length;
    const at = users > 1 ? ['values', e.name] : ['models', e.model, e.name];
    out = applyEdits(out, modify(out, at, e.value, FORMAT));
  }
  return out;
}

function editOf(file: string, before: string | undefined, after: string): WorkspaceEdit {
  const uri = pathToUri(file);
  if (before === undefined) {
    return {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        {
          textDocument: { uri, version: null },
          edits: [
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: after },
          ],
        },
      ],
    };
  }
  const end = new LineIndex(before).positionAt(before.length);
  return { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: after }] } };
}

function variableOf(d: LspDiagnostic): string | undefined {
  const v = (d.data as { variable?: unknown } | undefined)?.variable;
  return d.source === 'triton' &&
    typeof d.code === 'string' &&
    d.code.startsWith('template/') &&
    typeof v === 'string'
    ? v
    : undefined;
}

/** The template quick fixes for the diagnostics of a code action request. */
export function templateActions(
  ctx: TemplateActionContext,
  diagnostics: readonly LspDiagnostic[],
): CodeAction[] {
  const ours = diagnostics.filter((d) => variableOf(d) !== undefined);
  if (ours.length === 0) return [];
  const parsed = parse(ctx.text);
  const modelDir = path.basename(path.dirname(ctx.configPath));
  const uses = placeholderUses(parsed);
  const file = valuesFilePath(ctx.values);
  const shown = ctx.display(file);
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of ours) {
    const name = variableOf(d)!;
    if (seen.has(name)) continue;
    seen.add(name);
    const use = uses.find((u) => u.name === name && u.kind !== 'comment');
    if (!use) continue;
    const typed = typedValueFor(use, parsed, modelDir);
    const choices = typed.choices
      ? ` (one of ${typed.choices.slice(0, 4).join(', ')}${typed.choices.length > 4 ? ', ...' : ''})`
      : '';
    actions.push({
      title: `Set \`${name}\` in ${shown}${choices}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: [d],
      edit: editOf(
        file,
        ctx.valuesText,
        withEntries(ctx.valuesText, [{ model: modelDir, name, value: typed.value }], ctx.modelTexts),
      ),
    });
  }
  const unfilled = new Map<string, string | number | boolean>();
  for (const u of uses)
    if (u.kind !== 'comment' && !unfilled.has(u.name) && ctx.values.valueOf(modelDir, u.name) === undefined)
      unfilled.set(u.name, typedValueFor(u, parsed, modelDir).value);
  if (unfilled.size > 1) {
    actions.push({
      title: `Set all ${unfilled.size} unfilled variables of ${modelDir} in ${shown}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: ours,
      edit: editOf(
        file,
        ctx.valuesText,
        withEntries(
          ctx.valuesText,
          [...unfilled].map(([name, value]) => ({ model: modelDir, name, value })),
          ctx.modelTexts,
        ),
      ),
    });
  }
  actions.push({
    title: 'Show rendered preview',
    kind: CodeActionKind.QuickFix,
    diagnostics: ours,
    command: {
      title: 'Show rendered preview',
      command: SHOW_PREVIEW_COMMAND,
      arguments: [pathToUri(ctx.configPath)],
    },
  });
  return actions;
}
