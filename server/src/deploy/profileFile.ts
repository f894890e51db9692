// Reading a JSON profile (a deployment or a build profile) with a zod schema: the same steps and the
// same messages for both kinds, with problems naming the field (`ports.http: ...`).
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { readJson } from '../core/json/readJson';

/** One problem of a profile, with the field it is about (a zod path) or the offset where JSON broke. */
export interface ProfileIssue {
  path: readonly PropertyKey[];
  /** Set when the text is not JSON: where the reader stopped. */
  offset?: number;
  message: string;
}

export type ParsedProfile<T> =
  { ok: true; profile: T } | { ok: false; problems: string[]; issues: ProfileIssue[] };

/** What the parser needs of a zod schema (kept structural, so both profile schemas fit). */
interface ProfileSchema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export function parseJsonProfile<T>(text: string, schema: ProfileSchema<T>): ParsedProfile<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const located = readJson(text);
    const offset = located.ok ? 0 : located.error.start;
    return {
      ok: false,
      problems: [`not JSON: ${(e as Error).message}`],
      issues: [{ path: [], offset, message: `not JSON: ${(e as Error).message}` }],
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  return {
    ok: false,
    problems: issues.map(
      (i) => `${i.path.length ? i.path.map(String).join('.') : '(profile)'}: ${i.message}`,
    ),
    issues,
  };
}

/** Reads and parses a profile file; problems are prefixed with its absolute path. */
export async function readProfileFile<T>(
  file: string,
  parse: (text: string) => ParsedProfile<T>,
): Promise<
  | { ok: true; path: string; profile: T; text: string }
  | { ok: false; path: string; problems: string[]; issues: ProfileIssue[]; text?: string }
> {
  const path = resolve(file);
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    const message = `cannot read ${path}: ${(e as Error).message}`;
    return { ok: false, path, problems: [message], issues: [{ path: [], message }] };
  }
  const parsed = parse(text);
  if (!parsed.ok) return { ...parsed, path, text, problems: parsed.problems.map((p) => `${path}: ${p}`) };
  return { ok: true, path, profile: parsed.profile, text };
}

/** A profile's name: its file name without `suffix` (or without `.json` when it is named otherwise). */
export function profileBaseName(fileName: string, suffix: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.endsWith(suffix) ? base.slice(0, -suffix.length) : base.replace(/\.json$/, '');
}
