// Which TensorRT-LLM release each Triton `<YY.MM>-trtllm-python-py3` image carries (TRTLLM_VERIFIED.md
// section 6: Triton's compatibility matrix from 24.04 on; 23.10-24.03 from other evidence, 24.03 from a
// user quoting NVIDIA's frameworks support matrix). 23.11, whose version no source gives, is left out, so
// the checker says nothing for it.
const TRTLLM_BY_RELEASE: Readonly<Record<string, string>> = {
  '23.10': '0.5.0',
  '23.12': '0.7.0',
  '24.01': '0.7.1',
  '24.02': '0.8.0',
  '24.03': '0.8.0',
  '24.04': '0.9.0',
  '24.05': '0.9.0',
  '24.06': '0.10.0',
  '24.07': '0.11.0',
  '24.08': '0.12.0',
  '24.09': '0.13.0',
  '24.10': '0.14.0',
  '24.11': '0.15.0',
  '24.12': '0.16.0',
  '25.01': '0.17.0',
  '25.02': '0.17.0.post1',
  '25.03': '0.18.0',
  '25.04': '0.18.2',
  '25.05': '0.19.0',
  '25.06': '0.20.0',
  '25.07': '0.20.0',
  '25.08': '0.21.0',
  '25.09': '1.0.0',
  '25.10': '1.0.0',
  '25.11': '1.0.3.2510',
  '25.12': '1.1.0',
  '26.01': '1.1.0',
  '26.02': '1.1.0',
  '26.03': '1.2.0',
  '26.04': '1.2.1',
  '26.05': '1.2.1',
  '26.06': '1.2.1',
  '26.07': '1.2.1',
};

export interface ServerImage {
  /** `YY.MM`, the Triton release. */
  release: string;
  /** TensorRT-LLM version inside the image. */
  trtllm: string;
}

/** The `YY.MM` of a Triton TensorRT-LLM image reference (or tag), whether or not the table knows it. */
export function tritonRelease(reference: string): string | undefined {
  // The tag follows the last ':' of the last path segment (a registry host may carry a port).
  const lastSegment = reference.slice(reference.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.lastIndexOf(':') + 1) : lastSegment;
  return /^(\d{2}\.\d{2})-trtllm-python-py3$/.exec(tag)?.[1];
}

/** The newest Triton release in the table and its TensorRT-LLM. */
export function newestKnownImage(): ServerImage {
  const release = Object.keys(TRTLLM_BY_RELEASE).sort().at(-1)!;
  return { release, trtllm: TRTLLM_BY_RELEASE[release]! };
}

/** What an image carries, for choosing flags and keys: the table's answer, or an assumption it says. */
export interface AssumedImage extends ServerImage {
  /** `newer`: the tag is newer than the table, and the newest known release is assumed. */
  basis: 'table' | 'newer';
}

/**
 * The TensorRT-LLM release to assume for an image: the table's for a known tag, the newest known for a
 * Triton tag newer than the table. Undefined for other images (not Triton's, or an unlisted old tag).
 */
export function assumedImage(reference: string): AssumedImage | undefined {
  const known = serverImage(reference);
  if (known) return { ...known, basis: 'table' };
  const release = tritonRelease(reference);
  const newest = newestKnownImage();
  if (release && release > newest.release) return { release, trtllm: newest.trtllm, basis: 'newer' };
  return undefined;
}

/** The TensorRT-LLM to assume for an image (assumedImage), or undefined (no image, or an unknown one). */
export function assumedTrtllm(reference: string | undefined): string | undefined {
  return reference === undefined ? undefined : assumedImage(reference)?.trtllm;
}

/**
 * The Triton release and TensorRT-LLM version of an image reference such as
 * `nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3` (or just its tag). Undefined for images that
 * are not Triton's TensorRT-LLM images, or whose release is not in the table.
 */
export function serverImage(reference: string): ServerImage | undefined {
  const release = tritonRelease(reference);
  const trtllm = release ? TRTLLM_BY_RELEASE[release] : undefined;
  return release && trtllm ? { release, trtllm } : undefined;
}

/** Triton releases whose image carries TensorRT-LLM `version`, oldest first. */
export function releasesWith(version: string): string[] {
  return Object.entries(TRTLLM_BY_RELEASE)
    .filter(([, v]) => sameRelease(v, version))
    .map(([release]) => release);
}

/**
 * Whether two TensorRT-LLM versions are the same release. Engines are only loadable by the exact
 * release that built them (the TensorRT version inside changes between releases), so only a `v`
 * prefix and surrounding space are forgiven.
 */
export function sameRelease(a: string, b: string): boolean {
  const norm = (v: string) => v.trim().replace(/^v/, '');
  return norm(a) === norm(b);
}

/** Whether TensorRT-LLM `version` is at least `major.min` (undefined or unreadable versions count as the newest). */
export function atLeast(version: string | undefined, major: number, min: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return true;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= min);
}
