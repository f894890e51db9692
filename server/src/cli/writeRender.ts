import { createHash } from 'node:crypto';
import { promises as fsp, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Writes a rendered repository into an output directory without losing anyone's work:
 *  - a manifest of content hashes (MANIFEST) remembers what the previous render wrote, so a file
 *    that differs from it was edited by someone and is only overwritten with consent; a non-empty
 *    directory without a manifest is not a render output and is never written into;
 *  - what the previous render wrote and this one no longer produces is removed (with consent if edited),
 *    so a model taken out of the templates does not stay behind for Triton to load;
 *  - every file is first written beside its target, and only when all are written are they renamed
 *    into place, so an interrupted render leaves the old repository as it was;
 *  - no path may leave the output directory, and the output may not overlap the template repository.
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
  /** With `edited`: the last render did not write this file at all (someone put it there). */
  foreign?: boolean;
}

/** A file the previous render wrote that this render does not produce. */
export interface PlannedRemoval {
  path: string;
  target: string;
  /** Different from what the last render wrote: someone edited it. */
  edited: boolean;
}

export interface WritePlan {
  outDir: string;
  files: PlannedFile[];
  removed: PlannedRemoval[];
  /** Every directory of the rendered tree ('/'-separated, relative), empty ones included. */
  directories: string[];
  /** Directories the previous render made that this one does not: removed if they end up empty. */
  staleDirectories: string[];
}

/** The output cannot be written at all (no option lifts it): an escaping path, a wrong --out. */
export class WriteRefused extends Error {}

interface Manifest {
  version: 1;
  files: Record<string, string>;
  directories?: string[];
}

/** The real path of `path`, whose tail may not exist yet (symbolic links of the existing part resolved). */
function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPathOf(parent), basename(abs));
  }
}

const within = (inner: string, outer: string) => {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
};

/**
 * Refuses an output directory that is, lies inside, or contains the template repository: the render would
 * overwrite the templates, or be read back as templates (one level deeper at every run).
 */
