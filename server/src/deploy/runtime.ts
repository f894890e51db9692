// The container runtime as the rest of the product sees it: a few operations in our own terms. Only
// dockerodeRuntime.ts knows dockerode (keep it replaceable: vscode-docker had to drop it). Every operation
// takes an AbortSignal and is bounded by a timeout in the implementation; failures are RuntimeErrors whose
// message tells the user what to do.
import type { ContainerSpec } from './spec';

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** Docker's state: created, running, exited, ... */
  state: string;
  /** Docker's human status, e.g. "Up 3 minutes". */
  status: string;
  labels: Record<string, string>;
  /** When Docker created it (Unix seconds), where the engine says so. */
  created?: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ContainerRuntime {
  /** Throws a RuntimeError (engine-unreachable, permission-denied) when the engine cannot be used. */
  ping(signal?: AbortSignal): Promise<void>;
  hasImage(image: string, signal?: AbortSignal): Promise<boolean>;
  /** The image's id (`sha256:...`), null when the host does not have it. */
  imageId(image: string, signal?: AbortSignal): Promise<string | null>;
  /** Creates the container; returns its id. */
  create(spec: ContainerSpec, signal?: AbortSignal): Promise<string>;
  start(id: string, signal?: AbortSignal): Promise<void>;
  inspect(id: string, signal?: AbortSignal): Promise<ContainerInfo & { running: boolean; exitCode: number }>;
  /** Containers (any state) carrying every given label (`value` undefined: the label exists). */
  list(labels: Record<string, string | undefined>, signal?: AbortSignal): Promise<ContainerInfo[]>;
  /** Log lines, following until the container stops or the signal aborts. */
  logs(id: string, options: { follow: boolean; signal?: AbortSignal }): AsyncIterable<LogLine>;
  kill(id: string, signal: 'SIGTERM' | 'SIGKILL', abort?: AbortSignal): Promise<void>;
  /** Resolves with the exit code once the container has stopped; rejects with a timeout after `timeoutMs`. */
  wait(id: string, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  remove(id: string, signal?: AbortSignal): Promise<void>;
  /**
   * The directory `path` of a container's file system (started or not), as Docker's archive endpoint sends
   * it: a tar stream of its contents, entries named `./...`, symbolic links on the way followed. Null when
   * the path does not exist or is not a directory. Aborting the signal destroys the stream.
   */
  readDirectoryArchive(id: string, path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream | null>;
  /**
   * What `path` is in a container's file system (started or not), without reading it (the archive
   * endpoint's HEAD): null when it does not exist.
   */
  statPath(id: string, path: string, signal?: AbortSignal): Promise<'file' | 'directory' | null>;
}

export type RuntimeErrorKind =
  | 'engine-unreachable'
  | 'permission-denied'
  | 'image-missing'
  | 'nvidia-runtime-missing'
  | 'ulimit-refused'
  | 'port-in-use'
  | 'name-conflict'
  | 'not-found'
  | 'timeout'
  | 'cancelled'
  | 'other';

/**
 * Brands RuntimeErrors across bundles: the extension loads the Docker runtime from a bundle of its own
 * (dist/docker-runtime.js), whose RuntimeError class is not the extension bundle's, so `instanceof` would
 * say no. Symbol.for is shared by every bundle of the process.
 */
const BRAND = Symbol.for('triton-toolkit.RuntimeError');

/** True for a RuntimeError from any bundle; use it instead of `instanceof RuntimeError`. */
export function isRuntimeError(e: unknown): e is RuntimeError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

export class RuntimeError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly kind: RuntimeErrorKind,
    message: string,
    /** The engine's own words, for the log. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
