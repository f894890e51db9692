// Creating an llmapi model directory: the core's llmapiModelFiles and `triton-repo init --llmapi`.
// The rendered layout must check with 0 errors, protoc (libprotobuf) must accept its config.pbtxt,
// the command must write atomically and refuse to overwrite; `check` reports model.yaml problems
// with file:line:col in text and JSON.
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
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { checkPaths } from '../../server/src/core/index';
import { llmapiLayoutProblem, llmapiModelFiles } from '../../server/src/core/llmapi/layout';
import { isLlmapiModel } from '../../server/src/core/trtllm/recognise';
import { MODEL_CONFIG_TYPE, buildConfigModel, modelConfigSchema, parse } from '../../server/src/core/index';
import { protocSkip, runProtoc } from '../differential/protoc';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let work: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-llmapi-init-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the files: our config.pbtxt is recognised as the llmapi model, model.yaml carries the options', () => {
  const files = llmapiModelFiles({
    model: 'org/My Model',
    name: 'llm',
    tensorParallelSize: 4,
    decoupled: true,
  });
  assert.deepEqual(
    files.map((f) => f.path),
    ['llm/config.pbtxt', 'llm/1/model.yaml'],
  );
  const config = buildConfigModel(parse(files[0]!.text), modelConfigSchema(), MODEL_CONFIG_TYPE);
  assert.ok(isLlmapiModel(config, 'llm'));
  const yaml = files[1]!.text;
  assert.match(yaml, /^model: "org\/My Model"$/m);
  assert.match(yaml, /^tensor_parallel_size: 4$/m);
  assert.match(yaml, /^backend: pytorch$/m);
  assert.match(yaml, /^ {2}decoupled: true$/m);
  assert.equal(llmapiLayoutProblem({ model: ' ' }), 'the model must be a Hugging Face model id or a path');
  assert.match(llmapiLayoutProblem({ model: 'm', name: '../x' })!, /cannot be a model directory name/);
  assert.match(llmapiLayoutProblem({ model: 'm', tensorParallelSize: 0 })!, /positive integer/);
  assert.throws(() => llmapiModelFiles({ model: '' }));
});

test('protoc (libprotobuf) accepts the config.pbtxt', { skip: protocSkip }, async () => {
  const verdict = await runProtoc(llmapiModelFiles({ model: 'org/m' })[0]!.text);
  assert.ok(verdict.ok, verdict.stderr);
});

