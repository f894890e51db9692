// "New model repository from an image" against a REAL Docker engine, with the TEMPLATES STAND-IN images
// (test/fromimage/standin: busybox plus our own small templates; they are NOT Triton images). Covers the
// templates copied out of an image, the layout choice, templates at the newer path, an image without
// templates, a missing image, a non-empty target, cancellation, and that no container is left. Without an
// engine the tests skip, except under CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEMPLATE_SEARCH_PATHS } from '../../server/src/core/templates/imageLayouts';
import { dockerodeRuntime } from '../../server/src/deploy/dockerodeRuntime';
import { isRuntimeError } from '../../server/src/deploy/runtime';
import { LABEL_WORKSPACE } from '../../server/src/deploy/spec';
import { LABEL_TEMPLATE_COPY, TemplatesNotFound } from '../../server/src/fromImage/copyTemplates';
import {
  LayoutNotFound,
  TargetNotEmpty,
  newRepositoryFromImage,
} from '../../server/src/fromImage/newRepository';
import { ENGINE_REQUIRED, dockerAnswers, dockerSkip } from '../dockerEngine';
import { REPO_ROOT } from '../shared';
import { ensureTemplatesStandin } from './templatesImage';

const runtime = dockerodeRuntime();

const FIXTURE = join(REPO_ROOT, 'test', 'fromimage', 'standin', 'all_models');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const workspace = mkdtempSync(join(tmpdir(), 'fromimage-test-'));
const images = { templates: '', elsewhere: '', empty: '' };
let serial = 0;
const freshTarget = () => join(workspace, `repo-${serial++}`);

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))]))
    .sort();
}

/** Every file of the layout in the image, byte for byte, plus the values file. */
function assertCopied(target: string, layout: string): void {
  const expected = files(join(FIXTURE, layout));
  assert.deepEqual(files(target), [...expected, 'triton-values.json'].sort());
  for (const f of expected)
    assert.deepEqual(readFileSync(join(target, f)), readFileSync(join(FIXTURE, layout, f)), f);
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: workspace, encoding: 'utf8', timeout: 60_000 });
}

async function containersLeft(): Promise<string[]> {
  const left = await runtime.list({ [LABEL_TEMPLATE_COPY]: undefined, [LABEL_WORKSPACE]: workspace });
  return left.map((c) => `${c.name} (${c.state})`);
}

