// Pure tests of build profiles, the convert_checkpoint.py / trtllm-build argv (flags per TRTLLM_FACTS.md
// 3.1-3.5), warnings, image matching and the repository cross-check (no Docker here).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildJsonSchema } from '../../scripts/gen-build-schema';
import { buildArgv, convertArgv, plannedEngineConfig } from '../../server/src/build/args';
import { convertScriptCandidates, sourceScriptCandidates } from '../../server/src/build/families';
import { plannedConvertScript } from '../../server/src/build/probe';
import { atLeast, buildRefusal } from '../../server/src/build/releases';
import { buildProfileName, buildProfileSchema, parseBuildProfile } from '../../server/src/build/profile';
import type { BuildProfileInput } from '../../server/src/build/profile';
import { checkRepositoryAgainstPlan } from '../../server/src/build/repositoryCheck';
import { failureLine, fieldOf, stepSpec } from '../../server/src/build/run';
import { imagesFor, matchEngineToImage } from '../../server/src/build/versions';
import { profileWarnings } from '../../server/src/build/warnings';
import { readEngineConfig } from '../../server/src/core/engine/engineConfig';
import { REPO_ROOT } from '../shared';

const IMG = (release: string) => `nvcr.io/nvidia/tritonserver:${release}-trtllm-python-py3`;
const base = { image: IMG('25.12'), checkpointDir: 'hf', modelFamily: 'llama', outputDir: 'engine' } as const;
const profile = (p: Partial<BuildProfileInput> = {}) => buildProfileSchema.parse({ ...base, ...p });

/** argv as `--flag value` pairs (a flag without a value maps to true). */
function flags(argv: string[]): Map<string, string | true> {
  const m = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i]!.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) m.set(argv[i]!, true);
    else m.set(argv[i]!, argv[++i]!);
  }
  return m;
}

describe('build profiles', () => {
  test('defaults are for one GPU', () => {
    const p = profile();
    assert.equal(p.tpSize, 1);
    assert.equal(p.ppSize, 1);
    assert.equal(p.gpus, 1);
    assert.equal(p.dtype, 'float16');
    assert.equal(p.kvCache.paged, true);
    assert.equal(p.removeInputPadding, true);
    assert.equal(p.plugins.gptAttention, 'auto');
    assert.deepEqual(profileWarnings(p), []);
  });

  test('problems name the field; tp x pp must fit the GPUs', () => {
    const r = parseBuildProfile(JSON.stringify({ ...base, dtype: 'int8' }));
    assert.ok(!r.ok && r.problems.some((p) => p.startsWith('dtype: ')));
    const g = parseBuildProfile(JSON.stringify({ ...base, tpSize: 4, gpus: 2 }));
    assert.ok(!g.ok && g.problems.some((p) => /^gpus: tpSize 4 x ppSize 1 = 4 ranks need 4 GPUs/.test(p)));
    assert.equal(parseBuildProfile('{').ok, false);
    assert.equal(buildProfileName('/x/llama-7b.triton-build.json'), 'llama-7b');
  });

  test('the committed JSON schema is generated from the zod schema', () => {
    const committed = readFileSync(join(REPO_ROOT, 'schemas', 'triton-build.schema.json'), 'utf8');
    assert.equal(committed, buildJsonSchema(), 'run npm run gen:schema');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.ok(
      pkg.contributes.jsonValidation.some(
        (v: { fileMatch: string; url: string }) =>
          v.fileMatch === '*.triton-build.json' && v.url === './schemas/triton-build.schema.json',
      ),
    );
  });
});

