// The host side of a launch, shared by the CLI and the extension: read a profile file, resolve its
// repository, check the repository with the checker (a launch is refused on errors), build the spec.
import { dirname, resolve } from 'node:path';
import { checkPaths } from '../core/check/checkPaths';
import type { CheckReport } from '../core/check/checkPaths';
import { nodeFileSystem } from '../cli/nodeFileSystem';
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
  const { path, profile } = read;
  return {
    ok: true,
    loaded: { path, profile, repositoryPath: resolve(dirname(path), profile.modelRepository) },
  };
}

/**
 * Checks the repository as this profile's Triton will load it: with --disable-auto-complete-config unless
 * the profile turns auto-complete on (configs must then be complete), for the profile's image.
 */
export function checkRepository(loaded: LoadedProfile): Promise<CheckReport> {
  const { profile } = loaded;
  const gpuCount = Array.isArray(profile.gpus)
    ? profile.gpus.length
    : profile.gpus === 'all'
      ? undefined
      : profile.gpus;
  return checkPaths([loaded.repositoryPath], nodeFileSystem, {
    strictModelConfig: autoCompleteDisabled(profile),
    serverImage: profile.image,
    ...(gpuCount ? { gpuCount } : {}),
  });
}

export function countErrors(report: CheckReport): number {
  return report.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
}
