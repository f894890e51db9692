// Types shared by the Kubernetes generators and their validation, and the profile's kubernetes section with
// its defaults.
import type { Profile } from '../profile';

/** The repository without `kubernetes.storageUri`: a PersistentVolumeClaim of this name (README). */
export const DEFAULT_STORAGE_URI = 'pvc://model-repository';

/** The profile's `kubernetes` section, its defaults filled in (the whole section is optional). */
export function kubernetesSection(profile: Profile) {
  const k8s = profile.kubernetes;
  return {
    storageUri: k8s?.storageUri ?? DEFAULT_STORAGE_URI,
    storageUriDefaulted: k8s?.storageUri === undefined,
    maxReplicas: k8s?.maxReplicas,
    namespace: k8s?.namespace,
    serviceType: k8s?.serviceType ?? 'ClusterIP',
  };
}

/** A Kubernetes (or Kustomize) document as a plain object, in the API's field names. */
export type KubernetesDocument = Record<string, unknown>;

/** A profile that cannot be exported as asked, at a profile field (`kubernetes.storageUri`). */
export type { ProfileProblem } from '../exportedFile';

/** A problem in a document, at a path inside it; `at: 'key'` points at the field's name, not its value. */
export interface DocumentProblem {
  path: (string | number)[];
  message: string;
  at?: 'key' | 'value';
}
