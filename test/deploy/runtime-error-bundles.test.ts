// The extension loads the Docker runtime from its own bundle (dist/docker-runtime.js), so its RuntimeError
// class is not the one the extension's deploy and build code was bundled with. The kinds must survive that
// crossing (a cancelled build reported as cancelled, a stop that times out going on to kill): this test
// takes an error thrown by the built bundle, as the extension does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as DockerodeRuntime from '../../server/src/deploy/dockerodeRuntime';
import { RuntimeError, isRuntimeError } from '../../server/src/deploy/runtime';
import { REPO_ROOT } from '../shared';

test('a RuntimeError from the docker-runtime bundle keeps its kind across bundles', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
  const bundle = require(join(REPO_ROOT, 'dist', 'docker-runtime.js')) as typeof DockerodeRuntime;
  const runtime = bundle.dockerodeRuntime({ socketPath: join(REPO_ROOT, 'no-such-docker.sock') });
  const error = await runtime.ping().then(
    () => assert.fail('no engine listens on that socket'),
    (e: unknown) => e,
  );
  // eslint-disable-next-line no-restricted-syntax -- the point: instanceof fails across bundles
  assert.equal(error instanceof RuntimeError, false, 'a class of another bundle');
  assert.ok(isRuntimeError(error));
  assert.equal(error.kind, 'engine-unreachable');
  assert.equal(isRuntimeError(new Error('plain')), false);
  assert.equal(isRuntimeError(new RuntimeError('cancelled', 'x')), true);
});
