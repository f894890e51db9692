// Issue 17: config.pbtxt against its ONNX model file. Every model here is a real ONNX file the test
// builds: with protoc from text-format onnx.ModelProto, or with protobufjs over our schema.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import {
  CODES,
  ConfigDocument,
  autoCompleteOffer,
  checkPaths,
  loadRepository,
  onnxHover,
  onnxNameCompletions,
  readOnnxSignature,
} from '../../server/src/core/index';
import type { CheckOptions, Diagnostic } from '../../server/src/core/index';
import { ONNX_JSON_PATH, ONNX_PROTO_PATH, buildOnnxSchema } from '../../scripts/gen-onnx-schema';
import type { ModelSpec } from './onnxFiles';
import { ELEM, modelText, protocModel, writeLargeModel, writerModel } from './onnxFiles';

const root = mkdtempSync(join(tmpdir(), 'onnx-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** Codes the tests saw, to check that every onnx/ code is covered. */
const seen = new Set<string>();

/** A repository with one model `m`: config.pbtxt and files (paths relative to the model directory). */
function repository(config: string, files: Record<string, Uint8Array | string>): string {
  const repo = join(root, `repo${counter++}`);
  const dir = join(repo, 'm');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.pbtxt'), config);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return repo;
}

async function diagnostics(repo: string, options: CheckOptions = {}): Promise<Diagnostic[]> {
  const report = await checkPaths([repo], nodeFileSystem, options);
  assert.deepEqual(report.failures, []);
  const all = report.files.flatMap((f) => f.diagnostics);
  for (const d of all) seen.add(d.code);
  return all;
}

/** The onnx/ diagnostics of a one-model repository, as `code: message`. */
async function onnxProblems(
  config: string,
  model: Uint8Array,
  options: CheckOptions = {},
): Promise<string[]> {
  const all = await diagnostics(repository(config, { '1/model.onnx': model }), options);
  return all.filter((d) => d.code.startsWith('onnx/')).map((d) => `${d.code}: ${d.message}`);
}

const STRICT = { strictModelConfig: true };

/** An image classifier: batch dimension symbolic, fixed 3x224x224, one output of 1000 classes. */
const CLASSIFIER: ModelSpec = {
  inputs: [{ name: 'input', elem: ELEM.FLOAT, dims: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'logits', elem: ELEM.FLOAT, dims: ['batch', 1000] }],
  initializers: [{ name: 'fc.weight', bytes: 64, dims: [4, 4] }],
};
const classifier = protocModel(CLASSIFIER);

const CLASSIFIER_CONFIG = `name: "m"
backend: "onnxruntime"
max_batch_size: 8
input [ { name: "input" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]
output [ { name: "logits" data_type: TYPE_FP32 dims: [ 1000 ] } ]
`;

// --- the reader ---------------------------------------------------------------------------------------

test('protoc and our writer encode the same model; the reader reads its signature', async () => {
  assert.deepEqual(Buffer.from(writerModel(CLASSIFIER)).length > 0, true);
  for (const bytes of [classifier, Buffer.from(writerModel(CLASSIFIER))]) {
    const read = await readOnnxSignature((p, n) =>
      Promise.resolve({ bytes: bytes.subarray(p, p + n), size: bytes.length }),
    );
    assert.ok(read.ok);
    assert.deepEqual(read.signature.inputs, [
      {
        name: 'input',
        kind: 'tensor',
        elemType: 1,
        shape: [-1, 3, 224, 224],
        dimParams: ['batch', '', '', ''],
      },
    ]);
    assert.deepEqual(
      read.signature.outputs.map((o) => o.shape),
      [[-1, 1000]],
    );
    assert.equal(read.signature.initializers, 1);
    assert.equal(read.signature.irVersion, 8);
  }
});

test('an input that is an initializer is an overridable initializer, not a model input', async () => {
  const bytes = protocModel({
    inputs: [
      { name: 'x', elem: ELEM.FLOAT, dims: [-1, 4] },
      { name: 'scale', elem: ELEM.FLOAT, dims: [1] },
    ],
    outputs: [{ name: 'y', elem: ELEM.FLOAT, dims: [null, 4] }],
    initializers: [{ name: 'scale', bytes: 4, dims: [1] }],
  });
  const read = await readOnnxSignature((p, n) =>
    Promise.resolve({ bytes: bytes.subarray(p, p + n), size: bytes.length }),
  );
  assert.ok(read.ok);
  assert.deepEqual(
    read.signature.inputs.map((i) => i.name),
    ['x'],
  );
  assert.deepEqual(
    read.signature.overridable.map((i) => i.name),
    ['scale'],
  );
  // A dimension with neither dim_value nor dim_param is variable (-1), as ONNX Runtime reports it.
  assert.deepEqual(read.signature.outputs[0]!.shape, [-1, 4]);
});

test('corrupt, truncated, LFS-pointer and non-ONNX files: a clear diagnostic, never a throw', async () => {
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['truncated', classifier.subarray(0, classifier.length - 20), /the file is truncated/],
    ['lfs', 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n', /Git LFS pointer/],
    ['text', 'this is not a model at all\n', /not a readable ONNX model/],
    ['bad wire type', Uint8Array.from([0x3f, 0x01, 0x02]), /unsupported wire type 7/],
  ];
  for (const [what, bytes, expected] of cases) {
    const all = await diagnostics(repository(CLASSIFIER_CONFIG, { '1/model.onnx': bytes }));
    const unreadable = all.filter((d) => d.code === 'onnx/unreadable-model');
    assert.equal(unreadable.length, 1, what);
    assert.match(unreadable[0]!.message, expected, what);
    assert.match(
      unreadable[0]!.message,
      /^model file 1\/model\.onnx of model 'm' is not a readable ONNX model: /,
    );
    assert.equal(unreadable[0]!.related?.[0]?.path?.endsWith('/m/1/model.onnx'), true);
    assert.equal(unreadable[0]!.range.start.line, 1, `${what}: on the backend line`);
  }
  const whole = await readOnnxSignature((p, k) =>
    Promise.resolve({ bytes: classifier.subarray(p, p + k), size: classifier.length }),
  );
  assert.ok(whole.ok);
  const full = whole.signature;
  // Every truncation and a flipped byte at every position of a real model: a verdict, never a throw.
  for (let n = 0; n < classifier.length; n++) {
    const cut = classifier.subarray(0, n);
    const read = await readOnnxSignature((p, k) =>
      Promise.resolve({ bytes: cut.subarray(p, p + k), size: cut.length }),
    );
    // A cut at a field boundary after the graph is still a valid message, with the same signature.
    if (read.ok) assert.deepEqual(read.signature, full, `truncated to ${n} bytes`);
    else if (n > 0)
      assert.match(read.message, /truncated|ends inside|runs past|no graph/, `truncated to ${n} bytes`);
    const flipped = Uint8Array.from(classifier);
    flipped[n] = flipped[n]! ^ 0xff;
    await readOnnxSignature((p, k) =>
      Promise.resolve({ bytes: flipped.subarray(p, p + k), size: flipped.length }),
    );
  }
});

test('an empty model file is a stand-in for a model not deployed yet: nothing is reported', async () => {
  for (const options of [{}, STRICT])
    assert.deepEqual(await onnxProblems(CLASSIFIER_CONFIG, new Uint8Array(0), options), []);
  const read = await readOnnxSignature(() => Promise.resolve({ bytes: new Uint8Array(0), size: 0 }));
  assert.deepEqual(read, { ok: false, message: 'the file is empty', bytesRead: 0 });
});

test('a 3 GiB model with big initializers is read through a few reads, payloads never touched', async () => {
  const path = join(root, 'large.onnx');
  const GiB = 1024 ** 3;
  const size = writeLargeModel(path, CLASSIFIER, 0.75 * GiB, 4);
  assert.ok(size > 3 * GiB);
  let reads = 0;
  let largest = 0;
  const read = await readOnnxSignature(async (p, n) => {
    reads++;
    const r = await nodeFileSystem.readBytes(path, p, n);
    largest = Math.max(largest, r.bytes.length);
    return r;
  });
  assert.ok(read.ok, read.ok ? '' : read.message);
  assert.deepEqual(
    read.signature.inputs.map((i) => i.name),
    ['input'],
  );
  assert.equal(read.signature.initializers, 4);
  // One window per initializer header plus the inputs and outputs: bounded, whatever the file size.
  assert.ok(read.bytesRead < 1024 * 1024, `read ${read.bytesRead} bytes`);
  assert.ok(largest <= 64 * 1024 && reads < 16, `${reads} reads, largest ${largest}`);
  rmSync(path);
});

test('a model directory (model.onnx/ with external data) is read from model.onnx inside it', async () => {
  const repo = repository(CLASSIFIER_CONFIG.replace('TYPE_FP32 dims: [ 3', 'TYPE_FP16 dims: [ 3'), {
    '1/model.onnx/model.onnx': classifier,
    '1/model.onnx/weights.bin': 'x',
  });
  const all = await diagnostics(repo);
  const d = all.find((x) => x.code === 'onnx/data-type-mismatch');
  assert.ok(d);
  assert.equal(
    d.related?.at(-1)?.message,
    "1/model.onnx/model.onnx: input 'input' is TYPE_FP32 [-1,3,224,224] (batch variable)",
  );
});

test('our schema: the committed JSON is what scripts/gen-onnx-schema.ts makes of the .proto', () => {
  assert.equal(readFileSync(ONNX_JSON_PATH, 'utf8'), buildOnnxSchema(readFileSync(ONNX_PROTO_PATH, 'utf8')));
});

// --- the rules, with the ONNX Runtime backend's text ------------------------------------------------------

test('a matching config is clean in both modes', async () => {
  for (const options of [{}, STRICT])
    assert.deepEqual(await onnxProblems(CLASSIFIER_CONFIG, classifier, options), []);
  const all = await diagnostics(repository(CLASSIFIER_CONFIG, { '1/model.onnx': classifier }), STRICT);
  assert.deepEqual(all, []);
});

test('clean: dynamic dims, reshape, -1 in the model matching any input dim, initializer inputs, no batching', async () => {
  const model = protocModel({
    inputs: [
      { name: 'ids', elem: ELEM.INT64, dims: ['batch', 'seq'] },
      { name: 'image', elem: ELEM.FLOAT, dims: ['batch', 3, 32, 32] },
      { name: 'temperature', elem: ELEM.FLOAT, dims: [1] },
    ],
    outputs: [
      { name: 'scores', elem: ELEM.FLOAT16, dims: ['batch', 'seq', 8] },
      { name: 'flag', elem: ELEM.BOOL, dims: ['batch'] },
    ],
    initializers: [{ name: 'temperature', bytes: 4, dims: [1] }],
  });
  const batching = `name: "m"
platform: "onnxruntime_onnx"
max_batch_size: 4
input [
  { name: "ids" data_type: TYPE_INT64 dims: [ 128 ] },
  { name: "image" data_type: TYPE_FP32 dims: [ 3072 ] reshape { shape: [ 3, 32, 32 ] } }
]
output [
  { name: "scores" data_type: TYPE_FP16 dims: [ -1, 8 ] },
  { name: "flag" data_type: TYPE_BOOL dims: [ 1 ] reshape { shape: [ ] } }
]
`;
  for (const options of [{}, STRICT]) assert.deepEqual(await onnxProblems(batching, model, options), []);
  // Without batching the whole shape is written; the overridable initializer is an optional input.
  const flat = `name: "m"
backend: "onnxruntime"
input [
  { name: "ids" data_type: TYPE_INT64 dims: [ 1, -1 ] },
  { name: "image" data_type: TYPE_FP32 dims: [ -1, 3, 32, 32 ] },
  { name: "temperature" data_type: TYPE_FP32 dims: [ 1 ] optional: true }
]
output [
  { name: "scores" data_type: TYPE_FP16 dims: [ -1, -1, 8 ] },
  { name: "flag" data_type: TYPE_BOOL dims: [ -1 ] }
]
`;
  for (const options of [{}, STRICT]) assert.deepEqual(await onnxProblems(flat, model, options), []);
});

test('input count (optional inputs and batch_input entries counted as Triton does)', async () => {
  const config = CLASSIFIER_CONFIG.replace(
    'input [ { name: "input" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]',
    'input [ { name: "input" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] }, { name: "mask" data_type: TYPE_INT32 dims: [ 1 ] } ]',
  );
  assert.deepEqual(await onnxProblems(config, classifier, STRICT), [
    "onnx/input-count-mismatch: unable to load model 'm', configuration expects 2 inputs, model provides 1",
    "onnx/unknown-input: unexpected inference input 'mask', allowed inputs are: input",
  ]);
  const batchInput =
    CLASSIFIER_CONFIG +
    'batch_input [ { kind: BATCH_ELEMENT_COUNT target_name: "count" data_type: TYPE_FP32 } ]\n';
  assert.deepEqual(await onnxProblems(batchInput, classifier, STRICT), [
    "onnx/input-count-mismatch: unable to load model 'm', configuration expects 2 inputs, model provides 1",
  ]);
});

test('a sequence model: control inputs are model inputs the config does not list', async () => {
  const model = protocModel({
    inputs: [
      { name: 'x', elem: ELEM.FLOAT, dims: ['b', 4] },
      { name: 'START', elem: ELEM.INT32, dims: ['b', 1] },
      { name: 'CORRID', elem: ELEM.INT64, dims: ['b', 1] },
    ],
    outputs: [{ name: 'y', elem: ELEM.FLOAT, dims: ['b', 4] }],
  });
  const config = `backend: "onnxruntime"
max_batch_size: 2
sequence_batching {
  control_input [
    { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] },
    { name: "CORRID" control [ { kind: CONTROL_SEQUENCE_CORRID data_type: TYPE_UINT64 } ] }
  ]
}
input [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [ { name: "y" data_type: TYPE_FP32 dims: [ 4 ] } ]
`;
  assert.deepEqual(await onnxProblems(config, model, STRICT), []);
  const missing = config.replace(/ {4}\{ name: "CORRID".*\n/, '').replace('] } ] },', '] } ] }');
  assert.deepEqual(await onnxProblems(missing, model, STRICT), [
    "onnx/input-count-mismatch: unable to load model 'm', configuration expects 2 inputs, model provides 3",
  ]);
});

test('unknown input and output names list the allowed names, sorted, overridable initializers included', async () => {
  const model = protocModel({
    inputs: [
      { name: 'tokens', elem: ELEM.INT64, dims: ['b', 16] },
      { name: 'alpha', elem: ELEM.FLOAT, dims: [1] },
    ],
    outputs: [
      { name: 'probs', elem: ELEM.FLOAT, dims: ['b', 2] },
      { name: 'argmax', elem: ELEM.INT64, dims: ['b'] },
    ],
    initializers: [{ name: 'alpha', bytes: 4, dims: [1] }],
  });
  const config = `name: "m"
backend: "onnxruntime"
max_batch_size: 2
input [ { name: "token" data_type: TYPE_INT64 dims: [ 16 ] } ]
output [ { name: "prob" data_type: TYPE_FP32 dims: [ 2 ] } ]
`;
  const problems = await onnxProblems(config, model, STRICT);
  assert.deepEqual(problems, [
    "onnx/unknown-input: unexpected inference input 'token', allowed inputs are: alpha, tokens",
    "onnx/unknown-output: unexpected inference output 'prob', allowed outputs are: argmax, probs",
  ]);
});

test('data types: the model element type mapped to TYPE_*, for inputs and outputs', async () => {
  const config = CLASSIFIER_CONFIG.replace(
    'data_type: TYPE_FP32 dims: [ 3',
    'data_type: TYPE_FP16 dims: [ 3',
  ).replace('data_type: TYPE_FP32 dims: [ 1000', 'data_type: TYPE_FP64 dims: [ 1000');
  const all = await diagnostics(repository(config, { '1/model.onnx': classifier }));
  const d = all.filter((x) => x.code === 'onnx/data-type-mismatch');
  assert.deepEqual(
    d.map((x) => x.message),
    [
      "unable to load model 'm', configuration expects datatype TYPE_FP16 for input 'input', model provides TYPE_FP32",
      "unable to load model 'm', configuration expects datatype TYPE_FP64 for output 'logits', model provides TYPE_FP32",
    ],
  );
  // On the data_type value, related: the model file and the tensor.
  assert.deepEqual(d[0]!.range, { start: { line: 3, character: 35 }, end: { line: 3, character: 44 } });
  assert.equal(
    d[0]!.related?.[0]?.message,
    "1/model.onnx: input 'input' is TYPE_FP32 [-1,3,224,224] (batch variable)",
  );
  // BF16 and STRING map too.
  const typed = protocModel({
    inputs: [{ name: 'text', elem: ELEM.STRING, dims: [-1] }],
    outputs: [{ name: 'h', elem: ELEM.BFLOAT16, dims: [-1, 4] }],
  });
  const ok = `backend: "onnxruntime"
input [ { name: "text" data_type: TYPE_STRING dims: [ -1 ] } ]
output [ { name: "h" data_type: TYPE_BF16 dims: [ -1, 4 ] } ]
`;
  assert.deepEqual(await onnxProblems(ok, typed, STRICT), []);
});

test('the batching rule: max_batch_size > 0 needs a first model dimension of -1', async () => {
  const fixed = protocModel({
    inputs: [{ name: 'input', elem: ELEM.FLOAT, dims: [1, 3, 224, 224] }],
    outputs: [{ name: 'logits', elem: ELEM.FLOAT, dims: [1, 1000] }],
  });
  assert.deepEqual(await onnxProblems(CLASSIFIER_CONFIG, fixed, STRICT), [
    "onnx/batch-dimension-not-variable: model 'm', tensor 'input': for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1; but shape expected by the model is [1,3,224,224]",
    "onnx/batch-dimension-not-variable: model 'm', tensor 'logits': for the model to support batching the shape should have at least 1 dimension and the first dimension must be -1; but shape expected by the model is [1,1000]",
  ]);
  // With auto-complete on, the autofill refuses first (the config has inputs and outputs, so it
  // does not run: the same validation errors).
  assert.equal((await onnxProblems(CLASSIFIER_CONFIG, fixed)).length, 2);
  // Without outputs the auto-complete runs and refuses the non-zero max_batch_size.
  const noOutputs = CLASSIFIER_CONFIG.replace(/output \[.*\]\n/, '');
  assert.deepEqual(await onnxProblems(noOutputs, fixed), [
    "onnx/batching-not-supported: autofill failed for model 'm': model does not support batching while non-zero max_batch_size is specified",
  ]);
});

test('shapes: a dims typo (244 for 224), rank, reshape, and outputs compared exactly', async () => {
  const typo = CLASSIFIER_CONFIG.replace('dims: [ 3, 224, 224 ]', 'dims: [ 3, 244, 224 ]');
  assert.deepEqual(await onnxProblems(typo, classifier, STRICT), [
    "onnx/shape-mismatch: model 'm', tensor 'input': the model expects 4 dimensions (shape [-1,3,224,224]) but the model configuration specifies 4 dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [-1,3,244,224])",
  ]);
  const unbatched = CLASSIFIER_CONFIG.replace('max_batch_size: 8', 'max_batch_size: 0').replace(
    'dims: [ 1000 ]',
    'dims: [ -1, 1000 ]',
  );
  assert.deepEqual(await onnxProblems(unbatched, classifier, STRICT), [
    "onnx/shape-mismatch: model 'm', tensor 'input': the model expects 4 dimensions (shape [-1,3,224,224]) but the model configuration specifies 3 dimensions (shape [3,224,224])",
  ]);
  // Outputs: a config -1 never matches a fixed model dimension, and a model -1 needs a config -1.
  const outputs = CLASSIFIER_CONFIG.replace('dims: [ 1000 ]', 'dims: [ -1 ]');
  assert.deepEqual(await onnxProblems(outputs, classifier, STRICT), [
    "onnx/shape-mismatch: model 'm', tensor 'logits': the model expects 2 dimensions (shape [-1,1000]) but the model configuration specifies 2 dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [-1,-1])",
  ]);
  const variable = protocModel({
    inputs: [{ name: 'x', elem: ELEM.FLOAT, dims: ['b', 'n'] }],
    outputs: [{ name: 'y', elem: ELEM.FLOAT, dims: ['b', 'n'] }],
  });
  const fixedOut = `backend: "onnxruntime"
max_batch_size: 2
input [ { name: "x" data_type: TYPE_FP32 dims: [ 16 ] } ]
output [ { name: "y" data_type: TYPE_FP32 dims: [ 16 ] } ]
`;
  assert.deepEqual(await onnxProblems(fixedOut, variable, STRICT), [
    "onnx/shape-mismatch: model 'm', tensor 'y': the model expects 2 dimensions (shape [-1,-1]) but the model configuration specifies 2 dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [-1,16])",
  ]);
  // The reshape is what is compared, not the dims.
  const reshaped = CLASSIFIER_CONFIG.replace(
    'dims: [ 3, 224, 224 ]',
    'dims: [ 150528 ] reshape { shape: [ 3, 224, 225 ] }',
  );
  assert.deepEqual(await onnxProblems(reshaped, classifier, STRICT), [
    "onnx/shape-mismatch: model 'm', tensor 'input': the model expects 4 dimensions (shape [-1,3,224,224]) but the model configuration specifies 4 dimensions (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [-1,3,224,225])",
  ]);
});

test('scalars, ragged inputs and optional inputs with batching', async () => {
  const model = protocModel({
    inputs: [
      { name: 'x', elem: ELEM.FLOAT, dims: [-1] },
      { name: 'lengths', elem: ELEM.INT32, dims: [-1, 1] },
      { name: 's', elem: ELEM.FLOAT, dims: [] },
    ],
    outputs: [{ name: 'y', elem: ELEM.FLOAT, dims: [-1] }],
  });
  const config = `backend: "onnxruntime"
max_batch_size: 0
input [
  { name: "x" data_type: TYPE_FP32 dims: [ -1 ] allow_ragged_batch: true optional: true },
  { name: "lengths" data_type: TYPE_INT32 dims: [ -1, 1 ] allow_ragged_batch: true },
  { name: "s" data_type: TYPE_FP32 dims: [ 2 ] }
]
output [ { name: "y" data_type: TYPE_FP32 dims: [ -1 ] } ]
`;
  assert.deepEqual(await onnxProblems(config, model, STRICT), [
    "onnx/input-count-mismatch: unable to load model 'm', configuration expects 2 inputs, model provides 3",
    "onnx/ragged-input-shape: unable to load model 'm', configuration expects model provides input with shape [-1] for ragged input 'x', which is not supported for optional input",
    "onnx/ragged-input-shape: unable to load model 'm', configuration expects model provides input with shape [-1]  for ragged input 'lengths', model provides [-1,1]",
    "onnx/scalar-shape-mismatch: unable to load model 'm', scalar tensor 's', should only provide 1 in the model configuration when the model doesn't support batching. Model configuration provided: [2].",
  ]);
  const scalarOk = config
    .replace(' allow_ragged_batch: true optional: true', ' allow_ragged_batch: true')
    .replace('dims: [ -1, 1 ] allow_ragged_batch: true', 'dims: [ -1, 1 ]')
    .replace('dims: [ 2 ]', 'dims: [ 1 ]');
  assert.deepEqual(await onnxProblems(scalarOk, model, STRICT), []);
  const optional = CLASSIFIER_CONFIG.replace(
    'dims: [ 3, 224, 224 ] }',
    'dims: [ 3, 224, 224 ] optional: true }',
  );
  assert.deepEqual(await onnxProblems(optional, classifier, STRICT), [
    "onnx/input-count-mismatch: unable to load model 'm', configuration expects 0 inputs, model provides 1",
    "onnx/optional-input-with-batching: unable to load model 'm', optional input 'input' is not supported for models that support batching",
  ]);
});

test('every version the policy loads is compared; the same problem is reported once', async () => {
  const other = protocModel({
    inputs: [{ name: 'input', elem: ELEM.FLOAT16, dims: ['batch', 3, 224, 224] }],
    outputs: [{ name: 'logits', elem: ELEM.FLOAT, dims: ['batch', 1000] }],
  });
  const config = CLASSIFIER_CONFIG + 'version_policy: { all { } }\n';
  const all = await diagnostics(
    repository(config, { '1/model.onnx': classifier, '2/model.onnx': other, '3/model.onnx': other }),
  );
  const d = all.filter((x) => x.code.startsWith('onnx/'));
  assert.deepEqual(
    d.map((x) => [x.code, x.related?.map((r) => r.message.split(':')[0])]),
    [['onnx/data-type-mismatch', ['2/model.onnx', '3/model.onnx']]],
  );
});

test('placeholders leave the comparison silent', async () => {
  const config = CLASSIFIER_CONFIG.replace('max_batch_size: 8', 'max_batch_size: ${mbs}').replace(
    'data_type: TYPE_FP32 dims: [ 1000 ]',
    'data_type: TYPE_FP16 dims: [ ${n} ]',
  );
  assert.deepEqual(await onnxProblems(config, classifier, STRICT), [
    "onnx/data-type-mismatch: unable to load model 'm', configuration expects datatype TYPE_FP16 for output 'logits', model provides TYPE_FP32",
  ]);
});

// --- auto-complete ---------------------------------------------------------------------------------------

test('auto-complete is shown, and its quick fix writes a config that checks clean in strict mode', async () => {
  const model = protocModel({
    inputs: [
      { name: 'input_ids', elem: ELEM.INT64, dims: ['batch', 'seq'] },
      { name: 'attention_mask', elem: ELEM.INT64, dims: ['batch', 'seq'] },
    ],
    outputs: [
      { name: 'last_hidden_state', elem: ELEM.FLOAT, dims: ['batch', 'seq', 768] },
      { name: 'pooled', elem: ELEM.FLOAT, dims: ['batch'] },
    ],
  });
  const config = 'name: "m"\nbackend: "onnxruntime"\n';
  const repo = repository(config, { '1/model.onnx': model });
  const configPath = join(repo, 'm', 'config.pbtxt');
  // Auto-complete on: the config loads, nothing to report; the editor shows what is added (code lens).
  assert.deepEqual(await diagnostics(repo), []);
  const loaded = await loadRepository(repo, nodeFileSystem, { autoComplete: true, checkLayout: true });
  const offer = autoCompleteOffer(loaded.models.get('m')!)!;
  assert.equal(
    offer.title,
    "Triton's auto-complete adds max_batch_size 4, dynamic_batching {}, 2 inputs (input_ids, attention_mask), 2 outputs (last_hidden_state, pooled) from 1/model.onnx",
  );
  assert.deepEqual([offer.start, offer.end], [6, 9]);
  // Strict mode: nothing is added, so the inputs are missing; the information says what to write.
  const strict = (await diagnostics(repo, STRICT)).filter((d) => d.code.startsWith('onnx/'));
  assert.deepEqual(
    strict.map((d) => `${d.code} ${d.severity}: ${d.message}`),
    [
      'onnx/auto-complete information: with auto-complete off (--disable-auto-complete-config) Triton fills in nothing; from 1/model.onnx its auto-complete would add max_batch_size 4, dynamic_batching {}, 2 inputs (input_ids, attention_mask), 2 outputs (last_hidden_state, pooled): write them into the config',
      "onnx/input-count-mismatch error: unable to load model 'm', configuration expects 0 inputs, model provides 2",
    ],
  );
  const auto = strict;
  assert.deepEqual(
    new ConfigDocument(config).autoCompleteEdits(offer.data),
    new ConfigDocument(config).quickFixes([auto[0]!])[0]!.edits,
  );
  // The fix, from the diagnostic as the editor passes it back.
  const fixed = applyAutoCompleteFix(config, auto[0]!);
  assert.equal(
    fixed,
    `name: "m"
backend: "onnxruntime"
max_batch_size: 4
dynamic_batching { }
input [
  {
    name: "input_ids"
    data_type: TYPE_INT64
    dims: [ -1 ]
  },
  {
    name: "attention_mask"
    data_type: TYPE_INT64
    dims: [ -1 ]
  }
]
output [
  {
    name: "last_hidden_state"
    data_type: TYPE_FP32
    dims: [ -1, 768 ]
  },
  {
    name: "pooled"
    data_type: TYPE_FP32
    dims: [ 1 ]
    reshape: { shape: [ ] }
  }
]
`,
  );
  writeFileSync(configPath, fixed);
  assert.deepEqual(await diagnostics(repo, STRICT), []);
  assert.deepEqual(await diagnostics(repo), []);
});

function applyAutoCompleteFix(text: string, d: Diagnostic): string {
  const doc = new ConfigDocument(text);
  const fixes = doc.quickFixes([d]);
  assert.equal(fixes.length, 1);
  let out = text;
  for (const e of [...fixes[0]!.edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

test('auto-complete: a written max_batch_size: 0 is set in place; outputs alone are filled', async () => {
  const config = CLASSIFIER_CONFIG.replace('max_batch_size: 8', 'max_batch_size: 0')
    .replace(/output \[.*\]\n/, '')
    .replace('dims: [ 3, 224, 224 ]', 'dims: [ -1, 3, 224, 224 ]');
  const repo = repository(config, { '1/model.onnx': classifier });
  const all = await diagnostics(repo);
  const auto = (await diagnostics(repo, STRICT)).find((d) => d.code === 'onnx/auto-complete')!;
  assert.match(auto.message, /would add max_batch_size 4, dynamic_batching \{\}, 1 output \(logits\):/);
  // The auto-completed max_batch_size applies to the inputs the config wrote.
  assert.deepEqual(
    all.filter((d) => d.code === 'onnx/shape-mismatch').map((d) => d.related?.map((r) => r.message)),
    [
      [
        'auto-complete sets max_batch_size to 4 (the model can batch)',
        "1/model.onnx: input 'input' is TYPE_FP32 [-1,3,224,224] (batch variable)",
      ],
    ],
  );
  const fixed = applyAutoCompleteFix(config, auto);
  assert.match(fixed, /^max_batch_size: 4$/m);
  assert.doesNotMatch(fixed, /max_batch_size: 0/);
});

test('hover shows the model file; completion offers its names', async () => {
  const config =
    'name: "m"\nbackend: "onnxruntime"\nmax_batch_size: 8\ninput [ { name: "" } ]\noutput [ { name: "logits" } ]\n';
  const repo = repository(config, { '1/model.onnx': classifier });
  const loaded = await loadRepository(repo, nodeFileSystem, { autoComplete: true, checkLayout: true });
  const model = loaded.models.get('m')!;
  const onName = onnxHover(model, config.indexOf('"m"') + 1)!;
  assert.match(onName.contents, /\*\*1\/model\.onnx\*\* \(ONNX, IR version 8\)/);
  assert.match(onName.contents, /- input `input`: TYPE_FP32 \[-1,3,224,224\] \(batch variable\)/);
  assert.match(onName.contents, /- output `logits`: TYPE_FP32 \[-1,1000\]/);
  assert.match(onName.contents, /Auto-complete adds nothing\./);
  const onOutput = onnxHover(model, config.indexOf('"logits"') + 2)!;
  assert.equal(
    onOutput.contents,
    '**1/model.onnx**: output `logits`: TYPE_FP32 [-1,1000] (batch variable) — dims `[batch, 1000]`',
  );
  const items = onnxNameCompletions(model, config.indexOf('""') + 1);
  assert.deepEqual(
    items.map((i) => [i.label, i.detail]),
    [['input', 'input of 1/model.onnx: TYPE_FP32 [-1,3,224,224] (batch variable)']],
  );
  assert.deepEqual(
    onnxNameCompletions(model, config.indexOf('"logits"') + 1).map((i) => i.label),
    ['logits'],
  );
});

test('a TensorRT plan, a TorchScript file, a SavedModel: a hint that the model file is not read', async () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['platform: "tensorrt_plan"\n', { '1/model.plan': 'x' }, /^1\/model\.plan is not read \(a TensorRT plan/],
    ['backend: "pytorch"\n', { '1/model.pt': 'x' }, /^1\/model\.pt is not read \(a TorchScript/],
    [
      'platform: "tensorflow_savedmodel"\n',
      { '1/model.savedmodel/saved_model.pb': 'x' },
      /^1\/model\.savedmodel is not read/,
    ],
  ];
  for (const [config, files, expected] of cases) {
    const hints = (await diagnostics(repository(config, files))).filter(
      (d) => d.code === 'onnx/model-file-not-read',
    );
    assert.equal(hints.length, 1, config);
    assert.equal(hints[0]!.severity, 'hint');
    assert.match(hints[0]!.message, expected);
  }
});

test('every onnx/ code is produced by a test above', () => {
  const missing = Object.keys(CODES).filter((c) => c.startsWith('onnx/') && !seen.has(c));
  assert.deepEqual(missing, []);
});

test('the text-format models are what the tests think they are', () => {
  assert.match(
    modelText(CLASSIFIER),
    /input \{ name: "input" type \{ tensor_type \{ elem_type: 1 shape \{ dim \{ dim_param: "batch" \}/,
  );
});
