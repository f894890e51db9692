// What each TensorRT-LLM release's build tools take and do by default, as data: the trtllm-build flags that
// changed between releases and the defaults the planned engine config must carry (TRTLLM_VERIFIED.md 1.1,
// 1.3), and which Triton images can build at all. Where the sources leave a default open it is undefined
// here, and the planned config says nothing about it. Pure.
import { atLeast, newestKnownImage, tritonRelease } from '../core/engine/images';

export { atLeast };

/** The first Triton image with trtllm-build inside (tutorials PR #91; 24.03: ISSUE TL#1413). */
export const FIRST_BUILD_RELEASE = '24.04';

export interface TrtllmBuildRelease {
  /** `--max_seq_len` from 0.11; before, the output budget `--max_output_len` (removed in 0.12). */
  seqLenFlag: '--max_seq_len' | '--max_output_len';
  /** `--kv_cache_type paged|continuous` from 0.13; before, `--paged_kv_cache enable|disable`. */
  kvCacheFlag: '--kv_cache_type' | '--paged_kv_cache';
  /** `auto` as a plugin value: absent in 0.8 and 0.9 [exact], 0.10 UNCONFIRMED (treated as absent), present from 0.11. */
  pluginAuto: boolean;
  /** trtllm-build's default `--use_paged_context_fmha`: off up to 0.9, on in 0.19 and 1.0; else unknown. */
  pagedContextFmha?: boolean;
  /** trtllm-build's default `--tokens_per_block`: 128 up to 0.9, 64 in 0.10, 32 from 0.19; else unknown. */
  tokensPerBlock?: number;
}

/** The flags and defaults of TensorRT-LLM `trtllm` (undefined: the newest known). */
export function buildRelease(trtllm: string | undefined): TrtllmBuildRelease {
  const v = trtllm ?? newestKnownImage().trtllm;
  const out: TrtllmBuildRelease = {
    seqLenFlag: atLeast(v, 0, 11) ? '--max_seq_len' : '--max_output_len',
    kvCacheFlag: atLeast(v, 0, 13) ? '--kv_cache_type' : '--paged_kv_cache',
    pluginAuto: atLeast(v, 0, 11),
  };
  if (!atLeast(v, 0, 10)) {
    out.pagedContextFmha = false;
    out.tokensPerBlock = 128;
  } else if (!atLeast(v, 0, 11)) out.tokensPerBlock = 64;
  else if (atLeast(v, 0, 19)) {
    out.pagedContextFmha = true;
    out.tokensPerBlock = 32;
  }
  return out;
}

/** Why `image` cannot build engines, or undefined: Triton images before 24.04 ship no trtllm-build. */
export function buildRefusal(image: string): string | undefined {
  const release = tritonRelease(image);
  if (!release || release >= FIRST_BUILD_RELEASE) return undefined;
  const newest = newestKnownImage().release;
  return (
    `Triton ${release} images carry only the TensorRT-LLM backend, without the TensorRT-LLM Python package: ` +
    `trtllm-build and convert_checkpoint.py are not in them (engines are built inside the Triton image from ` +
    `${FIRST_BUILD_RELEASE} on). Build in a ${FIRST_BUILD_RELEASE} to ${newest} image, e.g. ` +
    `nvcr.io/nvidia/tritonserver:${newest}-trtllm-python-py3, and serve with an image of the same TensorRT-LLM release`
  );
}
