// Validation of the Kubernetes output, strict (unknown fields refused), before it is written and in the
// editor when an exported file is edited by hand: core kinds against Kubernetes' schemas (coreSchemas), KServe
// documents against our strict schema of their fields (kserveSchema), the kustomization against the fields
// Kustomize reads. validateKubernetesText locates every problem in the YAML text (line and column).
import { LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { coreProblems, loadCoreSchemas } from './coreSchemas';
import { coreField, kserveSchemas } from './kserveSchema';
import type { CoreSchema, CoreSchemas } from './coreSchemas';
import type { DocumentProblem, KubernetesDocument } from './documents';
import { formatPath } from '../exportedFile';
import type { LocatedProblem } from '../exportedFile';
import { locateYamlPath, rangeIn } from '../yamlLocate';

const CORE_KINDS: Record<string, CoreSchema> = {
  'apps/v1 Deployment': 'deployment',
  'v1 Service': 'service',
  'autoscaling/v2 HorizontalPodAutoscaler': 'horizontalPodAutoscaler',
};

/** The fields of a kustomization.yaml that Kustomize v5 reads and this export or a hand edit uses. */
const kustomization = z
  .object({
    apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
    kind: z.literal('Kustomization'),
    namespace: z.string().min(1).optional(),
    namePrefix: z.string().optional(),
    nameSuffix: z.string().optional(),
    resources: z.array(z.string().min(1)).min(1),
    commonAnnotations: z.record(z.string(), z.string()).optional(),
    commonLabels: z.record(z.string(), z.string()).optional(),
    labels: z
      .array(
        z
          .object({
            pairs: z.record(z.string(), z.string()),
            includeSelectors: z.boolean().optional(),
            includeTemplates: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    replicas: z
      .array(z.object({ name: z.string().min(1), count: z.number().int().min(0) }).strict())
      .optional(),
    components: z.array(z.string().min(1)).optional(),
    // Generators and replacements have many shapes of their own: checked by `kubectl kustomize`, not here.
    configMapGenerator: z.array(z.record(z.string(), z.unknown())).optional(),
    secretGenerator: z.array(z.record(z.string(), z.unknown())).optional(),
    replacements: z.array(z.record(z.string(), z.unknown())).optional(),
    images: z
      .array(
        z
          .object({
            name: z.string().min(1),
            newName: z.string().optional(),
            newTag: z.string().optional(),
            digest: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    patches: z
      .array(
        z
          .object({
            path: z.string().optional(),
            patch: z.string().optional(),
            target: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

function kindsWritten(): string {
  return [
    ...Object.keys(CORE_KINDS),
    'kustomize.config.k8s.io/v1beta1 Kustomization',
    'serving.kserve.io/v1alpha1 ServingRuntime',
    'serving.kserve.io/v1beta1 InferenceService',
  ].join(', ');
}

function zodProblems(result: z.ZodSafeParseResult<unknown>): DocumentProblem[] {
  if (result.success) return [];
  return result.error.issues.flatMap((issue): DocumentProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown field "${key}"`,
        at: 'key',
      }));
    const last = path[path.length - 1];
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message) && last !== undefined)
      return [{ path: path.slice(0, -1), message: `missing the required field "${String(last)}"` }];
    const at = issue.code === 'custom' ? (issue.params as { at?: 'key' } | undefined)?.at : undefined;
    return [{ path, message: issue.message, ...(at ? { at } : {}) }];
  });
}

/** The problems of one document (a parsed YAML document of an export), at paths inside it. */
export function kubernetesDocumentProblems(doc: KubernetesDocument, schemas: CoreSchemas): DocumentProblem[] {
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return [{ path: [], message: 'a Kubernetes document needs "apiVersion" and "kind"' }];
  const key = `${apiVersion} ${kind}`;
  const coreKind = CORE_KINDS[key];
  if (coreKind) return coreProblems(schemas, coreKind, doc);
  if (key === 'kustomize.config.k8s.io/v1beta1 Kustomization')
    return zodProblems(kustomization.safeParse(doc));
  const kserve = kserveSchemas(schemas);
  const envelope = (version: string, k: string, spec: z.ZodType) =>
    z
      .object({
        apiVersion: z.literal(version),
        kind: z.literal(k),
        metadata: coreField(schemas, 'objectMeta'),
        spec,
      })
      .strict();
  if (key === 'serving.kserve.io/v1alpha1 ServingRuntime')
    return zodProblems(envelope(apiVersion, kind, kserve.servingRuntimeSpec).safeParse(doc));
  if (key === 'serving.kserve.io/v1beta1 InferenceService')
    return zodProblems(envelope(apiVersion, kind, kserve.inferenceServiceSpec).safeParse(doc));
  return [{ path: ['kind'], message: `"${key}" is not a kind this export writes (${kindsWritten()})` }];
}

/** Every problem of a file the Kubernetes export wrote (possibly edited since), with its place in the text. */
export async function validateKubernetesText(text: string): Promise<LocatedProblem[]> {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const range = rangeIn(text, lineCounter);
  const docList = Array.isArray(docs) ? docs : [docs];
  const syntax = docList.flatMap((d) =>
    d.errors.map((e) => ({ message: e.message.split('\n')[0]!, path: '', range: range(e.pos[0], e.pos[1]) })),
  );
  if (syntax.length > 0) return syntax;
  const schemas = await loadCoreSchemas();
  const problems: LocatedProblem[] = [];
  for (const doc of docList) {
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS();
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const r = doc.contents.range ?? [0, 0];
      problems.push({ message: 'a Kubernetes document is a mapping', path: '', range: range(r[0], r[1]) });
      continue;
    }
    for (const p of kubernetesDocumentProblems(value as KubernetesDocument, schemas)) {
      const [from, to] = locateYamlPath(text, doc.contents, p.path, p.at === 'key');
      problems.push({ message: p.message, path: formatPath(p.path), range: range(from, to) });
    }
  }
  return problems;
}