export function checkOutLocation(templateRoot: string, outDir: string): void {
  const repo = realPathOf(templateRoot);
  const out = realPathOf(outDir);
  if (out === repo)
    throw new WriteRefused(
      `refusing to render into ${outDir}: it is the template repository ${templateRoot} itself, whose templates the rendered files would replace; choose another --out`,
    );
  if (within(out, repo))
    throw new WriteRefused(
      `refusing to render into ${outDir}: it lies inside the template repository ${templateRoot}, which every later render would read back as templates; choose an --out outside it`,
    );
  if (within(repo, out))
    throw new WriteRefused(
      `refusing to render into ${outDir}: it contains the template repository ${templateRoot}; choose an --out that does not`,
    );
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
    return m && typeof m.files === 'object' && m.files !== null ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Entries of the output directory; undefined when it does not exist. */
async function entriesOf(outDir: string): Promise<string[] | undefined> {
  try {
    return await fsp.readdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new WriteRefused(`refusing to render into ${outDir}: it is a file, not a directory`);
    throw e;
  }
}

export interface PlanOptions {
  /** The template repository: the output may not overlap it. */
  templateRoot?: string;
  /** Directories of the rendered tree, empty ones included ('/'-separated, relative). */
  directories?: readonly string[];
}

/**
 * Compares what would be written with what is there. Throws WriteRefused for an escaping path, an output
 * that overlaps the templates, and a non-empty directory that no render manifest says we wrote.
 */
export async function planWrite(
  outDir: string,
  files: readonly { path: string; content: Buffer }[],
  options: PlanOptions = {},
): Promise<WritePlan> {
  if (options.templateRoot !== undefined) checkOutLocation(options.templateRoot, outDir);
  const entries = await entriesOf(outDir);
  const manifest = await readManifest(outDir);
  if (entries !== undefined && entries.length > 0 && manifest === undefined) {
    throw new WriteRefused(
      `refusing to render into ${outDir}: it is not a render output (it holds files and no ${MANIFEST}, so nothing says this command wrote them); choose a new or empty directory`,
    );
  }
  const planned: PlannedFile[] = [];
  for (const f of files) {
    const target = targetIn(outDir, f.path);
    const existing = await readOrUndefined(target);
    const status: FileStatus =
      existing === undefined ? 'new' : existing.equals(f.content) ? 'unchanged' : 'changed';
    const edited = status === 'changed' && manifest?.files[f.path] !== hash(existing!);
    const foreign = edited && manifest?.files[f.path] === undefined;
    planned.push({
      path: f.path,
      target,
      content: f.content,
      status,
      edited,
      ...(foreign ? { foreign } : {}),
    });
  }
  const produced = new Set(files.map((f) => f.path));
  const removed: PlannedRemoval[] = [];
  for (const [path, written] of Object.entries(manifest?.files ?? {})) {
    if (produced.has(path)) continue;
    const target = targetIn(outDir, path);
    const existing = await readOrUndefined(target);
    if (existing !== undefined) removed.push({ path, target, edited: hash(existing) !== written });
  }
  const directories = [
    ...new Set([...(options.directories ?? []), ...files.flatMap((f) => parents(f.path))]),
  ];
  for (const d of directories) targetIn(outDir, d);
  const keep = new Set(directories);
  const staleDirectories = [
    ...new Set([...(manifest?.directories ?? []), ...removed.flatMap((r) => parents(r.path))]),
  ].filter((d) => !keep.has(d));
  for (const d of staleDirectories) targetIn(outDir, d);
  return { outDir, files: planned, removed, directories: directories.sort(), staleDirectories };
}

/** What planRender needs of a render (the core's RenderResult). */
export interface RenderOutput {
  files: readonly { path: string; content: string }[];
  copies: readonly { path: string; from: string }[];
  directories: readonly string[];
}

/** Plans writing a render of `templateRoot` into `outDir`: the rendered configs, the copies, the directories. */
export async function planRender(
  templateRoot: string,
  outDir: string,
  render: RenderOutput,
): Promise<WritePlan> {
  const files = [
    ...render.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') })),
    ...(await Promise.all(
      render.copies.map(async (c) => ({ path: c.path, content: await fsp.readFile(c.from) })),
    )),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  return planWrite(outDir, files, { templateRoot, directories: render.directories });
}

/** 'a/b/c' -> ['a', 'a/b']. */
function parents(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The file operations applyPlan uses; tests replace them to interrupt a render. */
export interface WriteOps {
  mkdir(path: string): Promise<unknown>;
  writeFile(path: string, content: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes an empty directory; fails on one that is not empty. */
  rmdir(path: string): Promise<void>;
}

export const nodeWriteOps: WriteOps = {
  mkdir: (p) => fsp.mkdir(p, { recursive: true }),
  writeFile: (p, c) => fsp.writeFile(p, c),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  rmdir: (p) => fsp.rmdir(p),
};

/**
 * Writes every new or changed file (temp files first, then renames), makes every directory of the tree
 * (empty ones too: an empty version directory is a version to Triton), removes what the previous render
 * wrote and this one does not produce, then writes the manifest. Returns the files written.
 */
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
  for (const d of plan.directories) await ops.mkdir(targetIn(plan.outDir, d));
  for (const r of plan.removed) await ops.unlink(r.target).catch(ignoreMissing);
  // Deepest first, and only when empty: a directory still holding someone's file stays.
  for (const d of [...plan.staleDirectories].sort((a, b) => b.length - a.length))
    await ops.rmdir(targetIn(plan.outDir, d)).catch(() => undefined);
  const manifest: Manifest = { version: 1, files: {}, directories: plan.directories };
  for (const f of plan.files) manifest.files[f.path] = hash(f.content);
  const manifestPath = resolve(plan.outDir, MANIFEST);
  await ops.mkdir(plan.outDir);
  await ops.writeFile(tempOf(manifestPath), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  await ops.rename(tempOf(manifestPath), manifestPath);
  return pending.length;
}

function ignoreMissing(e: unknown): void {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
}
