// Types shared by the Kubernetes generators and their validation.

/** A Kubernetes (or Kustomize) document as a plain object, in the API's field names. */
export type KubernetesDocument = Record<string, unknown>;

/** A profile that cannot be exported as asked, at a profile field (`kubernetes.storageUri`). */
export interface ProfileProblem {
  path: (string | number)[];
  message: string;
}

/** A problem in a document, at a path inside it; `at: 'key'` points at the field's name, not its value. */
export interface DocumentProblem {
  path: (string | number)[];
  message: string;
  at?: 'key' | 'value';
}
