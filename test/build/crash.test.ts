// Fault injection: `triton-repo build` killed with SIGKILL at several points of its run, against a REAL
// Docker engine and the build STAND-IN image (test/build/standin, a test double: it is NOT TensorRT-LLM).
// After each kill: the output is the old engine and nothing else; what the killed build left (a container
// still running on the GPUs or exited, the staging directory) is listed by `status`; the next build
// refuses to share the GPUs unasked, and with --stop-running (or by itself, once nothing runs) removes all
// of it, saying so, and builds.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUILD_RECORD, LABEL_BUILD, OWNER_FILE } from '../../server/src/build/recovery';
import { dockerodeRuntime } from '../../server/src/deploy/dockerodeRuntime';
import { prepareBuildWorkspace, removeBuildWorkspace } from './standinWorkspace';
import { ENGINE_REQUIRED, dockerAnswers, dockerSkip } from '../dockerEngine';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const runtime = dockerodeRuntime();
const workspace = mkdtempSync(join(tmpdir(), 'build-crash-'));
const engines = join(workspace, 'engines');
let IMAGE = '';
let serial = 0;

const OLD_ENGINE = '{"old": true}';

/** A profile file (a fresh one per test), its output holding an "old engine" the kill must not touch. */
function profile(env: Record<string, string>): { file: string; output: string; write: (e: object) => void } {
  serial++;
  const file = join(workspace, `k${serial}.triton-build.json`);
  const output = join(engines, `k${serial}`);
  const write = (e: object) =>
    writeFileSync(
      file,
      JSON.stringify({
        image: IMAGE,
        checkpointDir: 'hf-checkpoint',
        modelFamily: 'llama',
        gpus: 0,
        outputDir: `engines/k${serial}`,
        env: e,
      }),
    );
  write(env);
  mkdirSync(output, { recursive: true });
  writeFileSync(join(output, 'config.json'), OLD_ENGINE);
  return { file, output, write };
}

function staging(output: string): string[] {
  const prefix = `.${output.split('/').pop()}.building-`;
  return existsSync(engines) ? readdirSync(engines).filter((n) => n.startsWith(prefix)) : [];
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 90_000 });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function containersOf(file: string) {
  return runtime.list({ [LABEL_BUILD]: file });
}

