// Issue 18, point 2: `check` sees the repository as Triton does. The repros are the issue's.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../shared';
import { runCli, templateRepository } from './runCli';

let work: string;
const run = (...args: string[]) => runCli(work, args);

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-repo-view-'));
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('every sub-directory of a repository is a model', () => {
  test("`notes/` without config.pbtxt: Triton's own error on the directory, exit 1; hidden ones skipped", () => {
    const repo = join(work, 'repo');
    mkdirSync(join(repo, 'good', '1'), { recursive: true });
    writeFileSync(join(repo, 'good', 'config.pbtxt'), 'name: "good"\nbackend: "python"\n');
    writeFileSync(join(repo, 'good', '1', 'model.py'), '# a model\n');
    mkdirSync(join(repo, 'notes'));
    writeFileSync(join(repo, 'notes', 'todo.txt'), 'later\n');
    mkdirSync(join(repo, '.ipynb_checkpoints'));
    const r = run('check', 'repo');
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^repo\/notes:1:1: error triton\/config-missing: Invalid model name: Could not determine backend for model 'notes' with no backend in model configuration\. Expected model name of the form 'model\.<backend_name>'\./m,
    );
    assert.doesNotMatch(r.stdout, /ipynb/);
    // With auto-complete off, Triton reads the file anyway and says so.
    const strict = run('check', 'repo', '--strict-model-config');
    assert.match(
      strict.stdout,
      /^repo\/notes:1:1: error triton\/config-missing: Poll failed for model directory 'notes': failed to open text file for read <repository>\/notes\/config\.pbtxt: No such file or directory/m,
    );
  });

  test('a model file whose backend auto-completes: a warning, not an error; JSON names the directory', () => {
    const repo = join(work, 'onnx-repo');
    mkdirSync(join(repo, 'embed', '1'), { recursive: true });
    writeFileSync(join(repo, 'embed', '1', 'model.onnx'), '');
    const r = run('check', 'onnx-repo', '--format', 'json');
    assert.equal(r.code, 0, r.stdout);
    const json = JSON.parse(r.stdout) as {
      files: { path: string; diagnostics: { code: string; severity: string }[] }[];
    };
    assert.deepEqual(
      json.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.severity} ${d.code}`)]),
      [['onnx-repo/embed', ['warning triton/config-auto-completed']]],
    );
  });
});

describe('a backend parameter left as a placeholder is unset for every rule', () => {
  test('`participant_ids: "${participant_ids}"`, engine built for tp 2, `--world-size 4`: the world-size error', () => {
    const repo = join(work, 'trt');
    mkdirSync(join(repo, 'tensorrt_llm', '1'), { recursive: true });
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'engines', 'llama-0.13-tp2'), join(work, 'engine-tp2'), {
      recursive: true,
    });
    const config = readFileSync(
      join(REPO_ROOT, 'test', 'fixtures', 'repos', 'engine-world-size', 'leader', 'config.pbtxt'),
      'utf8',
    )
      .replace('../../../engines/llama-0.13-tp2', '../../engine-tp2')
      .concat('parameters { key: "participant_ids" value: { string_value: "${participant_ids}" } }\n');
    writeFileSync(join(repo, 'tensorrt_llm', 'config.pbtxt'), config);
    const r = run('check', 'trt', '--world-size', '4', '--gpus', '4');
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      /error engine\/world-size-mismatch: the deployment launches 4 ranks \(--world-size\), but the engine was built for world size 2 \(tp 2 x pp 1\)/,
    );
    assert.equal(run('check', 'trt', '--world-size', '2', '--gpus', '4').code, 0);
  });

  test('the TensorRT-LLM template rendered with participant_ids left unset: --world-size 4 is still compared', () => {
    templateRepository(work, 'tpl');
    assert.match(
      readFileSync(join(work, 'tpl', 'tensorrt_llm', 'config.pbtxt'), 'utf8'),
      /key: "participant_ids"\s+value: \{ string_value: "\$\{participant_ids\}" \}/,
    );
    const engine = join(REPO_ROOT, 'test', 'fixtures', 'engines', 'llama-0.13-tp2');
    const rendered = run('render', 'tpl', '--out', 'tpl-out', '--set', `tensorrt_llm/engine_dir=${engine}`);
    assert.equal(rendered.code, 0, rendered.stdout + rendered.stderr);
    const r = run('check', 'tpl-out', '--world-size', '4', '--gpus', '4');
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      /^tpl-out\/tensorrt_llm\/config\.pbtxt:\d+:\d+: error engine\/world-size-mismatch: the deployment launches 4 ranks/m,
    );
  });
});

describe('check --image with an image it does not know', () => {
  test('`check --image 99.01-trtllm-python-py3`: a warning naming the known releases', () => {
    templateRepository(work, 'img');
    const r = run('check', 'img', '--image', '99.01-trtllm-python-py3');
    assert.match(
      r.stderr,
      /^triton-repo: warning: --image 99\.01-trtllm-python-py3 is not a Triton <YY\.MM>-trtllm-python-py3 image of a known release.*known releases: 23\.10, .*24\.07, .*25\.12/m,
    );
    assert.equal(r.code, 0);
    const known = run('check', 'img', '--image', 'nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3');
    assert.doesNotMatch(known.stderr, /warning/);
  });
});
