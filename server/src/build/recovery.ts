// What a killed build leaves, found and dealt with by the next build of the same profile: its containers
// (still running on the GPUs, or exited), its staging directory `.<output>.building-*` beside the output
// (the size of an engine), and a swap interrupted between its two renames. A build that is still going
// (its container runs, or the process that owns the staging directory is alive) is never touched unless
// the caller asks to stop it: two builds of one profile never share the GPUs unasked.
import { existsSync, promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { containerAge } from '../deploy/age';
import type { ContainerInfo, ContainerRuntime } from '../deploy/runtime';
import { LABEL_MANAGED, LABEL_PROFILE, LABEL_WORKSPACE } from '../deploy/spec';

export const LABEL_BUILD = 'dev.triton-toolkit.build';
/** The staging directory a build container writes into (to tell a busy staging directory from a stale one). */
export const LABEL_BUILD_STAGING = 'dev.triton-toolkit.build-staging';
export const BUILD_RECORD = 'triton-build-record.json';
/** Written first into a staging directory: which process owns it. */
export const OWNER_FILE = 'owner.json';

interface Owner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Staging directories of builds running in this process (a VS Code window may run several). */
const ownedHere = new Set<string>();

export function stagingPrefix(outputPath: string): string {
  return `.${basename(outputPath)}.building-`;
}

/** Creates the staging directory beside the output, owned by this process until `releaseStaging`. */
export async function createStaging(outputPath: string, now: Date): Promise<string> {
  await fsp.mkdir(dirname(outputPath), { recursive: true });
  const dir = await fsp.mkdtemp(join(dirname(outputPath), stagingPrefix(outputPath)));
  ownedHere.add(dir);
  const owner: Owner = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  await fsp.writeFile(join(dir, OWNER_FILE), JSON.stringify(owner) + '\n');
  return dir;
}

export async function releaseStaging(dir: string): Promise<void> {
  try {
    await fsp.rm(dir, { recursive: true, force: true });
  } finally {
    ownedHere.delete(dir);
  }
}

/** Whether the process that created the staging directory still runs (on this host). */
async function ownerAlive(dir: string): Promise<boolean> {
  if (ownedHere.has(dir)) return true;
  let owner: Owner;
  try {
    owner = JSON.parse(await fsp.readFile(join(dir, OWNER_FILE), 'utf8')) as Owner;
  } catch {
    return false; // killed before it wrote the owner file, or not one of ours: stale
  }
  if (owner.host !== hostname() || owner.pid === process.pid || !Number.isInteger(owner.pid)) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A build container as `status` and the view show it. */
export interface BuildContainerEntry extends ContainerInfo {
  /** The build profile (absolute path). */
  profile: string;
  /** How long ago it was created ("12 min"), when the engine says. */
  age?: string;
}

export async function listBuildContainers(
  runtime: ContainerRuntime,
  filter: { workspace?: string; profilePath?: string },
  signal?: AbortSignal,
): Promise<BuildContainerEntry[]> {
  const found = await runtime.list(
    {
      [LABEL_BUILD]: filter.profilePath,
      ...(filter.workspace ? { [LABEL_WORKSPACE]: filter.workspace } : {}),
    },
    signal,
  );
  const now = Date.now();
  return found.map((c) => {
    const age = containerAge(c.created, now);
    return { ...c, profile: c.labels[LABEL_BUILD] ?? '', ...(age ? { age } : {}) };
  });
}

export interface RunningBuild {
  /** The container that runs, or undefined for a live build process between its steps. */
  container?: BuildContainerEntry;
  staging?: string;
}

export interface RecoveryOptions {
  /** Stop a build of the same profile that is still running instead of refusing. */
  stopRunning?: boolean;
  signal?: AbortSignal;
  /** One line per thing found and dealt with. */
  onMessage?: (line: string) => void;
}

export type RecoveryResult = { ok: true } | { ok: false; running: RunningBuild[]; message: string };

/** The one line that says a build still runs and what the user can do. */
export function describeRunning(profilePath: string, running: readonly RunningBuild[]): string {
  const what = running
    .map((r) =>
      r.container
        ? `container ${r.container.name}${r.container.age ? `, running for ${r.container.age}` : ''}`
        : `staging directory ${r.staging}`,
    )
    .join('; ');
  return (
    `a build of ${profilePath} is still running (${what}): wait for it to finish, ` +
    'or stop it (triton-repo build --stop-running)'
  );
}

/**
 * Before a build of `profilePath` into `outputPath`: refuses (or, with stopRunning, stops) a build of the
 * same profile still running; removes its finished containers; completes or rolls back an interrupted swap;
 * removes stale staging directories. Says what it did through onMessage.
 */
export async function recoverBuild(
  runtime: ContainerRuntime,
  profilePath: string,
  outputPath: string,
  options: RecoveryOptions = {},
): Promise<RecoveryResult> {
  const say = options.onMessage ?? (() => undefined);
  const { signal } = options;
  const containers = await listBuildContainers(runtime, { profilePath }, signal);
  const running = containers.filter((c) => c.state === 'running' || c.state === 'restarting');
  const prefix = stagingPrefix(outputPath);
  const parent = dirname(outputPath);
  const staging = existsSync(parent)
    ? (await fsp.readdir(parent)).filter((n) => n.startsWith(prefix)).map((n) => join(parent, n))
    : [];
  const live: string[] = [];
  for (const dir of staging) if (await ownerAlive(dir)) live.push(dir);
  const busy: RunningBuild[] = [
    ...running.map((c) => ({ container: c, staging: c.labels[LABEL_BUILD_STAGING] })),
    ...live
      .filter((dir) => !running.some((c) => c.labels[LABEL_BUILD_STAGING] === dir))
      .map((dir) => ({ staging: dir })),
  ];
  if (busy.length > 0 && !options.stopRunning) {
    return { ok: false, running: busy, message: describeRunning(profilePath, busy) };
  }
  for (const c of running) {
    // Forced removal kills the container (SIGKILL) and waits for it: the GPUs are free afterwards.
    await runtime.remove(c.id, signal);
    say(`stopped the running build container ${c.name}${c.age ? ` (running for ${c.age})` : ''}`);
  }
  for (const c of containers.filter((x) => !running.includes(x))) {
    await runtime.remove(c.id, signal).catch(() => undefined);
    say(`removed the finished build container ${c.name} (${c.state}), left by an interrupted build`);
  }
  // A staging directory in use by a running build of ANOTHER profile with the same output is left alone.
  const inUse = new Set(
    (await listBuildContainers(runtime, {}, signal))
      .filter((c) => c.state === 'running')
      .map((c) => c.labels[LABEL_BUILD_STAGING]),
  );
  for (const dir of staging) {
    // A live owner cleans up its own directory once its container is gone.
    if (live.includes(dir) || inUse.has(dir)) continue;
    await finishSwap(dir, outputPath, say);
    await fsp.rm(dir, { recursive: true, force: true });
    say(`removed the staging directory ${dir} left by an interrupted build`);
  }
  return { ok: true };
}

/**
 * A build killed between the two renames of its swap left no output: the validated engine (it has its
 * build record) is moved into place, or else the previous engine is put back.
 */
async function finishSwap(dir: string, outputPath: string, say: (line: string) => void): Promise<void> {
  if (existsSync(outputPath)) return;
  const engine = join(dir, 'engine');
  const previous = join(dir, 'previous');
  if (existsSync(join(engine, BUILD_RECORD))) {
    await fsp.rename(engine, outputPath);
    say(`finished an interrupted build's swap: its validated engine is now ${outputPath}`);
  } else if (existsSync(previous)) {
    await fsp.rename(previous, outputPath);
    say(`restored the previous engine ${outputPath}, moved aside by an interrupted build`);
  }
}

/** A container of ours that no live process watches. */
export interface Orphan {
  kind: 'build' | 'triton';
  container: BuildContainerEntry;
}

/**
 * What an earlier session left, among the containers whose profile `inScope` accepts: build containers
 * whose owning process is gone (or that exited: a finished build's container is always removed), and
 * Triton containers that exited (a running one is a server someone launched, not an orphan).
 */
export async function findOrphans(
  runtime: ContainerRuntime,
  inScope: (profilePath: string) => boolean,
  signal?: AbortSignal,
): Promise<Orphan[]> {
  const out: Orphan[] = [];
  for (const c of await listBuildContainers(runtime, {}, signal)) {
    if (!inScope(c.profile)) continue;
    const staging = c.labels[LABEL_BUILD_STAGING];
    const watched = c.state === 'running' && staging !== undefined && (await ownerAlive(staging));
    if (!watched) out.push({ kind: 'build', container: c });
  }
  const triton = await runtime.list({ [LABEL_MANAGED]: 'true' }, signal);
  const now = Date.now();
  for (const c of triton) {
    const profile = c.labels[LABEL_PROFILE] ?? '';
    if (!inScope(profile) || c.state === 'running') continue;
    const age = containerAge(c.created, now);
    out.push({ kind: 'triton', container: { ...c, profile, ...(age ? { age } : {}) } });
  }
  return out;
}

/** Waits until the given builds are over: their containers have exited, their staging directories gone. */
export async function waitForBuilds(
  runtime: ContainerRuntime,
  running: readonly RunningBuild[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const r of running) {
    if (r.container) await runtime.wait(r.container.id, Math.max(1, deadline - Date.now()), signal);
  }
  // A live build process removes its staging directory when it is done (a killed one leaves it: stale).
  for (const r of running) {
    while (r.staging && existsSync(r.staging) && (await ownerAlive(r.staging))) {
      if (signal?.aborted || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
