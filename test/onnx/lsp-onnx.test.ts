// Issue 17 in the language server: an ONNX model's config in a workspace repository gets the model
// file's diagnostics, hover, name completion, the auto-complete code lens, its command and code action.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  ExecuteCommandRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  ApplyWorkspaceEditParams,
  CompletionItem,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import type { TestClient } from '../lsp/lspClient';
import { applyEdits, positionOf, pushCapabilities, startClient } from '../lsp/lspClient';
import { ELEM, protocModel } from './onnxFiles';

const workspace = mkdtempSync(join(tmpdir(), 'onnx-lsp-'));
const modelDir = join(workspace, 'repo', 'bert');
const configPath = join(modelDir, 'config.pbtxt');
const uri = pathToFileURL(configPath).toString();
const TEXT = 'name: "bert"\nbackend: "onnxruntime"\ninput [ { name: "" } ]\n';
let client: TestClient;
const applied: ApplyWorkspaceEditParams[] = [];

before(async () => {
  mkdirSync(join(modelDir, '1'), { recursive: true });
  writeFileSync(configPath, TEXT);
  writeFileSync(
    join(modelDir, '1', 'model.onnx'),
    protocModel({
      inputs: [
        { name: 'input_ids', elem: ELEM.INT64, dims: ['batch', 'seq'] },
        { name: 'attention_mask', elem: ELEM.INT64, dims: ['batch', 'seq'] },
      ],
      outputs: [{ name: 'embeddings', elem: ELEM.FLOAT, dims: ['batch', 384] }],
    }),
  );
  client = await startClient(pushCapabilities(), pathToFileURL(workspace).toString());
  client.connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    applied.push(p);
    return { applied: true };
  });
  client.open(uri, TEXT);
});

after(async () => {
  if (client) assert.equal(await client.close(), 0);
  rmSync(workspace, { recursive: true, force: true });
});

test('diagnostics come from the model file, with the related model file', async () => {
  const diagnostics = await client.diagnostics(uri, 1);
  const d = diagnostics.find((x) => x.code === 'onnx/input-count-mismatch');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.message, "unable to load model 'bert', configuration expects 1 inputs, model provides 2");
  assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('/bert/1/model.onnx')));
});

test('hover on the model name shows the model file; completion offers its input names', async () => {
  const hover = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(TEXT, TEXT.indexOf('bert') + 1),
  });
  const value = (hover!.contents as MarkupContent).value;
  assert.match(value, /\*\*1\/model\.onnx\*\* \(ONNX, IR version 8\)/);
  assert.match(value, /- input `attention_mask`: TYPE_INT64 \[-1,-1\] \(batch, seq variable\)/);
  const items = (await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionOf(TEXT, TEXT.indexOf('""') + 1),
  })) as CompletionItem[];
  assert.deepEqual(items.map((i) => i.label).sort(), ['attention_mask', 'input_ids']);
  const edit = items[0]!.textEdit as TextEdit;
  assert.equal(edit.newText, JSON.stringify(items[0]!.label));
});

test('no input: the code lens says what auto-complete adds, and its command writes it', async () => {
  const text = 'name: "bert"\nbackend: "onnxruntime"\n';
  client.change(uri, text, 2);
  await client.diagnostics(uri, 2);
  const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  assert.equal(lenses?.length, 1);
  const lens = lenses![0]!;
  assert.equal(
    lens.command?.title,
    "Triton's auto-complete adds max_batch_size 4, dynamic_batching {}, 2 inputs (input_ids, attention_mask), 1 output (embeddings) from 1/model.onnx",
  );
  assert.deepEqual(lens.range.start, { line: 0, character: 6 });
  await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: lens.command!.command,
    arguments: lens.command!.arguments ?? [],
  });
  assert.equal(applied.length, 1);
  const edits = applied[0]!.edit.changes![uri]!;
  const written = applyEdits(text, edits);
  assert.match(written, /^max_batch_size: 4\ndynamic_batching \{ \}\ninput \[\n/m);
  assert.match(written, /name: "embeddings"\n {4}data_type: TYPE_FP32\n {4}dims: \[ 384 \]/);
  // The same edit as a code action on the name's line.
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  const action = actions?.find((a) => 'edit' in a && a.title.startsWith('Write into the config:'));
  assert.ok(action && 'edit' in action);
  assert.deepEqual(action.edit!.changes![uri], edits);
});
