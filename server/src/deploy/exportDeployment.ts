// "Export a deployment" from a profile, one entry point for the CLI (`triton-repo export ...`) and the VS Code
// command: the exporters by target (Kustomize and KServe here; Compose registers beside them), and the
// validators of exported files by the export that wrote them (the editor checks hand edits with them).
import { resolve } from 'node:path';
import { readExportHeader } from './exportedFile';
import { exportKubernetes } from './kubernetes/export';
import { validateKubernetesText } from './kubernetes/validate';
import { parseProfile } from './profile';
import { readProfileFile } from './profileFile';
import { writeExportFiles } from './writeExport';
import type { ProfileProblem } from './kubernetes/documents';
import type { ExportedFile } from './kubernetes/export';
import type { LocatedProblem } from './kubernetes/validate';
import type { Profile } from './profile';
import type { ProfileIssue } from './profileFile';

export type ExportTarget = 'compose' | 'kustomize' | 'kserve';

export type ExportOutcome =
  | { ok: true; files: ExportedFile[]; main: string; notes: string[] }
  | { ok: false; profileProblems: ProfileProblem[] }
  | { ok: false; fileProblems: { path: string; problems: LocatedProblem[] }[] };

export interface Exporter {
  /** For a picker: "Kustomize", "KServe". */
  label: string;
  detail: string;
  generate(profile: Profile, profilePath: string): Promise<ExportOutcome>;
}

export const exporters: Partial<Record<ExportTarget, Exporter>> = {
  kustomize: {
    label: 'Kustomize',
    detail: 'Deployment, Service and autoscaler for kubectl apply -k',
    generate: (profile, path) => exportKubernetes(profile, path, { kserve: false }),
  },
  kserve: {
    label: 'KServe',
    detail: 'ServingRuntime and InferenceService (KServe v0.20)',
    generate: (profile, path) => exportKubernetes(profile, path, { kserve: true }),
  },
};

/** The checks of exported files, by the export named in their header (`kubernetes`, `compose`). */
export const exportedFileValidators: Record<string, (text: string) => Promise<LocatedProblem[]>> = {
  kubernetes: validateKubernetesText,
};

/** The problems of a file an export wrote (possibly edited since); undefined for a file that is not one. */
export async function exportedFileProblems(text: string): Promise<LocatedProblem[] | undefined> {
  const header = readExportHeader(text);
  const validate = header && exportedFileValidators[header.kind];
  return validate ? validate(text) : undefined;
}

export type ExportRun =
  /** The profile does not load (schema), or cannot be exported this way: issues at its fields. */
  | { status: 'profile'; path: string; text?: string; issues: ProfileIssue[] }
  | { status: 'invalid'; fileProblems: { path: string; problems: LocatedProblem[] }[] }
  | { status: 'refused'; refused: { path: string; reason: string }[] }
  | { status: 'written'; written: string[]; unchanged: string[]; main: string; notes: string[] };

/** Reads the profile, generates the target's files, validates them and writes them into `outDir`. */
export async function exportDeployment(
  profileFile: string,
  target: ExportTarget,
  outDir: string,
  options: { force: boolean },
): Promise<ExportRun> {
  const exporter = exporters[target];
  if (!exporter) throw new Error(`no exporter for ${target} in this build`);
  const read = await readProfileFile(profileFile, parseProfile);
  if (!read.ok) {
    return {
      status: 'profile',
      path: read.path,
      ...(read.text !== undefined ? { text: read.text } : {}),
      issues: read.issues,
    };
  }
  const generated = await exporter.generate(read.profile, read.path);
  if (!generated.ok) {
    if ('profileProblems' in generated)
      return { status: 'profile', path: read.path, text: read.text, issues: generated.profileProblems };
    return { status: 'invalid', fileProblems: generated.fileProblems };
  }
  const written = await writeExportFiles(outDir, generated.files, options);
  if (!written.ok) return { status: 'refused', refused: written.refused };
  return {
    status: 'written',
    written: written.written,
    unchanged: written.unchanged,
    main: resolve(outDir, generated.main),
    notes: generated.notes,
  };
}