describe(
  'new repository from an image, on a real Docker engine (templates stand-in images)',
  { skip: dockerSkip, timeout: 120_000 },
  () => {
    before(() => {
      assert.ok(dockerAnswers, ENGINE_REQUIRED);
      for (const kind of ['templates', 'elsewhere', 'empty'] as const)
        images[kind] = ensureTemplatesStandin(kind);
    });

    after(async () => {
      const left = await runtime
        .list({ [LABEL_TEMPLATE_COPY]: undefined, [LABEL_WORKSPACE]: workspace })
        .catch(() => []);
      for (const c of left) await runtime.remove(c.id).catch(() => undefined);
      rmSync(workspace, { recursive: true, force: true });
      assert.deepEqual(
        left.map((c) => c.name),
        [],
        'no copy container is left behind',
      );
    });

    test('templates copied out of an image: the files it holds, a values file, a repository that checks', async () => {
      const target = freshTarget();
      const made = await newRepositoryFromImage(runtime, images.templates, target, { workspace });
      assert.equal(made.source, '/app/all_models');
      assert.equal(made.layout, 'inflight_batcher_llm');
      assert.deepEqual(made.available, ['inflight_batcher_llm', 'llmapi']);
      assert.deepEqual(made.models, [
        'ensemble',
        'preprocessing',
        'tensorrt_llm',
        'postprocessing',
        'tensorrt_llm_bls',
      ]);
      assertCopied(target, 'inflight_batcher_llm');
      assert.equal(made.mainFile, join(target, 'tensorrt_llm', 'config.pbtxt'));

      // Every variable of the stand-in's configs, ready to fill; "${variable}" in a comment is not one.
      const values = JSON.parse(readFileSync(made.valuesFile, 'utf8'));
      assert.deepEqual(values, {
        values: { decoupled_mode: '', tokenizer_dir: '', triton_max_batch_size: '' },
        models: {
          postprocessing: { postprocessing_instance_count: '' },
          preprocessing: { preprocessing_instance_count: '' },
          tensorrt_llm: {
            batching_strategy: '',
            engine_dir: '',
            kv_cache_free_gpu_mem_fraction: '',
            max_queue_delay_microseconds: 0,
            max_queue_size: 0,
            triton_backend: '',
          },
          tensorrt_llm_bls: { accumulate_tokens: '', bls_instance_count: '' },
        },
      });
      assert.equal(made.variables.length, 13);

      // The copy is a repository `check` accepts: only its whole values left empty in the values file
      // are reported (warnings: the file does not parse until they are filled).
      const check = cli('check', target, '--format', 'json');
      assert.equal(check.status, 0, check.stderr);
      const report = JSON.parse(check.stdout) as {
        files: { diagnostics: { code: string; severity: string }[] }[];
      };
      const codes = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => `${d.severity} ${d.code}`)));
      assert.deepEqual([...codes], ['warning template/unresolved']);
      assert.equal(report.files.length, 5);
      assert.deepEqual(await containersLeft(), []);
    });

    test('the layout choice: llmapi (no engine) from the same image, through the CLI', async () => {
      const target = freshTarget();
      const r = cli('new', target, '--image', images.templates, '--layout', 'llmapi', '--json');
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.ok, true);
      assert.equal(out.layout, 'llmapi');
      assert.equal(out.mainFile, join(target, 'tensorrt_llm', '1', 'model.yaml'));
      assertCopied(target, 'llmapi');
      // The stand-in's llmapi config has no variables, as NVIDIA's has none.
      assert.deepEqual(JSON.parse(readFileSync(join(target, 'triton-values.json'), 'utf8')), {
        values: {},
        models: {},
      });

      const text = cli('new', freshTarget(), '--image', images.templates);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^new repository: .* \(inflight_batcher_llm: ensemble, preprocessing/);
      assert.match(text.stdout, /the image also has the llmapi templates \(no engine\): --layout llmapi/);
    });

    test('templates at the newer path, after a directory without a known layout; only llmapi is offered', async () => {
      const target = freshTarget();
      const made = await newRepositoryFromImage(runtime, images.elsewhere, target, { workspace });
      assert.equal(made.source, '/app/tensorrt_llm/triton_backend/all_models');
      assert.deepEqual(made.available, ['llmapi']);
      assertCopied(target, 'llmapi');

      const refused = freshTarget();
      await assert.rejects(
        newRepositoryFromImage(runtime, images.elsewhere, refused, {
          workspace,
          layout: 'inflight_batcher_llm',
        }),
        (e: Error) =>
          e instanceof LayoutNotFound &&
          /no "inflight_batcher_llm" templates \(found: llmapi\)/.test(e.message),
      );
      assert.equal(existsSync(refused), false);
      const r = cli('new', freshTarget(), '--image', images.elsewhere, '--layout', 'inflight_batcher_llm');
      assert.equal(r.status, 1, r.stderr);
    });

    test('an image without templates: the message names the image and every path looked in', async () => {
      const target = freshTarget();
      await assert.rejects(
        newRepositoryFromImage(runtime, images.empty, target, { workspace }),
        (e: Error) => {
          assert.ok(e instanceof TemplatesNotFound);
          assert.ok(e.message.includes(images.empty));
          for (const p of TEMPLATE_SEARCH_PATHS)
            assert.ok(e.message.includes(`${p.path}: not in the image`), p.path);
          return true;
        },
      );
      assert.equal(existsSync(target), false);
      const r = cli('new', target, '--image', images.empty, '--json');
      assert.equal(r.status, 1);
      const out = JSON.parse(r.stdout);
      assert.equal(out.error.kind, 'no-templates');
      assert.deepEqual(
        out.error.searched.map((s: { path: string }) => s.path),
        TEMPLATE_SEARCH_PATHS.map((p) => p.path),
      );
      // Nothing staged is left beside the target either.
      assert.deepEqual(
        readdirSync(workspace).filter((n) => n.startsWith('.')),
        [],
      );
    });

    test('a missing image: said so, exit 2', async () => {
      const image = `triton-toolkit-no-such-image:${process.pid}`;
      await assert.rejects(
        newRepositoryFromImage(runtime, image, freshTarget(), { workspace }),
        (e: Error) => isRuntimeError(e) && e.kind === 'image-missing' && e.message.includes(image),
      );
      const r = cli('new', freshTarget(), '--image', image);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is not present on this host/);
    });

    test('a non-empty target is refused before anything is copied, and left as it was', async () => {
      const target = freshTarget();
      mkdirSync(target);
      writeFileSync(join(target, 'notes.txt'), 'mine\n');
      await assert.rejects(
        newRepositoryFromImage(runtime, images.templates, target, { workspace }),
        TargetNotEmpty,
      );
      assert.deepEqual(readdirSync(target), ['notes.txt']);
      assert.equal(readFileSync(join(target, 'notes.txt'), 'utf8'), 'mine\n');
      const r = cli('new', target, '--image', images.templates);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is not empty: a new repository goes into a new or empty directory/);
      // An empty directory is fine: it is replaced by the copy.
      const empty = freshTarget();
      mkdirSync(empty);
      await newRepositoryFromImage(runtime, images.templates, empty, { workspace });
      assertCopied(empty, 'inflight_batcher_llm');
    });

    test('a read that takes too long is stopped as a timeout; the container is removed', async () => {
      const target = freshTarget();
      await assert.rejects(
        newRepositoryFromImage(runtime, images.templates, target, { workspace, readTimeoutMs: 1 }),
        (e: Error) =>
          isRuntimeError(e) && e.kind === 'timeout' && /reading \/app\/all_models/.test(e.message),
      );
      assert.equal(existsSync(target), false);
      assert.deepEqual(await containersLeft(), []);
    });

    test('cancelled while copying: the container is removed, nothing is written', async () => {
      const target = freshTarget();
      const controller = new AbortController();
      await assert.rejects(
        newRepositoryFromImage(runtime, images.templates, target, {
          workspace,
          signal: controller.signal,
          onProgress: (m) => {
            if (m.startsWith('looking for templates')) controller.abort();
          },
        }),
        (e: Error) => isRuntimeError(e) && e.kind === 'cancelled',
      );
      assert.equal(existsSync(target), false);
      assert.deepEqual(
        readdirSync(workspace).filter((n) => n.startsWith('.')),
        [],
      );
      assert.deepEqual(await containersLeft(), []);
    });
  },
);
