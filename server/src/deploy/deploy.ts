// Launch, stop and list our Triton containers over a ContainerRuntime. No dockerode and no file access
// here: tests drive it against a real engine through dockerodeRuntime.
import { isReady, waitReady } from './health';
import { RuntimeError } from './runtime';
import type { ContainerInfo, ContainerRuntime, LogLine, RuntimeErrorKind } from './runtime';
import { LABEL_GRACE, LABEL_HTTP, LABEL_MANAGED, LABEL_PROFILE, LABEL_WORKSPACE } from './spec';
import type { ContainerSpec } from './spec';
import { loadFailureDiagnostics, parseLoadFailures } from './tritonLog';
import type { FileDiagnostic } from './tritonLog';

export interface UpOptions {
  readyTimeoutMs: number;
  /** Host path of the repository, to place load failures on its config.pbtxt files. */
  repositoryPath: string;
  signal?: AbortSignal;
  onLog?: (line: LogLine) => void;
  onProgress?: (message: string) => void;
  /** Keep following the logs after readiness (until stopLogs() or the container stops). */
  keepFollowing?: boolean;
}

export type UpResult =
  | { ok: true; id: string; name: string; url: string; stopLogs: () => void }
  | {
      ok: false;
      kind: RuntimeErrorKind | 'exited';
      message: string;
      /** Triton's model-load failures, on the models' config.pbtxt. */
      diagnostics: FileDiagnostic[];
      /** The last log lines, for the output. */
      tail: string[];
    };

const TAIL = 200;

function failed(e: unknown, tail: string[] = [], diagnostics: FileDiagnostic[] = []): UpResult {
  if (e instanceof RuntimeError) return { ok: false, kind: e.kind, message: e.message, diagnostics, tail };
  return { ok: false, kind: 'other', message: e instanceof Error ? e.message : String(e), diagnostics, tail };
}

/**
 * Creates and starts the container, streams its logs, and waits until Triton is ready, the container
 * exits, or the timeout passes. A container that did not become ready is stopped and removed (its logs and
 * load failures are in the result), so a failed launch leaves nothing behind.
 */
export async function up(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  options: UpOptions,
): Promise<UpResult> {
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  try {
    await runtime.ping(signal);
    if (!(await runtime.hasImage(spec.Image, signal))) {
      throw new RuntimeError(
        'image-missing',
        `The image ${spec.Image} is not present on this host: pull it first (docker pull ${spec.Image}; ` +
          'NGC images need docker login nvcr.io).',
      );
    }
  } catch (e) {
    return failed(e);
  }
  let id: string;
  try {
    progress(`creating container ${spec.name}`);
    id = await runtime.create(spec, signal);
  } catch (e) {
    return failed(e);
  }
  try {
    progress(`starting ${spec.name}`);
    await runtime.start(id, signal);
  } catch (e) {
    // A refused start (no NVIDIA runtime, a refused ulimit, a busy port) leaves the container in `created`.
    await runtime.remove(id).catch(() => undefined);
    return failed(e);
  }

  const tail: string[] = [];
  const logsDone = new AbortController();
  const following = (async () => {
    try {
      for await (const line of runtime.logs(id, { follow: true, signal: logsDone.signal })) {
        tail.push(line.text);
        if (tail.length > TAIL) tail.shift();
        options.onLog?.(line);
      }
    } catch {
      // The stream ends with the container or our abort; nothing to report.
    }
  })();
  const url = spec.Labels[LABEL_HTTP]!;
  progress(`waiting for ${url}/v2/health/ready`);
  const ready = new AbortController();
  const stopWaiting = () => ready.abort();
  signal?.addEventListener('abort', stopWaiting, { once: true });
  try {
    const outcome = await Promise.race([
      waitReady(url, { timeoutMs: options.readyTimeoutMs, signal: ready.signal }).then(
        () => 'ready' as const,
      ),
      runtime.wait(id, options.readyTimeoutMs + 60_000, ready.signal).then((code) => code),
    ]);
    ready.abort();
    if (outcome === 'ready') {
      if (!options.keepFollowing) {
        logsDone.abort();
        await following;
      }
      return { ok: true, id, name: spec.name, url, stopLogs: () => logsDone.abort() };
    }
    // The container exited before it was ready: read the whole log (the stream may lag) for load failures.
    await following;
    const diagnostics = loadFailureDiagnostics(parseLoadFailures(tail), options.repositoryPath);
    await runtime.remove(id).catch(() => undefined);
    const models = diagnostics.length
      ? `; failed to load: ${diagnostics.map((d) => d.diagnostic.data?.model).join(', ')}`
      : '';
    return {
      ok: false,
      kind: 'exited',
      message: `${spec.name} exited with code ${outcome} before Triton was ready${models}`,
      diagnostics,
      tail,
    };
  } catch (e) {
    ready.abort();
    // Timeout or cancellation: do not leave a half-started server running.
    await stop(runtime, id, 5, undefined).catch(() => undefined);
    logsDone.abort();
    await following;
    return failed(e, tail, loadFailureDiagnostics(parseLoadFailures(tail), options.repositoryPath));
  } finally {
    signal?.removeEventListener('abort', stopWaiting);
  }
}

