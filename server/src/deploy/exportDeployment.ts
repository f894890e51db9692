// "Export a deployment" from a profile, one entry point for the CLI (`triton-repo export <target>`) and the
// VS Code command: the exporters by target (Compose, Kustomize, KServe), one write for all of them (the
// export header and writeExport.ts), and the validators of exported files by the export named in their
// header (the editor checks hand edits with them).
import { resolve } from 'node:path';
import { gpuInventoryAsync } from '../host/gpus';
import { exportCompose } from './compose/composeFiles';
import { COMPOSE_EXPORT_KIND, composeTextProblems } from './compose/composeProject';
import { gracePeriodProblem } from './exitTimeout';
import { readExportHeader } from './exportedFile';
import type { ExportOutcome, LocatedProblem } from './exportedFile';
import { exportKubernetes, KUBERNETES_EXPORT_KIND } from './kubernetes/export';
import { validateKubernetesText } from './kubernetes/validate';
import { parseProfile } from './profile';
import type { Profile } from './profile';
import { readProfileFile } from './profileFile';
import type { ProfileIssue } from './profileFile';
import { writeExportFiles } from './writeExport';

export type ExportTarget = 'compose' | 'kustomize' | 'kserve';

export const EXPORT_TARGETS: readonly ExportTarget[] = ['compose', 'kustomize', 'kserve'];

/** Where an export writes, and what of the host it may need (Compose: the GPUs, the labels' workspace). */
export interface ExportContext {
  /** Absolute. */
  outDir: string;
  workspace: string;
  /** The host's GPU ids, asked only by the exports that place replicas on GPUs. */
  hostGpus: () => Promise<readonly string[] | undefined>;
}

export interface Exporter {
  /** For a picker: "Compose", "Kustomize", "KServe". */
  label: string;
  detail: string;
  generate(profile: Profile, profilePath: string, context: ExportContext): Promise<ExportOutcome>;
}

export const exporters: Record<ExportTarget, Exporter> = {
  compose: {
    label: 'Compose',
    detail: 'compose.yaml and nginx.conf: one Triton per replica on GPUs of its own, nginx in front',
    generate: async (profile, path, { outDir, workspace, hostGpus }) =>
      exportCompose(profile, path, { outDir, workspace, hostGpus: await hostGpus() }),
  },
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
  [KUBERNETES_EXPORT_KIND]: validateKubernetesText,
  [COMPOSE_EXPORT_KIND]: async (text) => composeTextProblems(text),
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
  | { status: 'invalid'; outDir: string; fileProblems: { path: string; problems: LocatedProblem[] }[] }
  | { status: 'refused'; refused: { path: string; reason: string }[] }
  | { status: 'written'; written: string[]; unchanged: string[]; main: string; notes: string[] };

export interface ExportOptions {
  /** Overwrite files edited since the last export, or not written by one. */
  force: boolean;
  /** The workspace the Compose labels name (default: the current directory). */
  workspace?: string;
  /** Default: nvidia-smi's list of this machine's GPUs. */
  hostGpus?: () => Promise<readonly string[] | undefined>;
}

/** Reads the profile, generates the target's files, validates them and writes them into `outDir`. */
export async function exportDeployment(
  profileFile: string,
  target: ExportTarget,
  outDir: string,
  options: ExportOptions,
): Promise<ExportRun> {
  const read = await readProfileFile(profileFile, parseProfile);
  if (!read.ok) {
    return {
      status: 'profile',
      path: read.path,
      ...(read.text !== undefined ? { text: read.text } : {}),
      issues: read.issues,
    };
  }
  // Every export stops replicas while others serve (a Compose project, a Deployment's rolling update).
  const grace = gracePeriodProblem(read.profile.gracePeriodSeconds, read.profile.tritonArgs);
  if (grace)
    return {
      status: 'profile',
      path: read.path,
      text: read.text,
      issues: [{ path: ['gracePeriodSeconds'], message: grace }],
    };
  const out = resolve(outDir);
  const generated = await exporters[target].generate(read.profile, read.path, {
    outDir: out,
    workspace: resolve(options.workspace ?? process.cwd()),
    hostGpus: options.hostGpus ?? (async () => (await gpuInventoryAsync())?.map((g) => String(g.index))),
  });
  if (!generated.ok) {
    if ('profileProblems' in generated)
      return { status: 'profile', path: read.path, text: read.text, issues: generated.profileProblems };
    return { status: 'invalid', outDir: out, fileProblems: generated.fileProblems };
  }
  const written = await writeExportFiles(out, generated.files, options);
  if (!written.ok) return { status: 'refused', refused: written.refused };
  return {
    status: 'written',
    written: written.written,
    unchanged: written.unchanged,
    main: resolve(out, generated.main),
    notes: generated.notes,
  };
}