async function kill9(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

/** The invariant after any kill: the output is the old engine, whole and alone. */
function assertOldEngine(output: string): void {
  assert.deepEqual(readdirSync(output), ['config.json']);
  assert.equal(readFileSync(join(output, 'config.json'), 'utf8'), OLD_ENGINE);
}

/** The invariant after a successful build: the new engine with its record, nothing left beside it. */
async function assertBuilt(file: string, output: string): Promise<void> {
  assert.ok(existsSync(join(output, BUILD_RECORD)), 'the new engine has its build record');
  assert.notEqual(readFileSync(join(output, 'config.json'), 'utf8'), OLD_ENGINE);
  assert.deepEqual(staging(output), [], 'no staging directory left');
  assert.deepEqual(
    (await containersOf(file)).map((c) => c.name),
    [],
    'no build container left',
  );
}

describe(
  'triton-repo build killed with SIGKILL (real Docker engine, stand-in for TensorRT-LLM)',
  { skip: dockerSkip, timeout: 300_000 },
  () => {
    before(() => {
      assert.ok(dockerAnswers, ENGINE_REQUIRED);
      IMAGE = prepareBuildWorkspace(workspace);
    });

    after(async () => {
      // The build CLIs run with the profile's directory as workspace label: this run's workspace.
      assert.deepEqual(await removeBuildWorkspace(runtime, workspace), []);
    });

    for (const point of ['convert', 'build'] as const) {
      test(`killed while ${point === 'convert' ? 'convert_checkpoint.py' : 'trtllm-build'} runs: the orphan is seen, the next build refuses, then stops it with --stop-running`, async () => {
        const env: Record<string, string> =
          point === 'convert' ? { STANDIN_CONVERT_SECONDS: '60' } : { STANDIN_BUILD_SECONDS: '60' };
        const { file, output, write } = profile(env);
        const child = spawn(process.execPath, [CLI, 'build', file], { cwd: workspace, stdio: 'ignore' });
        await until(`the ${point} container runs`, async () =>
          (await containersOf(file)).some((c) => c.state === 'running' && c.name.includes(`-${point}-`)),
        );
        if (point === 'build') {
          await until('trtllm-build wrote rank0.engine', () =>
            staging(output).some((d) => existsSync(join(engines, d, 'engine', 'rank0.engine'))),
          );
        }
        await kill9(child);
        assertOldEngine(output);
        assert.equal(staging(output).length, 1, 'the staging directory is still there');

        // Nothing hidden: status lists the orphan with its profile and age.
        const st = cli('status', '--format', 'json', '--workspace', workspace);
        assert.equal(st.status, 0, st.stderr);
        const builds = (
          JSON.parse(st.stdout) as {
            builds: { name: string; state: string; profile: string; age?: string }[];
          }
        ).builds;
        const mine = builds.filter((b) => b.profile === file);
        assert.equal(mine.length, 1, st.stdout);
        assert.equal(mine[0]!.state, 'running');
        assert.match(mine[0]!.age ?? '', /^\d+ s$/);
        const text = cli('status', '--workspace', workspace);
        assert.match(
          text.stdout,
          new RegExp(`${mine[0]!.name}\\tbuild running\\trunning for \\d+ s\\t${file}\\t`),
        );

        // The next build never shares the GPUs unasked.
        write({});
        const refused = cli('build', file);
        assert.equal(refused.status, 1, refused.stderr);
        assert.match(
          refused.stderr,
          /a build of .* is still running \(container triton-build-.*, running for \d+ s\): wait for it to finish, or stop it \(triton-repo build --stop-running\)/,
        );
        assertOldEngine(output);
        assert.equal(staging(output).length, 1, 'a running build keeps its staging directory');

        const again = cli('build', file, '--stop-running');
        assert.equal(again.status, 0, again.stderr);
        assert.match(
          again.stderr,
          /triton-repo: stopped the running build container triton-build-\S+ \(running for \d+ s\)\n/,
        );
        assert.match(
          again.stderr,
          /triton-repo: removed the staging directory \S+\.building-\S+ left by an interrupted build\n/,
        );
        await assertBuilt(file, output);
      });
    }

    test('killed as soon as the staging directory exists: the next build removes it and builds', async () => {
      const { file, output, write } = profile({ STANDIN_CONVERT_SECONDS: '60' });
      const child = spawn(process.execPath, [CLI, 'build', file], { cwd: workspace, stdio: 'ignore' });
      await until('the staging directory appears', () => staging(output).length > 0, 60_000);
      await kill9(child);
      assertOldEngine(output);
      write({});
      // Whether Docker had created the convert container yet is a race: --stop-running covers both.
      const again = cli('build', file, '--stop-running');
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stderr, /removed the staging directory \S+ left by an interrupted build/);
      await assertBuilt(file, output);
    });

    test('killed, then its container finished: the next build removes the exited container and the staging directory by itself', async () => {
      const { file, output, write } = profile({ STANDIN_CONVERT_SECONDS: '2' });
      const child = spawn(process.execPath, [CLI, 'build', file], { cwd: workspace, stdio: 'ignore' });
      await until('the convert container runs', async () =>
        (await containersOf(file)).some((c) => c.state === 'running'),
      );
      await kill9(child);
      await until('the orphan exits', async () =>
        (await containersOf(file)).every((c) => c.state === 'exited'),
      );
      const st = JSON.parse(cli('status', '--format', 'json', '--workspace', workspace).stdout) as {
        builds: { profile: string; state: string }[];
      };
      assert.deepEqual(
        st.builds.filter((b) => b.profile === file).map((b) => b.state),
        ['exited'],
      );
      assertOldEngine(output);
      write({});
      const again = cli('build', file);
      assert.equal(again.status, 0, again.stderr);
      assert.match(
        again.stderr,
        /removed the finished build container triton-build-\S+ \(exited\), left by an interrupted build/,
      );
      assert.match(again.stderr, /removed the staging directory/);
      await assertBuilt(file, output);
    });

    test('killed between the two renames of the swap: the next build finishes it (or restores the old engine)', async () => {
      // The state the kill leaves, made exactly (the window is two syscalls wide): the output moved aside
      // into the staging directory, the validated engine (with its record) not yet moved into place.
      const { file, output } = profile({});
      const dir = join(engines, `.k${serial}.building-dead01`);
      mkdirSync(join(dir, 'engine'), { recursive: true });
      writeFileSync(
        join(dir, OWNER_FILE),
        JSON.stringify({ pid: 999_999_999, host: hostname(), startedAt: '' }),
      );
      writeFileSync(join(dir, 'engine', 'config.json'), '{"new": true}');
      writeFileSync(join(dir, 'engine', BUILD_RECORD), '{}');
      renameSync(output, join(dir, 'previous'));
      const first = cli('build', file);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /finished an interrupted build's swap: its validated engine is now /);
      await assertBuilt(file, output);

      // Killed before the engine was validated: the previous engine comes back, then the build replaces it.
      const p2 = profile({});
      const dir2 = join(engines, `.k${serial}.building-dead02`);
      mkdirSync(join(dir2, 'engine'), { recursive: true });
      writeFileSync(join(dir2, 'engine', 'rank0.engine'), 'half');
      renameSync(p2.output, join(dir2, 'previous'));
      const second = cli('build', p2.file);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stderr, /restored the previous engine \S+, moved aside by an interrupted build/);
      await assertBuilt(p2.file, p2.output);
    });
  },
);
