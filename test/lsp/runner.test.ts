// The one guard every handler runs in: failures are logged and answered with the empty result,
// cancelled requests with LSP's RequestCancelled error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { nodeTimers } from '../../server/src/host/nodeHost';
import { Runner } from '../../server/src/lsp/runner';

function runner() {
  const logged: string[] = [];
  return { logged, runner: new Runner({ error: (m) => logged.push(m) }, nodeTimers) };
}

const isCancelled = (r: unknown) => r instanceof ResponseError && r.code === LSPErrorCodes.RequestCancelled;

describe('runner', () => {
  test('a handler that throws is answered with its fallback, the failure logged with its stack', () => {
    const { logged, runner: r } = runner();
    const answer = r.safe('hover', null, new CancellationTokenSource().token, () => {
      throw new Error('boom');
    });
    assert.equal(answer, null);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^hover failed: Error: boom\n\s+at /);
  });

  test('a request cancelled before it starts is not computed', async () => {
    const { logged, runner: r } = runner();
    const source = new CancellationTokenSource();
    source.cancel();
    let ran = false;
    assert.ok(isCancelled(r.safe('symbols', [], source.token, () => ((ran = true), []))));
    assert.ok(isCancelled(await r.safeAsync('completion', [], source.token, async () => ((ran = true), []))));
    assert.equal(ran, false);
    assert.deepEqual(logged, []);
  });

  test('a request cancelled while it runs drops its result', async () => {
    const { runner: r } = runner();
    const source = new CancellationTokenSource();
    const answer = r.safeAsync('definition', [], source.token, async () => {
      source.cancel();
      return ['a location'];
    });
    assert.ok(isCancelled(await answer));
  });

  test('an async handler that rejects, or throws before its first await, gets its fallback', async () => {
    const { logged, runner: r } = runner();
    const token = new CancellationTokenSource().token;
    assert.deepEqual(await r.safeAsync('a', [], token, () => Promise.reject(new Error('late'))), []);
    assert.deepEqual(
      await r.safeAsync('b', [], token, () => {
        throw new Error('early');
      }),
      [],
    );
    assert.equal(await r.safeAsync('c', 0, token, async () => 42), 42);
    assert.deepEqual(
      logged.map((l) => l.split('\n')[0]),
      ['a failed: Error: late', 'b failed: Error: early'],
    );
  });

  test('background work logs its failure and never rejects', async () => {
    const { logged, runner: r } = runner();
    await r.background('workspace scan', () => Promise.reject('not an Error'));
    assert.deepEqual(logged, ['workspace scan failed: not an Error']);
  });
});
