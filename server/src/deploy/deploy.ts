// Launch, stop and list our Triton containers over a ContainerRuntime. No dockerode and no file access
// here: tests drive it against a real engine through dockerodeRuntime.
import { isReady, waitReady } from './health';
import { fetchModelStates, formatModelState } from './models';
import type { ModelState } from './models';
import { RuntimeError, isRuntimeError } from './runtime';
import type { ContainerInfo, ContainerRuntime, LogLine, RuntimeErrorKind } from './runtime';
import { LABEL_GRACE, LABEL_HTTP, LABEL_MANAGED, LABEL_PROFILE, LABEL_SPEC, LABEL_WORKSPACE } from './spec';
import type { ContainerSpec } from './spec';
import { specChanges, withFingerprint } from './specChanges';
import { containerHealthy } from './compose/composeDeploy';
import { LABEL_ROLE } from './compose/composeFile';
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
  /** Replace the profile's running container when it was created with another spec. */
  recreate?: boolean;
}

export type UpResult =
  | {
      ok: true;
      id: string;
      name: string;
      url: string;
      stopLogs: () => void;
      /** The container was already running (launched earlier, same spec): nothing was created. */
      existing?: boolean;
    }
  | {
      ok: false;
      kind: RuntimeErrorKind | 'exited' | 'spec-changed' | 'not-ready';
      message: string;
      /** For `spec-changed`: what differs between the running container and the profile. */
      changes?: string[];
      /** Triton's model-load failures, on the models' config.pbtxt. */
      diagnostics: FileDiagnostic[];
      /** The last log lines, for the output. */
      tail: string[];
    };

const TAIL = 200;
/** How long the log stream may lag behind the end of the container before we stop waiting for it. */
const LOG_DRAIN_MS = 3_000;
/** Removing a container that failed to launch. */
const CLEANUP_MS = 20_000;

function failed(
  action: string,
  e: unknown,
  tail: string[] = [],
  diagnostics: FileDiagnostic[] = [],
): UpResult & { ok: false } {
  const kind = isRuntimeError(e) ? e.kind : 'other';
  const text = (e instanceof Error ? e.message : String(e ?? '')).trim();
  // Every failure says what failed, even when the error itself has no message (an AggregateError, a bare
  // `new Error()` from a library, a rejection with undefined).
  const message = text || `${action} failed (${e instanceof Error ? e.name : typeof e}, no message)`;
  return { ok: false, kind, message, diagnostics, tail };
}

/** Resolves when `p` settles or after `ms`, whichever comes first; never rejects. */
function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Removes the container of a failed launch, found by id or (when create itself failed half-way, e.g. timed
 * out after the engine had created it) by name, but only if it carries this spec's labels: a container of
 * that name that is not ours (a name conflict) is never touched.
 */
async function discard(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  id: string | undefined,
): Promise<void> {
  const abort = AbortSignal.timeout(CLEANUP_MS);
  try {
    if (id === undefined) {
      const c = await runtime.inspect(spec.name, abort);
      const ours =
        c.labels[LABEL_MANAGED] === 'true' &&
        c.labels[LABEL_PROFILE] === spec.Labels[LABEL_PROFILE] &&
        c.labels[LABEL_WORKSPACE] === spec.Labels[LABEL_WORKSPACE];
      if (!ours) return;
      id = c.id;
    }
    await runtime.remove(id, abort);
  } catch {
    // Already gone (not-found), or the engine is unusable: nothing more we can do here.
  }
}

/**
 * Creates and starts the container, streams its logs, and waits until Triton is ready, the container
 * exits, or the timeout passes. A container that did not become ready is stopped and removed (its logs and
 * load failures are in the result), so a failed launch leaves nothing behind. Every wait is bounded.
 */
