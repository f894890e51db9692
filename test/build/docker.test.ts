// Engine builds against a REAL Docker engine, with STAND-IN images (test/build/standin: busybox sh scripts
// posing as trtllm-build, convert_checkpoint.py and python3; they are NOT TensorRT-LLM) that imitate one
// release each (24.05 / 0.9.0 without /app, 25.05 / 0.19.0, 25.09 / 1.0.0), keep their scripts where those
// images do, check their arguments as that release does, and write a plausible engine directory or fail as
// the real tools fail. .ci/start-docker.sh starts the engine; without one the tests skip, except under CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildProfileSchema } from '../../server/src/build/profile';
import type { BuildProfileInput } from '../../server/src/build/profile';
import { resultProblems } from '../../server/src/build/problems';
import { BUILD_RECORD, LABEL_BUILD, runBuild } from '../../server/src/build/run';
import type { LoadedBuildProfile } from '../../server/src/build/run';
import { dockerodeRuntime } from '../../server/src/deploy/dockerodeRuntime';
import { LABEL_WORKSPACE } from '../../server/src/deploy/spec';
import { fileProbeCache } from '../../server/src/build/probe';
import type { ContainerRuntime } from '../../server/src/deploy/runtime';
import { prepareBuildWorkspace, removeBuildWorkspace } from './standinWorkspace';
import { ENGINE_REQUIRED, dockerAnswers, dockerSkip } from '../dockerEngine';
import { REPO_ROOT } from '../shared';
import { BUILD_STANDIN_DIR, ensureBuildStandin, untaggedRelease } from './standinImages';

/** The 25.09 (TensorRT-LLM 1.0.0) build stand-in's tag (built in `before` when the engine lacks it). */
let IMAGE = '';
const runtime = dockerodeRuntime();

const workspace = mkdtempSync(join(tmpdir(), 'build-test-'));
/** The image probe's cache of these tests, not the user's. */
const cacheDir = join(workspace, 'cache');
const probeCache = fileProbeCache(join(cacheDir, 'convert-scripts.json'));
let serial = 0;

function loaded(input: Partial<BuildProfileInput> = {}): LoadedBuildProfile {
  serial++;
  const profile = buildProfileSchema.parse({
    image: IMAGE,
    checkpointDir: 'hf-checkpoint',
    modelFamily: 'llama',
    gpus: 0,
    outputDir: `engines/e${serial}`,
    ...input,
  });
  return {
    path: join(workspace, `b${serial}.triton-build.json`),
    profile,
    checkpointPath: join(workspace, profile.checkpointDir),
    outputPath: join(workspace, profile.outputDir),
  };
}

/** Everything in engines/ whose name says it is a build in progress. */
function leftovers(): string[] {
  const dir = join(workspace, 'engines');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.includes('.building-')) : [];
}

async function containersLeft(): Promise<string[]> {
  const left = await runtime.list({ [LABEL_BUILD]: undefined, [LABEL_WORKSPACE]: workspace });
  return left.map((c) => `${c.name} (${c.state})`);
}

