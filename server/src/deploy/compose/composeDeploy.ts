// `up`, `down` and the readiness of a profile's Compose project (replicas > 1), through the Compose tool on
// the machine (composeTool.ts) and the engine (ContainerRuntime, for the containers' health). Stopping
// drains: every replica gets SIGTERM (Triton stops taking connections and finishes what it serves, for up
// to its stop_grace_period) while nginx still passes their answers on; nginx is stopped last (SIGQUIT, its
// graceful stop), then the project is removed with its network and volumes.
import { isReady } from '../health';
import type { ContainerInfo, ContainerRuntime } from '../runtime';
import { BALANCER_SERVICE, COMPOSE_PROJECT_LABEL, LABEL_ROLE } from './composeFile';
import { runCompose } from './composeTool';
import type { ComposeRun, ComposeTool } from './composeTool';

/** Compose's labels on every container it creates (v1 and v2). */
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
export const COMPOSE_FILES_LABEL = 'com.docker.compose.project.config_files';

export interface ComposeProjectRef {
  name: string;
  /** Absolute path of compose.yaml. */
  file: string;
}

export interface ComposeCallOptions {
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

/** Whether Docker's healthcheck passed (its status text ends in "(healthy)", as `docker ps` shows it). */
export function containerHealthy(c: Pick<ContainerInfo, 'state' | 'status'>): boolean {
  return c.state === 'running' && /\(healthy\)/.test(c.status);
}

/** The containers of a Compose project, from Compose's own project label. */
export function projectContainers(
  runtime: ContainerRuntime,
  project: string,
  signal?: AbortSignal,
): Promise<ContainerInfo[]> {
  return runtime.list({ [COMPOSE_PROJECT_LABEL]: project }, signal);
}

export type ComposeUpResult = { ok: true } | { ok: false; message: string; output: string[] };

/**
 * `up -d` (Compose starts nginx once every replica is healthy), then waits until every replica is healthy
 * and the balancer answers /v2/health/ready, or `readyTimeoutMs` passes. A project that did not become
 * ready is taken down again, so a failed `up` leaves nothing behind.
 */
export async function composeUp(
  tool: ComposeTool,
  runtime: ContainerRuntime,
  project: ComposeProjectRef,
  expect: { replicas: number; balancerUrl: string; readyTimeoutMs: number },
  options: ComposeCallOptions = {},
): Promise<ComposeUpResult> {
  const progress = options.onProgress ?? (() => undefined);
  const deadline = AbortSignal.any([
    AbortSignal.timeout(expect.readyTimeoutMs),
    ...(options.signal ? [options.signal] : []),
  ]);
  progress(`${tool.label}: up ${project.name} (${expect.replicas} replicas and nginx)`);
  const started = await runCompose(tool, project, ['up', '-d', '--remove-orphans'], {
    ...options,
    signal: deadline,
  });
  let failure: string | undefined;
  if (started.code !== 0) {
    failure = deadline.aborted
      ? `not ready within ${Math.round(expect.readyTimeoutMs / 1000)} s (raise "readyTimeoutSeconds")`
      : `${tool.label} up failed (exit code ${started.code})`;
  } else {
    progress(`waiting for ${expect.replicas} healthy replicas and ${expect.balancerUrl}/v2/health/ready`);
    failure = await waitProjectReady(runtime, project.name, expect, deadline);
  }
  if (failure === undefined) return { ok: true };
  progress(`${failure}: taking the project down`);
  const down = await composeDown(tool, project, await serviceNames(runtime, project.name), {
    ...options,
    signal: undefined,
  });
  return { ok: false, message: failure, output: [...started.output, ...down.output] };
}

async function waitProjectReady(
  runtime: ContainerRuntime,
  project: string,
  expect: { replicas: number; balancerUrl: string },
  deadline: AbortSignal,
): Promise<string | undefined> {
  let last = '';
  while (!deadline.aborted) {
    const containers = await projectContainers(runtime, project, deadline).catch(() => []);
    const replicas = containers.filter((c) => c.labels[LABEL_ROLE] === 'replica');
    const exited = containers.find((c) => c.state !== 'running' && c.state !== 'created');
    if (exited) return `${exited.name} ${exited.state} (${exited.status})`;
    const unhealthy = replicas.find((c) => /\(unhealthy\)/.test(c.status));
    if (unhealthy) return `${unhealthy.name} is unhealthy: /v2/health/ready did not answer 200`;
    const healthy = replicas.filter(containerHealthy).length;
    last = `${healthy} of ${expect.replicas} replicas healthy`;
    if (healthy === expect.replicas && (await isReady(expect.balancerUrl, deadline))) return undefined;
    await new Promise((r) => setTimeout(r, 500));
  }
  return `not ready in time (${last})`;
}

/** The Compose services of a project's containers, replicas first and nginx last (the order they stop in). */
export async function serviceNames(runtime: ContainerRuntime, project: string): Promise<string[]> {
  const containers = await projectContainers(runtime, project).catch(() => []);
  const names = [
    ...new Set(containers.map((c) => c.labels[COMPOSE_SERVICE_LABEL]).filter((s) => s !== undefined)),
  ];
  return names.sort(
    (a, b) => Number(a === BALANCER_SERVICE) - Number(b === BALANCER_SERVICE) || a.localeCompare(b),
  );
}

export interface ComposeDownResult {
  ok: boolean;
  output: string[];
}

/**
 * Stops the replicas (SIGTERM, each within its stop_grace_period) while nginx still runs, then nginx, then
 * removes containers, network and volumes (`down --volumes --remove-orphans`).
 */
export async function composeDown(
  tool: ComposeTool,
  project: ComposeProjectRef,
  services: readonly string[],
  options: ComposeCallOptions = {},
): Promise<ComposeDownResult> {
  const progress = options.onProgress ?? (() => undefined);
  const output: string[] = [];
  const replicas = services.filter((s) => s !== BALANCER_SERVICE);
  const steps: [string, string[]][] = [];
  if (replicas.length)
    steps.push([`stopping ${replicas.join(', ')} (SIGTERM, draining)`, ['stop', ...replicas]]);
  if (services.includes(BALANCER_SERVICE))
    steps.push([`stopping ${BALANCER_SERVICE} last`, ['stop', BALANCER_SERVICE]]);
  steps.push([`removing ${project.name}`, ['down', '--volumes', '--remove-orphans']]);
  let run: ComposeRun = { code: 0, output: [] };
  for (const [what, args] of steps) {
    progress(`${tool.label}: ${what}`);
    run = await runCompose(tool, project, args, options);
    output.push(...run.output);
  }
  return { ok: run.code === 0, output };
}
