// A deployment profile: how to run Triton on a model repository in a container. Profiles are JSON files in
// the workspace named `<name>.triton-deploy.json`; schemas/triton-deploy.schema.json (generated from this
// zod schema by scripts/gen-deploy-schema.ts, a test keeps them in step) gives editors completion on them.
// Pure: no file or network access here.
import { z } from 'zod';
import { parseJsonProfile, profileBaseName } from './profileFile';
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
  [z.literal('all'), z.number().int().min(0), z.array(z.string().regex(/^\d+$|^GPU-[0-9a-fA-F-]+$/)).min(1)],
  { error: 'expected "all", a number of GPUs (0: none), or a list of device ids ("0") or UUIDs ("GPU-...")' },
);

/** How many GPUs a selection names; undefined for "all" (as many as the host has). */
export function selectedGpuCount(gpus: z.infer<typeof gpuSelectionSchema>): number | undefined {
  return typeof gpus === 'number' ? gpus : Array.isArray(gpus) ? gpus.length : undefined;
}

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
      .default(30)
      .describe('SIGTERM, then kill after this'),
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
    const gpuCount = selectedGpuCount(p.gpus);
    // One rank per GPU; 0 GPUs (CPU only) places no constraint.
    if (gpuCount !== undefined && gpuCount > 0 && gpuCount < p.worldSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['worldSize'],
        message: `worldSize ${p.worldSize} needs one GPU per rank, but gpus selects ${gpuCount}`,
      });
    }
    const { http, grpc, metrics } = p.ports;
    if (new Set([http, grpc, metrics]).size !== 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['ports'],
        message: 'the http, grpc and metrics ports must differ',
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
