// The host side of a launch, shared by the CLI and the extension: read a profile file, resolve its
// repository, check the repository with the checker (a launch is refused on errors), build the spec.
import { basename, dirname, resolve } from 'node:path';
import { checkPaths } from '../core/check/checkPaths';
import type { CheckReport } from '../core/check/checkPaths';
import { judgeReports } from '../core/templates/repositoryValues';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { parseProfile } from './profile';
import { autoCompleteDisabled } from './spec';
import type { Profile } from './profile';
import type { ProfileIssue } from './profileFile';
import { readProfileFile } from './profileFile';

export interface LoadedProfile {
  /** Absolute path of the profile file. */
  path: string;
  profile: Profile;
  /** Absolute host path of the model repository. */
  repositoryPath: string;
  /** The profile file's text, to place problems found later (the replicas' GPUs) at their fields. */
  text?: string;
}

export type LoadResult =
  | { ok: true; loaded: LoadedProfile }
  | {
      ok: false;
      problems: string[];
      /** For `path:line:col` messages: the profile's absolute path, its text (when read), each issue. */
      path: string;
      text?: string;
      issues: ProfileIssue[];
    };

export async function loadProfileFile(file: string): Promise<LoadResult> {
  const read = await readProfileFile(file, parseProfile);
  if (!read.ok) return read;
  const { path, profile, text } = read;
  return {
    ok: true,
    loaded: { path, profile, text, repositoryPath: repositoryPathOf(path, profile) },
  };
}

/** The model repository's absolute host path: the profile's modelRepository, relative to the profile. */
export function repositoryPathOf(profilePath: string, profile: Profile): string {
  return resolve(dirname(profilePath), profile.modelRepository);
}

/**
 * Checks the repository as this profile's Triton will load it: with --disable-auto-complete-config unless
 * the profile turns auto-complete on (configs must then be complete), for the profile's image.
 */
export async function checkRepository(loaded: LoadedProfile): Promise<CheckReport> {
  const { profile } = loaded;
  const gpuCount = Array.isArray(profile.gpus)
    ? profile.gpus.length
    : profile.gpus === 'all'
      ? undefined
      : profile.gpus;
  const report = await checkPaths([loaded.repositoryPath], nodeFileSystem, {
    strictModelConfig: autoCompleteDisabled(profile),
    serverImage: profile.image,
    serverImageSource: 'the image of the deployment profile',
    ...(gpuCount ? { gpuCount } : {}),
  });
  // Triton reads the repository as it is: a `${name}` left in a whole value stops its parse, so a
  // template repository is refused (render it first) rather than started on text it cannot read.
  const judged = await judgeReports(report.files, nodeFileSystem, { reading: 'triton' });
  return { ...report, files: judged.files };
}

/** Variables a launch would leave as placeholders where Triton cannot parse them, by model. */
export function unrenderedVariables(report: CheckReport): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of report.files) {
    const names = new Set(
      f.diagnostics
        .filter((d) => d.code === 'template/unrendered')
        .map((d) => String((d.data as { variable?: unknown } | undefined)?.variable)),
    );
    if (names.size) out.set(basename(dirname(f.path)), [...names]);
  }
  return out;
}

/** "the repository is an unrendered template (tensorrt_llm: a, b; ensemble: c): render it first". */
export function unrenderedMessage(repositoryPath: string, variables: Map<string, string[]>): string {
  const list = [...variables].map(([model, names]) => `${model}: ${names.join(', ')}`).join('; ');
  return `${repositoryPath} is a template that was never rendered (placeholders Triton cannot parse: ${list}); render it first (triton-repo render ${repositoryPath} --out <dir>) and point the profile's modelRepository at the output`;
}

export function countErrors(report: CheckReport): number {
  return report.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
}
