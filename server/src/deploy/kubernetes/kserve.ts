// The KServe output (`triton-repo export kubernetes --kserve`): a ServingRuntime that runs Triton with
// TensorRT-LLM as the single-container launch does (same command line and ranks, with the repository where
// KServe's storage initializer puts it, /mnt/models) and an InferenceService that uses it. KServe v0.20.0's
// field names (SCALE_OUT 3); pure.
import { labels, resourceName, shmVolume, tritonContainer } from './pod';
import { kubernetesSection } from './documents';
import type { Profile } from '../profile';
import type { KubernetesDocument, ProfileProblem } from './documents';

/** Where KServe mounts the downloaded storageUri (DefaultModelLocalMountPath). */
export const KSERVE_MODEL_DIR = '/mnt/models';
/** The container name KServe merges the InferenceService's model spec into. */
export const KSERVE_CONTAINER = 'kserve-container';
export const KSERVE_FILE = 'kserve.yaml';

export function kserveDocuments(
  profile: Profile,
  profilePath: string,
): { files: Map<string, KubernetesDocument[]>; problems: ProfileProblem[] } {
  const k8s = kubernetesSection(profile);
  const name = resourceName(profile, profilePath);
  const runtime = `${name}-runtime`.slice(0, 63).replace(/-+$/, '');
  const meta = (n: string, annotations?: Record<string, string>) => ({
    name: n,
    ...(k8s.namespace ? { namespace: k8s.namespace } : {}),
    labels: labels(name),
    ...(annotations ? { annotations } : {}),
  });
  const servingRuntime: KubernetesDocument = {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'ServingRuntime',
    metadata: meta(runtime),
    spec: {
      // Chosen by name from the InferenceService only: never auto-selected for other triton models.
      supportedModelFormats: [{ name: 'triton', version: '2', autoSelect: false }],
      protocolVersions: ['v2', 'grpc-v2'],
      annotations: { 'prometheus.kserve.io/port': '8002', 'prometheus.kserve.io/path': '/metrics' },
      containers: [
        tritonContainer(profile, { name: KSERVE_CONTAINER, repository: KSERVE_MODEL_DIR, resource: name }),
      ],
      volumes: [shmVolume(profile)],
    },
  };
  const inferenceService: KubernetesDocument = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    // Standard (raw Deployment) mode: Knative would expose one port only, and Triton serves HTTP and gRPC.
    metadata: meta(name, { 'serving.kserve.io/deploymentMode': 'Standard' }),
    spec: {
      predictor: {
        minReplicas: profile.replicas,
        maxReplicas: k8s.maxReplicas ?? profile.replicas,
        // gracePeriodSeconds outlasts Triton's exit timeout: exportDeployment() refuses it otherwise.
        terminationGracePeriodSeconds: profile.gracePeriodSeconds,
        model: {
          modelFormat: { name: 'triton', version: '2' },
          runtime,
          storageUri: k8s.storageUri,
          protocolVersion: 'v2',
        },
      },
    },
  };
  return { files: new Map([[KSERVE_FILE, [servingRuntime, inferenceService]]]), problems: [] };
}