describe('convert_checkpoint.py and trtllm-build argv', () => {
  test('default profile, current release', () => {
    const p = profile();
    const script = '/app/examples/models/core/llama/convert_checkpoint.py';
    assert.deepEqual(convertArgv(p, script), [
      'python3',
      script,
      '--model_dir',
      '/build/input',
      '--output_dir',
      '/build/work/checkpoint',
      '--dtype',
      'float16',
      '--tp_size',
      '1',
      '--pp_size',
      '1',
    ]);
    assert.deepEqual(buildArgv(p), [
      'trtllm-build',
      '--checkpoint_dir',
      '/build/work/checkpoint',
      '--output_dir',
      '/build/work/engine',
      '--max_batch_size',
      '64',
      '--max_input_len',
      '1024',
      '--max_seq_len',
      '2048',
      '--max_num_tokens',
      '8192',
      '--max_beam_width',
      '1',
      '--gpt_attention_plugin',
      'auto',
      '--gemm_plugin',
      'auto',
      '--context_fmha',
      'enable',
      '--remove_input_padding',
      'enable',
      '--kv_cache_type',
      'paged',
    ]);
  });

  test('tp/pp and quantization go to convert_checkpoint.py; parallelism is never a trtllm-build flag', () => {
    const p = profile({
      modelFamily: 'qwen',
      dtype: 'bfloat16',
      tpSize: 2,
      ppSize: 2,
      gpus: 4,
      quantization: { weightOnly: 'int4', int8KvCache: true },
    });
    const c = flags(convertArgv(p, '/s.py')!);
    assert.equal(convertArgv(p, '/s.py')![1], '/s.py');
    assert.equal(c.get('--tp_size'), '2');
    assert.equal(c.get('--pp_size'), '2');
    assert.equal(c.get('--dtype'), 'bfloat16');
    assert.equal(c.get('--use_weight_only'), true);
    assert.equal(c.get('--weight_only_precision'), 'int4');
    assert.equal(c.get('--int8_kv_cache'), true);
    const b = flags(buildArgv(p));
    assert.ok(![...b.keys()].some((k) => /tp_size|pp_size|world_size/.test(k)));
  });

  test('plugins, KV cache and logits options', () => {
    const p = profile({
      plugins: { gptAttention: 'float16', gemm: 'disable', contextFmha: true },
      kvCache: { paged: true, tokensPerBlock: 64, pagedContextFmha: true },
      logitsDtype: 'float16',
      gatherContextLogits: true,
      maxBeamWidth: 4,
    });
    const b = flags(buildArgv(p));
    assert.equal(b.get('--gpt_attention_plugin'), 'float16');
    assert.equal(b.get('--gemm_plugin'), 'disable');
    assert.equal(b.get('--tokens_per_block'), '64');
    assert.equal(b.get('--use_paged_context_fmha'), 'enable');
    assert.equal(b.get('--logits_dtype'), 'float16');
    assert.equal(b.get('--gather_context_logits'), true);
    assert.equal(b.get('--max_beam_width'), '4');
  });

  test('flags follow the image release: --max_output_len up to 0.10, --paged_kv_cache before 0.13', () => {
    const old = flags(buildArgv(profile({ image: IMG('24.06'), maxInputLen: 512, maxSeqLen: 2048 })));
    assert.equal(old.get('--max_output_len'), '1536');
    assert.equal(old.has('--max_seq_len'), false);
    assert.equal(old.get('--paged_kv_cache'), 'enable');
    const mid = flags(buildArgv(profile({ image: IMG('24.07'), kvCache: { paged: false } })));
    assert.equal(mid.get('--max_seq_len'), '2048');
    assert.equal(mid.get('--paged_kv_cache'), 'disable');
    const cur = flags(buildArgv(profile({ image: IMG('24.09'), kvCache: { paged: false } })));
    assert.equal(cur.get('--kv_cache_type'), 'continuous');
    assert.equal(atLeast('1.2.1', 0, 13), true);
  });

  test('plugin values the release takes: a dtype where `auto` does not exist (0.9, 0.10), `auto` from 0.11', () => {
    for (const release of ['24.04', '24.05', '24.06']) {
      const b = flags(buildArgv(profile({ image: IMG(release), dtype: 'bfloat16' })));
      assert.equal(b.get('--gpt_attention_plugin'), 'bfloat16', release);
      assert.equal(b.get('--gemm_plugin'), 'bfloat16', release);
    }
    const old = flags(buildArgv(profile({ image: IMG('24.05'), plugins: { gemm: 'disable' } })));
    assert.equal(old.get('--gemm_plugin'), 'disable');
    assert.equal(flags(buildArgv(profile({ image: IMG('24.07') }))).get('--gpt_attention_plugin'), 'auto');
  });

  test('24.04 (TensorRT-LLM 0.9): every flag as 0.9 parses it', () => {
    assert.deepEqual(buildArgv(profile({ image: IMG('24.04'), maxSeqLen: 3072 })), [
      'trtllm-build',
      '--checkpoint_dir',
      '/build/work/checkpoint',
      '--output_dir',
      '/build/work/engine',
      '--max_batch_size',
      '64',
      '--max_input_len',
      '1024',
      '--max_output_len',
      '2048',
      '--max_num_tokens',
      '8192',
      '--max_beam_width',
      '1',
      '--gpt_attention_plugin',
      'float16',
      '--gemm_plugin',
      'float16',
      '--context_fmha',
      'enable',
      '--remove_input_padding',
      'enable',
      '--paged_kv_cache',
      'enable',
    ]);
  });

  test('use_paged_context_fmha is passed only when the profile decides, both ways', () => {
    assert.equal(flags(buildArgv(profile())).has('--use_paged_context_fmha'), false);
    const off = flags(buildArgv(profile({ kvCache: { pagedContextFmha: false } })));
    assert.equal(off.get('--use_paged_context_fmha'), 'disable');
  });

  test('an existing TensorRT-LLM checkpoint skips conversion', () => {
    const p = profile({ modelFamily: 'none' });
    assert.equal(convertArgv(p, '/x.py'), undefined);
    assert.equal(plannedConvertScript(p), undefined);
    assert.equal(flags(buildArgv(p)).get('--checkpoint_dir'), '/build/input');
    assert.deepEqual(plannedConvertScript(profile({ convertScript: '/opt/x/convert.py' })), {
      from: 'profile',
      path: '/opt/x/convert.py',
    });
  });

  test('the build container: argv as Cmd, checkpoint read-only, GPUs from the profile', () => {
    const loaded = {
      path: '/ws/llama 7b.triton-build.json',
      profile: profile({ gpus: ['0', '1'], tpSize: 2 }),
      checkpointPath: '/ws/hf',
      outputPath: '/ws/engine',
    };
    const spec = stepSpec(loaded, 'build', ['trtllm-build', '--x'], '/ws/.engine.building-a', '/ws', 'abc');
    assert.equal(spec.name, 'triton-build-llama-7b-build-abc');
    assert.deepEqual(spec.Cmd, ['trtllm-build', '--x']);
    assert.deepEqual(spec.HostConfig.Binds, ['/ws/hf:/build/input:ro', '/ws/.engine.building-a:/build/work']);
    assert.deepEqual(spec.HostConfig.DeviceRequests[0]!.DeviceIDs, ['0', '1']);
  });

  test('the planned config.json reads back through the engine reader', () => {
    const r = readEngineConfig(plannedEngineConfig(profile({ tpSize: 2, gpus: 2, maxBatchSize: 32 })));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.config.version?.value, '1.1.0');
    assert.equal(r.config.tpSize?.value, 2);
    assert.equal(r.config.maxBatchSize?.value, 32);
  });
});

