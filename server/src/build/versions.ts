// Matching engines and images by TensorRT-LLM release (TRTLLM_FACTS.md section 5, C20): an engine loads
// only in the release that built it. Over core/engine/images.ts. Pure.
import { releasesWith, sameRelease, serverImage } from '../core/engine/images';

export const TRITON_REPOSITORY = 'nvcr.io/nvidia/tritonserver';

/** The Triton TensorRT-LLM images that carry TensorRT-LLM `version`, newest first. */
export function imagesFor(version: string, repository = TRITON_REPOSITORY): string[] {
  return releasesWith(version)
    .reverse()
    .map((release) => `${repository}:${release}-trtllm-python-py3`);
}

export type VersionMatch =
  | { kind: 'match'; trtllm: string }
  /** The image is not one of Triton's TensorRT-LLM images we know: nothing can be said. */
  | { kind: 'unknown-image'; message: string }
  | { kind: 'mismatch'; engine: string; image: string; message: string; suggestions: string[] };

/** Whether an engine built by TensorRT-LLM `engineVersion` can be served by `image`. */
export function matchEngineToImage(engineVersion: string, image: string): VersionMatch {
  const served = serverImage(image);
  if (!served) {
    return {
      kind: 'unknown-image',
      message: `${image} is not a Triton <YY.MM>-trtllm-python-py3 image of a known release: make sure it carries TensorRT-LLM ${engineVersion}`,
    };
  }
  if (sameRelease(engineVersion, served.trtllm)) return { kind: 'match', trtllm: served.trtllm };
  const suggestions = imagesFor(engineVersion, repositoryOf(image));
  return {
    kind: 'mismatch',
    engine: engineVersion,
    image: served.trtllm,
    suggestions,
    message:
      `the engine was built by TensorRT-LLM ${engineVersion}, but ${image} serves with TensorRT-LLM ${served.trtllm}: ` +
      'an engine only loads in the release that built it. ' +
      (suggestions.length
        ? `Serve it with ${suggestions[0]}${suggestions.length > 1 ? ` (or ${suggestions.slice(1).join(', ')})` : ''}, or rebuild it in ${image}.`
        : `No Triton image we know carries ${engineVersion}: rebuild the engine in ${image}.`),
  };
}

/** `nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3` -> `nvcr.io/nvidia/tritonserver`. */
function repositoryOf(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(0, colon) : TRITON_REPOSITORY;
}
