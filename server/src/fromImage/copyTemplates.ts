// Copies the TensorRT-LLM backend's model templates out of an image, so a new repository starts from the
// templates of the very backend that will serve it. The image is never run: a container is created (no
// GPU request, a harmless command, never started), each search path is read through Docker's archive
// endpoint, and the container is removed whatever happens (error, cancellation).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { FoundLayout, SearchResult } from '../core/templates/imageLayouts';
import { TEMPLATE_SEARCH_PATHS, describeNotFound, findLayouts } from '../core/templates/imageLayouts';
import { RuntimeError, isRuntimeError } from '../deploy/runtime';
import type { ContainerRuntime } from '../deploy/runtime';
import { LABEL_WORKSPACE } from '../deploy/spec';
import type { ContainerSpec } from '../deploy/spec';
import { faultPoint } from '../host/faultPoint';
import { DEFAULT_LIMITS, extractTar } from './extractTar';

/** Marks the short-lived containers of a copy; its value is the container's name. */
export const LABEL_TEMPLATE_COPY = 'dev.triton-toolkit.template-copy';
/** The directory a copy is for, so the next `new` of it finds a container a killed run left. */
export const LABEL_TEMPLATE_TARGET = 'dev.triton-toolkit.template-target';

export interface CopyOptions {
  /** The copy goes into a new directory inside it: put it on the target's file system to move by renaming. */
  stagingParent: string;
  /** The new directory's name starts with it (default `.triton-templates-`). */
  stagingPrefix?: string;
  /** The directory the copy is for: labels the container (LABEL_TEMPLATE_TARGET). */
  target?: string;
  /** Labels the container (as launches and builds do), so a test or a user can find it. */
  workspace: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** Default: TEMPLATE_SEARCH_PATHS. */
  searchPaths?: readonly string[];
  limits?: { maxBytes: number; maxEntries: number };
  /** Per search path, the request and the whole stream (the runtime bounds only the request). */
  readTimeoutMs?: number;
}

/** A few megabytes from a local engine take a second; a stalled stream must not hang the command. */
export const READ_TIMEOUT_MS = 120_000;
const TIMED_OUT = Symbol('timed out');

/** Runs `fn` with a signal aborted by the caller's or after `ms`; a timeout rejects with TIMED_OUT. */
async function readBounded<T>(
  ms: number,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  const onAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(controller.signal);
  } catch (e) {
    throw timedOut ? TIMED_OUT : e;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

export interface CopiedTemplates {
  image: string;
  /** The image directory the templates came from. */
  source: string;
  /** The local copy of that directory (one sub-directory per layout). */
  dir: string;
  layouts: FoundLayout[];
  searched: SearchResult[];
  /** Archive entries left out (device files, links pointing outside). */
  skipped: string[];
  /** Removes the local copy (what was moved out of it stays). */
  dispose(): Promise<void>;
}

/** The image holds no templates at any search path; the message names each one and the image. */
export class TemplatesNotFound extends Error {
  constructor(
    readonly image: string,
    readonly searched: SearchResult[],
  ) {
    super(describeNotFound(image, searched));
    this.name = 'TemplatesNotFound';
  }
}

export function copyContainerSpec(
  image: string,
  name: string,
  workspace: string,
  target?: string,
): ContainerSpec {
  return {
    name,
    Image: image,
    // Never started; Docker only wants to know what a start would run.
    Cmd: ['true'],
    Env: [],
    Labels: {
      [LABEL_TEMPLATE_COPY]: name,
      [LABEL_WORKSPACE]: workspace,
      ...(target === undefined ? {} : { [LABEL_TEMPLATE_TARGET]: target }),
    },
    ExposedPorts: {},
    StopSignal: 'SIGTERM',
    Tty: false,
    HostConfig: { Binds: [], PortBindings: {}, ShmSize: 0, Ulimits: [], DeviceRequests: [] },
  };
}

export async function copyTemplatesFromImage(
  runtime: ContainerRuntime,
  image: string,
  options: CopyOptions,
): Promise<CopiedTemplates> {
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const paths = options.searchPaths ?? TEMPLATE_SEARCH_PATHS.map((p) => p.path);
  await fsp.mkdir(options.stagingParent, { recursive: true });
  const staging = await fsp.mkdtemp(
    join(options.stagingParent, options.stagingPrefix ?? '.triton-templates-'),
  );
  const dispose = () => fsp.rm(staging, { recursive: true, force: true });
  const name = `triton-templates-${randomBytes(6).toString('hex')}`;
  try {
    progress(`creating a container of ${image} (not started)`);
    let id: string;
    try {
      id = await runtime.create(copyContainerSpec(image, name, options.workspace, options.target), signal);
      faultPoint('new:created');
    } catch (e) {
      // A create cancelled in flight may still have happened on the engine's side.
      await removeByName(runtime, name);
      throw e;
    }
    const searched: SearchResult[] = [];
    const skipped: string[] = [];
    try {
      for (const [i, path] of paths.entries()) {
        progress(`looking for templates in ${path}`);
        const dir = join(staging, String(i));
        const result = await readBounded(options.readTimeoutMs ?? READ_TIMEOUT_MS, signal, async (s) => {
          const stream = await runtime.readDirectoryArchive(id, path, s);
          if (!stream) return undefined;
          await fsp.mkdir(dir);
          return extractTar(stream, dir, options.limits ?? DEFAULT_LIMITS);
        }).catch((e: unknown) => {
          if (e === TIMED_OUT)
            throw new RuntimeError(
              'timeout',
              `reading ${path} of ${image} took more than ${(options.readTimeoutMs ?? READ_TIMEOUT_MS) / 1000} s`,
            );
          throw e;
        });
        if (signal?.aborted) throw new RuntimeError('cancelled', 'copy cancelled');
        if (!result) {
          searched.push({ path, outcome: 'missing' });
          continue;
        }
        const layouts = findLayouts(result.files);
        if (layouts.length === 0) {
          searched.push({ path, outcome: 'no-layout' });
          await fsp.rm(dir, { recursive: true, force: true });
          continue;
        }
        searched.push({ path, outcome: 'found' });
        skipped.push(...result.skipped);
        progress(`copied ${result.files.length} files from ${path}`);
        return { image, source: path, dir, layouts, searched, skipped, dispose };
      }
    } finally {
      // Without the caller's signal: a cancelled copy must still remove its container.
      await runtime.remove(id).catch(() => removeByName(runtime, name));
    }
    throw new TemplatesNotFound(image, searched);
  } catch (e) {
    await dispose();
    if (signal?.aborted && !isRuntimeError(e)) throw new RuntimeError('cancelled', 'copy cancelled');
    throw e;
  }
}

async function removeByName(runtime: ContainerRuntime, name: string): Promise<void> {
  const left = await runtime.list({ [LABEL_TEMPLATE_COPY]: name }).catch(() => []);
  for (const c of left) await runtime.remove(c.id).catch(() => undefined);
}
