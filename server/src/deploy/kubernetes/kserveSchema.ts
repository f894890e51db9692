// Our own strict schema of the KServe v0.20.0 fields this toolkit writes (and the few a hand edit commonly
// adds), in the CRDs' own names and types. KServe's CRDs are not shipped: their full schemas are 2 MB and
// allow unknown fields; the tests check every generated document against the real CRDs, made strict. The core
// types they embed (Container, Volume, Toleration, Affinity) are checked by Kubernetes' schemas (coreSchemas).
import { z } from 'zod';
import { coreProblems } from './coreSchemas';
import type { CoreSchema, CoreSchemas } from './coreSchemas';

/** A field of a Kubernetes core type: its problems (and unknown fields) at their own paths. */
export function coreField(schemas: CoreSchemas, schema: CoreSchema) {
  return z.unknown().superRefine((value, ctx) => {
    for (const p of coreProblems(schemas, schema, value))
      ctx.addIssue({ code: 'custom', path: p.path, message: p.message, params: { at: p.at } });
  });
}

/** The schemas, given Kubernetes' validators (loaded asynchronously, used synchronously inside zod). */
export function kserveSchemas(schemas: CoreSchemas) {
  const core = (schema: CoreSchema) => coreField(schemas, schema);

  const labelMap = z.record(z.string(), z.string());
  const int32 = z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1);

  /** Pod-level fields of ServingRuntimeSpec and PredictorSpec that a hand edit commonly sets. */
  const podFields = {
    nodeSelector: labelMap.optional(),
    tolerations: z.array(core('toleration')).optional(),
    affinity: core('affinity').optional(),
    imagePullSecrets: z.array(core('localObjectReference')).optional(),
  };

  const servingRuntimeSpec = z
    .object({
      supportedModelFormats: z
        .array(
          z
            .object({
              name: z.string().min(1),
              version: z.string().optional(),
              autoSelect: z.boolean().optional(),
              priority: int32.min(1).optional(),
            })
            .strict(),
        )
        .optional(),
      protocolVersions: z.array(z.enum(['v1', 'v2', 'grpc-v1', 'grpc-v2'])).optional(),
      multiModel: z.boolean().optional(),
      disabled: z.boolean().optional(),
      annotations: labelMap.optional(),
      labels: labelMap.optional(),
      hostIPC: z.boolean().optional(),
      containers: z.array(core('container')).min(1),
      volumes: z.array(core('volume')).optional(),
      ...podFields,
    })
    .strict();

  const modelSpec = z
    .object({
      modelFormat: z.object({ name: z.string().min(1), version: z.string().optional() }).strict(),
      runtime: z.string().min(1).optional(),
      storageUri: z.string().min(1).optional(),
      protocolVersion: z.enum(['v1', 'v2', 'grpc-v1', 'grpc-v2']).optional(),
      runtimeVersion: z.string().min(1).optional(),
      args: z.array(z.string()).optional(),
      env: z.array(z.unknown()).optional(),
      resources: z.unknown().optional(),
    })
    .strict();

  const inferenceServiceSpec = z
    .object({
      predictor: z
        .object({
          minReplicas: int32.optional(),
          maxReplicas: int32.optional(),
          terminationGracePeriodSeconds: z.number().int().min(0).optional(),
          scaleMetric: z.enum(['cpu', 'memory', 'concurrency', 'rps']).optional(),
          scaleMetricType: z.enum(['Utilization', 'Value', 'AverageValue']).optional(),
          scaleTarget: int32.optional(),
          serviceAccountName: z.string().optional(),
          model: modelSpec,
          ...podFields,
        })
        .strict()
        .refine(
          (p) => p.minReplicas === undefined || p.maxReplicas === undefined || p.maxReplicas >= p.minReplicas,
          {
            message: 'maxReplicas is below minReplicas',
            path: ['maxReplicas'],
          },
        ),
    })
    .strict();
  return { servingRuntimeSpec, inferenceServiceSpec };
}
