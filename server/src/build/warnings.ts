// What a build profile's choices imply, before anything runs: contradictions between its own settings,
// and with the image that will serve. Repository cross-checks (config.pbtxt against the planned engine)
// are in repositoryCheck.ts, which reads files. Pure.
import { kvCacheIsPaged, readEngineConfig } from '../core/engine/engineConfig';
import { serverImage } from '../core/engine/images';
import { imageTrtllm, plannedEngineConfig } from './args';
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
  if (profile.kvCache.pagedContextFmha && (!profile.kvCache.paged || !profile.plugins.contextFmha)) {
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
  if (!serverImage(profile.image)) {
    warn(
      'image',
      `${profile.image} is not a Triton <YY.MM>-trtllm-python-py3 image of a known release: its TensorRT-LLM version, and so the flags it takes, are unknown (current flags are used)`,
    );
  }
  const built = imageTrtllm(profile);
  if (profile.serveImage && built) {
    const m = matchEngineToImage(built, profile.serveImage);
    if (m.kind !== 'match') warn('serveImage', m.message);
  }
  return out;
}