export async function up(
  runtime: ContainerRuntime,
  profileSpec: ContainerSpec,
  options: UpOptions,
): Promise<UpResult> {
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const spec = withFingerprint(profileSpec);
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
    return failed(`check the image ${spec.Image}`, e);
  }
  let existing: Existing;
  try {
    existing = await adoptExisting(runtime, spec, options);
  } catch (e) {
    return failed(`replace the container ${spec.name}`, e);
  }
  if (existing.kind === 'changed') {
    return {
      ok: false,
      kind: 'spec-changed',
      message:
        `${spec.name} is running with another spec than the profile's (${existing.changes.join('; ')}): ` +
        'run up again with --recreate to replace it',
      changes: existing.changes,
      diagnostics: [],
      tail: [],
    };
  }
  const url = spec.Labels[LABEL_HTTP]!;
  let id: string;
  if (existing.kind === 'running') {
    id = existing.id;
    if (await isReady(url, signal)) {
      progress(`${spec.name} is already running and ready`);
      return { ok: true, id, name: spec.name, url, stopLogs: () => undefined, existing: true };
    }
    progress(`${spec.name} is already running: waiting for it`);
  } else {
    try {
      progress(`creating container ${spec.name}`);
      id = await runtime.create(spec, signal);
    } catch (e) {
      // A create that timed out or was cancelled may still have created the container.
      if (isRuntimeError(e) && (e.kind === 'timeout' || e.kind === 'cancelled')) {
        await discard(runtime, spec, undefined);
      }
      return failed(`create container ${spec.name}`, e);
    }
    try {
      progress(`starting ${spec.name}`);
      await runtime.start(id, signal);
    } catch (e) {
      // A refused start (no NVIDIA runtime, a refused ulimit, a busy port) leaves the container in `created`;
      // a start that timed out may have started it: remove it either way (forced).
      await discard(runtime, spec, id);
      return failed(`start container ${spec.name}`, e);
    }
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
  /** Stops following the logs; resolves once the reader has finished, or after a bounded wait. */
  const stopFollowing = async (drainMs = 0) => {
    if (drainMs > 0) await settleWithin(following, drainMs);
    logsDone.abort();
    await settleWithin(following, LOG_DRAIN_MS);
  };
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
      unavailableWhileNotReady(url, ready.signal),
    ]);
    ready.abort();
    if (Array.isArray(outcome)) {
      // Triton answers but is not ready, and never will be: --strict-readiness (the default) waits for
      // every model, and one failed to load (the server kept running: --exit-on-error=false).
      await stop(runtime, id, 5, AbortSignal.timeout(CLEANUP_MS + 5_000)).catch(() => undefined);
      await discard(runtime, spec, id);
      await stopFollowing(LOG_DRAIN_MS);
      return {
        ok: false,
        kind: 'not-ready',
        message:
          `${spec.name} is not ready and will not be: with --strict-readiness (Triton's default) it waits ` +
          `for every model, and ${outcome.map(formatModelState).join('; ')}. Fix the model, or add ` +
          '"--strict-readiness=false" to the profile\'s tritonArgs to serve the others',
        diagnostics: loadFailureDiagnostics(parseLoadFailures(tail), options.repositoryPath),
        tail,
      };
    }
    if (outcome === 'ready') {
      if (!options.keepFollowing) await stopFollowing();
      return {
        ok: true,
        id,
        name: spec.name,
        url,
        stopLogs: () => logsDone.abort(),
        ...(existing.kind === 'running' ? { existing: true } : {}),
      };
    }
    // The container exited before it was ready. The stream may lag (or, on some engines, never end): give it
    // a moment, then read the whole log once for the load failures.
    await stopFollowing(LOG_DRAIN_MS);
    const all = await readLog(runtime, id);
    // The followed tail keeps stdout and stderr interleaved; the full read is complete but not interleaved.
    const lines = all.length > tail.length ? all.slice(-TAIL) : tail;
    const diagnostics = loadFailureDiagnostics(
      parseLoadFailures(all.length > 0 ? all : tail),
      options.repositoryPath,
    );
    await discard(runtime, spec, id);
    const models = diagnostics.length
      ? `; failed to load: ${diagnostics.map((d) => d.diagnostic.data?.model).join(', ')}`
      : '';
    return {
      ok: false,
      kind: 'exited',
      message: `${spec.name} exited with code ${outcome} before Triton was ready${models}`,
      diagnostics,
      tail: lines,
    };
  } catch (e) {
    ready.abort();
    // Timeout or cancellation: do not leave a half-started server running.
    await stop(runtime, id, 5, AbortSignal.timeout(CLEANUP_MS + 5_000)).catch(() => undefined);
    await discard(runtime, spec, id);
    await stopFollowing();
    return failed(
      `wait for ${spec.name} to be ready`,
      e,
      tail,
      loadFailureDiagnostics(parseLoadFailures(tail), options.repositoryPath),
    );
  } finally {
    signal?.removeEventListener('abort', stopWaiting);
  }
}

/** Polling interval of the repository index while Triton is not ready. */
const INDEX_POLL_MS = 1_000;

/**
 * Resolves with the UNAVAILABLE models once Triton answers its repository index but not readiness, every
 * model has settled (READY or UNAVAILABLE) and one is UNAVAILABLE; never resolves otherwise (the signal
 * ends the polling). Triton starts its endpoints after the first load, so a settled index is final.
 */
