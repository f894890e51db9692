// Pure tests of build profiles, the convert_checkpoint.py / trtllm-build argv (flags per TRTLLM_FACTS.md
// 3.1-3.5), warnings, image matching and the repository cross-check (no Docker here).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildJsonSchema } from '../../scripts/gen-build-schema';
import { atLeast, buildArgv, convertArgv, plannedEngineConfig } from '../../server/src/build/args';
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
    assert.deepEqual(convertArgv(p), [
      'python3',
      '/app/tensorrt_llm/examples/models/core/llama/convert_checkpoint.py',
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
    const c = flags(convertArgv(p)!);
    assert.equal(convertArgv(p)![1], '/app/tensorrt_llm/examples/models/core/qwen/convert_checkpoint.py');
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
    assert.equal(atLeast(undefined, 0, 13), true);
    assert.equal(atLeast('1.2.1', 0, 13), true);
  });

  test('an existing TensorRT-LLM checkpoint skips conversion', () => {
    const p = profile({ modelFamily: 'none' });
    assert.equal(convertArgv(p), undefined);
    assert.equal(flags(buildArgv(p)).get('--checkpoint_dir'), '/build/input');
    assert.equal(convertArgv(profile({ convertScript: '/opt/x/convert.py' }))![1], '/opt/x/convert.py');
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
  });
});

describe("the repository's config.pbtxt against the planned engine", () => {
  test('in-flight batching, batch size and beam width use the engine/ rules', async () => {
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
