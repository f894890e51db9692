// The container spec as a pure function of a profile: what `docker run` NVIDIA documents for Triton
// (--gpus, --shm-size, --ulimit, -p, -v), in the Docker Engine API's own field names so the runtime passes it
// through unchanged. Unit-tested for world sizes and GPU selections; nothing here talks to Docker.
import { parseSize, profileName } from './profile';
import type { Profile } from './profile';

/** Labels that mark a container as ours. We never stop or remove a container without LABEL_MANAGED. */
export const LABEL_MANAGED = 'dev.triton-toolkit.managed';
export const LABEL_PROFILE = 'dev.triton-toolkit.profile';
export const LABEL_REPOSITORY = 'dev.triton-toolkit.repository';
export const LABEL_WORKSPACE = 'dev.triton-toolkit.workspace';
export const LABEL_HTTP = 'dev.triton-toolkit.http';
export const LABEL_GRACE = 'dev.triton-toolkit.grace-seconds';
/** The spec a container was created with (see specChanges.ts): `up` tells a changed profile by it. */
export const LABEL_SPEC = 'dev.triton-toolkit.spec';

/** Where the repository is mounted, and the ports Triton listens on, inside the container. */
export const CONTAINER_REPOSITORY = '/models';
export const CONTAINER_PORTS = { http: 8000, grpc: 8001, metrics: 8002 } as const;

export interface DeviceRequest {
  Driver: string;
  Count: number;
  DeviceIDs?: string[];
  Capabilities: string[][];
}

/** A subset of the Engine API's ContainerCreateOptions (our own type: this file must not need dockerode). */
export interface ContainerSpec {
  name: string;
  Image: string;
  Cmd: string[];
  Env: string[];
  Labels: Record<string, string>;
  ExposedPorts: Record<string, Record<string, never>>;
  StopSignal: 'SIGTERM';
  Tty: false;
  HostConfig: {
    Binds: string[];
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
    ShmSize: number;
    Ulimits: { Name: string; Soft: number; Hard: number }[];
    DeviceRequests: DeviceRequest[];
  };
}

export interface SpecContext {
  /** Absolute path of the profile file (a label: `down <profile>` finds its container by it). */
  profilePath: string;
  /** Absolute host path of the model repository. */
  repositoryPath: string;
  /** Absolute path of the workspace folder ("stop all" is per workspace). */
  workspace: string;
  /** Secret values by name (from SecretStorage or the environment); only ever put in Env. */
  secrets: Record<string, string>;
}

