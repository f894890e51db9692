// The llmapi model's model.yaml in the language server: diagnostics of an open model.yaml (its own
// problems and the comparison with config.pbtxt, through the repository check), hover with a key's
// type and docs, completion of keys at the cursor and of a key's choices.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { TestClient } from './lspClient';
import { markers, positionOf, startClient } from './lspClient';

const CONFIG = `name: "llm"
backend: "python"
max_batch_size: 8
input [ { name: "text_input" data_type: TYPE_STRING dims: [ -1 ] },
        { name: "sampling_param_max_tokens" data_type: TYPE_INT32 dims: [ 1 ] optional: true } ]
output [ { name: "text_output" data_type: TYPE_STRING dims: [ -1 ] } ]
`;

const YAML = `model: "org/model"
backend: pytorch
tensor_parallel_size: two
kv_cache_config:
  free_gpu_memory_frac|tion: 0.9
  enable_block_reuse: |
  |
pytorch_backend_config:
  use_cuda_graph: False
triton_config:
  max_batch_size: 4
  decoupled: False
tokenzer: x
`;

let root: string;
let client: TestClient;
let uri: string;
const { text, offsets } = markers(YAML);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-llmapi-'));
  mkdirSync(join(root, 'repo', 'llm', '1'), { recursive: true });
  writeFileSync(join(root, 'repo', 'llm', 'config.pbtxt'), CONFIG);
  writeFileSync(join(root, 'repo', 'llm', '1', 'model.py'), '');
  const path = join(root, 'repo', 'llm', '1', 'model.yaml');
  writeFileSync(path, text);
  uri = pathToFileURL(path).toString();
  client = await startClient(undefined, pathToFileURL(root).toString());
  client.open(uri, text);
});

after(async () => {
  if (client) assert.equal(await client.close(), 0);
  rmSync(root, { recursive: true, force: true });
});

test('an open model.yaml gets its own diagnostics and the comparison with config.pbtxt', async () => {
  const diagnostics = await client.diagnostics(uri, 1);
  const codes = diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`,
  );
  assert.deepEqual(codes, [
    '3:23 trtllm/llmapi-invalid-type',
    // No serving image known to the editor: the newest release, which dropped pytorch_backend_config.
    '8:1 trtllm/llmapi-removed-key',
    '11:19 trtllm/llmapi-triton-config-mismatch',
    '13:1 trtllm/llmapi-unknown-key-refused',
  ]);
  const mismatch = diagnostics.find((d) => d.code === 'trtllm/llmapi-triton-config-mismatch')!;
  assert.match(mismatch.message, /config.pbtxt sets max_batch_size 8/);
  assert.ok(mismatch.relatedInformation?.[0]?.location.uri.endsWith('/repo/llm/config.pbtxt'));
  assert.match(diagnostics.at(-1)!.message, /Did you mean "tokenizer"\?/);
});

test('hover on a key shows its path, type and documentation', async () => {
  const h = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(text, offsets[0]!),
  });
  const value = (h!.contents as MarkupContent).value;
  assert.match(value, /\*\*kv_cache_config\.free_gpu_memory_fraction\*\* \(`number`, 0 to 1\)/);
  assert.match(value, /KV cache/);
  assert.doesNotMatch(value, /not confirmed/);
});

const complete = async (i: number) =>
  (await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionOf(text, offsets[i]!),
  })) as CompletionItem[];

test('completes a boolean key with true and false', async () => {
  assert.deepEqual(
    (await complete(1)).map((c) => c.label),
    ['true', 'false'],
  );
});

test('completes the keys of the enclosing mapping at the cursor', async () => {
  const items = await complete(2);
  const keys = items.map((c) => c.label);
  assert.ok(keys.includes('max_tokens') && keys.includes('enable_block_reuse'), keys.join(','));
  assert.ok(!keys.includes('tensor_parallel_size'), 'top-level keys are not offered inside kv_cache_config');
  const item = items.find((c) => c.label === 'max_tokens')!;
  assert.equal(item.detail, 'integer');
});

test('an edit is checked again', async () => {
  const fixed = text
    .replace('two', '2')
    .replace('tokenzer', 'tokenizer')
    .replace('enable_block_reuse: \n', 'enable_block_reuse: true\n');
  client.change(
    uri,
    fixed.replace('free_gpu_memory_fraction: 0.9\n', 'free_gpu_memory_fraction: 0.9\n  x: [\n'),
    2,
  );
  const broken = await client.diagnostics(uri, 2);
  assert.deepEqual(
    broken.map((d) => d.code),
    ['trtllm/llmapi-invalid-yaml'],
  );
});
