// End-to-end tests of the bundled command line, `dist/cli.js` (what package.json's bin names).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let work: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-repo-cli-'));
  // A small repository: one good model, one broken model, one hidden directory (Triton skips it; a
  // visible one without config.pbtxt is a model to Triton: test/cli/issue18.test.ts).
  mkdirSync(join(work, 'repo', 'good', '1'), { recursive: true });
  mkdirSync(join(work, 'repo', 'broken'), { recursive: true });
  mkdirSync(join(work, 'repo', '.notes'), { recursive: true });
  writeFileSync(
    join(work, 'repo', 'good', 'config.pbtxt'),
    'name: "good"\nbackend: "python"\nmax_batch_size: 8\n',
  );
  writeFileSync(
    join(work, 'repo', 'broken', 'config.pbtxt'),
    'name: "broken"\nmax_batch_sise: 8\ninput { data_type: TYPE_FP322\n}\n',
  );
  mkdirSync(join(work, 'empty'));
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('triton-repo check', () => {
  test('package.json bin names the bundle, which is executable as a script', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    assert.equal(pkg.bin['triton-repo'], 'dist/cli.js');
    assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  test('text output: compiler-style lines, a summary, exit 1 when there are errors', () => {
    const r = run('check', 'repo');
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, -2), [
      'repo/broken/config.pbtxt:2:1: error schema/unknown-field: Unknown field "max_batch_sise" (did you mean "max_batch_size"?). Triton: Message type "inference.ModelConfig" has no field named "max_batch_sise".',
      'repo/broken/config.pbtxt:3:20: error schema/unknown-enum-value: Unknown enumeration value of "TYPE_FP322" for field "data_type". Did you mean "TYPE_FP32"? (libprotobuf reports this at 4:1)',
    ]);
    assert.equal(lines.at(-2), '1 model repository checked: repo');
    assert.equal(lines.at(-1), '2 files checked: 2 errors, 0 warnings, 0 information');
    assert.equal(r.stderr, '');
  });

  test('inside a model directory, `check config.pbtxt` and `check .` check that model', () => {
    for (const target of ['config.pbtxt', '.', './config.pbtxt']) {
      const r = spawnSync(process.execPath, [CLI, 'check', target], {
        cwd: join(work, 'repo', 'broken'),
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, `check ${target}: ${r.stderr}`);
      assert.match(r.stdout, /broken\/config\.pbtxt:2:1: error schema\/unknown-field/, `check ${target}`);
      assert.match(r.stdout, /^1 file checked: 2 errors/m, `check ${target}`);
    }
  });

  test('JSON output has the documented shape with 0-based positions', () => {
    const r = run('check', '--format', 'json', 'repo/broken');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.deepEqual(out.summary, { files: 1, errors: 2, warnings: 0 });
    assert.equal(out.files.length, 1);
    assert.equal(out.files[0].path, 'repo/broken/config.pbtxt');
    const [first, second] = out.files[0].diagnostics;
    assert.deepEqual(Object.keys(first), ['code', 'severity', 'message', 'range', 'protobufAt']);
    assert.equal(first.code, 'schema/unknown-field');
    assert.equal(first.severity, 'error');
    assert.deepEqual(first.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
    assert.deepEqual(second.protobufAt, { line: 3, character: 0 });
  });

  test('exit 0 with no errors; a model directory and a single file are accepted', () => {
    assert.equal(run('check', 'repo/good').code, 0);
    const r = run('check', '--format=json', '--strict-model-config', 'repo/good/config.pbtxt');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).summary, { files: 1, errors: 0, warnings: 0 });
  });

  test('the bundled example repository checks without errors (what npm start runs)', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'examples/model_repository'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The values file beside model_repository/ is found and named; template notes fit a screen.
    assert.match(r.stdout, /^examples\/model_repository: values from examples\/triton-values\.json$/m);
    assert.match(
      r.stdout,
      /tensorrt_llm\/config\.pbtxt: \d+ optional backend parameters left to their defaults: /,
    );
    assert.doesNotMatch(r.stdout, /triton_max_batch_size/, 'it has a value: no note');
    assert.ok(r.stdout.trim().split('\n').length <= 10, r.stdout);
    assert.match(r.stdout, /^6 files checked: 0 errors, 0 warnings, \d+ information$/m);
  });

  test('check --verbose lists every template note; JSON keeps every diagnostic', () => {
    const verbose = spawnSync(process.execPath, [CLI, 'check', 'examples/model_repository', '--verbose'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(verbose.status, 0, verbose.stderr);
    const lines = verbose.stdout.split('\n').filter((l) => l.includes('hint template/unset-parameter'));
    assert.ok(lines.length > 40, verbose.stdout);
    const json = spawnSync(
      process.execPath,
      [CLI, 'check', 'examples/model_repository', '--format', 'json'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    const parsed = JSON.parse(json.stdout) as { files: { diagnostics: { code: string }[] }[] };
    const count = parsed.files
      .flatMap((f) => f.diagnostics)
      .filter((d) => d.code === 'template/unset-parameter');
    assert.equal(count.length, lines.length);
  });

  test('a values file above the repository is found; without values, whole values are warnings', () => {
    const copy = join(work, 'journey');
    cpSync(join(REPO_ROOT, 'examples'), copy, { recursive: true });
    const run = () =>
      spawnSync(process.execPath, [CLI, 'check', join(copy, 'model_repository')], {
        cwd: work,
        encoding: 'utf8',
      });
    const found = run();
    assert.match(found.stdout, /journey\/model_repository: values from journey\/triton-values\.json/);
    rmSync(join(copy, 'triton-values.json'));
    const none = run();
    assert.equal(none.status, 0, none.stdout);
    assert.match(none.stdout, /journey\/model_repository: no values file/);
    assert.match(
      none.stdout,
      /ensemble\/config\.pbtxt: 2 template variables without a value: triton_max_batch_size, logits_datatype/,
    );
    assert.match(none.stdout, /\d+ files checked: 0 errors, [1-9]\d* warnings/);
  });

  test('--image checks engines against its TensorRT-LLM; related locations point into config.json', () => {
    mkdirSync(join(work, 'llm', 'tensorrt_llm', '1'), { recursive: true });
    writeFileSync(
      join(work, 'llm', 'tensorrt_llm', 'config.pbtxt'),
      [
        'backend: "tensorrtllm"',
        'max_batch_size: 8',
        'parameters { key: "gpt_model_type" value: { string_value: "V1" } }',
        // The container path of the version directory: not readable here, so 1/ is read.
        'parameters { key: "gpt_model_path" value: { string_value: "/models/tensorrt_llm/1" } }',
        ...['tokenizer_dir', 'guided_decoding_backend', 'xgrammar_tokenizer_info_path'].map(
          (k) => `parameters { key: "${k}" value: { string_value: "" } }`,
        ),
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(work, 'llm', 'tensorrt_llm', '1', 'config.json'),
      '{\n  "version": "0.13.0",\n  "pretrained_config": { "mapping": { "tp_size": 1 } },\n  "build_config": {}\n}\n',
    );
    writeFileSync(join(work, 'llm', 'tensorrt_llm', '1', 'rank0.engine'), '');
    assert.equal(run('check', 'llm').code, 0, 'silent without --image');
    assert.equal(
      run('check', '--image', 'nvcr.io/nvidia/tritonserver:24.09-trtllm-python-py3', 'llm').code,
      0,
    );
    const r = run('check', '--format', 'json', '--image=24.07-trtllm-python-py3', 'llm/tensorrt_llm');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      ['llm/tensorrt_llm/1/config.json', 'llm/tensorrt_llm/config.pbtxt'],
    );
    const [d] = out.files[1].diagnostics;
    assert.equal(d.code, 'engine/version-mismatch');
    assert.deepEqual(d.range.start, { line: 0, character: 9 });
    assert.deepEqual(d.related, [
      {
        message: 'engine: version = "0.13.0"',
        range: { start: { line: 1, character: 13 }, end: { line: 1, character: 21 } },
        path: 'llm/tensorrt_llm/1/config.json',
      },
    ]);
  });

  test('an engine config.json that does not parse is an error on that file', () => {
    mkdirSync(join(work, 'bad', 'tensorrt_llm', '1'), { recursive: true });
    writeFileSync(
      join(work, 'bad', 'tensorrt_llm', 'config.pbtxt'),
      'backend: "tensorrtllm"\nmax_batch_size: 8\n',
    );
    writeFileSync(join(work, 'bad', 'tensorrt_llm', '1', 'config.json'), '{\n  "version": 0.13.0\n}\n');
    const r = run('check', 'bad');
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^bad\/tensorrt_llm\/1\/config\.json:2:18: error engine\/invalid-config: config\.json is not valid JSON: /m,
    );
  });

  test('exit 2 with a clear message for a missing path or a directory with nothing to check', () => {
    let r = run('check', 'nope');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'triton-repo: nope: no such file or directory\n');
    r = run('check', 'empty');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^triton-repo: empty: no model repository here or below \(a directory whose sub-directories hold config\.pbtxt/,
    );
  });

  test('exit 2 for bad invocations: the one line naming the problem, and where the help is', () => {
    for (const [args, why, help] of [
      [[], /missing command/, 'triton-repo --help'],
      [['lint', 'x'], /unknown command 'lint'/, 'triton-repo --help'],
      [['check'], /missing required argument 'path'/, 'triton-repo check --help'],
      [
        ['check', '--format', 'xml', 'x'],
        /'--format <format>' argument 'xml' is invalid/,
        'triton-repo check --help',
      ],
      [['check', '--bogus', 'x'], /unknown option '--bogus'/, 'triton-repo check --help'],
      [
        ['check', '--formt', 'json', 'x'],
        /unknown option '--formt' \(Did you mean --format\?\)/,
        'triton-repo check --help',
      ],
      [['check', '--image'], /option '--image <tag>' argument missing/, 'triton-repo check --help'],
      [
        ['check', '--world-size', '0', 'x'],
        /--world-size takes a number of ranks, not "0"/,
        'triton-repo check --help',
      ],
      [
        ['check', '--max-warnings', '-1', 'x'],
        /--max-warnings takes a number of warnings/,
        'triton-repo check --help',
      ],
      [
        ['check', '--fail-on', 'info', 'x'],
        /'--fail-on <severity>' argument 'info' is invalid/,
        'triton-repo check --help',
      ],
      [['render', 'x'], /required option '--out <dir>' not specified/, 'triton-repo render --help'],
      [['down'], /down takes profile files, or --all/, 'triton-repo down --help'],
      [['status', 'x'], /too many arguments for 'status'/, 'triton-repo status --help'],
      [['up', 'p', '--timeout', '0'], /--timeout takes a number of seconds/, 'triton-repo up --help'],
    ] as [string[], RegExp, string][]) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      const lines = r.stderr.split('\n');
      assert.equal(lines.length, 3, r.stderr); // the problem, the pointer, and the final newline
      assert.match(lines[0]!, /^triton-repo: /);
      assert.match(lines[0]!, why);
      assert.equal(lines[1], `see \`${help}\``);
      assert.equal(r.stdout, '');
    }
  });

  test('--help, per command, and --version', () => {
    const help = run('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: triton-repo \[options\] \[command\]/);
    for (const command of ['check', 'render', 'up', 'down', 'status', 'request', 'build', 'new', 'init'])
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    const check = run('check', '--help');
    assert.equal(check.code, 0);
    assert.match(check.stdout, /^Usage: triton-repo check \[options\] <path\.\.\.>/);
    assert.match(check.stdout, /--max-warnings <n>/);
    assert.deepEqual(run('help', 'render').stdout, run('render', '--help').stdout);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run('--version').stdout, `${pkg.version}\n`);
  });
});

