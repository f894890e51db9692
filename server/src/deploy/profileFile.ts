// Reading a JSON profile (a deployment or a build profile) with a zod schema: the same steps and the
// same messages for both kinds, with problems naming the field (`ports.http: ...`).
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { readJson } from '../core/json/readJson';
import { didYouMean } from '../core/util/didYouMean';

/** One problem of a profile, with the field it is about (a zod path) or the offset where JSON broke. */
export interface ProfileIssue {
  path: readonly PropertyKey[];
  /** Set when the text is not JSON: where the reader stopped. */
  offset?: number;
  message: string;
}

export type ParsedProfile<T> =
  { ok: true; profile: T } | { ok: false; problems: string[]; issues: ProfileIssue[] };

/** A JSON Schema node, as far as unknown keys need it. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  items?: SchemaNode;
}

/** The keys an object at `path` takes, read from the schema's JSON Schema form. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: SchemaNode[] = [z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaNode];
  const options = (n: SchemaNode): SchemaNode[] => [n, ...(n.anyOf ?? []).flatMap(options)];
  for (const key of path) {
    nodes = nodes.flatMap(options).flatMap((n): SchemaNode[] => {
      if (typeof key === 'number') return n.items ? [n.items] : [];
      const p = n.properties?.[String(key)];
      if (p) return [p];
      return typeof n.additionalProperties === 'object' ? [n.additionalProperties] : [];
    });
  }
  return [...new Set(nodes.flatMap(options).flatMap((n) => Object.keys(n.properties ?? {})))];
}

/**
 * One issue per unknown key, at the key itself, with did-you-mean (zod reports them together, at the
 * object that holds them).
 */
function issuesOf(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): ProfileIssue[] {
  return issues.flatMap((i): ProfileIssue[] => {
    if (i.code !== 'unrecognized_keys') return [{ path: i.path, message: i.message }];
    const known = keysAt(schema, i.path);
    return i.keys.map((key) => {
      const hint = didYouMean(key, known);
      return {
        path: [...i.path, key],
        message: `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : known.length ? ` (known keys: ${known.join(', ')})` : ''}`,
      };
    });
  });
}

export function parseJsonProfile<T>(text: string, schema: z.ZodType<T>): ParsedProfile<T> {
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
  const issues = issuesOf(schema, parsed.error.issues);
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