describe(
  'engine builds on a real Docker engine (stand-in for TensorRT-LLM)',
  { skip: dockerSkip, timeout: 180_000 },
  () => {
    before(() => {
      assert.ok(dockerAnswers, ENGINE_REQUIRED);
      IMAGE = prepareBuildWorkspace(workspace);
    });

    after(async () => {
      assert.deepEqual(await removeBuildWorkspace(runtime, workspace), []);
    });

    test('convert then build (tp 2): engine validated, moved into place, record beside it', async () => {
      const l = loaded({
        tpSize: 2,
        maxBatchSize: 16,
        serveImage: 'nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3',
      });
      const steps: string[] = [];
      const result = await runBuild(runtime, l, {
        workspace,
        probeCache,
        onLog: (step, line) => steps.push(`${step}: ${line.text}`),
      });
      assert.ok(result.ok, result.ok ? '' : `${result.message}\n${result.tail.join('\n')}`);
      assert.deepEqual(readdirSync(l.outputPath).sort(), [
        'config.json',
        'rank0.engine',
        'rank1.engine',
        BUILD_RECORD,
      ]);
      const config = JSON.parse(readFileSync(join(l.outputPath, 'config.json'), 'utf8'));
      assert.equal(config.build_config.max_batch_size, 16);
      assert.equal(config.pretrained_config.mapping.tp_size, 2);
      const record = JSON.parse(readFileSync(join(l.outputPath, BUILD_RECORD), 'utf8'));
      assert.equal(record.image, IMAGE);
      assert.equal(record.engineTrtllm, '1.0.0');
      assert.equal(record.imageTrtllm, '1.0.0');
      assert.equal(record.convertScript.path, '/app/examples/models/core/llama/convert_checkpoint.py');
      assert.equal(record.gpus, 0);
      assert.deepEqual(record.build, result.record.build);
      assert.equal(record.convert[0], 'python3');
      assert.ok(Date.parse(record.finishedAt) >= Date.parse(record.startedAt));
      // The stand-in writes TensorRT-LLM 1.0.0; the serving image carries 0.11.0.
      assert.ok(
        result.warnings.some((w) => /built by TensorRT-LLM 1\.0\.0.*0\.11\.0/.test(w)),
        result.warnings.join('\n'),
      );
      assert.ok(steps.some((s) => s.startsWith('convert: ') && /stand-in llama convert_checkpoint/.test(s)));
      assert.ok(steps.some((s) => s.startsWith('build: ') && /stand-in trtllm-build/.test(s)));
      assert.deepEqual(leftovers(), []);
      assert.deepEqual(await containersLeft(), []);
    });

    test('the built engine is cross-checked against the profile repository (engine/ rules)', async () => {
      const repo = join(workspace, 'repo-check');
      mkdirSync(join(repo, 'tensorrt_llm', '1'), { recursive: true });
      writeFileSync(
        join(repo, 'tensorrt_llm', 'config.pbtxt'),
        'name: "tensorrt_llm"\nbackend: "tensorrtllm"\nmax_batch_size: 64\n',
      );
      const l = { ...loaded({ maxBatchSize: 8 }), repositoryPath: repo };
      const result = await runBuild(runtime, l, { workspace, probeCache });
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.deepEqual(
        result.repositoryWarnings.map((w) => [w.code, w.path, w.line]),
        [['engine/max-batch-size-exceeds-engine', join(repo, 'tensorrt_llm', 'config.pbtxt'), 2]],
      );
      assert.match(result.repositoryWarnings[0]!.message, /\b8\b/);
    });

    test("a GPU build on a host without NVIDIA's runtime: Docker's refusal as a clear message at `gpus`", async () => {
      const l = loaded({ gpus: 1 });
      const text = JSON.stringify({ image: IMAGE, gpus: 1 }, null, 2);
      const result = await runBuild(runtime, { ...l, text }, { workspace, probeCache });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.kind, 'nvidia-runtime-missing', result.message);
      assert.match(result.message, /NVIDIA Container Toolkit/);
      const [problem] = resultProblems({ ...l, text }, result);
      assert.deepEqual([problem?.line, problem?.severity], [2, 'error']);
      assert.match(problem?.message ?? '', /^gpus: /);
      assert.equal(existsSync(l.outputPath), false);
      assert.deepEqual(leftovers(), []);
      assert.deepEqual(await containersLeft(), []);
    });

    test('cancelling mid-build stops the container, leaves nothing half-written, keeps the old engine', async () => {
      const l = loaded({ env: { STANDIN_BUILD_SECONDS: '60' } });
      mkdirSync(l.outputPath, { recursive: true });
      writeFileSync(join(l.outputPath, 'config.json'), '{"old": true}');
      const controller = new AbortController();
      const started = Date.now();
      const watcher = setInterval(() => {
        const dir = leftovers()[0];
        if (dir && existsSync(join(workspace, 'engines', dir, 'engine', 'rank0.engine'))) controller.abort();
      }, 100);
      const result = await runBuild(runtime, l, { workspace, probeCache, signal: controller.signal });
      clearInterval(watcher);
      assert.ok(controller.signal.aborted, 'the build should have been cancelled while writing');
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.kind, 'cancelled', result.message);
      assert.ok(Date.now() - started < 30_000, 'cancellation must not wait for the build');
      assert.deepEqual(leftovers(), []);
      assert.equal(readFileSync(join(l.outputPath, 'config.json'), 'utf8'), '{"old": true}');
      assert.deepEqual(await containersLeft(), []);
    });

    test('a failing trtllm-build is reported with its own error line; nothing is written', async () => {
      const l = loaded({ env: { STANDIN_BUILD_FAIL: 'oom' } });
      const result = await runBuild(runtime, l, { workspace, probeCache });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.kind, 'step-failed');
      assert.equal(result.step, 'build');
      assert.match(
        result.message,
        /^trtllm-build failed \(exit code 1\): AssertionError: Engine building failed/,
      );
      assert.ok(result.tail.some((t) => /OutOfMemory/.test(t)));
      assert.equal(existsSync(l.outputPath), false);
      assert.deepEqual(leftovers(), []);
      assert.deepEqual(await containersLeft(), []);
    });

    test('a failing conversion (no config.json in the checkpoint) stops before trtllm-build', async () => {
      const empty = join(workspace, 'empty-checkpoint');
      mkdirSync(empty, { recursive: true });
      const l = { ...loaded(), checkpointPath: empty };
      const result = await runBuild(runtime, l, { workspace, probeCache });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.step, 'convert');
      assert.match(
        result.message,
        /^convert_checkpoint\.py failed \(exit code 1\): FileNotFoundError: .*config\.json/,
      );
      assert.equal(existsSync(l.outputPath), false);
      assert.deepEqual(leftovers(), []);
    });

    test('the image is probed for the script in each layout; the record names the script found', async () => {
      const cases = [
        ['25.05', 'llama', '/app/examples/llama/convert_checkpoint.py', '0.19.0'],
        ['25.05', 'falcon', '/app/examples/falcon/convert_checkpoint.py', '0.19.0'],
        ['25.09', 'gemma', '/app/examples/models/core/gemma/convert_checkpoint.py', '1.0.0'],
        ['25.09', 'falcon', '/app/examples/models/contrib/falcon/convert_checkpoint.py', '1.0.0'],
      ] as const;
      for (const [release, modelFamily, script, version] of cases) {
        const image = ensureBuildStandin(release);
        const l = loaded({ image, modelFamily, tpSize: 2 });
        const result = await runBuild(runtime, l, { workspace, probeCache });
        assert.ok(
          result.ok,
          result.ok ? '' : `${release} ${modelFamily}: ${result.message}\n${result.tail.join('\n')}`,
        );
        const record = JSON.parse(readFileSync(join(l.outputPath, BUILD_RECORD), 'utf8'));
        assert.equal(record.convertScript.path, script, `${release} ${modelFamily}`);
        assert.equal(record.convertScript.from, 'image');
        assert.equal(record.convert[1], script);
        assert.equal(record.engineTrtllm, version);
        if (modelFamily === 'gemma') assert.ok(record.convert.includes('--world-size'));
      }
      assert.deepEqual(await containersLeft(), []);
    });

    test('a second build in the same image does not probe again (cached per image id)', async () => {
      const image = ensureBuildStandin('25.05');
      const cache = fileProbeCache(join(cacheDir, 'second.json'));
      const created: string[] = [];
      const counting: ContainerRuntime = {
        ...runtime,
        create: (spec, signal) => {
          created.push(spec.name);
          return runtime.create(spec, signal);
        },
      };
      const first = await runBuild(counting, loaded({ image }), { workspace, probeCache: cache });
      assert.ok(first.ok, first.ok ? '' : first.message);
      assert.equal(created.filter((n) => n.startsWith('triton-probe-')).length, 1);
      assert.equal(first.record.convertScript?.cached, undefined);
      // A new cache object over the same file: what another process (the next CLI run) finds.
      const second = await runBuild(counting, loaded({ image }), {
        workspace,
        probeCache: fileProbeCache(join(cacheDir, 'second.json')),
      });
      assert.ok(second.ok, second.ok ? '' : second.message);
      assert.equal(created.filter((n) => n.startsWith('triton-probe-')).length, 1, created.join(', '));
      assert.equal(second.record.convertScript?.cached, true);
      assert.equal(second.record.convertScript?.path, '/app/examples/llama/convert_checkpoint.py');
      const file = JSON.parse(readFileSync(join(cacheDir, 'second.json'), 'utf8'));
      assert.ok(
        Object.keys(file).some((k) => /^sha256:[0-9a-f]{64} llama$/.test(k)),
        JSON.stringify(file),
      );
    });

    test('an image without the script: the error names the image, every path looked in, and the two ways out', async () => {
      const image = ensureBuildStandin('24.05');
      const l = loaded({ image });
      const text = JSON.stringify({ image, checkpointDir: 'hf-checkpoint', modelFamily: 'llama' }, null, 2);
      const result = await runBuild(runtime, { ...l, text }, { workspace, probeCache });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.kind, 'no-convert-script');
      assert.ok(result.message.includes(`llama's convert_checkpoint.py is not in ${image}`), result.message);
      for (const path of [
        '/app/examples/llama/convert_checkpoint.py',
        '/app/examples/models/core/llama/convert_checkpoint.py',
        '/app/tensorrt_llm/examples/llama/convert_checkpoint.py',
        '/app/tensorrt_llm/examples/models/core/llama/convert_checkpoint.py',
      ])
        assert.ok(result.message.includes(path), path);
      assert.match(result.message, /"convertScript"/);
      assert.match(result.message, /"tensorrtLlmSource" to a TensorRT-LLM 0\.9\.0 checkout/);
      const [problem] = resultProblems({ ...l, text }, result);
      assert.equal(problem?.line, 3, 'at modelFamily');
      assert.match(problem?.message ?? '', /^modelFamily: /);
      assert.equal(existsSync(l.outputPath), false);
      assert.deepEqual(leftovers(), []);
      assert.deepEqual(await containersLeft(), []);
    });

    /** A TensorRT-LLM checkout of the 0.9 era, as far as a build needs one: examples/llama/convert_checkpoint.py. */
    function checkout(): string {
      const dir = join(workspace, 'TensorRT-LLM');
      mkdirSync(join(dir, 'examples', 'llama'), { recursive: true });
      copyFileSync(
        join(BUILD_STANDIN_DIR, 'convert_checkpoint.py'),
        join(dir, 'examples', 'llama', 'convert_checkpoint.py'),
      );
      return dir;
    }

    test('tensorrtLlmSource: the checkout provides the script, mounted read-only; 0.9 flags throughout', async () => {
      const image = ensureBuildStandin('24.05');
      checkout();
      const l = {
        ...loaded({ image, tensorrtLlmSource: 'TensorRT-LLM' }),
        sourcePath: join(workspace, 'TensorRT-LLM'),
      };
      const result = await runBuild(runtime, l, { workspace, probeCache });
      assert.ok(result.ok, result.ok ? '' : `${result.message}\n${result.tail.join('\n')}`);
      assert.deepEqual(result.record.convertScript, {
        path: '/build/tensorrt_llm/examples/llama/convert_checkpoint.py',
        from: 'tensorrtLlmSource',
        searched: [join(workspace, 'TensorRT-LLM', 'examples', 'llama', 'convert_checkpoint.py')],
      });
      assert.ok(
        result.record.build.includes('--max_output_len') && result.record.build.includes('--paged_kv_cache'),
      );
      assert.equal(result.record.build[result.record.build.indexOf('--gpt_attention_plugin') + 1], 'float16');
      assert.equal(result.record.engineTrtllm, '0.9.0');
      const config = JSON.parse(readFileSync(join(l.outputPath, 'config.json'), 'utf8'));
      assert.equal(config.build_config.plugin_config.tokens_per_block, 128);
      assert.deepEqual(await containersLeft(), []);
    });

    test('a flag the release refuses is reported at its profile field (`auto` on 0.9, in an image of unknown release)', async () => {
      const image = untaggedRelease('24.05');
      checkout();
      const input = {
        image,
        checkpointDir: 'hf-checkpoint',
        modelFamily: 'llama',
        tensorrtLlmSource: 'TensorRT-LLM',
        gpus: 0,
        plugins: { gptAttention: 'auto' },
      } as const;
      const l = { ...loaded(input), sourcePath: join(workspace, 'TensorRT-LLM') };
      const text = JSON.stringify(input, null, 2);
      const result = await runBuild(runtime, { ...l, text }, { workspace, probeCache });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.step, 'build');
      assert.match(result.message, /argument --gpt_attention_plugin: invalid choice: 'auto'/);
      assert.equal(result.field, 'plugins.gptAttention');
      const [problem] = resultProblems({ ...l, text }, result);
      assert.equal(problem?.line, 7, 'at "gptAttention"');
      assert.match(problem?.message ?? '', /^plugins\.gptAttention: trtllm-build failed/);
      assert.deepEqual(leftovers(), []);
    });

    test("triton-repo build runs from the command line; a failed build exits 1 with the tool's error", () => {
      const cli = join(REPO_ROOT, 'dist', 'cli.js');
      const file = join(workspace, 'cli.triton-build.json');
      writeFileSync(
        file,
        JSON.stringify({
          image: IMAGE,
          checkpointDir: 'hf-checkpoint',
          modelFamily: 'llama',
          gpus: 0,
          outputDir: 'engines/cli',
        }),
      );
      const env = { ...process.env, XDG_CACHE_HOME: cacheDir };
      const ok = spawnSync(process.execPath, [cli, 'build', file], {
        encoding: 'utf8',
        env,
        timeout: 60_000,
      });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /engine: .*engines\/cli/);
      assert.ok(existsSync(join(workspace, 'engines', 'cli', BUILD_RECORD)));
      writeFileSync(
        file,
        JSON.stringify({
          image: IMAGE,
          checkpointDir: 'hf-checkpoint',
          modelFamily: 'llama',
          gpus: 0,
          outputDir: 'engines/cli2',
          env: { STANDIN_BUILD_FAIL: 'oom' },
        }),
      );
      const bad = spawnSync(process.execPath, [cli, 'build', file], {
        encoding: 'utf8',
        env,
        timeout: 60_000,
      });
      assert.equal(bad.status, 1, bad.stdout + bad.stderr);
      // The line the `$triton-build` problem matcher reads: file:line:col: error: message.
      assert.ok(
        bad.stderr.includes(`${file}:1:1: error: trtllm-build failed (exit code 1): AssertionError`),
        bad.stderr,
      );
      assert.equal(existsSync(join(workspace, 'engines', 'cli2')), false);
    });
  },
);