describe('convert_checkpoint.py per family and release', () => {
  const script = '/s/convert_checkpoint.py';
  test('Llama, Qwen, GPT: --model_dir, --output_dir, --tp_size/--pp_size, weight-only and INT8 KV cache', () => {
    for (const modelFamily of ['llama', 'mistral', 'mixtral', 'qwen', 'gpt'] as const) {
      const p = profile({
        modelFamily,
        tpSize: 2,
        ppSize: 2,
        gpus: 4,
        quantization: { weightOnly: 'int8', int8KvCache: true },
      });
      assert.deepEqual(convertArgv(p, script), [
        'python3',
        script,
        '--model_dir',
        '/build/input',
        '--output_dir',
        '/build/work/checkpoint',
        '--dtype',
        'float16',
        '--tp_size',
        '2',
        '--pp_size',
        '2',
        '--use_weight_only',
        '--weight_only_precision',
        'int8',
        '--int8_kv_cache',
      ]);
    }
  });

  test('Gemma: its own flags (--ckpt-type, --model-dir, --output-model-dir, --world-size), no pipeline parallelism', () => {
    const p = profile({
      modelFamily: 'gemma',
      tpSize: 2,
      gpus: 2,
      quantization: { weightOnly: 'int4', int8KvCache: true },
    });
    for (const release of ['24.04', '25.05', '25.09']) {
      assert.deepEqual(convertArgv({ ...p, image: IMG(release) }, script), [
        'python3',
        script,
        '--ckpt-type',
        'hf',
        '--model-dir',
        '/build/input',
        '--output-model-dir',
        '/build/work/checkpoint',
        '--dtype',
        'float16',
        '--world-size',
        '2',
        '--use-weight-only-with-precision',
        'int4',
        '--int8_kv_cache',
      ]);
    }
    const r = parseBuildProfile(JSON.stringify({ ...base, modelFamily: 'gemma', ppSize: 2, gpus: 2 }));
    assert.ok(
      !r.ok &&
        r.problems.some((x) =>
          /^ppSize: ppSize 2: Gemma's convert_checkpoint\.py has no pipeline parallelism/.test(x),
        ),
      JSON.stringify(r),
    );
  });

  test('Phi and Falcon: no --int8_kv_cache (refused at the field); Phi pp must be 1', () => {
    for (const modelFamily of ['phi', 'falcon'] as const) {
      const argv = convertArgv(profile({ modelFamily }), script)!;
      assert.ok(argv.includes('--tp_size') && !argv.includes('--int8_kv_cache'));
      const r = parseBuildProfile(
        JSON.stringify({ ...base, modelFamily, quantization: { int8KvCache: true } }),
      );
      assert.ok(
        !r.ok &&
          r.problems.some((x) =>
            x.startsWith(
              `quantization.int8KvCache: ${modelFamily}'s convert_checkpoint.py has no --int8_kv_cache`,
            ),
          ),
        JSON.stringify(r),
      );
    }
    const phi = parseBuildProfile(JSON.stringify({ ...base, modelFamily: 'phi', ppSize: 2, gpus: 2 }));
    assert.ok(!phi.ok && phi.problems.some((x) => /^ppSize: .*asserts pp_size == 1/.test(x)));
    assert.ok(parseBuildProfile(JSON.stringify({ ...base, modelFamily: 'falcon', ppSize: 2, gpus: 2 })).ok);
  });

  test("the probe's search order: the release's layout first, /app before the README's /app/tensorrt_llm", () => {
    assert.deepEqual(convertScriptCandidates('llama', '1.0.0'), [
      '/app/examples/models/core/llama/convert_checkpoint.py',
      '/app/examples/llama/convert_checkpoint.py',
      '/app/tensorrt_llm/examples/models/core/llama/convert_checkpoint.py',
      '/app/tensorrt_llm/examples/llama/convert_checkpoint.py',
    ]);
    assert.deepEqual(convertScriptCandidates('mixtral', '0.19.0'), [
      '/app/examples/llama/convert_checkpoint.py',
      '/app/examples/models/core/llama/convert_checkpoint.py',
      '/app/tensorrt_llm/examples/llama/convert_checkpoint.py',
      '/app/tensorrt_llm/examples/models/core/llama/convert_checkpoint.py',
    ]);
    assert.equal(
      convertScriptCandidates('falcon', '0.20.0')[0],
      '/app/examples/models/contrib/falcon/convert_checkpoint.py',
    );
    assert.equal(
      convertScriptCandidates('falcon', '0.17.0')[0],
      '/app/examples/falcon/convert_checkpoint.py',
    );
    // An image whose release is unknown: newest layout first.
    assert.equal(
      convertScriptCandidates('gemma', undefined)[0],
      '/app/examples/models/core/gemma/convert_checkpoint.py',
    );
    assert.deepEqual(sourceScriptCandidates('phi', '0.9.0'), [
      'examples/phi/convert_checkpoint.py',
      'examples/models/core/phi/convert_checkpoint.py',
    ]);
  });

  test('the dry run names the paths the image will be probed for, or the checkout', () => {
    const planned = plannedConvertScript(profile({ image: IMG('25.05') }))!;
    assert.equal(planned.from, 'image');
    assert.equal(planned.path, '/app/examples/llama/convert_checkpoint.py');
    assert.equal(planned.candidates?.length, 4);
    assert.match(planned.note ?? '', /probed/);
    const source = plannedConvertScript(
      profile({ image: IMG('24.05'), tensorrtLlmSource: 'trtllm' }),
      '/ws/trtllm',
    )!;
    assert.equal(source.from, 'tensorrtLlmSource');
    assert.equal(source.path, '/build/tensorrt_llm/examples/llama/convert_checkpoint.py');
    assert.deepEqual(source.candidates, [
      '/ws/trtllm/examples/llama/convert_checkpoint.py',
      '/ws/trtllm/examples/models/core/llama/convert_checkpoint.py',
    ]);
  });
});

