// Which convert_checkpoint.py a build runs, found by looking, never assumed: the profile's `convertScript`;
// else the family's script in a `tensorrtLlmSource` checkout (looked for on the host, mounted read-only);
// else the image is probed: a container is created (never started) and each candidate path of families.ts
// is asked for through Docker's archive endpoint, the release's own layout first. What an image holds
// never changes for its id, so a finding is cached per image id (in memory and in a small JSON file).
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { copyContainerSpec } from '../fromImage/copyTemplates';
import type { ContainerRuntime } from '../deploy/runtime';
import { LABEL_WORKSPACE } from '../deploy/spec';
import { imageTrtllm } from './args';
import { CONTAINER_TRTLLM_SOURCE, convertScriptCandidates, sourceScriptCandidates } from './families';
import type { ModelFamily } from './families';
import type { BuildProfile } from './profile';

/** Marks the never-started containers of a probe; its value is the container's name. */
export const LABEL_PROBE = 'dev.triton-toolkit.probe';

export type ScriptOrigin = 'profile' | 'image' | 'tensorrtLlmSource';

/** The script a build runs, where it came from, and where it was looked for (for the build record). */
export interface ConvertScriptChoice {
  path: string;
  from: ScriptOrigin;
  searched: string[];
  /** The image probe's finding came from the cache (no container was created). */
  cached?: boolean;
}

/** How the dry run describes the choice: a fixed path, or the paths that will be probed. */
export interface PlannedConvertScript {
  from: ScriptOrigin;
  /** The path when fixed; else the first candidate, which the argv shows. */
  path: string;
  candidates?: string[];
  note?: string;
}

/** No script at any candidate path: the message names the image (or checkout), every path, and the ways out. */
export class ConvertScriptNotFound extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly searched: string[],
  ) {
    super(message);
    this.name = 'ConvertScriptNotFound';
  }
}

/** The key of the image probe cache: one finding per image id and family script. */
export interface ProbeCache {
  get(imageId: string, family: ModelFamily): Promise<string | undefined>;
  set(imageId: string, family: ModelFamily, path: string): Promise<void>;
}

/** `$XDG_CACHE_HOME/triton-toolkit/convert-scripts.json` (default `~/.cache/...`). */
export function defaultProbeCacheFile(): string {
  return join(
    process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
    'triton-toolkit',
    'convert-scripts.json',
  );
}

const memory = new Map<string, string>();

