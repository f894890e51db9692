// An llmapi model's model.yaml is checked for the TensorRT-LLM release of the image that serves its
// repository, and the editor says which: the deployment profile in the workspace whose modelRepository is
// the repository (its `image`), else the setting tritonToolkit.serverImage, else the newest release known.
// r25.05 (TensorRT-LLM 0.19) still takes `pytorch_backend_config`; 0.20 and later refuse it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { TestClient } from './lspClient';
import { pushCapabilities, startClient } from './lspClient';

const IMAGE_2505 = 'nvcr.io/nvidia/tritonserver:25.05-trtllm-python-py3';
const IMAGE_2506 = 'nvcr.io/nvidia/tritonserver:25.06-trtllm-python-py3';
const CONFIG = `name: "llm"
backend: "python"
max_batch_size: 8
model_transaction_policy { decoupled: true }
input [ { name: "text_input" data_type: TYPE_STRING dims: [ -1 ] } ]
output [ { name: "text_output" data_type: TYPE_STRING dims: [ -1 ] } ]
`;
const YAML =
  'model: meta-llama/Llama-3.1-8B-Instruct\nbackend: pytorch\npytorch_backend_config:\n  use_cuda_graph: true\n';

let root: string;
let client: TestClient;
const yamlPath = () => join(root, 'model_repository', 'llm', '1', 'model.yaml');
const yamlUri = () => pathToFileURL(yamlPath()).toString();
const profile = () => join(root, 'local.triton-deploy.json');

/** The latest diagnostics published for model.yaml, once `check` holds for them. */
async function diagnosticsWhere(check: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const last = client.published.filter((p) => p.uri === yamlUri()).at(-1)?.diagnostics;
    if (last && check(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}; last published: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const removedKey = (ds: Diagnostic[]) => ds.find((d) => d.code === 'trtllm/llmapi-removed-key');

async function hover(): Promise<string> {
  const h = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: yamlUri() },
    position: { line: 2, character: 3 },
  });
  return (h!.contents as MarkupContent).value;
}

function profileChanged(type: FileChangeType): Promise<void> {
  return client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(profile()).toString(), type }],
  });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-serving-image-'));
  mkdirSync(join(root, 'model_repository', 'llm', '1'), { recursive: true });
  writeFileSync(join(root, 'model_repository', 'llm', 'config.pbtxt'), CONFIG);
  writeFileSync(join(root, 'model_repository', 'llm', '1', 'model.py'), '# the llmapi model\n');
  writeFileSync(yamlPath(), YAML);
  client = await startClient(pushCapabilities(), pathToFileURL(root).toString());
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: yamlUri(), languageId: 'yaml', version: 1, text: YAML },
  });
});

after(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

test('no serving image named: the newest release known, and the message says how to name one', async () => {
  const ds = await diagnosticsWhere((d) => removedKey(d) !== undefined, 'the removed key is reported');
  assert.match(removedKey(ds)!.message, /the newest release known, as no serving image is named/);
  assert.match(await hover(), /Checked for TensorRT-LLM 1\.2\.1 \(the newest release known/);
});

test("the deployment profile serving the repository gives its image's release, and says so", async () => {
  writeFileSync(profile(), JSON.stringify({ image: IMAGE_2505, modelRepository: 'model_repository' }));
  await profileChanged(FileChangeType.Created);
  await diagnosticsWhere(
    (d) => removedKey(d) === undefined,
    'r25.05 (TensorRT-LLM 0.19) takes pytorch_backend_config',
  );
  assert.match(
    await hover(),
    new RegExp(
      `Checked for TensorRT-LLM 0\\.19\\.0 \\(${IMAGE_2505.replace(/[.]/g, '\\.')}, the image of deployment profile local\\.triton-deploy\\.json\\)`,
    ),
  );
});

test('without a profile, the setting tritonToolkit.serverImage, named in the message', async () => {
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { tritonToolkit: { serverImage: IMAGE_2506 } },
  });
  // The profile still wins over the setting.
  assert.match(await hover(), /the image of deployment profile local\.triton-deploy\.json/);
  unlinkSync(profile());
  await profileChanged(FileChangeType.Deleted);
  const ds = await diagnosticsWhere((d) => removedKey(d) !== undefined, 'r25.06 (0.20) refuses it');
  assert.match(
    removedKey(ds)!.message,
    /checked for TensorRT-LLM 0\.20\.0 \(nvcr\.io\/nvidia\/tritonserver:25\.06-trtllm-python-py3, the setting tritonToolkit\.serverImage\)/,
  );
});