describe('GPU count', () => {
  test('comes from nvidia-smi when --gpus is not given (stand-in nvidia-smi: there is no GPU here)', () => {
    // A test double for the one thing that cannot exist on these machines: a GPU and its driver.
    const bin = join(work, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'nvidia-smi'),
      '#!/bin/sh\necho "GPU 0: NVIDIA H100 (UUID: GPU-0)"\necho "GPU 1: NVIDIA H100 (UUID: GPU-1)"\n',
      { mode: 0o755 },
    );
    mkdirSync(join(work, 'gpus', 'm', '1'), { recursive: true });
    writeFileSync(
      join(work, 'gpus', 'm', 'config.pbtxt'),
      'name: "m"\nbackend: "identity"\ninstance_group [ { kind: KIND_GPU gpus: [ 0, 3 ] } ]\n',
    );
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const withSmi = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'gpus'], {
      cwd: work,
      encoding: 'utf8',
      env,
    });
    const codes = (
      JSON.parse(withSmi.stdout).files[0].diagnostics as { code: string; message: string }[]
    ).map((d) => d.code);
    assert.deepEqual(codes, ['triton/gpu-id-unavailable']);
    // --gpus wins over nvidia-smi.
    const four = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--gpus', '4', 'gpus'], {
      cwd: work,
      encoding: 'utf8',
      env,
    });
    assert.deepEqual(JSON.parse(four.stdout).files[0].diagnostics, []);
    // Without nvidia-smi and without --gpus, GPU ids are not checked.
    const none = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'gpus'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PATH: '/usr/bin:/bin' },
    });
    assert.deepEqual(JSON.parse(none.stdout).files[0].diagnostics, []);
  });
});

describe('GPU inventory', () => {
  test('parses nvidia-smi csv and reads it from nvidia-smi (stand-in nvidia-smi: there is no GPU here)', async () => {
    const { gpuInventory, parseGpuInventory, formatGpu } = await import('../../server/src/host/gpus.js');
    assert.deepEqual(
      parseGpuInventory('0, NVIDIA H100 80GB HBM3, 81559\n1, NVIDIA H100 80GB HBM3, 81559\n'),
      [
        { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
        { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
      ],
    );
    // A test double for what cannot exist here: nvidia-smi answering the inventory query.
    const bin = join(work, 'fake-smi');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\necho "0, NVIDIA L40S, 46068"\n', { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved}`;
    try {
      assert.deepEqual(gpuInventory()?.map(formatGpu), ['GPU 0: NVIDIA L40S, 45 GiB']);
    } finally {
      process.env.PATH = saved;
    }
    process.env.PATH = '/nonexistent';
    try {
      assert.equal(gpuInventory(), undefined, 'no nvidia-smi: unknown');
    } finally {
      process.env.PATH = saved;
    }
  });
});
