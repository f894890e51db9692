// The server-side autofill (catalogue section 15) as a pure function: platform, backend and
// default_model_filename from the config and the first sub-directory's entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MODEL_CONFIG_TYPE,
  autofill,
  buildConfigModel,
  modelConfigSchema,
  parse,
} from '../../server/src/core/index';

/** `layout` maps sub-directory names to entries; a trailing '/' marks a directory. */
function run(config: string, layout: Record<string, string[]> = {}, dir = 'm', checkLayout = true) {
  const subdirEntries = new Map(
    Object.entries(layout).map(([sub, entries]) => [
      sub,
      {
        files: entries.filter((e) => !e.endsWith('/')),
        dirs: entries.filter((e) => e.endsWith('/')).map((e) => e.slice(0, -1)),
      },
    ]),
  );
  const model = buildConfigModel(parse(config), modelConfigSchema(), MODEL_CONFIG_TYPE);
  const af = autofill({ dir, subdirs: Object.keys(layout), subdirEntries, config: model }, { checkLayout });
  return (
    af && [af.platform, af.backend, af.defaultModelFilename, af.backendFrom, af.customNameError ?? false]
  );
}

test('autofill follows the steps of AutoCompleteBackendFields', () => {
  assert.deepEqual(run('', { '1': ['model.savedmodel/'] }), [
    'tensorflow_savedmodel',
    'tensorflow',
    'model.savedmodel',
    'model-file',
    false,
  ]);
  assert.deepEqual(run('', { '1': ['model.graphdef/'] }), ['', '', '', 'none', true]);
  assert.deepEqual(run('platform: "tensorrt_plan"'), [
    'tensorrt_plan',
    'tensorrt',
    'model.plan',
    'platform',
    false,
  ]);
  assert.deepEqual(run('backend: "tensorrt"'), ['tensorrt_plan', 'tensorrt', 'model.plan', 'config', false]);
  assert.deepEqual(run('', { '1': ['model.onnx/'] }), [
    'onnxruntime_onnx',
    'onnxruntime',
    'model.onnx',
    'model-file',
    false,
  ]);
  assert.deepEqual(run('platform: "bogus" default_model_filename: "model.onnx"'), [
    'bogus',
    'onnxruntime',
    'model.onnx',
    'default_model_filename',
    false,
  ]);
  assert.deepEqual(run('', { '1': ['model.xml', 'model.bin'] }), [
    '',
    'openvino',
    'model.xml',
    'model-file',
    false,
  ]);
  assert.deepEqual(run('', { '1': ['model.pt2'] }), [
    'torch_aoti',
    'pytorch',
    'model.pt2',
    'model-file',
    false,
  ]);
  assert.deepEqual(run('platform: "pytorch_libtorch"'), [
    'pytorch_libtorch',
    'pytorch',
    'model.pt',
    'platform',
    false,
  ]);
  assert.deepEqual(run('', { '1': ['model.py'] }), ['', 'python', 'model.py', 'model-file', false]);
  assert.deepEqual(run('', {}, 'a.b.c'), ['', 'b.c', 'model.b.c', 'directory-name', false]);
  assert.deepEqual(run('platform: "onnxruntime"', { '1': ['model.onnx'] }), [
    'onnxruntime',
    '',
    '',
    'none',
    false,
  ]);
});

test('autofill looks into the lexicographically first sub-directory only', () => {
  assert.deepEqual(run('', { '10': ['model.plan'], '2': ['model.onnx'] })?.[1], 'tensorrt');
  assert.deepEqual(run('', { '1': [], '2': ['model.onnx'] })?.[4], true);
});

test('autofill is unknown with placeholders or without a real layout', () => {
  assert.equal(run('backend: "${triton_backend}"'), undefined);
  assert.equal(run('platform: ${p}'), undefined);
  assert.equal(run('', {}, 'm', false), undefined);
  assert.deepEqual(run('backend: "python"', {}, 'm', false)?.[1], 'python');
});
