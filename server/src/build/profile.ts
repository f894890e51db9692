// A build profile: how to build a TensorRT-LLM engine inside a Triton image. Profiles are JSON files named
// `<name>.triton-build.json`; schemas/triton-build.schema.json is generated from this zod schema by
// scripts/gen-build-schema.ts (a test keeps them in step). Defaults are for one GPU. Pure: zod only.
import { z } from 'zod';
import { gpuSelectionSchema, selectedGpuCount } from '../deploy/profile';
import { parseJsonProfile, profileBaseName } from '../deploy/profileFile';
import type { ParsedProfile } from '../deploy/profileFile';
import { MODEL_FAMILIES, familyRefusals } from './families';
import type { ModelFamily } from './families';
import { buildRefusal } from './releases';

export type { ModelFamily };

export const BUILD_PROFILE_SUFFIX = '.triton-build.json';

const FAMILIES = MODEL_FAMILIES as unknown as [ModelFamily, ...ModelFamily[]];

const positive = z.number().int().min(1);
const pluginDtype = z.enum(['auto', 'float16', 'bfloat16', 'float32', 'disable']);

export const buildProfileSchema = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe('The JSON schema of this file, for editors that do not bind it by name'),
    image: z
      .string()
      .min(1)
      .describe(
        'The Triton TensorRT-LLM image to build in, e.g. nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3',
      ),
    serveImage: z
      .string()
      .min(1)
      .optional()
      .describe('The image that will serve the engine, when it is not `image`: its TensorRT-LLM must match'),
    checkpointDir: z
      .string()
      .min(1)
      .describe('The Hugging Face checkpoint, relative to the profile file; mounted read-only'),
    modelFamily: z
      .union([z.enum(FAMILIES), z.literal('none')])
      .describe('Selects convert_checkpoint.py; "none": checkpointDir already is a TensorRT-LLM checkpoint'),
    convertScript: z
      .string()
      .regex(/^\//, 'an absolute path inside the image')
      .optional()
      .describe(
        "convert_checkpoint.py inside the image (default: the image is searched for the family's script, see the README)",
      ),
    tensorrtLlmSource: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A TensorRT-LLM checkout of the image's release, relative to the profile file, mounted read-only: its examples/ provide convert_checkpoint.py when the image has none",
      ),
    dtype: z
      .enum(['float16', 'bfloat16', 'float32'])
      .default('float16')
      .describe('Precision of the converted checkpoint (convert_checkpoint.py --dtype)'),
    tpSize: positive
      .max(64)
      .default(1)
      .describe('Tensor parallelism (convert_checkpoint.py --tp_size; Gemma: --world-size)'),
    ppSize: positive
      .max(64)
      .default(1)
      .describe('Pipeline parallelism (convert_checkpoint.py --pp_size; Gemma and Phi: 1 only)'),
    gpus: gpuSelectionSchema
      .default(1)
      .describe('GPUs given to the build container: "all", a count (0: none), or device ids / UUIDs'),
    maxBatchSize: positive
      .default(64)
      .describe(
        'Largest batch the engine runs (trtllm-build --max_batch_size); config.pbtxt max_batch_size may not exceed it',
      ),
    maxInputLen: positive
      .default(1024)
      .describe('Longest prompt in tokens (trtllm-build --max_input_len); at most maxSeqLen'),
    maxSeqLen: positive.default(2048).describe('Prompt + output tokens'),
    maxNumTokens: positive.default(8192).describe('Token budget per iteration'),
    maxBeamWidth: positive
      .default(1)
      .describe('Beams for beam search (trtllm-build --max_beam_width); 1: no beam search'),
    plugins: z
      .object({
        gptAttention: pluginDtype
          .default('auto')
          .describe(
            'trtllm-build --gpt_attention_plugin ("auto": the checkpoint\'s dtype, from release 0.11)',
          ),
        gemm: pluginDtype
          .default('auto')
          .describe('trtllm-build --gemm_plugin ("auto": the checkpoint\'s dtype, from release 0.11)'),
        contextFmha: z
          .boolean()
          .default(true)
          .describe('Fused attention in the context phase (trtllm-build --context_fmha)'),
      })
      .strict()
      .default({ gptAttention: 'auto', gemm: 'auto', contextFmha: true })
      .describe('TensorRT-LLM plugins of the engine'),
    kvCache: z
      .object({
        paged: z
          .boolean()
          .default(true)
          .describe(
            'Paged KV cache (--kv_cache_type paged; before 0.13: --paged_kv_cache); inflight batching needs it',
          ),
        tokensPerBlock: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Tokens per KV-cache block (trtllm-build --tokens_per_block; default: trtllm-build's)"),
        pagedContextFmha: z
          .boolean()
          .optional()
          .describe(
            "Needed for KV-cache reuse and chunked context (default: trtllm-build's, off up to 0.9, on in 0.19 and later)",
          ),
      })
      .strict()
      .default({ paged: true })
      .describe('The KV cache of the engine'),
    removeInputPadding: z
      .boolean()
      .default(true)
      .describe(
        'Packed inputs without padding (trtllm-build --remove_input_padding); inflight batching needs it',
      ),
    quantization: z
      .object({
        weightOnly: z
          .enum(['none', 'int8', 'int4'])
          .default('none')
          .describe(
            'Weight-only quantization at conversion (convert_checkpoint.py --use_weight_only --weight_only_precision)',
          ),
        int8KvCache: z
          .boolean()
          .default(false)
          .describe('INT8 KV cache (convert_checkpoint.py --int8_kv_cache); not for every family'),
      })
      .strict()
      .default({ weightOnly: 'none', int8KvCache: false })
      .describe('Quantization applied when the checkpoint is converted'),
    logitsDtype: z
      .enum(['float32', 'float16'])
      .optional()
      .describe("Type of the output logits (trtllm-build --logits_dtype; default: trtllm-build's)"),
    gatherContextLogits: z
      .boolean()
      .default(false)
      .describe(
        'Keep the logits of the prompt (trtllm-build --gather_context_logits), for return_context_logits',
      ),
    outputDir: z
      .string()
      .min(1)
      .describe('The engine directory, relative to the profile file; replaced only when a build succeeds'),
    modelRepository: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A model repository (relative to the profile file) whose config.pbtxt files the engine must suit',
      ),
    shmSize: z
      .string()
      .regex(/^\d+[bkmg]?$/i, 'a size such as "2g", "512m" or a number of bytes')
      .default('2g')
      .describe('Shared memory of the build container (docker run --shm-size)'),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .default({})
      .describe('Extra environment of the build container'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const gpuCount = selectedGpuCount(p.gpus);
    const world = p.tpSize * p.ppSize;
    if (gpuCount !== undefined && gpuCount > 0 && gpuCount < world) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpus'],
        message: `tpSize ${p.tpSize} x ppSize ${p.ppSize} = ${world} ranks need ${world} GPUs, but gpus selects ${gpuCount}`,
      });
    }
    for (const field of ['convertScript', 'tensorrtLlmSource'] as const) {
      if (p.modelFamily === 'none' && p[field]) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'modelFamily "none" runs no conversion' });
      }
    }
    const refusal = buildRefusal(p.image);
    if (refusal) ctx.addIssue({ code: 'custom', path: ['image'], message: refusal });
    if (p.modelFamily !== 'none') {
      const refusals = familyRefusals(p.modelFamily, {
        ppSize: p.ppSize,
        int8KvCache: p.quantization.int8KvCache,
      });
      for (const r of refusals)
        ctx.addIssue({ code: 'custom', path: r.field.split('.'), message: r.message });
    }
  });

export type BuildProfileInput = z.input<typeof buildProfileSchema>;
export type BuildProfile = z.output<typeof buildProfileSchema>;

export type BuildProfileResult = ParsedProfile<BuildProfile>;

export function parseBuildProfile(text: string): BuildProfileResult {
  return parseJsonProfile(text, buildProfileSchema);
}

/** `llama-7b.triton-build.json` -> `llama-7b`. */
export function buildProfileName(fileName: string): string {
  return profileBaseName(fileName, BUILD_PROFILE_SUFFIX);
}