describe('images and releases', () => {
  test('images before 24.04 are refused at `image`, saying why and which images work', () => {
    for (const release of ['23.10', '23.11', '24.02', '24.03']) {
      const r = parseBuildProfile(JSON.stringify({ ...base, image: IMG(release) }));
      assert.ok(!r.ok, release);
      const problem = !r.ok ? r.problems.find((x) => x.startsWith('image: ')) : undefined;
      assert.match(
        problem ?? '',
        /without the TensorRT-LLM Python package: trtllm-build and convert_checkpoint\.py are not in them/,
      );
      assert.match(problem ?? '', /Build in a 24\.04 to 26\.07 image/);
    }
    assert.equal(buildRefusal(IMG('24.04')), undefined);
    assert.equal(buildRefusal('my/image:latest'), undefined);
  });

  test('24.03 carries TensorRT-LLM 0.8.0', () => {
    assert.deepEqual(matchEngineToImage('0.8.0', IMG('24.03')), { kind: 'match', trtllm: '0.8.0' });
    assert.deepEqual(imagesFor('0.8.0'), [IMG('24.03'), IMG('24.02')]);
  });

  test('a tag newer than the table is the newest known release, with a warning that says so', () => {
    const p = profile({ image: IMG('27.01') });
    assert.equal(flags(buildArgv(p)).get('--kv_cache_type'), 'paged');
    const w = profileWarnings(p).find((x) => x.field === 'image');
    assert.match(
      w?.message ?? '',
      /Triton 27\.01 is newer than the releases this toolkit knows: it is treated as the newest known, 26\.07 \(TensorRT-LLM 1\.2\.1\)/,
    );
    const r = readEngineConfig(plannedEngineConfig(p));
    assert.ok(r.ok && r.config.version?.value === '1.2.1');
  });

  test('images up to 24.12 have no examples: a warning unless convertScript or tensorrtLlmSource is set', () => {
    const w = profileWarnings(profile({ image: IMG('24.12') }));
    assert.ok(
      w.some((x) => x.field === 'image' && /no \/app/.test(x.message) && /tensorrtLlmSource/.test(x.message)),
    );
    assert.deepEqual(profileWarnings(profile({ image: IMG('24.12'), tensorrtLlmSource: 'src' })), []);
    assert.deepEqual(profileWarnings(profile({ image: IMG('25.01') })), []);
  });

  test("the planned engine config carries the release's own defaults", () => {
    const plugins = (release: string, p: Partial<BuildProfileInput> = {}) =>
      (
        JSON.parse(plannedEngineConfig(profile({ image: IMG(release), ...p }))) as {
          build_config: { plugin_config: Record<string, unknown> };
        }
      ).build_config.plugin_config;
    assert.equal(plugins('24.05').use_paged_context_fmha, false);
    assert.equal(plugins('24.05').tokens_per_block, 128);
    assert.equal(plugins('24.05').gpt_attention_plugin, 'float16');
    assert.equal(plugins('24.06').tokens_per_block, 64);
    assert.equal('use_paged_context_fmha' in plugins('24.06'), false, 'unknown for 0.10: left out');
    assert.equal('tokens_per_block' in plugins('24.12'), false, 'unknown for 0.16: left out');
    assert.equal(plugins('25.05').use_paged_context_fmha, true);
    assert.equal(plugins('25.05').tokens_per_block, 32);
    assert.equal(plugins('25.09').use_paged_context_fmha, true);
    assert.equal(plugins('25.09').gpt_attention_plugin, 'auto');
    assert.equal(
      plugins('25.09', { kvCache: { pagedContextFmha: false, tokensPerBlock: 64 } }).use_paged_context_fmha,
      false,
    );
    assert.equal(plugins('25.09', { kvCache: { tokensPerBlock: 64 } }).tokens_per_block, 64);
  });
});

