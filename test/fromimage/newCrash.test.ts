// Issue 16, points 1, 2 and 6 for `triton-repo new`, on a REAL Docker engine with the TEMPLATES STAND-IN
// image (test doubles, not Triton images): kill -9 of the CLI at each named step (TRITON_REPO_TEST_KILL_AT).
// The target is missing or whole, never partly written; the next run for the same target removes the
// staging directory and the template-copy container the killed one left, saying so, and leaves none.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KILL_AT_ENV } from '../../server/src/host/faultPoint';
import { dockerodeRuntime } from '../../server/src/deploy/dockerodeRuntime';
import { LABEL_TEMPLATE_TARGET } from '../../server/src/fromImage/copyTemplates';
import { runCli } from '../cli/runCli';
import { ENGINE_REQUIRED, dockerAnswers, dockerSkip } from '../dockerEngine';
import { REPO_ROOT } from '../shared';
import { ensureTemplatesStandin } from './templatesImage';

const runtime = dockerodeRuntime();
const workspace = mkdtempSync(join(tmpdir(), 'fromimage-crash-'));
const FIXTURE = join(REPO_ROOT, 'test', 'fromimage', 'standin', 'all_models', 'inflight_batcher_llm');
let image = '';

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))]))
    .sort();
}

const whole = (target: string) =>
  assert.deepEqual(files(target), [...files(FIXTURE), 'triton-values.json'].sort());
const beside = () => readdirSync(workspace).filter((e) => e.includes('.triton-repo-new-'));
const containersFor = async (target: string) =>
  (await runtime.list({ [LABEL_TEMPLATE_TARGET]: target })).map((c) => c.name);
const newRepo = (target: string, env: Record<string, string> = {}) =>
  runCli(workspace, ['new', target, '--image', image], {
    ...env,
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
  });

describe(
  'new killed at each step, on a real Docker engine (templates stand-in image)',
  { skip: dockerSkip, timeout: 180_000 },
  () => {
    before(() => {
      assert.ok(dockerAnswers, ENGINE_REQUIRED);
      image = ensureTemplatesStandin('templates');
    });
    after(async () => {
      for (const t of ['created', 'copied', 'installed'])
        for (const c of await runtime.list({ [LABEL_TEMPLATE_TARGET]: join(workspace, t) }).catch(() => []))
          await runtime.remove(c.id).catch(() => undefined);
      rmSync(workspace, { recursive: true, force: true });
    });

    test('new:created: no target, a container and a staging directory left; the next run removes both (said) and creates it', async () => {
      const target = join(workspace, 'created');
      const killed = newRepo(target, { [KILL_AT_ENV]: 'new:created' });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      assert.equal(existsSync(target), false);
      assert.equal((await containersFor(target)).length, 1, 'the killed run left its container');
      const next = newRepo(target);
      assert.equal(next.code, 0, next.stderr);
      assert.match(
        next.stderr,
        /^triton-repo: removed .*\.created\.triton-repo-new-\d+-\w+: a copy a killed run left$/m,
      );
      assert.match(
        next.stderr,
        /^triton-repo: removed the container triton-templates-\w+ a killed run left/m,
      );
      whole(target);
      assert.deepEqual(await containersFor(target), []);
      assert.deepEqual(beside(), []);
    });

    test('new:copied: no target, the copy left; the next run removes it (said) and creates the target', () => {
      const target = join(workspace, 'copied');
      const killed = newRepo(target, { [KILL_AT_ENV]: 'new:copied' });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      assert.equal(existsSync(target), false);
      assert.equal(beside().length, 1);
      const next = newRepo(target);
      assert.equal(next.code, 0, next.stderr);
      assert.match(
        next.stderr,
        /^triton-repo: removed .*\.copied\.triton-repo-new-\d+-\w+: a copy a killed run left$/m,
      );
      whole(target);
      assert.deepEqual(beside(), []);
    });

    test('new:installed: the target whole; the next run removes the leftover (said), then refuses the non-empty target', async () => {
      const target = join(workspace, 'installed');
      const killed = newRepo(target, { [KILL_AT_ENV]: 'new:installed' });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      whole(target);
      const next = newRepo(target);
      assert.equal(next.code, 2);
      assert.match(
        next.stderr,
        /^triton-repo: removed .*\.installed\.triton-repo-new-\d+-\w+: a copy a killed run left$/m,
      );
      assert.match(next.stderr, /installed is not empty/);
      whole(target);
      assert.deepEqual(beside(), []);
      assert.deepEqual(await containersFor(target), []);
    });
  },
);