async function unavailableWhileNotReady(url: string, signal: AbortSignal): Promise<ModelState[]> {
  // Seen twice in a row, a poll apart: one observation could fall between two steps of a server's start.
  let seen = 0;
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, INDEX_POLL_MS));
    if (signal.aborted || (await isReady(url, signal))) {
      seen = 0;
      continue;
    }
    let models: ModelState[];
    try {
      models = await fetchModelStates(url, signal);
    } catch {
      seen = 0;
      continue; // not answering yet
    }
    const settled = models.every((m) => m.state === 'READY' || m.state === 'UNAVAILABLE');
    const unavailable = models.filter((m) => m.state === 'UNAVAILABLE');
    seen = settled && unavailable.length > 0 ? seen + 1 : 0;
    if (seen >= 2 && !signal.aborted) return unavailable;
  }
  return new Promise<never>(() => undefined);
}

type Existing = { kind: 'none' } | { kind: 'running'; id: string } | { kind: 'changed'; changes: string[] };

/**
 * The container of the spec's name, if one is there and ours (same profile): a stopped one (a killed or
 * finished launch) is removed; a running one with the same spec is adopted; a running one with another spec
 * is reported, or replaced with `recreate`. A container of that name that is not ours is left to create's
 * name-conflict error.
 */
async function adoptExisting(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  options: UpOptions,
): Promise<Existing> {
  const progress = options.onProgress ?? (() => undefined);
  let c: Awaited<ReturnType<ContainerRuntime['inspect']>>;
  try {
    c = await runtime.inspect(spec.name, options.signal);
  } catch (e) {
    if (isRuntimeError(e) && e.kind === 'not-found') return { kind: 'none' };
    throw e;
  }
  const ours = c.labels[LABEL_MANAGED] === 'true' && c.labels[LABEL_PROFILE] === spec.Labels[LABEL_PROFILE];
  if (!ours) return { kind: 'none' };
  if (!c.running) {
    await runtime.remove(c.id, options.signal);
    progress(`removed ${c.name} (${c.state}), left by an earlier launch`);
    return { kind: 'none' };
  }
  const changes = specChanges(c.labels[LABEL_SPEC], spec);
  if (changes.length === 0) return { kind: 'running', id: c.id };
  if (!options.recreate) return { kind: 'changed', changes };
  const r = await stop(runtime, c.id, undefined, options.signal);
  progress(`stopped ${r.name} to recreate it (${changes.join('; ')})`);
  return { kind: 'none' };
}

/** The container's whole log (not followed), or nothing if it cannot be read. */
async function readLog(runtime: ContainerRuntime, id: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const line of runtime.logs(id, { follow: false, signal: AbortSignal.timeout(CLEANUP_MS) }))
      out.push(line.text);
  } catch {
    return [];
  }
  return out;
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
      if (!isRuntimeError(e) || e.kind !== 'timeout') throw e;
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
  only: (c: ContainerInfo) => boolean = () => true,
): Promise<StopResult[]> {
  const found = (await listOurs(runtime, filter, signal)).filter(only);
  return Promise.all(found.map((c) => stop(runtime, c.id, undefined, signal)));
}

export interface StatusEntry extends ContainerInfo {
  url?: string;
  ready: boolean;
  /** The models and their states, for a container that answers /v2/repository/index. */
  models?: ModelState[];
  /** Why the models could not be read from a running container. */
  modelsError?: string;
}

export async function status(
  runtime: ContainerRuntime,
  filter: { workspace?: string },
  signal?: AbortSignal,
): Promise<StatusEntry[]> {
  const found = await listOurs(runtime, filter, signal);
  return Promise.all(
    found.map(async (c) => {
      // A replica of a Compose project publishes no HTTP port: Docker's healthcheck (on its
      // /v2/health/ready) says whether it is ready; its models are asked through the balancer.
      if (c.labels[LABEL_ROLE] === 'replica') return { ...c, ready: containerHealthy(c) };
      const url = c.labels[LABEL_HTTP];
      const running = c.state === 'running' && url !== undefined;
      const ready = running && (await isReady(url, signal));
      if (!running || !ready) return { ...c, ...(url ? { url } : {}), ready };
      try {
        return { ...c, url, ready, models: await fetchModelStates(url, signal) };
      } catch (e) {
        return { ...c, url, ready, modelsError: (e as Error).message };
      }
    }),
  );
}
