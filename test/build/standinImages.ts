// The BUILD STAND-IN images (test doubles for trtllm-build and convert_checkpoint.py, see standin/; they are
// NOT TensorRT-LLM), one per TensorRT-LLM release imitated, tagged as the Triton image of that release so the
// toolkit picks that release's flags and search order: `triton-toolkit-build-standin-<content hash>:<YY.MM>-
// trtllm-python-py3`. The hash keeps other sessions' versions apart on a shared engine.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { standinTag } from '../deploy/standinImage';
import { REPO_ROOT } from '../shared';

export const BUILD_STANDIN_DIR = join(REPO_ROOT, 'test', 'build', 'standin');

/** The releases imitated: 24.05 (0.9.0, no /app), 25.05 (0.19.0, /app/examples/<family>), 25.09 (1.0.0, models/core). */
export const STANDIN_RELEASES = { '24.05': '0.9.0', '25.05': '0.19.0', '25.09': '1.0.0' } as const;
export type StandinRelease = keyof typeof STANDIN_RELEASES;

const present = (tag: string) =>
  spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore', timeout: 20_000 }).status === 0;

function repository(): string {
  return `triton-toolkit-build-standin-${standinTag(BUILD_STANDIN_DIR).split(':')[1]}`;
}

/** The stand-in of `release`, built first when the engine lacks it. */
export function ensureBuildStandin(release: StandinRelease): string {
  const tag = `${repository()}:${release}-trtllm-python-py3`;
  if (!present(tag)) {
    execFileSync('bash', [join(BUILD_STANDIN_DIR, 'build-image.sh'), tag, STANDIN_RELEASES[release]], {
      stdio: 'inherit',
    });
  }
  return tag;
}

/** The same image under a tag that names no Triton release (a custom image: its release is unknown). */
export function untaggedRelease(release: StandinRelease): string {
  const source = ensureBuildStandin(release);
  const tag = `${repository()}:custom-${release}`;
  if (!present(tag)) execFileSync('docker', ['tag', source, tag]);
  return tag;
}
