// What a build profile's choices imply, before anything runs: contradictions between its own settings,
// and with the image that will serve. Repository cross-checks (config.pbtxt against the planned engine)
// are in repositoryCheck.ts, which reads files. Pure.
import { kvCacheIsPaged, readEngineConfig } from '../core/engine/engineConfig';
import { assumedImage, newestKnownImage } from '../core/engine/images';
import { imageTrtllm, plannedEngineConfig } from './args';
import { atLeast, buildRefusal } from './releases';
import type { BuildProfile } from './profile';
import { matchEngineToImage } from './versions';

export interface BuildWarning {
  /** The profile field, e.g. `kvCache.paged`. */
  field: string;
  message: string;
}

export function profileWarnings(profile: BuildProfile): BuildWarning[] {
  const out: BuildWarning[] = [];
  const warn = (field: string, message: string) => out.push({ field, message });
  const attention = profile.plugins.gptAttention !== 'disable';
  if (profile.maxInputLen > profile.maxSeqLen) {
    warn(
      'maxInputLen',
      `maxInputLen ${profile.maxInputLen} is above maxSeqLen ${profile.maxSeqLen}: trtllm-build clips it, leaving no room for output`,
    );
  }
  if (profile.removeInputPadding && profile.maxNumTokens < profile.maxInputLen) {
    warn(
      'maxNumTokens',
      `maxNumTokens ${profile.maxNumTokens} is below maxInputLen ${profile.maxInputLen}: a full-length prompt does not fit one iteration without chunked context`,
    );
  }
  if (!attention && profile.kvCache.paged) {
    warn(
      'kvCache.paged',
      'a paged KV cache needs the GPT attention plugin (plugins.gptAttention is "disable")',
    );
  }
  if (!attention && profile.removeInputPadding) {
    warn('removeInputPadding', 'packed input (removeInputPadding) needs the GPT attention plugin');
  }
  if (profile.kvCache.pagedContextFmha === true && (!profile.kvCache.paged || !profile.plugins.contextFmha)) {
    warn('kvCache.pagedContextFmha', 'paged context FMHA needs a paged KV cache and plugins.contextFmha');
  }
  // C1/C2, read back through the engine reader so the rule is the one the checker applies to engines.
  const planned = readEngineConfig(plannedEngineConfig(profile));
  if (planned.ok) {
    const c = planned.config;
    const lacking = [
      c.gptAttentionPlugin?.value === false ? 'the GPT attention plugin' : undefined,
      c.removeInputPadding?.value === false ? 'packed input (removeInputPadding)' : undefined,
      kvCacheIsPaged(c) === false ? 'a paged KV cache' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (lacking.length) {
      warn(
        lacking.includes('a paged KV cache') ? 'kvCache.paged' : 'plugins.gptAttention',
        `the engine will lack ${lacking.join(' and ')}, so it cannot batch in flight: Triton can serve it only with gpt_model_type "V1"`,
      );
    }
  }
  const assumed = assumedImage(profile.image);
  if (!assumed && !buildRefusal(profile.image)) {
    warn(
      'image',
      `${profile.image} is not a Triton <YY.MM>-trtllm-python-py3 image of a known release: its TensorRT-LLM version, and so the flags it takes, are unknown (the newest known release's flags are used)`,
    );
  } else if (assumed?.basis === 'newer') {
    const newest = newestKnownImage();
    warn(
      'image',
      `Triton ${assumed.release} is newer than the releases this toolkit knows: it is treated as the newest known, ${newest.release} (TensorRT-LLM ${newest.trtllm}), whose flags and defaults may no longer be right`,
    );
  }
  if (
    assumed &&
    !atLeast(assumed.trtllm, 0, 17) &&
    profile.modelFamily !== 'none' &&
    !profile.convertScript &&
    !profile.tensorrtLlmSource
  ) {
    warn(
      'image',
      `Triton ${assumed.release} images carry no TensorRT-LLM examples (no /app: only from 25.01 does the image hold /app/examples), so the image probe is expected to find no convert_checkpoint.py: set "tensorrtLlmSource" to a TensorRT-LLM ${assumed.trtllm} checkout, or "convertScript"`,
    );
  }
  const built = imageTrtllm(profile);
  if (profile.serveImage && built) {
    const m = matchEngineToImage(built, profile.serveImage);
    if (m.kind !== 'match') warn('serveImage', m.message);
  }
  return out;
}
