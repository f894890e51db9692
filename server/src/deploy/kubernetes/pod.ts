// The Triton pod, shared by the Kustomize Deployment and the KServe ServingRuntime: the container of the
// single-container launch (same image, same command line with its ranks: tritonCommand), its probes, /dev/shm
// as an in-memory emptyDir and nvidia.com/gpu = worldSize. Pure: plain objects in Kubernetes' field names.
import { parseSize } from '../profile';
import { containerName, CONTAINER_PORTS, tritonCommand } from '../spec';
import type { Profile } from '../profile';

/** The label every exported resource carries, with the value that says it is ours (the editor checks those). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'triton-toolkit';

export const SHM_VOLUME = 'dshm';

/**
 * A Kubernetes name for the profile's resources: its container name (`triton-<profile>` unless set) in
 * DNS-1035 form (lower case, starts with a letter, at most 63), as a Service name must be.
 */
export function resourceName(profile: Profile, profilePath: string): string {
  const cleaned = containerName(profile, profilePath)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '');
  return (cleaned || 'triton').slice(0, 63).replace(/-+$/, '');
}

export function labels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'triton',
    'app.kubernetes.io/instance': name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
}

/** The Secret that holds the profile's `secrets` (the user creates it; values never reach a file). */
export function secretName(name: string): string {
  return `${name}-secrets`;
}

/** A profile size (`2g`, `512m`, bytes) as a Kubernetes quantity in bytes, which any size is exactly. */
export function quantity(size: string): string {
  const bytes = parseSize(size);
  // Binary units where they divide it (as Docker reads the size): `2g` -> `2Gi`.
  for (const [unit, factor] of [
    ['Gi', 1024 ** 3],
    ['Mi', 1024 ** 2],
    ['Ki', 1024],
  ] as const)
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  return String(bytes);
}

export interface TritonContainerOptions {
  /** The container's name (KServe requires `kserve-container`). */
  name: string;
  /** Where the model repository is inside the container (the --model-repository of every rank). */
  repository: string;
  /** Extra mounts (the repository's, for the Kustomize Deployment). */
  mounts?: Record<string, unknown>[];
  /** The pod's resource name, for the Secret of the profile's secrets. */
  resource: string;
}

const http = 'http';

/** The Triton container in Kubernetes' Container fields. */
export function tritonContainer(profile: Profile, o: TritonContainerOptions): Record<string, unknown> {
  const env = [
    ...Object.entries(profile.env).map(([name, value]) => ({ name, value })),
    ...profile.secrets.map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: secretName(o.resource), key: name } },
    })),
  ];
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: http },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const startupPeriod = 10;
  return {
    name: o.name,
    image: profile.image,
    // `args`, not `command`: the image's entry point (NVIDIA's nvidia_entrypoint.sh) runs it, as `docker run` does.
    args: tritonCommand(profile, o.repository),
    ...(env.length > 0 ? { env } : {}),
    ports: [
      { name: http, containerPort: CONTAINER_PORTS.http, protocol: 'TCP' },
      { name: 'grpc', containerPort: CONTAINER_PORTS.grpc, protocol: 'TCP' },
      { name: 'metrics', containerPort: CONTAINER_PORTS.metrics, protocol: 'TCP' },
    ],
    // Triton opens its ports only after the first model load: the startup probe allows the profile's
    // readyTimeoutSeconds for it, and liveness starts only after it (or a long load would be killed).
    startupProbe: probe(
      '/v2/health/ready',
      startupPeriod,
      Math.max(1, Math.ceil(profile.readyTimeoutSeconds / startupPeriod)),
    ),
    readinessProbe: probe('/v2/health/ready', 5, 3),
    livenessProbe: probe('/v2/health/live', 10, 3),
    ...(profile.gpus === 0 ? {} : { resources: { limits: { 'nvidia.com/gpu': profile.worldSize } } }),
    volumeMounts: [{ name: SHM_VOLUME, mountPath: '/dev/shm' }, ...(o.mounts ?? [])],
  };
}

/** /dev/shm in memory, sized as the profile's shmSize (the Python backend and every MPI rank use it). */
export function shmVolume(profile: Profile): Record<string, unknown> {
  return { name: SHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: quantity(profile.shmSize) } };
}
