// The host side of a Compose project: the profile's replicas placed on the host's GPUs, and the files made
// and checked (composeProject.ts). `exportCompose` is the Compose entry of the exporters
// (exportDeployment.ts), which writes its files like every export's (writeExport.ts); `triton-repo up`
// plans the same project and writes it into its state directory.
import { createHash } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ExportOutcome, ProfileProblem } from '../exportedFile';
import { repositoryPathOf } from '../launch';
import { profileName } from '../profile';
import type { Profile } from '../profile';
import { replicaGpuSets } from '../replicas';
import { COMPOSE_FILE } from './composeFile';
import { composeProject } from './composeProject';
import type { ComposeProject } from './composeProject';

export interface ComposePlacement {
  /** Absolute directory the files go into (the repository is mounted relative to it). */
  outDir: string;
  /** The workspace the containers' labels name. */
  workspace: string;
  /** The host's GPU ids (nvidia-smi's indexes), undefined where there is no nvidia-smi. */
  hostGpus: readonly string[] | undefined;
}

export type ComposePlan =
  | { ok: true; project: ComposeProject }
  | { ok: false; profileProblems: ProfileProblem[] }
  | { ok: false; fileProblems: { path: string; problems: ComposeProject['problems'] }[] };

/** The project for `outDir`, or its problems: the profile's (its GPUs against the host's) or compose.yaml's. */
export function planComposeProject(profile: Profile, profilePath: string, at: ComposePlacement): ComposePlan {
  const plan = replicaGpuSets(profile, at.hostGpus);
  if ('problems' in plan) return { ok: false, profileProblems: plan.problems.map((p) => ({ ...p })) };
  // Relative to the compose file, so the directory can move with the repository; `./` as Compose wants it.
  const rel = relative(at.outDir, repositoryPathOf(profilePath, profile)).split('\\').join('/');
  const repository =
    rel === '' ? '.' : rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
  const project = composeProject(profile, plan.sets, {
    repository,
    profilePath,
    workspace: at.workspace,
    profileName: basename(profilePath),
  });
  if (project.problems.length > 0)
    return { ok: false, fileProblems: [{ path: COMPOSE_FILE, problems: project.problems }] };
  return { ok: true, project };
}

/** `export compose`: the files of the project, for exportDeployment() to write. */
export function exportCompose(profile: Profile, profilePath: string, at: ComposePlacement): ExportOutcome {
  // Exported files are often for another machine (this one has no nvidia-smi): "all" or a count then
  // takes the ids nvidia-smi numbers a host's GPUs with, 0 to N-1, as many as the replicas need; said.
  const notes: string[] = [];
  let hostGpus = at.hostGpus;
  const { gpus, replicas, worldSize } = profile;
  if (hostGpus === undefined && !Array.isArray(gpus) && gpus !== 0) {
    const count = gpus === 'all' ? replicas * worldSize : gpus;
    hostGpus = Array.from({ length: count }, (_, i) => String(i));
    notes.push(
      `no nvidia-smi on this machine: gpus ${JSON.stringify(gpus)} taken as GPU ids 0 to ${count - 1} of the serving host (list the ids in the profile to choose them)`,
    );
  }
  const plan = planComposeProject(profile, profilePath, { ...at, hostGpus });
  if (!plan.ok) return plan;
  return { ok: true, files: plan.project.files, main: COMPOSE_FILE, notes };
}

/**
 * The Compose project name of a profile: `triton-<name>-<hash of its path>` (Compose allows lowercase
 * letters, digits, - and _), so two profiles of the same name in different folders never share a project.
 */
export function composeProjectName(profilePath: string): string {
  const name = profileName(profilePath)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const hash = createHash('sha256').update(resolve(profilePath)).digest('hex').slice(0, 8);
  return `triton-${name || 'profile'}-${hash}`;
}

/** Where `up` keeps a profile's project files: beside the profile, in a hidden directory of its own. */
export function composeStateDir(profilePath: string): string {
  return join(dirname(profilePath), '.triton-compose', profileName(profilePath));
}

export function composeFileIn(dir: string): string {
  return join(dir, COMPOSE_FILE);
}
