// Issue 16, points 1, 2 and 6 for `triton-repo init`: kill -9 at each named step (TRITON_REPO_TEST_KILL_AT).
// A new model directory appears whole or not at all; into an existing one the files are moved in from a
// complete staging directory, which the next run finishes. Nothing is left beside or inside the model.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KILL_AT_ENV } from '../../server/src/host/faultPoint';
import { runCli } from './runCli';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triton-repo-init-crash-'));
  made.push(dir);
  mkdirSync(join(dir, 'repo'));
  return dir;
}

const init = (ws: string, env: Record<string, string> = {}) =>
  runCli(ws, ['init', 'repo', '--llmapi', '--model', 'org/m'], env);

const MODEL_FILES = ['1', '1/model.yaml', 'config.pbtxt'];
const tree = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).map(String).sort();

describe('init killed while writing a new model directory: no model, or the whole model', () => {
  for (const step of ['init:writing', 'init:staged']) {
    test(`${step}: no model directory; the next run removes the staging directory (said) and writes it`, () => {
      const ws = workspace();
      const killed = init(ws, { [KILL_AT_ENV]: step });
      assert.equal(killed.signal, 'SIGKILL');
      assert.deepEqual(
        readdirSync(join(ws, 'repo')).filter((e) => !e.startsWith('.')),
        [],
      );
      assert.equal(readdirSync(join(ws, 'repo')).length, 1, 'the killed run left its staging directory');
      const next = init(ws);
      assert.equal(next.code, 0, next.stderr);
      assert.match(
        next.stderr,
        /^triton-repo: init: removed .*\.tensorrt_llm\.triton-repo-init-\d+-\w+: an unfinished init a killed run left$/m,
      );
      assert.deepEqual(readdirSync(join(ws, 'repo')), ['tensorrt_llm']);
      assert.deepEqual(tree(join(ws, 'repo', 'tensorrt_llm')), MODEL_FILES);
    });
  }
});

describe('init into an existing model directory (model.py copied first)', () => {
  test('init:moving: the next run finishes the move (said), exit 0 with the same files; nothing left', () => {
    const ws = workspace();
    mkdirSync(join(ws, 'repo', 'tensorrt_llm', '1'), { recursive: true });
    writeFileSync(join(ws, 'repo', 'tensorrt_llm', '1', 'model.py'), '# TensorRT-LLM model.py\n');
    const killed = init(ws, { [KILL_AT_ENV]: 'init:moving' });
    assert.equal(killed.signal, 'SIGKILL');
    const next = init(ws);
    assert.equal(next.code, 0, next.stderr);
    assert.match(
      next.stderr,
      /^triton-repo: init: finished the init a killed run had started: moved 1 more file from .*\.tensorrt_llm\.triton-repo-init-ready-\d+-\w+$/m,
    );
    assert.match(next.stdout, /^unchanged .*config\.pbtxt$/m);
    assert.deepEqual(readdirSync(join(ws, 'repo')), ['tensorrt_llm']);
    assert.deepEqual(tree(join(ws, 'repo', 'tensorrt_llm')), [...MODEL_FILES, '1/model.py'].sort());
  });

  test('temporary files an older init left inside the model directory are removed, one line each', () => {
    const ws = workspace();
    mkdirSync(join(ws, 'repo', 'tensorrt_llm', '1'), { recursive: true });
    writeFileSync(join(ws, 'repo', 'tensorrt_llm', 'config.pbtxt.triton-repo-999999.tmp'), 'half');
    const r = init(ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^triton-repo: init: removed .*config\.pbtxt\.triton-repo-999999\.tmp: a temporary file an interrupted init left$/m,
    );
    assert.equal(existsSync(join(ws, 'repo', 'tensorrt_llm', 'config.pbtxt.triton-repo-999999.tmp')), false);
    assert.deepEqual(tree(join(ws, 'repo', 'tensorrt_llm')), MODEL_FILES);
  });
});
