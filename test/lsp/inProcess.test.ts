// The language server in this process over an in-memory connection, its host a test double: files in
// memory, a GPU inventory the test sets (no GPU here). What the host reports reaches the diagnostics.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  CancellationTokenSource,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { pathToUri } from '../../server/src/lsp/workspace';
import { startInProcess, testHost } from './inProcess';
import type { InProcessClient } from './inProcess';

const ROOT = '/mem/ws';
const model = (gpus: string) =>
  [
    'backend: "python"',
    'max_batch_size: 8',
    'input [ { name: "IN" data_type: TYPE_FP32 dims: [ 4 ] } ]',
    'output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 4 ] } ]',
    `instance_group [ { kind: KIND_GPU gpus: [ ${gpus} ] } ]`,
    '',
  ].join('\n');
const ensemble = [
  'platform: "ensemble"',
  'max_batch_size: 8',
  'input [ { name: "IN" data_type: TYPE_FP32 dims: [ 4 ] } ]',
  'output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 4 ] } ]',
  'ensemble_scheduling { step [ { model_name: "open" model_version: -1',
  '  input_map { key: "IN" value: "IN" } output_map { key: "OUT" value: "OUT" } } ] }',
  '',
].join('\n');
const FILES = {
  [`${ROOT}/models/open/config.pbtxt`]: model('1'),
  [`${ROOT}/models/open/1/model.py`]: '# a python model\n',
  [`${ROOT}/models/closed/config.pbtxt`]: model('3'),
  [`${ROOT}/models/closed/1/model.py`]: '# a python model\n',
  [`${ROOT}/models/pipeline/config.pbtxt`]: ensemble,
  [`${ROOT}/models/pipeline/1/.keep`]: '',
};
const OPEN = pathToUri(`${ROOT}/models/open/config.pbtxt`);
const CLOSED = pathToUri(`${ROOT}/models/closed/config.pbtxt`);
const PIPELINE = pathToUri(`${ROOT}/models/pipeline/config.pbtxt`);
const GPU_CODE = 'triton/gpu-id-unavailable';
const hasGpuProblem = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === GPU_CODE);
const clients: InProcessClient[] = [];
after(() => Promise.all(clients.map((c) => c.dispose())));

/** Opens the `open` model and waits until the repository was checked and the model published. */
async function started(gpus: number | undefined) {
  const { host, fs, gpus: inventory } = testHost(FILES, gpus);
  const client = await startInProcess(host, pathToUri(ROOT));
  clients.push(client);
  client.open(OPEN, FILES[`${ROOT}/models/open/config.pbtxt`]!);
  await client.next(CLOSED, () => true, 0);
  await client.next(OPEN, () => true, 0);
  return { client, fs, inventory };
}

describe('language server started in process with a test host', () => {
  test('reads the repository through the host: closed models are checked from the host files', async () => {
    const { client } = await started(2);
    const closed = client.published.filter((p) => p.uri === CLOSED).at(-1)!;
    assert.ok(hasGpuProblem(closed), 'gpu id 3 of 2 GPUs (the host said 2)');
    assert.deepEqual(client.errors, []);
  });

  test('a GPU inventory refresh republishes the open documents (push) and the changed closed files', async () => {
    const { client, inventory } = await started(undefined);
    assert.ok(!client.published.some(hasGpuProblem), 'GPU ids are not checked while the count is unknown');
    const open = client.next(OPEN, hasGpuProblem);
    const closed = client.next(CLOSED, hasGpuProblem);
    inventory.set(1);
    assert.match((await open).diagnostics.find((d) => d.code === GPU_CODE)!.message, /gpu id 1/);
    await closed;
    const cleared = client.next(OPEN, (p) => !hasGpuProblem(p));
    inventory.set(2);
    await cleared;
    assert.deepEqual(client.errors, []);
  });

  test('a settings change republishes the open documents (push)', async () => {
    const { client } = await started(undefined);
    const open = client.next(OPEN, hasGpuProblem);
    client.settings({ gpuCount: 1 });
    await open;
    const cleared = client.next(OPEN, (p) => !hasGpuProblem(p));
    client.settings({ gpuCount: null });
    await cleared;
    // The setting wins over the host's inventory once set.
    assert.deepEqual(client.errors, []);
  });

  test('a request cancelled while it waits for its repository is answered RequestCancelled, not logged', async () => {
    const { client, fs } = await started(2);
    const params = {
      textDocument: { uri: OPEN },
      position: { line: 0, character: 0 },
    };
    // A change on disk of another model: the next request waits for that model to be read again.
    const hold = fs.hold(`${ROOT}/models/closed/config.pbtxt`);
    void client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: CLOSED, type: FileChangeType.Changed }],
    });
    const source = new CancellationTokenSource();
    const answer = client.connection.sendRequest(DefinitionRequest.type, params, source.token);
    await hold.started;
    source.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    hold.release();
    await assert.rejects(
      answer,
      (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled,
    );
    // Not cancelled: the same request is answered.
    assert.deepEqual(await client.connection.sendRequest(DefinitionRequest.type, params), []);
    assert.deepEqual(client.errors, []);
  });

  test('an ensemble open beside its step is republished when the step changes', async () => {
    const { client } = await started(2);
    const from = client.published.length;
    client.open(PIPELINE, ensemble);
    const first = await client.next(PIPELINE, () => true, from);
    assert.deepEqual(
      first.diagnostics.filter((d) => d.severity === 1),
      [],
    );
    // The step loses its output OUT: the ensemble's map names a tensor the step no longer has.
    const pipeline = client.next(PIPELINE, (p) => p.diagnostics.some((d) => d.severity === 1));
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: OPEN, version: 2 },
      contentChanges: [{ text: model('1').replace('name: "OUT"', 'name: "OUT2"') }],
    });
    await pipeline;
    assert.deepEqual(client.errors, []);
  });
});
