import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assumedImage,
  atLeast,
  newestKnownImage,
  releasesWith,
  sameRelease,
  serverImage,
} from '../../server/src/core/engine/images';

test('image references and tags map to the TensorRT-LLM release inside', () => {
  assert.deepEqual(serverImage('nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3'), {
    release: '24.07',
    trtllm: '0.11.0',
  });
  assert.equal(serverImage('25.02-trtllm-python-py3')?.trtllm, '0.17.0.post1');
  assert.equal(
    serverImage('registry.local:5000/mirror/tritonserver:26.03-trtllm-python-py3')?.trtllm,
    '1.2.0',
  );
});

test('unknown: other images, and releases whose TensorRT-LLM could not be confirmed', () => {
  // 24.03: 0.8.0, per NVIDIA's support matrix as quoted in ISSUE BE#395 (TRTLLM_VERIFIED.md 6).
  assert.deepEqual(serverImage('nvcr.io/nvidia/tritonserver:24.03-trtllm-python-py3'), {
    release: '24.03',
    trtllm: '0.8.0',
  });
  for (const ref of [
    'nvcr.io/nvidia/tritonserver:24.07-py3',
    'nvcr.io/nvidia/tritonserver:23.11-trtllm-python-py3',
    'tritonserver',
    'registry.local:5000/tritonserver',
  ])
    assert.equal(serverImage(ref), undefined, ref);
});

test('releases carrying a version, and what counts as the same release', () => {
  assert.deepEqual(releasesWith('0.20.0'), ['25.06', '25.07']);
  assert.deepEqual(releasesWith('0.3.0'), []);
  assert.ok(sameRelease('v0.11.0', '0.11.0'));
  assert.ok(!sameRelease('0.17.0', '0.17.0.post1'));
});

test('an image newer than the table is assumed to be the newest known release; others are not assumed', () => {
  assert.deepEqual(newestKnownImage(), { release: '26.07', trtllm: '1.2.1' });
  assert.deepEqual(assumedImage('nvcr.io/nvidia/tritonserver:27.03-trtllm-python-py3'), {
    release: '27.03',
    trtllm: '1.2.1',
    basis: 'newer',
  });
  assert.equal(assumedImage('nvcr.io/nvidia/tritonserver:25.09-trtllm-python-py3')?.basis, 'table');
  assert.equal(assumedImage('nvcr.io/nvidia/tritonserver:23.11-trtllm-python-py3'), undefined);
  assert.equal(assumedImage('my/image:latest'), undefined);
  assert.ok(atLeast('0.20.0', 0, 20) && !atLeast('0.19.0', 0, 20) && atLeast('1.0.0', 0, 20));
});