describe('warnings', () => {
  const fields = (p: Partial<BuildProfileInput>) => profileWarnings(profile(p)).map((w) => w.field);

  test('contradicting choices', () => {
    assert.ok(fields({ maxInputLen: 4096, maxSeqLen: 2048 }).includes('maxInputLen'));
    assert.ok(fields({ maxNumTokens: 512, maxInputLen: 1024 }).includes('maxNumTokens'));
    const noAttention = profileWarnings(profile({ plugins: { gptAttention: 'disable' } }));
    assert.ok(noAttention.some((w) => w.field === 'kvCache.paged' && /GPT attention plugin/.test(w.message)));
    assert.ok(noAttention.some((w) => w.field === 'removeInputPadding'));
    assert.ok(
      fields({ kvCache: { paged: false, pagedContextFmha: true } }).includes('kvCache.pagedContextFmha'),
    );
  });

  test('an engine that cannot batch in flight', () => {
    const w = profileWarnings(profile({ kvCache: { paged: false } }));
    assert.ok(
      w.some((x) => /cannot batch in flight.*"V1"/.test(x.message) && /paged KV cache/.test(x.message)),
    );
  });

  test('an unknown image, and a serving image of another release', () => {
    assert.ok(fields({ image: 'my/trtllm:latest' }).includes('image'));
    assert.equal(atLeast(undefined, 0, 13), true);
    const w = profileWarnings(profile({ image: IMG('24.07'), serveImage: IMG('24.09') }));
    assert.ok(w.some((x) => x.field === 'serveImage' && /0\.11\.0.*0\.13\.0/.test(x.message)));
    assert.deepEqual(fields({ image: IMG('25.12'), serveImage: IMG('26.02') }), []);
  });
});

