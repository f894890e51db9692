// Kubernetes' own schemas for the core kinds and the core types KServe documents embed, from the
// kubernetes-models package (ajv validators compiled from Kubernetes' OpenAPI), made strict: Kubernetes
// schemas allow unknown fields (the API server prunes them silently), so a misspelled field would pass.
// A field is known when some schema rule looks at it: each field of a document is replaced in turn by a
// value no rule accepts (a symbol) and the validator must complain at exactly that field; a field the
// validator does not see is unknown. The same probe works at every depth, maps (labels) included.
import type { DocumentProblem } from './documents';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type CompiledValidator = (data: unknown) => boolean;

// Loaded with import(): the package is ES modules only (its exports name no `require` entry), and the
// extension loads these validators only when an exported YAML file is first checked.
const loaders = {
  objectMeta: () =>
    import('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta'),
  deployment: () => import('kubernetes-models/_schemas/IoK8sApiAppsV1Deployment'),
  horizontalPodAutoscaler: () =>
    import('kubernetes-models/_schemas/IoK8sApiAutoscalingV2HorizontalPodAutoscaler'),
  service: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1Service'),
  container: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1Container'),
  volume: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1Volume'),
  toleration: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1Toleration'),
  affinity: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1Affinity'),
  localObjectReference: () => import('kubernetes-models/_schemas/IoK8sApiCoreV1LocalObjectReference'),
} as const;

export type CoreSchema = keyof typeof loaders;
export type CoreSchemas = Record<CoreSchema, CompiledValidator>;

let loaded: Promise<CoreSchemas> | undefined;

/** The validators, loaded once. */
export function loadCoreSchemas(): Promise<CoreSchemas> {
  loaded ??= Promise.all(
    Object.entries(loaders).map(async ([name, load]) => [name, (await load()).validate] as const),
  ).then((entries) => Object.fromEntries(entries) as CoreSchemas);
  return loaded;
}

const PROBE = Symbol('not a value any schema accepts');

function errorsOf(validator: CompiledValidator): AjvError[] {
  return ((validator as { errors?: AjvError[] | null }).errors ?? []) as AjvError[];
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function describe(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type':
      return `expected ${String(p.type)}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `missing the required field "${String(p.missingProperty)}"`;
    case 'pattern':
      return `does not match ${String(p.pattern)}`;
    case 'format':
      return `not a valid ${String(p.format)}`;
    default:
      return e.message ?? `fails ${e.keyword} ${JSON.stringify(p)}`;
  }
}

/** The schema problems of `value` and its unknown fields, at paths relative to it. */
export function coreProblems(schemas: CoreSchemas, schema: CoreSchema, value: unknown): DocumentProblem[] {
  const validator = schemas[schema];
  const problems: DocumentProblem[] = [];
  if (!validator(value)) {
    // anyOf/oneOf report every branch: keep the deepest errors, one per place.
    const seen = new Set<string>();
    for (const e of errorsOf(validator)) {
      if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || seen.has(e.instancePath)) continue;
      seen.add(e.instancePath);
      problems.push({ path: pathOf(e.instancePath), message: describe(e) });
    }
  }
  // The validators report every error (not the first only), so the probe works beside other errors too.
  return [...problems, ...unknownFields(validator, value)];
}

/** Fields of `value` that no rule of the schema looks at. */
function unknownFields(validator: CompiledValidator, value: unknown): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const copy = structuredClone(value);
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const kept = obj[key];
      obj[key] = PROBE;
      const pointer = pointerOf([...path, key]);
      const known =
        !validator(copy) &&
        errorsOf(validator).some(
          (e) => e.instancePath === pointer || e.instancePath.startsWith(pointer + '/'),
        );
      obj[key] = kept;
      if (known) walk(kept, [...path, key]);
      else problems.push({ path: [...path, key], message: `unknown field "${key}"`, at: 'key' });
    }
  };
  walk(copy, []);
  return problems;
}