/** A cache in memory, backed by a JSON file written atomically; an unreadable file is an empty cache. */
export function fileProbeCache(file = defaultProbeCacheFile()): ProbeCache {
  const key = (imageId: string, family: ModelFamily) => `${file}\n${imageId}\n${family}`;
  const read = async (): Promise<Record<string, string>> => {
    try {
      const data = JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
      return data && typeof data === 'object' ? (data as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  return {
    async get(imageId, family) {
      const hit = memory.get(key(imageId, family));
      if (hit) return hit;
      const found = (await read())[`${imageId} ${family}`];
      if (typeof found === 'string') memory.set(key(imageId, family), found);
      return typeof found === 'string' ? found : undefined;
    },
    async set(imageId, family, path) {
      memory.set(key(imageId, family), path);
      try {
        const data = await read();
        data[`${imageId} ${family}`] = path;
        await fsp.mkdir(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        await fsp.writeFile(tmp, JSON.stringify(data, null, 2) + '\n');
        await fsp.rename(tmp, file);
      } catch {
        // A cache that cannot be written only costs a probe next time.
      }
    },
  };
}

function waysOut(profile: BuildProfile): string {
  const trtllm = imageTrtllm(profile);
  const checkout = trtllm
    ? `a TensorRT-LLM ${trtllm} checkout (git clone -b v${trtllm} https://github.com/NVIDIA/TensorRT-LLM)`
    : "a TensorRT-LLM checkout of the image's release";
  return (
    'Either set "convertScript" in the profile to the script\'s absolute path inside the image, or set ' +
    `"tensorrtLlmSource" to ${checkout}, which is mounted read-only at ${CONTAINER_TRTLLM_SOURCE}`
  );
}

/** What the dry run says about the script, without Docker. */
export function plannedConvertScript(
  profile: BuildProfile,
  sourcePath?: string,
): PlannedConvertScript | undefined {
  if (profile.modelFamily === 'none') return undefined;
  if (profile.convertScript) return { from: 'profile', path: profile.convertScript };
  const trtllm = imageTrtllm(profile);
  if (profile.tensorrtLlmSource) {
    const rel = sourceScriptCandidates(profile.modelFamily, trtllm);
    return {
      from: 'tensorrtLlmSource',
      path: `${CONTAINER_TRTLLM_SOURCE}/${rel[0]}`,
      candidates: rel.map((r) => join(sourcePath ?? profile.tensorrtLlmSource!, r)),
      note: `looked for in the checkout when the build runs, in this order; mounted read-only at ${CONTAINER_TRTLLM_SOURCE}`,
    };
  }
  const candidates = convertScriptCandidates(profile.modelFamily, trtllm);
  return {
    from: 'image',
    path: candidates[0]!,
    candidates,
    note: 'the image is probed for these paths when the build runs (the first found is used and recorded); the argv shows the first',
  };
}

export interface FindOptions {
  workspace: string;
  /** Labels the probe container, as the build's own containers. */
  labels: Record<string, string>;
  cache?: ProbeCache;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** The script the build runs. Throws ConvertScriptNotFound, or a RuntimeError from the probe. */
export async function findConvertScript(
  runtime: ContainerRuntime,
  profile: BuildProfile,
  sourcePath: string | undefined,
  options: FindOptions,
): Promise<ConvertScriptChoice | undefined> {
  if (profile.modelFamily === 'none') return undefined;
  if (profile.convertScript) return { path: profile.convertScript, from: 'profile', searched: [] };
  const family = profile.modelFamily;
  const trtllm = imageTrtllm(profile);
  if (profile.tensorrtLlmSource && sourcePath) {
    const rel = sourceScriptCandidates(family, trtllm);
    const searched = rel.map((r) => join(sourcePath, r));
    if (!existsSync(sourcePath)) {
      throw new ConvertScriptNotFound(
        `the TensorRT-LLM checkout ${sourcePath} (tensorrtLlmSource) does not exist`,
        'tensorrtLlmSource',
        [],
      );
    }
    const i = searched.findIndex((p) => existsSync(p));
    if (i < 0) {
      throw new ConvertScriptNotFound(
        `${family}'s convert_checkpoint.py is not in the TensorRT-LLM checkout ${sourcePath}: looked in ${searched.join(', ')}. ` +
          `Use a checkout of the image's release (TensorRT-LLM ${trtllm ?? 'of the image'}), or set "convertScript"`,
        'tensorrtLlmSource',
        searched,
      );
    }
    return {
      path: `${CONTAINER_TRTLLM_SOURCE}/${rel[i]}`,
      from: 'tensorrtLlmSource',
      searched: searched.slice(0, i + 1),
    };
  }
  const candidates = convertScriptCandidates(family, trtllm);
  const cache = options.cache ?? fileProbeCache();
  const id = await runtime.imageId(profile.image, options.signal);
  if (id) {
    const hit = await cache.get(id, family);
    if (hit) return { path: hit, from: 'image', searched: [], cached: true };
  }
  const found = await probeImage(runtime, profile.image, candidates, options);
  if (found.path === undefined) {
    throw new ConvertScriptNotFound(
      `${family}'s convert_checkpoint.py is not in ${profile.image}: looked in ${candidates.join(', ')}. ` +
        'Triton images up to 24.12 carry no TensorRT-LLM examples (no /app). ' +
        waysOut(profile),
      'modelFamily',
      candidates,
    );
  }
  if (id) await cache.set(id, family, found.path);
  return { path: found.path, from: 'image', searched: found.searched };
}

/** Asks a never-started container of `image` for each path in turn; the container is always removed. */
async function probeImage(
  runtime: ContainerRuntime,
  image: string,
  candidates: readonly string[],
  options: FindOptions,
): Promise<{ path?: string; searched: string[] }> {
  const name = `triton-probe-${randomBytes(6).toString('hex')}`;
  const spec = copyContainerSpec(image, name, options.workspace);
  spec.Labels = { ...options.labels, [LABEL_PROBE]: name, [LABEL_WORKSPACE]: options.workspace };
  options.onProgress?.(`looking for convert_checkpoint.py in ${image} (a container that is never started)`);
  let id: string;
  try {
    id = await runtime.create(spec, options.signal);
  } catch (e) {
    // A create cancelled in flight may still have happened on the engine's side.
    const left = await runtime.list({ [LABEL_PROBE]: name }).catch(() => []);
    for (const c of left) await runtime.remove(c.id).catch(() => undefined);
    throw e;
  }
  const searched: string[] = [];
  try {
    for (const path of candidates) {
      searched.push(path);
      if ((await runtime.statPath(id, path, options.signal)) === 'file') return { path, searched };
    }
    return { searched };
  } finally {
    // Without the caller's signal: a cancelled probe must still remove its container.
    await runtime.remove(id).catch(() => undefined);
  }
}
