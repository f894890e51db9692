// What a build has to say, as compiler-style lines that point into files: an invalid profile, a warning on
// a profile field, a repository config.pbtxt at odds with the engine, a failed step. The CLI prints them
// and the VS Code task writes them to its terminal, where the `$triton-build` problem matcher (package.json,
// kept equal to PROBLEM_PATTERN by a test) turns them into entries of the Problems view. The format is the
// one `triton-repo check` prints: `path:line:col: severity[ code]: message`, 1-based.
import { nodeAt, readJson } from '../core/json/readJson';
import { LineIndex } from '../core/text/lineIndex';
import type { ProfileIssue } from '../deploy/profileFile';
import { checkRepositoryAgainstPlan } from './repositoryCheck';
import type { RepositoryWarning } from './repositoryCheck';
import type { BuildResult, LoadedBuildProfile } from './run';
import { profileWarnings } from './warnings';
import type { BuildWarning } from './warnings';

export type BuildProblemSeverity = 'error' | 'warning' | 'information';

export interface BuildProblem {
  file: string;
  /** 0-based. */
  line: number;
  /** 0-based, UTF-16. */
  character: number;
  severity: BuildProblemSeverity;
  /** A checker diagnostic code, for problems that come from the checker's rules. */
  code?: string;
  message: string;
}

/**
 * The problem matcher's regular expression (groups: file, line, column, severity, code, message). The
 * lazy file group lets Windows drive letters through; the code is optional.
 */
export const PROBLEM_PATTERN =
  '^(.+?):(\\d+):(\\d+): (error|warning|information)(?: ([a-z]+/[a-z0-9-]+))?: (.*)$';

export function formatProblem(p: BuildProblem): string {
  // One line per problem: the matcher reads line by line.
  const message = p.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${p.file}:${p.line + 1}:${p.character + 1}: ${p.severity}${p.code ? ` ${p.code}` : ''}: ${message}`;
}

/** Where a profile field is written (its key), else where the nearest written ancestor is; 0:0 without text. */
export function fieldPosition(
  text: string | undefined,
  path: readonly PropertyKey[] | string,
): { line: number; character: number } {
  if (text === undefined) return { line: 0, character: 0 };
  const parsed = readJson(text);
  if (!parsed.ok) return new LineIndex(text).positionAt(parsed.error.start);
  const keys = typeof path === 'string' ? (path ? path.split('.') : []) : path;
  const { node, member } = nodeAt(parsed.root, keys);
  return new LineIndex(text).positionAt(member ? member.keyStart : node.start);
}

/** A profile that does not load (deployment or build): one error per zod issue, at its field, in file order. */
export function profileIssueProblems(
  file: string,
  text: string | undefined,
  issues: ProfileIssue[],
): BuildProblem[] {
  return issues
    .map((i): BuildProblem => {
      const at =
        i.offset !== undefined && text !== undefined
          ? new LineIndex(text).positionAt(i.offset)
          : fieldPosition(text, i.path);
      const field = i.path.length ? `${i.path.map(String).join('.')}: ` : '';
      return { file, ...at, severity: 'error', message: `${field}${i.message}` };
    })
    .sort((a, b) => a.line - b.line || a.character - b.character);
}

/** The profile's own warnings (contradicting choices), at their fields. */
export function profileWarningProblems(loaded: LoadedBuildProfile, warnings: BuildWarning[]): BuildProblem[] {
  return warnings.map((w) => ({
    file: loaded.path,
    ...fieldPosition(loaded.text, w.field),
    severity: 'warning',
    message: `${w.field}: ${w.message}`,
  }));
}

/** config.pbtxt files of the repository at odds with the (planned or built) engine. */
export function repositoryProblems(warnings: RepositoryWarning[]): BuildProblem[] {
  return warnings.map((w) => ({
    file: w.path,
    line: w.line,
    character: w.character,
    severity: 'warning',
    code: w.code,
    message: w.message,
  }));
}

/** What to say before a build runs: the profile's warnings, then the repository against the planned engine. */
export async function plannedProblems(loaded: LoadedBuildProfile): Promise<BuildProblem[]> {
  const problems = profileWarningProblems(loaded, profileWarnings(loaded.profile));
  if (loaded.repositoryPath) {
    const planned = await checkRepositoryAgainstPlan(
      loaded.profile,
      loaded.repositoryPath,
      loaded.outputPath,
    );
    problems.push(...repositoryProblems(planned));
  }
  return problems;
}

/** The profile field behind a runtime refusal: the image that is not there, the GPUs Docker cannot give. */
const KIND_FIELDS: Partial<Record<string, string>> = {
  'image-missing': 'image',
  'nvidia-runtime-missing': 'gpus',
};

/** The outcome of a run: the failure at the field it points at, or what a finished build warns about. */
export function resultProblems(loaded: LoadedBuildProfile, result: BuildResult): BuildProblem[] {
  if (!result.ok) {
    const field = result.field ?? KIND_FIELDS[result.kind];
    return [
      {
        file: loaded.path,
        ...fieldPosition(loaded.text, field ?? ''),
        severity: 'error',
        message: field ? `${field}: ${result.message}` : result.message,
      },
    ];
  }
  const { serveImage } = loaded.profile;
  return [
    ...result.warnings.map((message): BuildProblem => ({
      file: loaded.path,
      ...fieldPosition(loaded.text, serveImage && message.includes(serveImage) ? 'serveImage' : 'image'),
      severity: 'warning',
      message,
    })),
    ...repositoryProblems(result.repositoryWarnings),
  ];
}
