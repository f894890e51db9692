// A deployment profile: how to run Triton on a model repository in a container. Profiles are JSON files in
// the workspace named `<name>.triton-deploy.json`; schemas/triton-deploy.schema.json (generated from this
// zod schema by scripts/gen-deploy-schema.ts, a test keeps them in step) gives editors completion on them.
// Pure: no file or network access here.
import { z } from 'zod';
import { parseJsonProfile, profileBaseName } from './profileFile';
import { replicaPlanProblems } from './replicas';
import { gracePeriodProblem } from './exitTimeout';
import type { ParsedProfile } from './profileFile';

export const PROFILE_SUFFIX = '.triton-deploy.json';

const port = z.number().int().min(1).max(65535);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** Names that hold credentials: they go in `secrets` (SecretStorage / the environment), never in the file. */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|CREDENTIAL/i;

/** The ulimits Docker knows (`docker run --ulimit`). */
export const ULIMIT_NAMES = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
] as const;

const ulimit = z.union([
  z.number().int().min(-1).describe('soft = hard; -1 means unlimited'),
  z
    .object({
      soft: z.number().int().min(-1).describe('The soft limit; -1 means unlimited'),
      hard: z.number().int().min(-1).describe('The hard limit; -1 means unlimited'),
    })
    .strict(),
]);

/** The GPUs a container asks Docker for: "all", a count (0: no GPU request), or device ids / UUIDs. */
export const gpuSelectionSchema = z.union(
  [
    z.literal('all'),
    z.number().int().min(0),
    // Ids as nvidia-smi prints them; a bare number in the list ([0, 1]) is what people type, read as its id.
    z
      .array(
        z.union([
          z.string().regex(/^\d+$|^GPU-[0-9a-fA-F-]+$/),
          z
            .number()
            .int()
            .min(0)
            .transform((n) => String(n)),
        ]),
      )
      .min(1),
  ],
  { error: 'expected "all", a number of GPUs (0: none), or a list of device ids ("0") or UUIDs ("GPU-...")' },
);

/** How many GPUs a selection names; undefined for "all" (as many as the host has). */
export function selectedGpuCount(gpus: z.infer<typeof gpuSelectionSchema>): number | undefined {
  return typeof gpus === 'number' ? gpus : Array.isArray(gpus) ? gpus.length : undefined;
}

/** A DNS-1123 label (Kubernetes names of namespaces, Services, Secrets). */
const dnsLabel = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'a DNS-1123 label: lower-case letters, digits and "-", e.g. "llm-serving"',
  );

/** Where KServe's storage initializer downloads the repository from (SCALE_OUT 3.2); pvc:// also for Kustomize. */
const STORAGE_URI = /^(pvc|s3|gs|hf|oci|https?):\/\/[^\s/]+(\/\S*)?$/;

const kubernetesSchema = z
  .object({
    storageUri: z
      .string()
      .regex(
        STORAGE_URI,
        'a storage URI such as "pvc://<claim>/<path>", "s3://<bucket>/<path>" or "gs://<bucket>/<path>"',
      )
      .optional()
      .describe(
        'Where the model repository is: KServe downloads it to /mnt/models (pvc://, s3://, gs://, hf://, oci://, https://); the Kustomize output mounts a PersistentVolumeClaim read-only at /models, so it takes pvc://<claim>[/<path>] only. Absent: pvc://model-repository (a claim of that name)',
      ),
    maxReplicas: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        'Scale up to this many pods (at least replicas): the InferenceService maxReplicas, or a HorizontalPodAutoscaler in the Kustomize output; absent: replicas pods, no autoscaling',
      ),
    namespace: dnsLabel.optional().describe('The namespace of every resource; absent: the one kubectl uses'),
    serviceType: z
      .enum(['ClusterIP', 'NodePort', 'LoadBalancer'])
      .default('ClusterIP')
      .describe('The type of the Service in front of the pods (Kustomize output; KServe makes its own)'),
  })
  .strict();

