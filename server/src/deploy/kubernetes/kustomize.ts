// The Kustomize directory (`triton-repo export kubernetes`): a Deployment of `replicas` Triton pods, a
// Service in front of them, a HorizontalPodAutoscaler (autoscaling/v2) when kubernetes.maxReplicas is given,
// and the kustomization.yaml that lists them (`kubectl apply -k <dir>`). Pure: documents as plain objects.
import { CONTAINER_PORTS, CONTAINER_REPOSITORY } from '../spec';
import { labels, resourceName, shmVolume, tritonContainer } from './pod';
import type { Profile } from '../profile';
import { kubernetesSection } from './documents';
import type { KubernetesDocument, ProfileProblem } from './documents';

/** `pvc://<claim>[/<path>]`: the only storage a plain Deployment can mount (there is no storage initializer). */
export function pvcOf(storageUri: string): { claim: string; subPath?: string } | undefined {
  const m = /^pvc:\/\/([^/]+)(?:\/(.*?))?\/?$/.exec(storageUri);
  if (!m) return undefined;
  return m[2] ? { claim: m[1]!, subPath: m[2] } : { claim: m[1]! };
}

export const KUSTOMIZATION = 'kustomization.yaml';
const REPOSITORY_VOLUME = 'model-repository';

/** The HPA's metric: NVIDIA's queue-to-compute ratio (tutorials chart; needs prometheus-adapter, see README). */
export const HPA_METRIC = 'triton:queue_compute:ratio';

export function kustomizeDocuments(
  profile: Profile,
  profilePath: string,
): { files: Map<string, KubernetesDocument[]>; problems: ProfileProblem[] } {
  const files = new Map<string, KubernetesDocument[]>();
  const k8s = kubernetesSection(profile);
  const pvc = pvcOf(k8s.storageUri);
  if (!pvc) {
    return {
      files,
      problems: [
        {
          path: ['kubernetes', 'storageUri'],
          message: `"${k8s.storageUri}": without KServe nothing downloads the repository, so the Kustomize output mounts a PersistentVolumeClaim: give pvc://<claim>[/<path>], or export with --kserve`,
        },
      ],
    };
  }
  const name = resourceName(profile, profilePath);
  const meta = { name, labels: labels(name) };
  const selector = { 'app.kubernetes.io/name': 'triton', 'app.kubernetes.io/instance': name };
  const container = tritonContainer(profile, {
    name: 'triton',
    repository: CONTAINER_REPOSITORY,
    resource: name,
    mounts: [
      {
        name: REPOSITORY_VOLUME,
        mountPath: CONTAINER_REPOSITORY,
        readOnly: true,
        ...(pvc.subPath ? { subPath: pvc.subPath } : {}),
      },
    ],
  });
  files.set('deployment.yaml', [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: {
        // With an autoscaler the HPA owns the count; kubectl apply would otherwise reset it at each apply.
        ...(k8s.maxReplicas === undefined ? { replicas: profile.replicas } : {}),
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: labels(name) },
          spec: {
            // gracePeriodSeconds outlasts Triton's exit timeout: exportDeployment() refuses it otherwise.
            terminationGracePeriodSeconds: profile.gracePeriodSeconds,
            containers: [container],
            volumes: [
              shmVolume(profile),
              { name: REPOSITORY_VOLUME, persistentVolumeClaim: { claimName: pvc.claim, readOnly: true } },
            ],
          },
        },
      },
    },
  ]);
  files.set('service.yaml', [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: {
        type: k8s.serviceType,
        selector,
        ports: (['http', 'grpc', 'metrics'] as const).map((port) => ({
          name: port,
          port: CONTAINER_PORTS[port],
          targetPort: port,
          protocol: 'TCP',
          // gRPC is HTTP/2: a mesh or ingress balances it per request only when it knows.
          ...(port === 'grpc' ? { appProtocol: 'kubernetes.io/h2c' } : {}),
        })),
      },
    },
  ]);
  if (k8s.maxReplicas !== undefined) {
    files.set('hpa.yaml', [
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: meta,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: profile.replicas,
          maxReplicas: k8s.maxReplicas,
          metrics: [
            {
              type: 'Pods',
              pods: { metric: { name: HPA_METRIC }, target: { type: 'AverageValue', averageValue: '1' } },
            },
          ],
        },
      },
    ]);
  }
  const kustomization: KubernetesDocument = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    ...(k8s.namespace ? { namespace: k8s.namespace } : {}),
    resources: [...files.keys()],
  };
  return { files: new Map([[KUSTOMIZATION, [kustomization]], ...files]), problems: [] };
}
