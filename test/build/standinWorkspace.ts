// A build test's workspace: the build STAND-IN image (a test double, test/build/standin; it is NOT
// TensorRT-LLM) and a Hugging Face-style checkpoint to convert; afterwards, the build containers the
// workspace's tests left, removed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL_BUILD } from '../../server/src/build/recovery';
import type { ContainerRuntime } from '../../server/src/deploy/runtime';
import { LABEL_WORKSPACE } from '../../server/src/deploy/spec';
import { ensureBuildStandin } from './standinImages';

/** Builds the stand-in if the engine lacks it and writes `<workspace>/hf-checkpoint`; returns the image tag. */
export function prepareBuildWorkspace(workspace: string): string {
  // The 25.09 (TensorRT-LLM 1.0.0) stand-in: scripts under /app/examples/models/core, as that image has them.
  const image = ensureBuildStandin('25.09');
  const checkpoint = join(workspace, 'hf-checkpoint');
  mkdirSync(checkpoint, { recursive: true });
  writeFileSync(join(checkpoint, 'config.json'), '{"architectures": ["LlamaForCausalLM"]}\n');
  return image;
}

/** Removes the workspace and every build container of it; returns the names of those that were left. */
export async function removeBuildWorkspace(runtime: ContainerRuntime, workspace: string): Promise<string[]> {
  const left = await runtime.list({ [LABEL_BUILD]: undefined, [LABEL_WORKSPACE]: workspace }).catch(() => []);
  for (const c of left) await runtime.remove(c.id).catch(() => undefined);
  rmSync(workspace, { recursive: true, force: true });
  return left.map((c) => c.name);
}
