import { serverImage } from './images';

/**
 * The Triton releases whose TensorRT-LLM version the checker knows (images.ts's table), found by asking
 * serverImage about every YY.MM from 23.01 to 39.12, so that this list never disagrees with the table.
 */
export function knownReleases(): string[] {
  const out: string[] = [];
  for (let yy = 23; yy <= 39; yy++)
    for (let mm = 1; mm <= 12; mm++) {
      const release = `${yy}.${String(mm).padStart(2, '0')}`;
      if (serverImage(`${release}-trtllm-python-py3`)) out.push(release);
    }
  return out;
}

/**
 * A warning for `check --image <reference>` when the checker does not know the image's TensorRT-LLM
 * release (engine versions then go unchecked); undefined for a known image.
 */
export function unknownImageWarning(reference: string): string | undefined {
  if (serverImage(reference)) return undefined;
  const known = knownReleases();
  return `--image ${reference} is not a Triton <YY.MM>-trtllm-python-py3 image of a known release, so engines are not checked against its TensorRT-LLM version; known releases: ${known.join(', ')}`;
}