export type StopOutcome = 'terminated' | 'killed' | 'not-running';

export interface StopResult {
  id: string;
  name: string;
  outcome: StopOutcome;
  exitCode?: number;
}

/**
 * SIGTERM, wait up to the grace period, then SIGKILL; then remove. Done by hand rather than with Docker's
 * `stop?t=N` so we can tell the user which of the two ended the server. Refuses containers that are not ours.
 */
export async function stop(
  runtime: ContainerRuntime,
  id: string,
  graceSeconds: number | undefined,
  signal: AbortSignal | undefined,
): Promise<StopResult> {
  const c = await runtime.inspect(id, signal);
  if (c.labels[LABEL_MANAGED] !== 'true') {
    throw new RuntimeError('other', `${c.name} was not started by this extension: not touching it`);
  }
  const grace = graceSeconds ?? Number(c.labels[LABEL_GRACE] ?? 30);
  let result: StopResult;
  if (!c.running) {
    result = { id, name: c.name, outcome: 'not-running', exitCode: c.exitCode };
  } else {
    await runtime.kill(id, 'SIGTERM', signal);
    try {
      const exitCode = await runtime.wait(id, grace * 1000, signal);
      result = { id, name: c.name, outcome: 'terminated', exitCode };
    } catch (e) {
      if (!(e instanceof RuntimeError) || e.kind !== 'timeout') throw e;
      await runtime.kill(id, 'SIGKILL', signal);
      const exitCode = await runtime.wait(id, 20_000, signal);
      result = { id, name: c.name, outcome: 'killed', exitCode };
    }
  }
  await runtime.remove(id, signal);
  return result;
}

/** Our containers, optionally only those of one workspace or one profile. */
export function listOurs(
  runtime: ContainerRuntime,
  filter: { workspace?: string; profilePath?: string },
  signal?: AbortSignal,
): Promise<ContainerInfo[]> {
  return runtime.list(
    {
      [LABEL_MANAGED]: 'true',
      ...(filter.workspace ? { [LABEL_WORKSPACE]: filter.workspace } : {}),
      ...(filter.profilePath ? { [LABEL_PROFILE]: filter.profilePath } : {}),
    },
    signal,
  );
}

/** Stops every container of ours that matches (one profile's, or a whole workspace's). */
export async function down(
  runtime: ContainerRuntime,
  filter: { workspace?: string; profilePath?: string },
  signal?: AbortSignal,
): Promise<StopResult[]> {
  const found = await listOurs(runtime, filter, signal);
  return Promise.all(found.map((c) => stop(runtime, c.id, undefined, signal)));
}

export interface StatusEntry extends ContainerInfo {
  url?: string;
  ready: boolean;
}

export async function status(
  runtime: ContainerRuntime,
  filter: { workspace?: string },
  signal?: AbortSignal,
): Promise<StatusEntry[]> {
  const found = await listOurs(runtime, filter, signal);
  return Promise.all(
    found.map(async (c) => {
      const url = c.labels[LABEL_HTTP];
      const ready = c.state === 'running' && url !== undefined && (await isReady(url, signal));
      return { ...c, ...(url ? { url } : {}), ready };
    }),
  );
}
