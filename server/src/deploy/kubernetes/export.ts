// `triton-repo export kubernetes`: the files of the Kustomize directory, or of KServe with --kserve, as
// text with the export header, every one validated before anything is written. Pure (the CLI and the VS Code
// command write the result with cli/writeExport.ts).
import { stringify } from 'yaml';
import { withExportHeader } from '../exportedFile';
import { profileName } from '../profile';
import { kserveDocuments, KSERVE_FILE } from './kserve';
import { KUSTOMIZATION, kustomizeDocuments } from './kustomize';
import { validateKubernetesText } from './validate';
import type { Profile } from '../profile';
import { DEFAULT_STORAGE_URI, kubernetesSection } from './documents';
import type { ProfileProblem } from './documents';
import type { LocatedProblem } from './validate';

export interface ExportedFile {
  /** Relative to the output directory. */
  path: string;
  text: string;
}

export type KubernetesExport =
  /** `main` is the file to open first (kustomization.yaml, kserve.yaml); `notes`: defaults it chose. */
  | { ok: true; files: ExportedFile[]; main: string; notes: string[] }
  /** The profile cannot be exported as asked: problems at its fields. */
  | { ok: false; profileProblems: ProfileProblem[] }
  /** A generated file fails validation (a bug of ours, or of the schemas): nothing is written. */
  | { ok: false; fileProblems: { path: string; problems: LocatedProblem[] }[] };

export async function exportKubernetes(
  profile: Profile,
  profilePath: string,
  options: { kserve: boolean },
): Promise<KubernetesExport> {
  const generated = options.kserve
    ? kserveDocuments(profile, profilePath)
    : kustomizeDocuments(profile, profilePath);
  if (generated.problems.length > 0) return { ok: false, profileProblems: generated.problems };
  const source = `${profileName(profilePath)}.triton-deploy.json`;
  const files = [...generated.files].map(([path, docs]) => ({
    path,
    text: withExportHeader(
      'kubernetes',
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
