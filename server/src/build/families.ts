// convert_checkpoint.py per model family, as data (TRTLLM_VERIFIED.md 2.1, 2.2, 3): where each family's
// script sits in a TensorRT-LLM tree by release, where the Triton images put that tree, and which flags the
// script parses. The candidate paths are probed in the image before a build (run.ts, probe.ts): nothing
// here is assumed to exist. Pure.
import { atLeast } from './releases';

export const MODEL_FAMILIES = [
  'llama',
  'mistral',
  'mixtral',
  'qwen',
  'gpt',
  'gemma',
  'phi',
  'falcon',
] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export interface FamilyConvert {
  /** The example directory: Mistral and Mixtral use Llama's script. */
  dir: string;
  /** From TensorRT-LLM 0.20 the examples sit in `models/core/`, Falcon in `models/contrib/`. */
  group: 'core' | 'contrib';
  /**
   * How the script is called. `standard`: --model_dir, --output_dir, --tp_size/--pp_size,
   * --use_weight_only + --weight_only_precision. `gemma`: --ckpt-type, --model-dir, --output-model-dir,
   * --world-size (tensor parallelism only), --use-weight-only-with-precision (0.16.0, read at the release).
   */
  style: 'standard' | 'gemma';
  /** The script parses --int8_kv_cache (not Phi's, not Falcon's). */
  int8KvCache: boolean;
  /** The largest pipeline parallelism the script takes (Gemma has none; Phi asserts pp_size == 1). */
  maxPp?: number;
  /** Why maxPp, for the profile error. */
  ppReason?: string;
}

/** One row per family; `FAMILY_CONVERT.<family>` is all a build needs to know about the script. */
export const FAMILY_CONVERT: Readonly<Record<ModelFamily, FamilyConvert>> = {
  llama: { dir: 'llama', group: 'core', style: 'standard', int8KvCache: true },
  mistral: { dir: 'llama', group: 'core', style: 'standard', int8KvCache: true },
  mixtral: { dir: 'llama', group: 'core', style: 'standard', int8KvCache: true },
  qwen: { dir: 'qwen', group: 'core', style: 'standard', int8KvCache: true },
  gpt: { dir: 'gpt', group: 'core', style: 'standard', int8KvCache: true },
  gemma: {
    dir: 'gemma',
    group: 'core',
    style: 'gemma',
    int8KvCache: true,
    maxPp: 1,
    ppReason:
      "Gemma's convert_checkpoint.py has no pipeline parallelism (only --world-size, tensor parallel)",
  },
  phi: {
    dir: 'phi',
    group: 'core',
    style: 'standard',
    int8KvCache: false,
    maxPp: 1,
    ppReason: "Phi's convert_checkpoint.py asserts pp_size == 1",
  },
  falcon: { dir: 'falcon', group: 'contrib', style: 'standard', int8KvCache: false },
};

/** The script's path inside a TensorRT-LLM tree, per layout: `models/<group>/<dir>` from 0.20, `<dir>` up to 0.19. */
export function scriptInTree(family: ModelFamily, layout: 'models' | 'flat'): string {
  const f = FAMILY_CONVERT[family];
  return layout === 'models'
    ? `examples/models/${f.group}/${f.dir}/convert_checkpoint.py`
    : `examples/${f.dir}/convert_checkpoint.py`;
}

/** The layouts to look in, the one of `trtllm`'s release first (unknown: newest first). */
export function layoutsFor(trtllm: string | undefined): ('models' | 'flat')[] {
  return atLeast(trtllm, 0, 20) ? ['models', 'flat'] : ['flat', 'models'];
}

/**
 * Where Triton images keep a TensorRT-LLM tree's examples. `/app/examples`: the backend's Dockerfile copies
 * them there from 25.01. `/app/tensorrt_llm/examples`: the path NVIDIA's README (r25.05-r26.05) uses, which
 * no Dockerfile creates and a user reports missing (ISSUE BE#770); looked in last. Images up to 24.12 have
 * no /app: nothing is found there, and the error says what to do.
 */
export const IMAGE_TREE_ROOTS = ['/app', '/app/tensorrt_llm'] as const;

/** Every path the probe looks in, in order: per root, the release's own layout first. */
export function convertScriptCandidates(family: ModelFamily, trtllm: string | undefined): string[] {
  return IMAGE_TREE_ROOTS.flatMap((root) =>
    layoutsFor(trtllm).map((layout) => `${root}/${scriptInTree(family, layout)}`),
  );
}

/** Where a `tensorrtLlmSource` checkout is mounted (read-only) in the build containers. */
export const CONTAINER_TRTLLM_SOURCE = '/build/tensorrt_llm';

/** The same search inside a TensorRT-LLM checkout: paths relative to it. */
export function sourceScriptCandidates(family: ModelFamily, trtllm: string | undefined): string[] {
  return layoutsFor(trtllm).map((layout) => scriptInTree(family, layout));
}

/** A profile choice the family's script cannot take: the field and why. */
export interface FamilyRefusal {
  field: string;
  message: string;
}

/** What `family`'s convert_checkpoint.py refuses among the profile's choices. */
export function familyRefusals(
  family: ModelFamily,
  choices: { ppSize: number; int8KvCache: boolean },
): FamilyRefusal[] {
  const f = FAMILY_CONVERT[family];
  const out: FamilyRefusal[] = [];
  if (f.maxPp !== undefined && choices.ppSize > f.maxPp) {
    out.push({ field: 'ppSize', message: `ppSize ${choices.ppSize}: ${f.ppReason}; use tpSize instead` });
  }
  if (choices.int8KvCache && !f.int8KvCache) {
    out.push({
      field: 'quantization.int8KvCache',
      message: `${family}'s convert_checkpoint.py has no --int8_kv_cache: an INT8 KV cache cannot be made for this family by conversion`,
    });
  }
  return out;
}
