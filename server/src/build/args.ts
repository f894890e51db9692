// The two commands of a build as argv ARRAYS (never a shell string): convert_checkpoint.py, then
// trtllm-build, for a profile and the TensorRT-LLM release of its image: the script's flags per family
// (families.ts), trtllm-build's per release (releases.ts; TRTLLM_VERIFIED.md 1.1, 2.2). Also the engine
// config.json such a build is expected to write, with the release's own defaults, so the engine/ rules can
// judge a build before it runs. Pure.
import { FAMILY_CONVERT } from './families';
import type { BuildProfile } from './profile';
import { assumedTrtllm } from '../core/engine/images';
import { buildRelease } from './releases';

/** Where the build container sees the source checkpoint (read-only) and its work directory. */
export const CONTAINER_INPUT = '/build/input';
export const CONTAINER_WORK = '/build/work';
export const CONTAINER_CHECKPOINT = `${CONTAINER_WORK}/checkpoint`;
export const CONTAINER_ENGINE = `${CONTAINER_WORK}/engine`;

/** The TensorRT-LLM a build in the profile's image uses: known, assumed (newer tag), or undefined. */
export function imageTrtllm(profile: BuildProfile): string | undefined {
  return assumedTrtllm(profile.image);
}

/**
 * `python3 <script> ...` as the family's script parses it, or undefined for modelFamily "none". Choices a
 * script refuses (Gemma or Phi with pp > 1, --int8_kv_cache for Phi and Falcon) never get here: the
 * profile schema refuses them at their field (families.ts familyRefusals).
 */
export function convertArgv(profile: BuildProfile, script: string): string[] | undefined {
  if (profile.modelFamily === 'none') return undefined;
  const family = FAMILY_CONVERT[profile.modelFamily];
  const { weightOnly, int8KvCache } = profile.quantization;
  const argv = ['python3', script];
  if (family.style === 'gemma') {
    argv.push(
      '--ckpt-type',
      'hf',
      '--model-dir',
      CONTAINER_INPUT,
      '--output-model-dir',
      CONTAINER_CHECKPOINT,
      '--dtype',
      profile.dtype,
      '--world-size',
      String(profile.tpSize),
    );
    if (weightOnly !== 'none') argv.push('--use-weight-only-with-precision', weightOnly);
  } else {
    argv.push(
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
    );
    if (weightOnly !== 'none') argv.push('--use_weight_only', '--weight_only_precision', weightOnly);
  }
  if (int8KvCache && family.int8KvCache) argv.push('--int8_kv_cache');
  return argv;
}

const onOff = (b: boolean) => (b ? 'enable' : 'disable');

/** A plugin value the release takes: `auto` does not exist before 0.11, where it means the model's dtype. */
function pluginValue(value: string, profile: BuildProfile, pluginAuto: boolean): string {
  return value === 'auto' && !pluginAuto ? profile.dtype : value;
}

/**
 * `trtllm-build ...`. Parallelism is not a trtllm-build flag: it comes from the checkpoint's mapping.
 * Releases up to 0.10 take --max_output_len instead of --max_seq_len; from 0.13 the KV cache is chosen
 * with --kv_cache_type instead of --paged_kv_cache; `auto` plugin values only from 0.11 (releases.ts).
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
  const release = buildRelease(trtllm);
  if (release.seqLenFlag === '--max_seq_len') argv.push('--max_seq_len', String(profile.maxSeqLen));
  else argv.push('--max_output_len', String(Math.max(1, profile.maxSeqLen - profile.maxInputLen)));
  argv.push(
    '--max_num_tokens',
    String(profile.maxNumTokens),
    '--max_beam_width',
    String(profile.maxBeamWidth),
    '--gpt_attention_plugin',
    pluginValue(profile.plugins.gptAttention, profile, release.pluginAuto),
    '--gemm_plugin',
    pluginValue(profile.plugins.gemm, profile, release.pluginAuto),
    '--context_fmha',
    onOff(profile.plugins.contextFmha),
    '--remove_input_padding',
    onOff(profile.removeInputPadding),
  );
  if (release.kvCacheFlag === '--kv_cache_type')
    argv.push('--kv_cache_type', profile.kvCache.paged ? 'paged' : 'continuous');
  else argv.push('--paged_kv_cache', onOff(profile.kvCache.paged));
  if (profile.kvCache.tokensPerBlock !== undefined) {
    argv.push('--tokens_per_block', String(profile.kvCache.tokensPerBlock));
  }
  // Passed only when the profile decides, both ways: the release's default differs (off up to 0.9, on from 0.19).
  if (profile.kvCache.pagedContextFmha !== undefined)
    argv.push('--use_paged_context_fmha', onOff(profile.kvCache.pagedContextFmha));
  if (profile.logitsDtype) argv.push('--logits_dtype', profile.logitsDtype);
  if (profile.gatherContextLogits) argv.push('--gather_context_logits');
  return argv;
}

/**
 * The config.json a successful build is expected to write (current layout), as text, so the engine reader
 * and the engine/ rules can judge the plan: what the profile decides, and trtllm-build's own defaults of
 * the release where the sources give them (releases.ts); a default no source gives is left out.
 */
export function plannedEngineConfig(profile: BuildProfile, trtllm = imageTrtllm(profile)): string {
  const release = buildRelease(trtllm);
  const plugin = (v: string) => (v === 'disable' ? null : pluginValue(v, profile, release.pluginAuto));
  const pagedContextFmha = profile.kvCache.pagedContextFmha ?? release.pagedContextFmha;
  const tokensPerBlock = profile.kvCache.tokensPerBlock ?? release.tokensPerBlock;
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
          context_fmha: profile.plugins.contextFmha,
          ...(pagedContextFmha === undefined ? {} : { use_paged_context_fmha: pagedContextFmha }),
          ...(tokensPerBlock === undefined ? {} : { tokens_per_block: tokensPerBlock }),
        },
      },
    },
    null,
    4,
  );
}
