import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Writes a rendered repository into an output directory without losing anyone's work:
 *  - a manifest of content hashes (MANIFEST) remembers what the previous render wrote, so a file
 *    that differs from it was edited by someone and is only overwritten with consent;
 *  - every file is first written beside its target, and only when all are written are they renamed
 *    into place, so an interrupted render leaves the old repository as it was;
 *  - no path may leave the output directory.
 */
export const MANIFEST = '.triton-repo-render.json';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedFile {
  /** Relative to the output directory, '/'-separated. */
  path: string;
  target: string;
  content: Buffer;
  status: FileStatus;
  /** Present and different from what the last render wrote: someone edited it. */
  edited: boolean;
}

export interface WritePlan {
  outDir: string;
  files: PlannedFile[];
}

export class WriteRefused extends Error {}

interface Manifest {
  version: 1;
  files: Record<string, string>;
}

const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The target of `path` inside `outDir`, or a refusal when it would land outside. */
export function targetIn(outDir: string, path: string): string {
  const root = resolve(outDir);
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (path.includes('\0') || rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
    throw new WriteRefused(`refusing to write "${path}": it is outside the output directory ${outDir}`);
  }
  if (rel === MANIFEST)
    throw new WriteRefused(`refusing to write "${path}": the name is the render manifest's`);
  return target;
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await fsp.readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw e;
  }
}

async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const raw = await readOrUndefined(resolve(outDir, MANIFEST));
  if (!raw) return undefined;
  try {
    const m = JSON.parse(raw.toString('utf8')) as Manifest;
    return m && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Compares what would be written with what is there. Throws WriteRefused for an escaping path. */
export async function planWrite(
  outDir: string,
  files: readonly { path: string; content: Buffer }[],
): Promise<WritePlan> {
  const manifest = await readManifest(outDir);
  const planned: PlannedFile[] = [];
  for (const f of files) {
    const target = targetIn(outDir, f.path);
    const existing = await readOrUndefined(target);
    const status: FileStatus =
      existing === undefined ? 'new' : existing.equals(f.content) ? 'unchanged' : 'changed';
    const edited = status === 'changed' && manifest?.files[f.path] !== hash(existing!);
    planned.push({ path: f.path, target, content: f.content, status, edited });
  }
  return { outDir, files: planned };
}

/** The file operations applyPlan uses; tests replace them to interrupt a render. */
export interface WriteOps {
  mkdir(path: string): Promise<unknown>;
  writeFile(path: string, content: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeWriteOps: WriteOps = {
  mkdir: (p) => fsp.mkdir(p, { recursive: true }),
  writeFile: (p, c) => fsp.writeFile(p, c),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
};

/** Writes every new or changed file (temp files first, then renames), then the manifest. */
export async function applyPlan(plan: WritePlan, ops: WriteOps = nodeWriteOps): Promise<number> {
  const pending = plan.files.filter((f) => f.status !== 'unchanged');
  const temps: { temp: string; target: string }[] = [];
  const tempOf = (target: string) => `${target}.triton-repo-tmp-${process.pid}`;
  try {
    for (const f of pending) {
      await ops.mkdir(dirname(f.target));
      const temp = tempOf(f.target);
      temps.push({ temp, target: f.target });
      await ops.writeFile(temp, f.content);
    }
  } catch (e) {
    // Nothing has replaced an old file yet: remove the staged copies and leave the repository be.
    for (const { temp } of temps) await ops.unlink(temp).catch(() => undefined);
    throw e;
  }
  for (const { temp, target } of temps) await ops.rename(temp, target);
  const manifest: Manifest = { version: 1, files: {} };
  for (const f of plan.files) manifest.files[f.path] = hash(f.content);
  const manifestPath = resolve(plan.outDir, MANIFEST);
  await ops.mkdir(plan.outDir);
  await ops.writeFile(tempOf(manifestPath), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  await ops.rename(tempOf(manifestPath), manifestPath);
  return pending.length;
}