export function containerName(profile: Profile, profilePath: string): string {
  if (profile.containerName) return profile.containerName;
  const cleaned = profileName(profilePath)
    .replace(/[^a-zA-Z0-9_.-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '');
  return `triton-${cleaned || 'profile'}`;
}

/** `--gpus` as the Docker CLI translates it: all -> Count -1, N -> Count N, ids -> DeviceIDs. */
export function deviceRequests(gpus: Profile['gpus']): DeviceRequest[] {
  const base = { Driver: 'nvidia', Capabilities: [['gpu']] };
  if (gpus === 'all') return [{ ...base, Count: -1 }];
  if (typeof gpus === 'number') return gpus === 0 ? [] : [{ ...base, Count: gpus }];
  return [{ ...base, Count: 0, DeviceIDs: [...gpus] }];
}

function serverArgs(profile: Profile, repository: string): string[] {
  return [
    `--model-repository=${repository}`,
    `--http-port=${CONTAINER_PORTS.http}`,
    `--grpc-port=${CONTAINER_PORTS.grpc}`,
    `--metrics-port=${CONTAINER_PORTS.metrics}`,
    ...profile.tritonArgs,
  ];
}

/**
 * Whether Triton runs with --disable-auto-complete-config: yes unless the profile turns auto-complete on
 * (`autoCompleteConfig`), as launch_triton_server.py always passes it. The pre-launch check runs in the same
 * mode, so what is checked is what loads.
 */
export function autoCompleteDisabled(profile: Profile): boolean {
  return !profile.autoCompleteConfig || profile.tritonArgs.includes('--disable-auto-complete-config');
}

/** What launch_triton_server.py puts at the end of every rank (TRTLLM_VERIFIED.md 4.2). */
function closingArgs(profile: Profile, rank: number): string[] {
  const disable =
    autoCompleteDisabled(profile) && !profile.tritonArgs.includes('--disable-auto-complete-config');
  return [
    ...(disable ? ['--disable-auto-complete-config'] : []),
    `--backend-config=python,shm-region-prefix-name=prefix${rank}_`,
  ];
}

/**
 * The command, a pure function of the profile, with launch_triton_server.py's flags (TRTLLM_VERIFIED.md 4.2).
 * World size 1: tritonserver itself is PID 1, so `docker stop`'s SIGTERM reaches it; this is the script's
 * own `--no-mpi` command line (v0.19+), and it needs no Open MPI in the image (plain Triton images serve too).
 * More: mpirun is PID 1 and forwards SIGTERM to every rank; the ranks are listed one by one
 * (`-n 1 ... : -n 1 ...`) as the script builds them, without that Python wrapper, which would return at once
 * and not forward signals. Rank 0 is the leader that serves; the others load only the TensorRT-LLM models
 * (explicit model control) and each rank gets its own Python-backend shared-memory prefix.
 * `repository` is where the container sees the model repository (KServe mounts it at /mnt/models).
 */
export function tritonCommand(profile: Profile, repository: string = CONTAINER_REPOSITORY): string[] {
  if (profile.worldSize === 1)
    return [profile.tritonserver, ...serverArgs(profile, repository), ...closingArgs(profile, 0)];
  const cmd = ['mpirun', '--allow-run-as-root'];
  for (let rank = 0; rank < profile.worldSize; rank++) {
    if (rank > 0) cmd.push(':');
    cmd.push('-n', '1', profile.tritonserver, ...serverArgs(profile, repository));
    if (rank > 0) {
      cmd.push('--model-control-mode=explicit', ...profile.workerModels.map((m) => `--load-model=${m}`));
    }
    cmd.push(...closingArgs(profile, rank));
  }
  return cmd;
}

export function buildContainerSpec(profile: Profile, ctx: SpecContext): ContainerSpec {
  // Never one container for a profile that asks for several: that is a Compose project (compose/).
  if (profile.replicas > 1)
    throw new Error(
      `the profile asks for ${profile.replicas} replicas, which run as a Compose project behind nginx: start it with \`triton-repo up\` (or write its files with \`triton-repo export compose\`), not as one container`,
    );
  const missing = profile.secrets.filter((s) => ctx.secrets[s] === undefined);
  if (missing.length > 0) throw new Error(`no value for the secret(s) ${missing.join(', ')}`);
  const env = [
    ...Object.entries(profile.env).map(([k, v]) => `${k}=${v}`),
    ...profile.secrets.map((s) => `${s}=${ctx.secrets[s]}`),
  ];
  const exposed: ContainerSpec['ExposedPorts'] = {};
  const bindings: ContainerSpec['HostConfig']['PortBindings'] = {};
  for (const kind of ['http', 'grpc', 'metrics'] as const) {
    const key = `${CONTAINER_PORTS[kind]}/tcp`;
    exposed[key] = {};
    bindings[key] = [{ HostIp: profile.bindAddress, HostPort: String(profile.ports[kind]) }];
  }
  const ulimits = Object.entries(profile.ulimits).map(([Name, v]) =>
    typeof v === 'number' ? { Name, Soft: v, Hard: v } : { Name, Soft: v!.soft, Hard: v!.hard },
  );
  const host = profile.bindAddress.includes(':') ? `[${profile.bindAddress}]` : profile.bindAddress;
  return {
    name: containerName(profile, ctx.profilePath),
    Image: profile.image,
    Cmd: tritonCommand(profile),
    Env: env,
    Labels: {
      [LABEL_MANAGED]: 'true',
      [LABEL_PROFILE]: ctx.profilePath,
      [LABEL_REPOSITORY]: ctx.repositoryPath,
      [LABEL_WORKSPACE]: ctx.workspace,
      [LABEL_HTTP]: `http://${host}:${profile.ports.http}`,
      [LABEL_GRACE]: String(profile.gracePeriodSeconds),
    },
    ExposedPorts: exposed,
    StopSignal: 'SIGTERM',
    Tty: false,
    HostConfig: {
      Binds: [`${ctx.repositoryPath}:${CONTAINER_REPOSITORY}:ro`],
      PortBindings: bindings,
      ShmSize: parseSize(profile.shmSize),
      Ulimits: ulimits,
      DeviceRequests: deviceRequests(profile.gpus),
    },
  };
}

/** The spec with secret values masked, for logs and `--dry-run` output. */
export function redactSpec(spec: ContainerSpec, secretNames: readonly string[]): ContainerSpec {
  return {
    ...spec,
    Env: spec.Env.map((e) => {
      const name = e.slice(0, e.indexOf('='));
      return secretNames.includes(name) ? `${name}=***` : e;
    }),
  };
}
