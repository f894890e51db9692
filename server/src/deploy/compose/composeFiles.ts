// The host side of a Compose project: the profile's replicas placed on the host's GPUs, the files made and
// checked (composeProject.ts), and written atomically into a directory without overwriting what someone
// edited. Shared by `triton-repo export compose` and `triton-repo up`.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { formatProblem, profileIssueProblems } from '../../build/problems';
import type { LoadedProfile } from '../launch';
import { profileName } from '../profile';
import { replicaGpuSets } from '../replicas';
import { COMPOSE_FILE } from './composeFile';
import { composeProject, formatFileProblem, isUntouchedOutput } from './composeProject';
import type { ComposeProject, ProjectFile } from './composeProject';

export type PlanResult = { ok: true; project: ComposeProject } | { ok: false; lines: string[] };

/**
 * The project for `outDir`, or the problems as `file:line:col: error ...` lines: the profile's (its GPUs
 * against the host's, at the field) or the generated files' (at their line).
 */
export function planComposeProject(
  loaded: LoadedProfile,
  options: { outDir: string; workspace: string; hostGpus: readonly string[] | undefined },
): PlanResult {
  const plan = replicaGpuSets(loaded.profile, options.hostGpus);
  if ('problems' in plan) {
    const issues = plan.problems.map((p) => ({ path: p.path, message: p.message }));
    return { ok: false, lines: profileIssueProblems(loaded.path, loaded.text, issues).map(formatProblem) };
  }
  // Relative to the compose file, so the directory can move with the repository; `./` as Compose wants it.
  const rel = relative(options.outDir, loaded.repositoryPath).split('\\').join('/');
  const repository =
    rel === '' ? '.' : rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
  const project = composeProject(loaded.profile, plan.sets, {
    repository,
    profilePath: loaded.path,
    workspace: options.workspace,
    profileName: basename(loaded.path),
  });
  if (project.problems.length > 0) {
    return {
      ok: false,
      lines: project.problems.map((p) => formatFileProblem(p, join(options.outDir, p.file))),
    };
  }
  return { ok: true, project };
}

export type WriteOutcome =
  { ok: true; written: string[]; unchanged: string[] } | { ok: false; edited: string[] };

/**
 * Writes the files into `dir` (created if missing), each through a temporary file and a rename, so a
 * reader never sees half a file. A file that differs and is not our untouched output (someone edited it)
 * is replaced only with `force`; otherwise nothing at all is written.
 */
export async function writeProjectFiles(
  dir: string,
  files: ProjectFile[],
  force: boolean,
): Promise<WriteOutcome> {
  await fsp.mkdir(dir, { recursive: true });
  const changed: ProjectFile[] = [];
  const unchanged: string[] = [];
  const edited: string[] = [];
  for (const f of files) {
    const target = join(dir, f.name);
    const existing = await fsp.readFile(target, 'utf8').catch(() => undefined);
    if (existing === f.text) unchanged.push(target);
    else {
      if (existing !== undefined && !isUntouchedOutput(existing) && !force) edited.push(target);
      changed.push(f);
    }
  }
  if (edited.length > 0) return { ok: false, edited };
  const written: string[] = [];
  for (const f of changed) {
    const target = join(dir, f.name);
    const temp = join(dir, `.${f.name}.${process.pid}.tmp`);
    await fsp.writeFile(temp, f.text);
    await fsp.rename(temp, target);
    written.push(target);
  }
  return { ok: true, written, unchanged };
}

export type ExportResult =
  | { ok: true; written: string[]; unchanged: string[]; notes: string[] }
  | { ok: false; kind: 'problems'; lines: string[] }
  | { ok: false; kind: 'edited'; edited: string[] };

/** `export compose`, for the CLI and the editor alike: plan, check, then write unless a check fails. */
export async function exportComposeProject(
  loaded: LoadedProfile,
  options: { outDir: string; workspace: string; hostGpus: readonly string[] | undefined; force: boolean },
): Promise<ExportResult> {
  // Exported files are often for another machine (this one has no nvidia-smi): "all" or a count then
  // takes the ids nvidia-smi numbers a host's GPUs with, 0 to N-1, as many as the replicas need; said.
  const notes: string[] = [];
  let hostGpus = options.hostGpus;
  const { gpus, replicas, worldSize } = loaded.profile;
  if (hostGpus === undefined && !Array.isArray(gpus) && gpus !== 0) {
    const count = gpus === 'all' ? replicas * worldSize : gpus;
    hostGpus = Array.from({ length: count }, (_, i) => String(i));
    notes.push(
      `no nvidia-smi on this machine: gpus ${JSON.stringify(gpus)} taken as GPU ids 0 to ${count - 1} of the serving host (list the ids in the profile to choose them)`,
    );
  }
  const plan = planComposeProject(loaded, { ...options, hostGpus });
  if (!plan.ok) return { ok: false, kind: 'problems', lines: plan.lines };
  const written = await writeProjectFiles(options.outDir, plan.project.files, options.force);
  return written.ok ? { ...written, notes } : { ok: false, kind: 'edited', edited: written.edited };
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