describe('engine and image matching', () => {
  test('same release, another release with suggestions, unknown image', () => {
    assert.deepEqual(matchEngineToImage('0.11.0', IMG('24.07')), { kind: 'match', trtllm: '0.11.0' });
    const m = matchEngineToImage('0.9.0', IMG('24.07'));
    assert.equal(m.kind, 'mismatch');
    if (m.kind !== 'mismatch') return;
    assert.deepEqual(m.suggestions, [IMG('24.05'), IMG('24.04')]);
    assert.match(m.message, /Serve it with nvcr\.io\/nvidia\/tritonserver:24\.05-trtllm-python-py3/);
    assert.equal(matchEngineToImage('0.11.0', 'my/image:1').kind, 'unknown-image');
    assert.deepEqual(imagesFor('0.17.0.post1'), [IMG('25.02')]);
    assert.deepEqual(imagesFor('9.9.9'), []);
    assert.match((matchEngineToImage('9.9.9', IMG('24.07')) as { message: string }).message, /rebuild/);
  });
});

describe('failures pointed back at the profile', () => {
  test('argparse errors, Python exceptions, TRT-LLM error lines', () => {
    const tail = [
      'usage: trtllm-build [-h] ...',
      "trtllm-build: error: argument --kv_cache_type: invalid choice: 'x'",
    ];
    assert.equal(failureLine(tail), tail[1]);
    assert.equal(fieldOf(failureLine(tail)), 'kvCache.paged');
    assert.equal(fieldOf('trtllm-build: error: unrecognized arguments: --max_output_len 5'), 'maxSeqLen');
    assert.equal(
      failureLine(['x', 'FileNotFoundError: [Errno 2] nope', 'y']),
      'FileNotFoundError: [Errno 2] nope',
    );
    assert.equal(failureLine(['a', 'b']), 'b');
    assert.equal(fieldOf('nothing'), undefined);
    assert.equal(
      fieldOf('convert_checkpoint.py: error: unrecognized arguments: --output-model-dir /x'),
      undefined,
    );
    assert.equal(fieldOf('convert_checkpoint.py: error: argument --world-size: invalid int value'), 'tpSize');
  });
});

