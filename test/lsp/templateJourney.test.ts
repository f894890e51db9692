// The template journey over LSP, on a copy of examples/ (its values file beside model_repository/):
// the values file is found, placeholders are reported by what they mean, values show as inlay hints,
// quick fixes write the values file, and rendered output is read as Triton reads it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits as applyJsonEdits } from 'jsonc-parser';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DiagnosticSeverity,
  HoverRequest,
  InlayHintRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  Diagnostic,
  MarkupContent,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import type { TestClient } from './lspClient';
import { pushCapabilities, startClient } from './lspClient';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
let root: string;
let client: TestClient;
const repo = () => join(root, 'examples', 'model_repository');
const valuesFile = () => join(root, 'examples', 'triton-values.json');
const uriOf = (model: string) => pathToFileURL(join(repo(), model, 'config.pbtxt')).toString();
const textOf = (model: string) => readFileSync(join(repo(), model, 'config.pbtxt'), 'utf8');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-journey-'));
  cpSync(EXAMPLES, join(root, 'examples'), { recursive: true });
  const capabilities = pushCapabilities();
  capabilities.textDocument!.inlayHint = { dynamicRegistration: false };
  client = await startClient(capabilities, pathToFileURL(root).toString());
});

after(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

function positionOfText(text: string, needle: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at);
  return { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 };
}

/**
 * The values file changed on disk: the server keeps each repository's values until its watcher says so,
 * so tell it as VS Code's file watcher does.
 */
function valuesFileChanged(type: FileChangeType = FileChangeType.Changed): void {
  void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(valuesFile()).toString(), type }],
  });
}

async function opened(model: string, version = 1): Promise<Diagnostic[]> {
  client.open(uriOf(model), textOf(model), version);
  return client.diagnostics(uriOf(model), version);
}

test('the values file beside the repository is found: hover names it and shows the value', async () => {
  const diagnostics = await opened('tensorrt_llm');
  const text = textOf('tensorrt_llm');
  const hover = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf('tensorrt_llm') },
    position: positionOfText(text, '${triton_max_batch_size}'),
  });
  const value = (hover!.contents as MarkupContent).value;
  assert.match(value, /Value: `64`/);
  assert.ok(value.includes('`examples/triton-values.json`'), value);
  assert.doesNotMatch(value, /No value yet/);
  // A variable with a value has no diagnostic at all.
  assert.ok(
    !diagnostics.some((d) => (d.data as { variable?: string })?.variable === 'triton_max_batch_size'),
  );
});

test('every diagnostic links to its row of DIAGNOSTICS.md (codeDescription.href)', async () => {
  const all = await opened('postprocessing');
  assert.ok(all.length > 0);
  const doc = readFileSync(join(__dirname, '..', '..', 'DIAGNOSTICS.md'), 'utf8').split('\n');
  for (const d of all) {
    const href = d.codeDescription?.href;
    assert.ok(href, `${String(d.code)} has no link`);
    const m = /DIAGNOSTICS\.md#L(\d+)$/.exec(href);
    assert.ok(m, href);
    assert.ok(
      doc[Number(m[1]) - 1]!.startsWith(`| \`${String(d.code)}\` |`),
      `${href} is not the row of ${String(d.code)}`,
    );
  }
});

test('placeholders are reported by what they mean: optional parameters are hints at most', async () => {
  const diagnostics = await opened('preprocessing');
  const template = diagnostics.filter((d) => String(d.code).startsWith('template/'));
  assert.ok(template.length > 0);
  for (const d of template) assert.equal(d.severity, DiagnosticSeverity.Hint, `${d.code}: ${d.message}`);
  assert.ok(template.every((d) => d.code === 'template/unset-parameter'));
});

test('a whole value without a value is a warning, with a quick fix that writes the values file', async () => {
  // Take logits_datatype out of the values file: the ensemble's data_type no longer parses.
  const file = readFileSync(valuesFile(), 'utf8');
  writeFileSync(valuesFile(), file.replace(/\n\s*"logits_datatype": "TYPE_FP32",/, ''));
  valuesFileChanged();
  const diagnostics = await opened('ensemble');
  const missing = diagnostics.filter(
    (d) => (d.data as { variable?: string })?.variable === 'logits_datatype',
  );
  assert.ok(missing.length > 0, JSON.stringify(diagnostics.map((d) => d.message)));
  for (const d of missing) {
    assert.equal(d.code, 'template/unresolved');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /Triton: Expected integer or identifier, got: \$/);
    assert.ok(d.message.includes(join('examples', 'triton-values.json')), d.message);
  }
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf('ensemble') },
    range: missing[0]!.range,
    context: { diagnostics: [missing[0]!] },
  })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  const set = actions.find((a) => a.title.startsWith('Set `logits_datatype` in examples/triton-values.json'));
  assert.ok(set, titles.join('\n'));
  assert.ok(titles.includes('Show rendered preview'), titles.join('\n'));
  assert.equal(
    actions.find((a) => a.title === 'Show rendered preview')!.command!.command,
    'tritonToolkit.showRenderedPreview',
  );
  const edits = set.edit!.changes![pathToFileURL(valuesFile()).toString()] as TextEdit[];
  const after = applyLspEdit(readFileSync(valuesFile(), 'utf8'), edits[0]!);
  const parsed = JSON.parse(after) as { values: Record<string, unknown> };
  // Used by several models: under "values", typed as the enum (a data type name).
  assert.match(String(parsed.values.logits_datatype), /^TYPE_/);
  writeFileSync(valuesFile(), file);
  valuesFileChanged();
});