export const profileSchema = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe('The JSON schema of this file, for editors that do not bind it by name'),
    image: z
      .string()
      .min(1)
      .describe('The Triton image, e.g. nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3'),
    modelRepository: z
      .string()
      .min(1)
      .default('model_repository')
      .describe('The model repository, relative to the profile file; mounted read-only at /models'),
    gpus: gpuSelectionSchema
      .default('all')
      .describe('"all", a count (0: no GPU request), or device ids / UUIDs'),
    worldSize: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe('Ranks: 1 runs tritonserver, more run mpirun with one rank per GPU'),
    replicas: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe(
        'Copies of Triton, each on worldSize GPUs of its own taken in order from gpus; more than 1 runs as a Compose project behind a load balancer (`triton-repo export compose`, `up`)',
      ),
    loadBalancer: z
      .object({
        port: port.default(8080).describe('Host port of the balancer for HTTP (Triton 8000 on each replica)'),
        grpcPort: port
          .optional()
          .describe('Host port of the balancer for gRPC (Triton 8001, over HTTP/2); off when absent'),
        bindAddress: z
          .union([z.ipv4(), z.ipv6()])
          .default('127.0.0.1')
          .describe('Host address the balancer listens on'),
        image: z
          .string()
          .min(1)
          .default('nginx:stable')
          .describe('The nginx image of the balancer (nginx 1.22 or later), e.g. a mirror of nginx:stable'),
      })
      .strict()
      .optional()
      .describe(
        'The nginx in front of the replicas (replicas > 1); default: HTTP on 127.0.0.1:8080, no gRPC',
      ),
    kubernetes: kubernetesSchema
      .optional()
      .describe(
        'Kubernetes output (`triton-repo export kubernetes`): a Kustomize directory, or KServe with --kserve',
      ),
    ports: z
      .object({
        http: port.default(8000).describe('Host port of the HTTP/REST endpoint (container port 8000)'),
        grpc: port.default(8001).describe('Host port of the gRPC endpoint (container port 8001)'),
        metrics: port
          .default(8002)
          .describe('Host port of the Prometheus metrics endpoint (container port 8002)'),
      })
      .strict()
      .default({ http: 8000, grpc: 8001, metrics: 8002 })
      .describe('Host ports, published on bindAddress'),
    bindAddress: z
      .union([z.ipv4(), z.ipv6()])
      .default('127.0.0.1')
      .describe('Host address the ports listen on'),
    shmSize: z
      .string()
      .regex(/^\d+[bkmg]?$/i, 'a size such as "2g", "512m" or a number of bytes')
      .default('2g')
      .describe(
        'Shared memory of the container (docker run --shm-size); the Python backend passes tensors through it',
      ),
    ulimits: z
      .partialRecord(z.enum(ULIMIT_NAMES), ulimit)
      .default({ memlock: -1, stack: 67108864 })
      .describe("NVIDIA's documented defaults; memlock=-1 needs a host that allows it"),
    env: z.record(envName, z.string()).default({}).describe('Extra environment (no secrets: see "secrets")'),
    secrets: z
      .array(envName)
      .default([])
      .describe(
        'Names of secret variables (e.g. HF_TOKEN); values come from VS Code SecretStorage or the environment',
      ),
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(40)
      .describe(
        "SIGTERM, then kill after this; with replicas > 1 it must exceed Triton's exit timeout (--exit-timeout-secs, 30 by default), so a replica can finish what it serves",
      ),
    readyTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .default(900)
      .describe('How long Launch waits for Triton to be ready (GET /v2/health/ready) before it gives up'),
    containerName: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
      .optional()
      .describe('Default: triton-<profile name>'),
    tritonserver: z.string().min(1).default('tritonserver').describe('The server binary inside the image'),
    tritonArgs: z.array(z.string()).default([]).describe('Extra tritonserver arguments, for every rank'),
    autoCompleteConfig: z
      .boolean()
      .default(false)
      .describe(
        "Let backends complete config.pbtxt (auto-complete). Off by default, as NVIDIA's launch_triton_server.py runs Triton with --disable-auto-complete-config; the repository is checked in the same mode",
      ),
    workerModels: z
      .array(z.string().min(1))
      .default(['tensorrt_llm'])
      .describe('With worldSize > 1: models the non-leader ranks load (explicit model control)'),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const name of Object.keys(p.env)) {
      if (SECRET_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['env', name],
          message: `${name} looks like a secret: list it in "secrets" and store its value outside the file`,
        });
      }
      if (p.secrets.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['env', name], message: `${name} is also in "secrets"` });
      }
    }
    // One rank per GPU and no GPU twice, over every replica; 0 GPUs (CPU only) places no constraint.
    for (const problem of replicaPlanProblems(p)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
    // Triton drains for up to --exit-timeout-secs after SIGTERM: replicas stop while others serve.
    const grace = p.replicas > 1 ? gracePeriodProblem(p.gracePeriodSeconds, p.tritonArgs) : undefined;
    if (grace) ctx.addIssue({ code: 'custom', path: ['gracePeriodSeconds'], message: grace });
    const { http, grpc, metrics } = p.ports;
    if (new Set([http, grpc, metrics]).size !== 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['ports'],
        message: 'the http, grpc and metrics ports must differ',
      });
    }
    const k8s = p.kubernetes;
    if (k8s?.maxReplicas !== undefined && k8s.maxReplicas < p.replicas) {
      ctx.addIssue({
        code: 'custom',
        path: ['kubernetes', 'maxReplicas'],
        message: `maxReplicas ${k8s.maxReplicas} is below replicas ${p.replicas}: the autoscaler's maximum must be at least its minimum`,
      });
    }
    const lb = p.loadBalancer;
    if (lb?.grpcPort !== undefined && lb.grpcPort === lb.port) {
      ctx.addIssue({
        code: 'custom',
        path: ['loadBalancer', 'grpcPort'],
        message:
          'the balancer serves HTTP/1 and gRPC (HTTP/2 cleartext) on different ports: nginx cannot share one',
      });
    }
  });

export type ProfileInput = z.input<typeof profileSchema>;
export type Profile = z.output<typeof profileSchema>;

export type ProfileResult = ParsedProfile<Profile>;

/** Parses a profile's text; problems name the field (`ports.http: ...`). */
export function parseProfile(text: string): ProfileResult {
  return parseJsonProfile(text, profileSchema);
}

/** `gpu-2.triton-deploy.json` -> `gpu-2`. */
export function profileName(fileName: string): string {
  return profileBaseName(fileName, PROFILE_SUFFIX);
}

/** `2g` -> 2147483648. */
export function parseSize(size: string): number {
  const m = /^(\d+)([bkmg]?)$/i.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'
  ];
  return Number(m[1]) * unit;
}