describe("the repository's config.pbtxt against the planned engine", () => {
  test('in-flight batching, batch size, beam width and chunked context use the engine/ rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-repo-'));
    try {
      mkdirSync(join(dir, 'tensorrt_llm', '1'), { recursive: true });
      writeFileSync(
        join(dir, 'tensorrt_llm', 'config.pbtxt'),
        [
          'name: "tensorrt_llm"',
          'backend: "tensorrtllm"',
          'max_batch_size: 128',
          'parameters { key: "gpt_model_type" value { string_value: "inflight_fused_batching" } }',
          'parameters { key: "max_beam_width" value { string_value: "2" } }',
          '',
        ].join('\n'),
      );
      const warnings = await checkRepositoryAgainstPlan(
        profile({ kvCache: { paged: false } }),
        dir,
        join(dir, 'engine'),
      );
      assert.deepEqual(warnings.map((w) => w.code).sort(), [
        'engine/beam-width-exceeds-engine',
        'engine/inflight-batching-unsupported',
        'engine/max-batch-size-exceeds-engine',
      ]);
      const mbs = warnings.find((w) => w.code === 'engine/max-batch-size-exceeds-engine')!;
      assert.equal(mbs.line, 2);
      const fine = await checkRepositoryAgainstPlan(
        profile({ maxBatchSize: 128, maxBeamWidth: 2 }),
        dir,
        dir,
      );
      assert.deepEqual(fine, []);
      // Chunked context needs use_paged_context_fmha: off by default in 0.9 (24.05), on from 0.19 (25.05).
      writeFileSync(
        join(dir, 'tensorrt_llm', 'config.pbtxt'),
        [
          'name: "tensorrt_llm"',
          'backend: "tensorrtllm"',
          'max_batch_size: 8',
          'parameters { key: "enable_chunked_context" value { string_value: "true" } }',
          '',
        ].join('\n'),
      );
      const codes = async (p: Partial<BuildProfileInput>) =>
        (await checkRepositoryAgainstPlan(profile({ maxBatchSize: 8, ...p }), dir, dir)).map((w) => w.code);
      assert.deepEqual(await codes({ image: IMG('24.05') }), ['engine/chunked-context-unsupported']);
      assert.deepEqual(await codes({ image: IMG('25.05') }), []);
      assert.deepEqual(await codes({ image: IMG('24.05'), kvCache: { pagedContextFmha: true } }), []);
      assert.deepEqual(await codes({ image: IMG('25.05'), kvCache: { pagedContextFmha: false } }), [
        'engine/chunked-context-unsupported',
      ]);
      // 0.16 (24.12): the default is not known, so nothing is claimed.
      assert.deepEqual(await codes({ image: IMG('24.12') }), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('triton-repo build --dry-run (no Docker)', () => {
  test('prints the release, the paths the image will be probed for, and the argv of old and new releases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-dry-'));
    try {
      const run = (name: string, profileJson: object) => {
        const file = join(dir, `${name}.triton-build.json`);
        writeFileSync(file, JSON.stringify(profileJson, null, 2));
        return spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'build', file, '--dry-run'], {
          encoding: 'utf8',
          // No engine answers there: a dry run must not need one.
          env: { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` },
          timeout: 30_000,
        });
      };
      const old = run('phi-old', { ...base, image: IMG('24.05'), modelFamily: 'phi' });
      assert.equal(old.status, 0, old.stderr);
      const o = JSON.parse(old.stdout) as {
        warnings: string[];
        trtllm: string;
        convertScript: { from: string; candidates: string[]; note: string };
        convert: string[];
        build: string[];
      };
      assert.equal(o.trtllm, '0.9.0');
      assert.equal(o.convertScript.from, 'image');
      assert.equal(o.convertScript.candidates[0], '/app/examples/phi/convert_checkpoint.py');
      assert.match(o.convertScript.note, /probed/);
      assert.ok(o.warnings.some((w) => /no \/app/.test(w)));
      assert.ok(!o.convert.includes('--int8_kv_cache'));
      assert.ok(o.build.includes('--max_output_len') && o.build.includes('--paged_kv_cache'));
      assert.equal(o.build[o.build.indexOf('--gpt_attention_plugin') + 1], 'float16');
      const cur = run('gemma-new', {
        ...base,
        image: IMG('25.09'),
        modelFamily: 'gemma',
        tpSize: 2,
        gpus: 2,
      });
      assert.equal(cur.status, 0, cur.stderr);
      const c = JSON.parse(cur.stdout) as { convert: string[]; build: string[] };
      assert.deepEqual(c.convert.slice(0, 4), [
        'python3',
        '/app/examples/models/core/gemma/convert_checkpoint.py',
        '--ckpt-type',
        'hf',
      ]);
      assert.ok(c.convert.includes('--world-size') && !c.convert.includes('--tp_size'));
      assert.ok(c.build.includes('--max_seq_len') && c.build.includes('--kv_cache_type'));
      const refused = run('old-image', { ...base, image: IMG('24.03') });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /error: image: Triton 24\.03 images carry only the TensorRT-LLM backend/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
