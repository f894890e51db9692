// The Compose project of a profile with replicas: one Triton service per replica on GPUs of its own, and an
// nginx service in front (SCALE_OUT.md 5). A pure function of the profile and the replicas' GPU sets; the
// file is what both `docker compose` (v2) and Debian's docker-compose 1.29.2 accept: no top-level `name`
// (1.29.2 refuses it: the project name is given with -p), no `gpus:` (Compose 2.30+), the long form of
// GPU reservations (docker-compose 1.28+).
import { parseSize } from '../profile';
import type { Profile } from '../profile';
import type { ReplicaGpuSets } from '../replicas';
import {
  CONTAINER_PORTS,
  CONTAINER_REPOSITORY,
  LABEL_HTTP,
  LABEL_MANAGED,
  LABEL_PROFILE,
  LABEL_WORKSPACE,
  tritonCommand,
} from '../spec';
import { BALANCER_PORTS } from './nginxConf';

/** Which part of a Compose project of ours a container is (our label, beside Compose's own). */
export const LABEL_ROLE = 'dev.triton-toolkit.role';
export const LABEL_REPLICA = 'dev.triton-toolkit.replica';
/** Compose's own label naming the project, on every container it creates (v1 and v2). */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export const BALANCER_SERVICE = 'nginx';
export const COMPOSE_FILE = 'compose.yaml';
export const NGINX_FILE = 'nginx.conf';

export function replicaService(index: number): string {
  return `triton-${index}`;
}

/** How often Docker asks a replica's /v2/health/ready, and how long a model load may take before it counts. */
const HEALTH = { interval: '5s', timeout: '3s', retries: 3 } as const;

export interface ComposeContext {
  /** The model repository as the compose file names it (relative to the file's directory, or absolute). */
  repository: string;
  /** Absolute path of the profile and of the workspace (labels: status, down and the view find them). */
  profilePath: string;
  workspace: string;
}

/** The subset of the Compose specification we write (our own types: the schema checks the rest). */
export interface ComposeService {
  image: string;
  command?: string[];
  environment?: string[];
  shm_size?: string | number;
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  volumes?: { type: 'bind'; source: string; target: string; read_only: boolean }[];
  ports?: string[];
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  stop_signal?: string;
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: 'service_healthy' }>;
  labels: Record<string, string>;
  deploy?: {
    resources: {
      reservations: { devices: { driver: 'nvidia'; device_ids: string[]; capabilities: string[] }[] };
    };
  };
}

export interface ComposeDocument {
  services: Record<string, ComposeService>;
}

/**
 * Asks for readiness with whichever HTTP client the image has: NVIDIA's images are not documented to
 * carry curl (SCALE_OUT.md 5.2), and python3 is in every Triton image (the Python backend needs it).
 */
export function readinessProbe(port: number): string {
  const url = `http://127.0.0.1:${port}/v2/health/ready`;
  return (
    `if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null ${url}; ` +
    `elif command -v wget >/dev/null 2>&1; then wget -q -O /dev/null ${url}; ` +
    `else python3 -c "import urllib.request; urllib.request.urlopen('${url}', timeout=2)"; fi`
  );
}

function hostAddress(bind: string, port: number): string {
  return `${bind.includes(':') ? `[${bind}]` : bind}:${port}`;
}

/** The replica's metrics port on the host: one each, from ports.metrics up (Prometheus scrapes each). */
export function replicaMetricsPort(profile: Profile, index: number): number {
  return profile.ports.metrics + index;
}

export function composeDocument(
  profile: Profile,
  gpuSets: ReplicaGpuSets,
  ctx: ComposeContext,
): ComposeDocument {
  const lb = profile.loadBalancer ?? { port: 8080, bindAddress: '127.0.0.1', image: 'nginx:stable' };
  const common = {
    [LABEL_MANAGED]: 'true',
    [LABEL_PROFILE]: ctx.profilePath,
    [LABEL_WORKSPACE]: ctx.workspace,
  };
  const environment = [
    ...Object.entries(profile.env).map(([k, v]) => `${k}=${v}`),
    // A name alone: Compose passes the value from its own environment, so it is never in the file.
    ...profile.secrets,
  ];
  const ulimits: ComposeService['ulimits'] = {};
  for (const [name, v] of Object.entries(profile.ulimits)) if (v !== undefined) ulimits[name] = v;
  const services: Record<string, ComposeService> = {};
  gpuSets.forEach((gpus, i) => {
    services[replicaService(i)] = {
      image: profile.image,
      // The single container's command line, mpirun ranks and auto-complete flag included.
      command: tritonCommand(profile),
      ...(environment.length ? { environment } : {}),
      // A unit-less size is bytes, which Compose reads as a number only.
      shm_size: /^\d+$/.test(profile.shmSize) ? parseSize(profile.shmSize) : profile.shmSize,
      ulimits,
      volumes: [{ type: 'bind', source: ctx.repository, target: CONTAINER_REPOSITORY, read_only: true }],
      ports: [
        `${hostAddress(profile.bindAddress, replicaMetricsPort(profile, i))}:${CONTAINER_PORTS.metrics}`,
      ],
      healthcheck: {
        test: ['CMD-SHELL', readinessProbe(CONTAINER_PORTS.http)],
        ...HEALTH,
        // Failures while the models load do not count, for as long as a single launch waits.
        start_period: `${profile.readyTimeoutSeconds}s`,
      },
      stop_signal: 'SIGTERM',
      stop_grace_period: `${profile.gracePeriodSeconds}s`,
      labels: { ...common, [LABEL_ROLE]: 'replica', [LABEL_REPLICA]: String(i) },
      ...(gpus.length
        ? {
            deploy: {
              resources: {
                reservations: { devices: [{ driver: 'nvidia', device_ids: gpus, capabilities: ['gpu'] }] },
              },
            },
          }
        : {}),
    };
  });
  const ports = [`${hostAddress(lb.bindAddress, lb.port)}:${BALANCER_PORTS.http}`];
  if (lb.grpcPort !== undefined)
    ports.push(`${hostAddress(lb.bindAddress, lb.grpcPort)}:${BALANCER_PORTS.grpc}`);
  services[BALANCER_SERVICE] = {
    image: lb.image,
    // `daemon off` on the command line, as the official image's own command: in the file too it would be
    // a duplicate there.
    command: ['nginx', '-g', 'daemon off;'],
    volumes: [{ type: 'bind', source: `./${NGINX_FILE}`, target: '/etc/nginx/nginx.conf', read_only: true }],
    ports,
    depends_on: Object.fromEntries(
      gpuSets.map((_, i) => [replicaService(i), { condition: 'service_healthy' as const }]),
    ),
    // SIGQUIT is nginx's graceful stop (SIGTERM drops open connections): requests in flight finish.
    stop_signal: 'SIGQUIT',
    stop_grace_period: `${profile.gracePeriodSeconds}s`,
    labels: {
      ...common,
      [LABEL_ROLE]: 'balancer',
      [LABEL_HTTP]: `http://${hostAddress(lb.bindAddress, lb.port)}`,
    },
  };
  return { services };
}