test('triton-repo init writes the layout, which checks with 0 errors, and a second run refuses', async () => {
  const repo = join(work, 'repo');
  const r = run('init', repo, '--llmapi', '--model', 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', '--tp', '2');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^new .*tensorrt_llm\/config\.pbtxt$/m);
  assert.match(r.stdout, /^new .*tensorrt_llm\/1\/model\.yaml$/m);
  assert.match(r.stdout, /copy TensorRT-LLM's llmapi model\.py/);
  // No staging file is left behind.
  assert.deepEqual(readdirSync(join(repo, 'tensorrt_llm', '1')), ['model.yaml']);
  writeFileSync(join(repo, 'tensorrt_llm', '1', 'model.py'), "# stands for TensorRT-LLM's model.py\n");
  const report = await checkPaths([repo], nodeFileSystem, { gpuCount: 2 });
  const all = report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}: ${d.code}`));
  assert.deepEqual(all, []);
  assert.ok(report.files.some((f) => f.path.endsWith('tensorrt_llm/1/model.yaml')));

  const before = readFileSync(join(repo, 'tensorrt_llm', '1', 'model.yaml'), 'utf8');
  const again = run('init', repo, '--llmapi', '--model', 'other/model');
  // A file in the way: init could not run (README, "Exit status").
  assert.equal(again.code, 2);
  assert.match(again.stderr, /refusing to overwrite .*config\.pbtxt, .*model\.yaml; nothing was written/);
  assert.equal(readFileSync(join(repo, 'tensorrt_llm', '1', 'model.yaml'), 'utf8'), before);
});

test('init refuses when only one of the files exists, and writes neither', () => {
  const repo = join(work, 'partial');
  mkdirSync(join(repo, 'llm', '1'), { recursive: true });
  writeFileSync(join(repo, 'llm', '1', 'model.yaml'), 'model: mine\n');
  const r = run('init', repo, '--llmapi', '--model', 'org/m', '--name', 'llm');
  assert.equal(r.code, 2);
  assert.ok(!existsSync(join(repo, 'llm', 'config.pbtxt')));
  assert.equal(readFileSync(join(repo, 'llm', '1', 'model.yaml'), 'utf8'), 'model: mine\n');
});

test('init usage errors exit 2', () => {
  assert.equal(run('init', 'x', '--model', 'm').code, 2);
  assert.equal(run('init', 'x', '--llmapi').code, 2);
  assert.equal(run('init', 'x', '--llmapi', '--model', 'm', '--tp', '0').code, 2);
  assert.equal(run('init', '--llmapi', '--model', 'm').code, 2);
  assert.equal(run('init', 'x', '--llmapi', '--model', 'm', '--name', '..').code, 2);
});

test('check reports model.yaml problems with file:line:col, in text and JSON, also for a lone model.yaml', () => {
  const repo = join(work, 'checked');
  assert.equal(run('init', repo, '--llmapi', '--model', 'org/m', '--name', 'llm').code, 0);
  const yamlPath = join(repo, 'llm', '1', 'model.yaml');
  writeFileSync(yamlPath, 'model: org/m\ntensor_parallel_size: two\nbakend: pytorch\n');
  const text = run('check', repo, '--gpus', '1');
  assert.equal(text.code, 1);
  assert.match(
    text.stdout,
    /llm\/1\/model\.yaml:2:23: error trtllm\/llmapi-invalid-type: "tensor_parallel_size" must be an integer/,
  );
  // No --image: the newest release, whose LLM API refuses unknown keys.
  assert.match(
    text.stdout,
    /llm\/1\/model\.yaml:3:1: error trtllm\/llmapi-unknown-key-refused: "bakend" is not an LLM\(\.\.\.\) argument of TensorRT-LLM 1\.2\.1 \(the newest release known.*Did you mean "backend"\?/,
  );
  // The serving image's release decides: 25.05 carries 0.19.0, where it is a warning.
  assert.match(
    run('check', repo, '--gpus', '1', '--image', 'nvcr.io/nvidia/tritonserver:25.05-trtllm-python-py3')
      .stdout,
    /llm\/1\/model\.yaml:3:1: warning trtllm\/llmapi-unknown-key: "bakend" is not an LLM\(\.\.\.\) argument we know for TensorRT-LLM 0\.19\.0 \(nvcr\.io\/nvidia\/tritonserver:25\.05-trtllm-python-py3, --image\):/,
  );
  const json = JSON.parse(run('check', repo, '--format', 'json', '--gpus', '1').stdout) as {
    files: {
      path: string;
      diagnostics: { code: string; range: { start: { line: number; character: number } } }[];
    }[];
  };
  const file = json.files.find((f) => f.path.endsWith('llm/1/model.yaml'))!;
  assert.deepEqual(
    file.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [
      ['trtllm/llmapi-invalid-type', 1, 22],
      ['trtllm/llmapi-unknown-key-refused', 2, 0],
    ],
  );
  // The model.yaml path alone: reported alone, still compared with its config.pbtxt.
  writeFileSync(yamlPath, 'model: org/m\ntriton_config:\n  decoupled: true\n');
  // init writes model_transaction_policy { decoupled: false } in config.pbtxt too.
  assert.match(
    readFileSync(join(repo, 'llm', 'config.pbtxt'), 'utf8'),
    /^model_transaction_policy \{ decoupled: false \}$/m,
  );
  const lone = run('check', yamlPath, '--gpus', '1');
  assert.equal(lone.code, 0, lone.stdout + lone.stderr);
  assert.match(lone.stdout, /model\.yaml:3:14: warning trtllm\/llmapi-triton-config-mismatch: /);
  assert.match(lone.stdout, /^1 file checked: 0 errors, 1 warning/m);
  // As NVIDIA launches Triton (auto-complete off), triton_config is never applied: say so, and where to write it.
  const strict = run('check', yamlPath, '--gpus', '1', '--strict-model-config');
  assert.match(
    strict.stdout,
    /model\.yaml:2:1: warning trtllm\/llmapi-triton-config-ignored: triton_config is not applied: .*--disable-auto-complete-config.*Write model_transaction_policy \{ decoupled: true \} in config\.pbtxt instead/,
  );
  assert.doesNotMatch(strict.stdout, /llmapi-triton-config-mismatch/);
  // Outside any repository, it is checked on its own.
  const loose = join(work, 'model.yaml');
  writeFileSync(loose, 'model: [\n');
  const r = run('check', loose);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /model\.yaml:2:1: error trtllm\/llmapi-invalid-yaml: model\.yaml is not valid YAML/);
});
