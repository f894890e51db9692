// Readiness as Triton answers it (GET /v2/health/ready: 200 ready, 400 not ready) against local HTTP
// servers, no engine needed: only 200 is ready; and a probe of a port that accepts but never answers
// neither hangs nor lets the process exit silently (AbortSignal.timeout's timer does not hold the loop).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { isReady, waitReady } from '../../server/src/deploy/health';
import { REPO_ROOT } from '../shared';

async function serve(status: () => number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/v2/health/ready' ? status() : 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

test('only 200 is ready: 400 (not ready), 500, 503 and 404 are not', async () => {
  let code = 200;
  const { url, server } = await serve(() => code);
  try {
    assert.equal(await isReady(url), true);
    for (code of [400, 500, 503, 204, 404]) assert.equal(await isReady(url), false, `HTTP ${code}`);
  } finally {
    server.close();
  }
});

test('waitReady waits through 400s until 200, and times out on a server that stays at 400', async () => {
  let calls = 0;
  const { url, server } = await serve(() => (++calls >= 3 ? 200 : 400));
  try {
    await waitReady(url, { timeoutMs: 5000, intervalMs: 20 });
    assert.equal(calls, 3);
    calls = -1_000_000;
    await assert.rejects(waitReady(url, { timeoutMs: 200, intervalMs: 20 }), /was not ready at .* within/);
  } finally {
    server.close();
  }
});

test("a port that accepts and hangs up (Docker's proxy before the server listens): false, and the process stays alive", () => {
  // In a process of its own, as the CLI runs it, with nothing else holding the event loop (the server is
  // unref'd). It does what docker-proxy does for a published port whose container does not listen yet:
  // accepts the connection and closes it at once. Undici's fetch then settles only through its timeout.
  const health = join(REPO_ROOT, 'server', 'src', 'deploy', 'health.ts');
  const models = join(REPO_ROOT, 'server', 'src', 'deploy', 'models.ts');
  const request = join(REPO_ROOT, 'server', 'src', 'deploy', 'request.ts');
  const script = `
    const { isReady } = require(${JSON.stringify(health)});
    const { fetchModelStates } = require(${JSON.stringify(models)});
    const { buildGenerateRequest, sendTestRequest } = require(${JSON.stringify(request)});
    const server = require('node:net').createServer((s) => s.end());
    server.listen(0, '127.0.0.1', async () => {
      server.unref();
      const url = 'http://127.0.0.1:' + server.address().port;
      console.log('ready:' + (await isReady(url)));
      await fetchModelStates(url).catch((e) => console.log('models: ' + e.constructor.name));
      const req = buildGenerateRequest({ base: url, prompt: 'x', stream: false });
      await sendTestRequest(req, { timeoutMs: 3000 }).catch((e) => console.log('request: ' + e.kind));
    });`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.stdout, 'ready:false\nmodels: RuntimeError\nrequest: other\n', child.stderr);
});
