import type { Problem } from './problem';

/**
 * At most this many diagnostics per file: generated or binary garbage (1 MB of random bytes yields
 * hundreds of thousands of problems) must not flood the Problems view or a CI log. The last one says
 * how many more there are.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/**
 * Keeps the first problems (in the order given: sort first) and, when there are too many, replaces
 * the rest by one `lint/too-many-problems` at the first one left out. `truncated` counts those left out.
 */
export function capProblems(problems: readonly Problem[]): {
  problems: readonly Problem[];
  truncated: number;
} {
  if (problems.length <= MAX_DIAGNOSTICS_PER_FILE) return { problems, truncated: 0 };
  const kept = problems.slice(0, MAX_DIAGNOSTICS_PER_FILE - 1);
  const first = problems[kept.length]!;
  const truncated = problems.length - kept.length;
  kept.push({
    code: 'lint/too-many-problems',
    start: first.start,
    end: first.end,
    message: `${truncated.toLocaleString('en-US')} more problems in this file are not listed (at most ${MAX_DIAGNOSTICS_PER_FILE.toLocaleString('en-US')} per file); the first of them: ${first.message}`,
  });
  return { problems: kept, truncated };
}
