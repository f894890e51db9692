// Send Test Request's choices, from the models' configs as Triton's HTTP API reports them (a local HTTP
// server plays Triton's GET /v2/models/<m>/config here: a test double for a running Triton).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildGenerateRequest } from '../../server/src/deploy/request';
import { rankShapes, requestShapeOf, testableModels } from '../../server/src/deploy/testModels';
import { profileFieldSpan } from '../../server/src/deploy/launchFailure';
import { barText } from '../../client/src/deploy/containerState';
import type { StatusEntry } from '../../server/src/deploy/deploy';

const input = (name: string, data_type = 'TYPE_STRING') => ({ name, data_type, dims: [1] });
// Shapes of TensorRT-LLM's models as Triton reports them (abridged to the inputs that matter).
const CONFIGS: Record<string, unknown> = {
  ensemble: {
    name: 'ensemble',
    platform: 'ensemble',
    input: [input('text_input'), input('max_tokens', 'TYPE_INT32'), input('stream', 'TYPE_BOOL')],
  },
  tensorrt_llm_bls: {
    name: 'tensorrt_llm_bls',
    backend: 'python',
    input: [input('text_input'), input('max_tokens', 'TYPE_INT32')],
    model_transaction_policy: { decoupled: true },
  },
  tensorrt_llm: {
    name: 'tensorrt_llm',
    backend: 'tensorrtllm',
    input: [input('input_ids', 'TYPE_INT32'), input('request_output_len', 'TYPE_INT32')],
  },
  llmapi: {
    name: 'llmapi',
    backend: 'python',
    input: [
      input('text_input'),
      input('sampling_param_max_tokens', 'TYPE_INT32'),
      input('stream', 'TYPE_BOOL'),
    ],
  },
};

let base: string;
const server = createServer((req, res) => {
  const m = /^\/v2\/models\/([^/]+)\/config$/.exec(req.url ?? '');
  const config = m ? CONFIGS[decodeURIComponent(m[1]!)] : undefined;
  res.writeHead(config ? 200 : 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify(config ?? { error: 'Request for unknown model' }));
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('models that take text are offered, ensemble and BLS first; token-id models are not', async () => {
  const shapes = await testableModels(base, [
    'llmapi',
    'tensorrt_llm',
    'tensorrt_llm_bls',
    'ensemble',
    'gone',
  ]);
  assert.deepEqual(
    shapes.map((s) => s.model),
    ['ensemble', 'tensorrt_llm_bls', 'gone', 'llmapi'],
  );
  // A config that cannot be read: offered, asked the ensemble's way, and said so.
  assert.deepEqual(shapes[2], {
    model: 'gone',
    maxTokensInput: 'max_tokens',
    streamInput: false,
    decoupled: false,
    pipeline: false,
    inputsUnknown: true,
  });
  assert.deepEqual(
    (await testableModels(base, ['ensemble', 'llmapi'], 'llmapi')).map((s) => s.model),
    ['llmapi', 'ensemble'],
    'the model chosen last time comes first',
  );
});

test('the request follows the model: max_tokens for the ensemble, sampling_param_max_tokens for llmapi', () => {
  const ensemble = requestShapeOf('ensemble', CONFIGS.ensemble)!;
  const llmapi = requestShapeOf('llmapi', CONFIGS.llmapi)!;
  const bls = requestShapeOf('tensorrt_llm_bls', CONFIGS.tensorrt_llm_bls)!;
  assert.equal(requestShapeOf('tensorrt_llm', CONFIGS.tensorrt_llm), undefined);
  const body = (shape: typeof ensemble, stream = false) =>
    JSON.parse(
      buildGenerateRequest({ base, prompt: 'hi', model: shape.model, shape, stream, maxTokens: 8 }).body,
    ) as Record<string, unknown>;
  assert.deepEqual(body(ensemble), { text_input: 'hi', max_tokens: 8, stream: false });
  assert.deepEqual(body(llmapi, true), { text_input: 'hi', sampling_param_max_tokens: 8, stream: true });
  assert.deepEqual(body(bls), { text_input: 'hi', max_tokens: 8 }, 'no stream input: no stream field');
  assert.equal(bls.decoupled, true);
  assert.deepEqual(
    rankShapes([llmapi, bls, ensemble]).map((s) => s.model),
    ['ensemble', 'tensorrt_llm_bls', 'llmapi'],
  );
});

test('a failed launch is placed on the profile field behind it', () => {
  const text = '{\n  "image": "nvcr.io/x:1",\n  "ports": { "http": 8000 }\n}\n';
  const image = profileFieldSpan(text, 'image-missing');
  assert.equal(image.field, 'image');
  assert.equal(text.slice(image.start, image.end), '"image": "nvcr.io/x:1"');
  assert.equal(profileFieldSpan(text, 'port-in-use').field, 'ports');
  assert.deepEqual(profileFieldSpan(text, 'name-conflict'), { start: 0, end: 0 });
});

test('the status bar says what the engine says', () => {
  const entry = (name: string, state: string, ready: boolean): StatusEntry =>
    ({
      id: name,
      name,
      image: 'i',
      state,
      status: '',
      labels: {},
      ready,
      ...(ready ? { url: `http://h/${name}` } : {}),
    }) as StatusEntry;
  assert.equal(barText([]), undefined);
  assert.equal(barText([entry('a', 'running', true)]), 'ready http://h/a');
  assert.equal(barText([entry('a', 'running', true), entry('b', 'running', true)]), '2 ready');
  assert.equal(barText([entry('a', 'running', false)]), 'starting');
  assert.equal(barText([entry('a', 'exited', false)]), 'exited');
});
