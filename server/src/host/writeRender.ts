import { RENDER_MANIFEST } from '../core/templates/repositoryValues';
import { createHash } from 'node:crypto';
import { promises as fsp, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { faultPoint } from './faultPoint';
import {
  OLD_TEMP,
  SWITCH_JOURNAL,
  WriteRefused,
  outState,
  recoverOut,
  removeOldVersions,
  stagingName,
  storeOf,
  switchTo,
  versionName,
} from './versionedOut';

export { WriteRefused };

/**
 * Writes a rendered repository into an output directory without losing anyone's work:
 *  - a manifest of content hashes (MANIFEST) remembers what the previous render wrote, so a file
 *    that differs from it was edited by someone and is only overwritten with consent; a non-empty
 *    directory without a manifest is not a render output and is never written into;
 *  - what the previous render wrote and this one no longer produces is removed (with consent if edited),
 *    so a model taken out of the templates does not stay behind for Triton to load; what no render wrote
 *    (someone's own files, links to engines) is kept;
 *  - the whole result is written into a new version directory beside the output and switched in by
 *    renaming a symbolic link over it (versionedOut.ts): a reader sees the old repository or the new one,
 *    and a kill -9 anywhere leaves one of them, which the next run finds and cleans up after;
 *  - no path may leave the output directory, and the output may not overlap the template repository.
 */
/** The manifest's file name: core/templates/repositoryValues.ts reads it too (a render output is read as Triton reads it). */
export const MANIFEST = RENDER_MANIFEST;

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

/** Something in the current output that no render wrote (someone's file, a link to an engine): kept. */
export interface KeptEntry {
  path: string;
  kind: 'file' | 'directory' | 'symlink';
}

export interface WritePlan {
  outDir: string;
  /** The directory the output is read from now: the linked version, a plain directory, or none. */
  current: string | undefined;
  /** The output is an older render's plain directory, which becomes a link. */
  migrating: boolean;
  files: PlannedFile[];
  removed: PlannedRemoval[];
  kept: KeptEntry[];
  /** Every directory of the rendered tree ('/'-separated, relative), empty ones included. */
  directories: string[];
  /** Directories the previous render made that this one does not: removed if they end up empty. */
  staleDirectories: string[];
}

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

export interface PlanOptions {
  /** The template repository: the output may not overlap it. */
  templateRoot?: string;
  /** Directories of the rendered tree, empty ones included ('/'-separated, relative). */
  directories?: readonly string[];
}

/** Every entry under `dir`, relative and '/'-separated, with its kind (links not followed). */
async function walk(dir: string, prefix = ''): Promise<KeptEntry[]> {
  const out: KeptEntry[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const path = prefix + e.name;
    if (e.isDirectory())
      out.push({ path, kind: 'directory' }, ...(await walk(join(dir, e.name), path + '/')));
    else if (e.isSymbolicLink()) out.push({ path, kind: 'symlink' });
    else if (e.isFile()) out.push({ path, kind: 'file' });
  }
  return out;
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
  const state = await outState(outDir);
  const current =
    state.kind === 'linked' ? state.current : state.kind === 'directory' ? resolve(outDir) : undefined;
  const entries = current === undefined ? [] : await fsp.readdir(current);
  const manifest = current === undefined ? undefined : await readManifest(current);
  if (entries.length > 0 && manifest === undefined) {
    throw new WriteRefused(
      `refusing to render into ${outDir}: it is not a render output (it holds files and no ${MANIFEST}, so nothing says this command wrote them); choose a new or empty directory`,
    );
  }
  const existingOf = (path: string) =>
    current === undefined ? Promise.resolve(undefined) : readOrUndefined(targetIn(current, path));
  const planned: PlannedFile[] = [];
  for (const f of files) {
    const target = targetIn(outDir, f.path);
    const existing = await existingOf(f.path);
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
    const existing = await existingOf(path);
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
  // What no render wrote goes into the new version too: a render replaces its own files only.
  const ours = new Set([...produced, ...Object.keys(manifest?.files ?? {}), ...keep, ...staleDirectories]);
  const kept =
    current === undefined
      ? []
      : (await walk(current)).filter(
          (e) => e.path !== MANIFEST && !ours.has(e.path) && !OLD_TEMP.test(e.path),
        );
  return {
    outDir,
    current,
    migrating: state.kind === 'directory' && !state.empty,
    files: planned,
    removed,
    kept,
    directories: directories.sort(),
    staleDirectories,
  };
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
}

export const nodeWriteOps: WriteOps = {
  mkdir: (p) => fsp.mkdir(p, { recursive: true }),
  // 'wx': a version directory is new; nothing in it is ever written twice.
  writeFile: (p, c) => fsp.writeFile(p, c, { flag: 'wx' }),
  rename: (a, b) => fsp.rename(a, b),
};

/** Finds and cleans up what a killed render into `outDir` left; one line per thing through `say`. */
export function recoverRender(outDir: string, say: (line: string) => void): Promise<void> {
  return recoverOut(outDir, MANIFEST, say);
}

/** A kept file in the new version: a hard link to the current one (an engine is not copied), else a copy. */
async function keepEntry(from: string, to: string, kind: KeptEntry['kind']): Promise<void> {
  if (kind === 'directory') await fsp.mkdir(to, { recursive: true });
  else if (kind === 'symlink') await fsp.symlink(await fsp.readlink(from), to);
  else await fsp.link(from, to).catch(() => fsp.copyFile(from, to));
}

/**
 * Writes the whole result into a new version directory beside the output: every file (unchanged ones
 * too), every directory of the tree (empty ones too: an empty version directory is a version to Triton),
 * what no render wrote, and the manifest; then switches the output to it and removes the previous
 * version. Stale files and directories are simply not in the new version. Returns the files written new
 * or changed. Fault points (TRITON_REPO_TEST_KILL_AT): render:writing (half the files staged),
 * render:staged, render:versioned, then versionedOut's render:linked, render:journalled,
 * render:moved-aside, render:switched.
 */
export async function applyPlan(plan: WritePlan, ops: WriteOps = nodeWriteOps): Promise<number> {
  const store = storeOf(plan.outDir);
  await ops.mkdir(store);
  const staging = join(store, stagingName());
  const version = join(store, versionName());
  try {
    await ops.mkdir(staging);
    for (const d of plan.directories) await ops.mkdir(targetIn(staging, d));
    for (const [i, f] of plan.files.entries()) {
      const target = targetIn(staging, f.path);
      await ops.mkdir(dirname(target));
      await ops.writeFile(target, f.content);
      if (i === Math.floor(plan.files.length / 2)) faultPoint('render:writing');
    }
    for (const k of plan.kept) {
      const target = targetIn(staging, k.path);
      await ops.mkdir(dirname(target));
      await keepEntry(join(plan.current!, k.path), target, k.kind);
    }
    const manifest: Manifest = { version: 1, files: {}, directories: plan.directories };
    for (const f of plan.files) manifest.files[f.path] = hash(f.content);
    await ops.writeFile(join(staging, MANIFEST), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    faultPoint('render:staged');
    await ops.rename(staging, version);
    faultPoint('render:versioned');
    await switchTo(plan.outDir, version);
  } catch (e) {
    // Not switched in: the output is as it was, unless a journalled switch stopped half-way (then the
    // version and the directory moved aside stay for the next run, which finishes the switch).
    const linked = await outState(plan.outDir).catch(() => undefined);
    const switching = await fsp.lstat(join(store, SWITCH_JOURNAL)).then(
      () => true,
      () => false,
    );
    if (!switching && !(linked?.kind === 'linked' && linked.current === version))
      for (const d of [staging, version]) await fsp.rm(d, { recursive: true, force: true });
    throw e;
  }
  await removeOldVersions(plan.outDir, version);
  return plan.files.filter((f) => f.status !== 'unchanged').length;
}
