// `triton-repo export kubernetes`: the files of the Kustomize directory, or of KServe with --kserve, as
// text with the export header, every one validated before anything is written. Pure (exportDeployment() writes
// the result with deploy/writeExport.ts).
import { stringify } from 'yaml';
import { withExportHeader } from '../exportedFile';
import type { ExportOutcome } from '../exportedFile';
import { profileName } from '../profile';
import { kserveDocuments, KSERVE_FILE } from './kserve';
import { KUSTOMIZATION, kustomizeDocuments } from './kustomize';
import { validateKubernetesText } from './validate';
import type { Profile } from '../profile';
import { DEFAULT_STORAGE_URI, kubernetesSection } from './documents';

/** The header kind of the Kustomize and KServe files. */
export const KUBERNETES_EXPORT_KIND = 'kubernetes';

export async function exportKubernetes(
  profile: Profile,
  profilePath: string,
  options: { kserve: boolean },
): Promise<ExportOutcome> {
  const generated = options.kserve
    ? kserveDocuments(profile, profilePath)
    : kustomizeDocuments(profile, profilePath);
  if (generated.problems.length > 0) return { ok: false, profileProblems: generated.problems };
  const source = `${profileName(profilePath)}.triton-deploy.json`;
  const files = [...generated.files].map(([path, docs]) => ({
    path,
    text: withExportHeader(
      KUBERNETES_EXPORT_KIND,
      source,
      docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'),
    ),
  }));
  const fileProblems = [];
  for (const file of files) {
    const problems = await validateKubernetesText(file.text);
    if (problems.length > 0) fileProblems.push({ path: file.path, problems });
  }
  if (fileProblems.length > 0) return { ok: false, fileProblems };
  const notes = kubernetesSection(profile).storageUriDefaulted
    ? [
        `kubernetes.storageUri is not set: the pods read the repository from the PersistentVolumeClaim "${DEFAULT_STORAGE_URI.slice('pvc://'.length)}" (${DEFAULT_STORAGE_URI}); create it, or set the field`,
      ]
    : [];
  return { ok: true, files, main: options.kserve ? KSERVE_FILE : KUSTOMIZATION, notes };
}
