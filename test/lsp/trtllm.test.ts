// TensorRT-LLM parameters in the language server: hover on a key, completion of keys and values, and
// the did-you-mean fix of trtllm/unknown-key (a repository diagnostic, so the model lives in a
// workspace folder).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CodeActionRequest, CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { CodeAction, CompletionItem, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { TestClient } from './lspClient';
import { applyEdits, markers, positionOf, startClient } from './lspClient';

const MODEL = `name: "tensorrt_llm"
backend: "tensorrtllm"
max_batch_size: 8
parameters { key: "gpt_model_t|ype" value: { string_value: "inflight_fused_batching" } }
parameters { key: "gpt_model_path" value: { string_value: "/engines/llama" } }
parameters { key: "tokenizer_dir" value: { string_value: "\${tokenizer_dir}" } }
parameters { key: "guided_decoding_backend" value: { string_value: "\${guided_decoding_backend}" } }
parameters { key: "xgrammar_tokenizer_info_path" value: { string_value: "\${xgrammar_tokenizer_info_path}" } }
parameters { key: "batch_scheduler_polcy" value: { string_value: "max_utilization" } }
parameters { key: "enable_kv_cache_reuse" value: { string_value: "|" } }
parameters { key: "decoding_mode" value: { string_value: "|" } }
parameters { key: "|" value: { string_value: "" } }
`;

let root: string;
let client: TestClient;
let uri: string;
const { text, offsets } = markers(MODEL);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-trtllm-'));
  mkdirSync(join(root, 'repo', 'tensorrt_llm', '1'), { recursive: true });
  const path = join(root, 'repo', 'tensorrt_llm', 'config.pbtxt');
  writeFileSync(path, text);
  uri = pathToFileURL(path).toString();
  client = await startClient(undefined, pathToFileURL(root).toString());
  client.open(uri, text);
});

after(async () => {
  if (client) assert.equal(await client.close(), 0);
  rmSync(root, { recursive: true, force: true });
});

test('hover on a parameters key shows its docs, type, default and allowed values', async () => {
  const h = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(text, offsets[0]!),
  });
  const value = (h!.contents as MarkupContent).value;
  assert.match(value, /\*\*gpt_model_type\*\*: `enum` parameter of the TensorRT-LLM model/);
  assert.match(value, /Allowed values: `inflight_fused_batching`, `inflight_batching`, `V1`/);
  assert.match(value, /Default: /);
  assert.match(value, /Mandatory/);
});

const complete = async (i: number) =>
  (await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionOf(text, offsets[i]!),
  })) as CompletionItem[];

test('completes the values of bool and enum keys inside string_value', async () => {
  assert.deepEqual(
    (await complete(1)).map((c) => c.label),
    ['true', 'false'],
  );
  const modes = (await complete(2)).map((c) => c.label);
  assert.ok(modes.includes('top_k_top_p') && modes.includes('lookahead'));
  assert.ok(!modes.includes('auto'), 'auto is for the Python backend only');
});

test('completes the keys the model reads, leaving out those already written', async () => {
  const items = await complete(3);
  const keys = items.map((c) => c.label);
  assert.ok(keys.includes('kv_cache_free_gpu_mem_fraction') && keys.includes('max_beam_width'));
  assert.ok(!keys.includes('gpt_model_type') && !keys.includes('tokenizer_dir'));
  // The edit replaces the text between the quotes.
  const item = items.find((c) => c.label === 'max_beam_width')!;
  const edited = applyEdits(text, [
    {
      range: { start: positionOf(text, offsets[3]!), end: positionOf(text, offsets[3]!) },
      newText: item.insertText ?? item.label,
    },
  ]);
  assert.match(edited, /key: "max_beam_width"/);
});

test('offers the did-you-mean fix for an unknown key, and the fix clears the warning', async () => {
  const diagnostics = await client.diagnostics(uri, 1);
  const unknown = diagnostics.filter((d) => d.code === 'trtllm/unknown-key');
  assert.equal(unknown.length, 1);
  assert.match(unknown[0]!.message, /Did you mean "batch_scheduler_policy"\?/);
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: unknown[0]!.range,
    context: { diagnostics: unknown },
  })) as CodeAction[];
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to "batch_scheduler_policy"'],
  );
  const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
  assert.match(fixed, /key: "batch_scheduler_policy"/);
  client.change(uri, fixed, 2);
  const after = await client.diagnostics(uri, 2);
  assert.deepEqual(
    after.filter((d) => String(d.code).startsWith('trtllm/')),
    [],
  );
});
