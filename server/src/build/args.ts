// The two commands of a build as argv ARRAYS (never a shell string): convert_checkpoint.py, then
// trtllm-build, for a profile and the TensorRT-LLM release of its image (flags changed between releases:
// TRTLLM_FACTS.md 3.2, 3.5). Also the engine config.json such a build is expected to write, so the
// engine/ rules can judge a build before it runs. Pure.
import { serverImage } from '../core/engine/images';
import { convertScript } from './profile';
import type { BuildProfile } from './profile';

/** Where the build container sees the source checkpoint (read-only) and its work directory. */
export const CONTAINER_INPUT = '/build/input';
export const CONTAINER_WORK = '/build/work';
export const CONTAINER_CHECKPOINT = `${CONTAINER_WORK}/checkpoint`;
export const CONTAINER_ENGINE = `${CONTAINER_WORK}/engine`;

/** `0.13.0` -> [0, 13]; undefined for an unknown version. */
function minor(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Whether `version` is at least `major.min` (unknown versions count as current). */
export function atLeast(version: string | undefined, major: number, min: number): boolean {
  const v = minor(version);
  return !v || v[0] > major || (v[0] === major && v[1] >= min);
}

/** The TensorRT-LLM version of the profile's build image, when the image table knows it. */
export function imageTrtllm(profile: BuildProfile): string | undefined {
  return serverImage(profile.image)?.trtllm;
}

/** `python3 <convert_checkpoint.py> ...`, or undefined when the checkpoint needs no conversion. */
export function convertArgv(profile: BuildProfile): string[] | undefined {
  const script = convertScript(profile);
  if (!script) return undefined;
  const argv = [
    'python3',
    script,
    '--model_dir',
    CONTAINER_INPUT,
    '--output_dir',
    CONTAINER_CHECKPOINT,
    '--dtype',
    profile.dtype,
    '--tp_size',
    String(profile.tpSize),
    '--pp_size',
    String(profile.ppSize),
  ];
  if (profile.quantization.weightOnly !== 'none') {
    argv.push('--use_weight_only', '--weight_only_precision', profile.quantization.weightOnly);
  }
  if (profile.quantization.int8KvCache) argv.push('--int8_kv_cache');
  return argv;
}

const onOff = (b: boolean) => (b ? 'enable' : 'disable');

/**
 * `trtllm-build ...`. Parallelism is not a trtllm-build flag: it comes from the checkpoint's mapping
 * (TRTLLM_FACTS.md 3.1). Releases up to 0.10 take --max_output_len instead of --max_seq_len; from 0.13
 * the KV cache is chosen with --kv_cache_type instead of --paged_kv_cache (3.5).
 */
export function buildArgv(profile: BuildProfile, trtllm = imageTrtllm(profile)): string[] {
  const checkpoint = profile.modelFamily === 'none' ? CONTAINER_INPUT : CONTAINER_CHECKPOINT;
  const argv = [
    'trtllm-build',
    '--checkpoint_dir',
    checkpoint,
    '--output_dir',
    CONTAINER_ENGINE,
    '--max_batch_size',
    String(profile.maxBatchSize),
    '--max_input_len',
    String(profile.maxInputLen),
  ];
  if (atLeast(trtllm, 0, 11)) argv.push('--max_seq_len', String(profile.maxSeqLen));
  else argv.push('--max_output_len', String(Math.max(1, profile.maxSeqLen - profile.maxInputLen)));
  argv.push(
    '--max_num_tokens',
    String(profile.maxNumTokens),
    '--max_beam_width',
    String(profile.maxBeamWidth),
    '--gpt_attention_plugin',
    profile.plugins.gptAttention,
    '--gemm_plugin',
    profile.plugins.gemm,
    '--context_fmha',
    onOff(profile.plugins.contextFmha),
    '--remove_input_padding',
    onOff(profile.removeInputPadding),
  );
  if (atLeast(trtllm, 0, 13)) argv.push('--kv_cache_type', profile.kvCache.paged ? 'paged' : 'continuous');
  else argv.push('--paged_kv_cache', onOff(profile.kvCache.paged));
  if (profile.kvCache.tokensPerBlock !== undefined) {
    argv.push('--tokens_per_block', String(profile.kvCache.tokensPerBlock));
  }
  if (profile.kvCache.pagedContextFmha) argv.push('--use_paged_context_fmha', 'enable');
  if (profile.logitsDtype) argv.push('--logits_dtype', profile.logitsDtype);
  if (profile.gatherContextLogits) argv.push('--gather_context_logits');
  return argv;
}

/**
 * The config.json a successful build is expected to write (current layout, TRTLLM_FACTS.md 3.2), as
 * text, so the engine reader and the engine/ rules can judge the plan. Only what the profile decides.
 */
export function plannedEngineConfig(profile: BuildProfile, trtllm = imageTrtllm(profile)): string {
  const plugin = (v: string) => (v === 'disable' ? null : v);
  return JSON.stringify(
    {
      version: trtllm ?? 'unknown',
      pretrained_config: {
        dtype: profile.dtype,
        logits_dtype: profile.logitsDtype ?? 'float32',
        mapping: {
          world_size: profile.tpSize * profile.ppSize,
          tp_size: profile.tpSize,
          pp_size: profile.ppSize,
          cp_size: 1,
        },
      },
      build_config: {
        max_batch_size: profile.maxBatchSize,
        max_beam_width: profile.maxBeamWidth,
        max_input_len: profile.maxInputLen,
        max_seq_len: profile.maxSeqLen,
        max_num_tokens: profile.maxNumTokens,
        gather_context_logits: profile.gatherContextLogits,
        kv_cache_type: profile.kvCache.paged ? 'PAGED' : 'CONTINUOUS',
        plugin_config: {
          gpt_attention_plugin: plugin(profile.plugins.gptAttention),
          gemm_plugin: plugin(profile.plugins.gemm),
          remove_input_padding: profile.removeInputPadding,
          paged_kv_cache: profile.kvCache.paged,
          use_paged_context_fmha: profile.kvCache.pagedContextFmha,
        },
      },
    },
    null,
    4,
  );
}
