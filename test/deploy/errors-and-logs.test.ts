// Docker's error texts -> actionable messages, and Triton's load-failure log lines -> diagnostics. Pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyError } from '../../server/src/deploy/errors';
import {
  loadFailureDiagnostics,
  parseLoadFailure,
  parseLoadFailures,
} from '../../server/src/deploy/tritonLog';

const ctx = { action: 'start container triton-x', engine: 'unix:///var/run/docker.sock', image: 'img:1' };
const http500 = (text: string) => ({ statusCode: 500, message: `(HTTP code 500) server error - ${text} ` });

describe('Docker errors', () => {
  test('engine not running, socket missing, permission denied', () => {
    const e = classifyError({ code: 'ENOENT', message: 'connect ENOENT /var/run/docker.sock' }, ctx);
    assert.equal(e.kind, 'engine-unreachable');
    assert.match(e.message, /is Docker installed and running\?/);
    assert.equal(classifyError({ code: 'ECONNREFUSED', message: 'x' }, ctx).kind, 'engine-unreachable');
    const p = classifyError({ code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, ctx);
    assert.equal(p.kind, 'permission-denied');
    assert.match(p.message, /docker" group/);
  });

  test('the NVIDIA runtime missing (exact Docker 20.10 text)', () => {
    const e = classifyError(
      http500('could not select device driver "nvidia" with capabilities: [[gpu]]'),
      ctx,
    );
    assert.equal(e.kind, 'nvidia-runtime-missing');
    assert.match(e.message, /NVIDIA Container Toolkit/);
  });

  test('a refused ulimit', () => {
    const text =
      'failed to create shim: OCI runtime create failed: runc create failed: unable to start container process: ' +
      'error during container init: error setting rlimits for ready process: error setting rlimit type 8: operation not permitted: unknown';
    const e = classifyError(http500(text), ctx);
    assert.equal(e.kind, 'ulimit-refused');
    assert.match(e.message, /"memlock": -1/);
  });

  test('a busy port, a name conflict, a missing image', () => {
    const port = classifyError(
      http500(
        'driver failed programming external connectivity on endpoint triton-x (abc): Error starting userland proxy: listen tcp4 127.0.0.1:8000: bind: address already in use',
      ),
      ctx,
    );
    assert.equal(port.kind, 'port-in-use');
    assert.match(port.message, /\(8000\)/);
    assert.equal(
      classifyError(http500('Bind for 127.0.0.1:8000 failed: port is already allocated'), ctx).kind,
      'port-in-use',
    );
    const conflict = classifyError(
      {
        statusCode: 409,
        message:
          '(HTTP code 409) unexpected - Conflict. The container name "/triton-x" is already in use by container "abc". You have to remove (or rename) that container to be able to reuse that name.',
      },
      ctx,
    );
    assert.equal(conflict.kind, 'name-conflict');
    assert.match(conflict.message, /named triton-x already exists/);
    const image = classifyError(
      { statusCode: 404, message: '(HTTP code 404) no such container - No such image: img:1 ' },
      ctx,
    );
    assert.equal(image.kind, 'image-missing');
    assert.match(image.message, /docker pull img:1/);
  });
});

describe("Triton's load failures", () => {
  const failed =
    "E1122 10:11:12.345678 1 model_lifecycle.cc:641] failed to load 'tensorrt_llm' version 1: Invalid argument: unable to find 'rank0.engine'";
  const poll =
    "E1122 10:11:12.345678 1 model_repository_manager.cc:1330] Poll failed for model directory 'ensemble': failed to open text file for read /models/ensemble/config.pbtxt";

  test('parses the two line kinds and ignores the rest', () => {
    assert.deepEqual(parseLoadFailure(failed), {
      model: 'tensorrt_llm',
      version: 1,
      message: "Invalid argument: unable to find 'rank0.engine'",
      line: failed,
    });
    assert.equal(parseLoadFailure(poll)?.model, 'ensemble');
    assert.equal(parseLoadFailure(poll)?.version, undefined);
    assert.equal(
      parseLoadFailure("I1122 10:11:12.345678 1 model_lifecycle.cc:818] successfully loaded 'x'"),
      undefined,
    );
    assert.equal(parseLoadFailure('error: creating server: Internal - failed to load all models'), undefined);
    assert.equal(parseLoadFailures([failed, failed, poll, 'noise']).length, 2);
  });

  test("map onto the model's config.pbtxt", () => {
    const [d] = loadFailureDiagnostics(parseLoadFailures([failed]), '/ws/model_repository/');
    assert.equal(d!.path, '/ws/model_repository/tensorrt_llm/config.pbtxt');
    assert.equal(d!.diagnostic.code, 'triton/load-failed');
    assert.equal(d!.diagnostic.severity, 'error');
    assert.equal(
      d!.diagnostic.message,
      "Triton failed to load 'tensorrt_llm' version 1: Invalid argument: unable to find 'rank0.engine'",
    );
    assert.deepEqual(d!.diagnostic.range.start, { line: 0, character: 0 });
    assert.deepEqual(d!.diagnostic.data, { model: 'tensorrt_llm', version: 1 });
  });
});