test('with no values file, the fix creates one beside the repository; "set all" adds typed entries', async () => {
  const file = readFileSync(valuesFile(), 'utf8');
  rmSync(valuesFile());
  valuesFileChanged(FileChangeType.Deleted);
  try {
    const diagnostics = await opened('tensorrt_llm_bls', 1);
    const decoupled = diagnostics.find(
      (d) => (d.data as { variable?: string })?.variable === 'decoupled_mode',
    );
    assert.ok(decoupled, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(decoupled.severity, DiagnosticSeverity.Warning);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf('tensorrt_llm_bls') },
      range: decoupled.range,
      context: { diagnostics: [decoupled] },
    })) as CodeAction[];
    const set = actions.find((a) =>
      a.title.startsWith('Set `decoupled_mode` in examples/triton-values.json'),
    );
    assert.ok(set, actions.map((a) => a.title).join('\n'));
    const [create, insert] = set.edit!.documentChanges! as [{ kind: string; uri: string }, TextDocumentEdit];
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, pathToFileURL(valuesFile()).toString());
    assert.deepEqual(JSON.parse(insert.edits[0]!.newText), { values: { decoupled_mode: false } });
    const all = actions.find((a) => a.title.startsWith('Set all '));
    assert.ok(all, actions.map((a) => a.title).join('\n'));
    const created = JSON.parse(
      ((all.edit!.documentChanges![1] as TextDocumentEdit).edits[0] as TextEdit).newText,
    ) as { values: Record<string, unknown>; models: Record<string, Record<string, unknown>> };
    assert.equal(created.values.triton_max_batch_size, 1);
    assert.equal(created.models.tensorrt_llm_bls!.bls_instance_count, 1);
    assert.equal(created.values.decoupled_mode, false);
  } finally {
    writeFileSync(valuesFile(), file);
    valuesFileChanged(FileChangeType.Created);
  }
});

test('values show inline: an inlay hint "= 64" with the values file in its tooltip', async () => {
  const text = textOf('tensorrt_llm');
  const hints = await client.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: uriOf('tensorrt_llm') },
    range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
  });
  const at = positionOfText(text, '${triton_max_batch_size}');
  const hint = hints!.find((h) => h.position.line === at.line);
  assert.ok(hint, JSON.stringify(hints?.slice(0, 3)));
  assert.equal(hint.label, '= 64');
  assert.match((hint.tooltip as MarkupContent).value, /examples\/triton-values\.json/);
});

test("rendered output is read as Triton reads it: a leftover whole value is libprotobuf's error", async () => {
  const out = join(root, 'rendered');
  cpSync(repo(), out, { recursive: true });
  writeFileSync(join(out, '.triton-repo-render.json'), '{"version":1,"files":{}}\n');
  const uri = pathToFileURL(join(out, 'ensemble', 'config.pbtxt')).toString();
  client.open(uri, readFileSync(join(out, 'ensemble', 'config.pbtxt'), 'utf8'));
  const diagnostics = await client.diagnostics(uri, 1);
  const unrendered = diagnostics.filter((d) => d.code === 'template/unrendered');
  assert.ok(unrendered.length > 0);
  assert.ok(unrendered.every((d) => d.severity === DiagnosticSeverity.Error));
  assert.match(unrendered[0]!.message, /Triton: Expected integer, got: \$/);
});

function applyLspEdit(text: string, edit: TextEdit): string {
  const offset = (p: { line: number; character: number }) =>
    text
      .split('\n')
      .slice(0, p.line)
      .reduce((n, l) => n + l.length + 1, 0) + p.character;
  const start = offset(edit.range.start);
  return applyJsonEdits(text, [
    { offset: start, length: offset(edit.range.end) - start, content: edit.newText },
  ]);
}
