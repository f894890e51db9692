// The render output as a symbolic link to a complete, versioned directory, switched in by rename(2): a
// reader of `<out>` sees the old render or the new one, never a mix, whenever it looks, and a kill -9 at
// any point leaves one of the two (Kubernetes' atomic writer swaps its `..data` link the same way).
//
//   <out>                      -> .<out>.triton-repo/r-<ms>-<hex>   (relative symbolic link; Windows: a junction)
//   .<out>.triton-repo/
//     r-<ms>-<hex>/            the current render, complete (its manifest inside); never written once linked
//     staging-<pid>-<hex>/     a render being written
//     link-<pid>-<hex>         the new link, made before it replaces <out>
//     switch.json              journal of a switch that passes through "no <out>" (a plain directory moved
//                              aside, Windows' junction replaced): the next run finishes it
//     legacy-<ms>-<hex>/       a plain <out> (an older render's directory) moved aside by that switch
//
// Everything in the store but the linked version is a leftover of a killed run once that run is dead:
// recoverOut() removes it (or finishes a journalled switch) and says so.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { faultPoint } from './faultPoint';

/** The output cannot be written at all (no option lifts it): an escaping path, a wrong --out. */
export class WriteRefused extends Error {}

/** The hidden directory beside `out` that holds its versions. */
export function storeOf(out: string): string {
  const abs = resolve(out);
  return join(dirname(abs), `.${basename(abs)}.triton-repo`);
}

export type OutState =
  | { kind: 'missing' }
  /** Our link; `current` is the version directory it names. */
  | { kind: 'linked'; current: string }
  /** A plain directory: empty, an older render's (written in place), or someone's. */
  | { kind: 'directory'; empty: boolean };

async function lstatOrUndefined(path: string) {
  try {
    return await fsp.lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** What `out` is now. A link or file that no render made is refused. */
export async function outState(out: string): Promise<OutState> {
  const abs = resolve(out);
  const st = await lstatOrUndefined(abs);
  if (!st) return { kind: 'missing' };
  if (st.isSymbolicLink()) {
    const target = resolve(dirname(abs), await fsp.readlink(abs));
    if (dirname(target) === storeOf(abs) && basename(target).startsWith('r-'))
      return { kind: 'linked', current: target };
    throw new WriteRefused(
      `refusing to render into ${out}: it is a symbolic link to ${target}, which no render made; give that directory as --out`,
    );
  }
  if (st.isDirectory()) return { kind: 'directory', empty: (await fsp.readdir(abs)).length === 0 };
  throw new WriteRefused(`refusing to render into ${out}: it is a file, not a directory`);
}

const hex = () => randomBytes(4).toString('hex');
/** Sorts by time: the name says when the version was made. */
export const versionName = () => `r-${String(Date.now()).padStart(13, '0')}-${hex()}`;
export const stagingName = () => `staging-${process.pid}-${hex()}`;
export const SWITCH_JOURNAL = 'switch.json';
const JOURNAL = SWITCH_JOURNAL;

interface Journal {
  /** The version being switched in. */
  to: string;
  /** Where a plain directory at <out> goes. */
  aside: string;
}

/** Another process with this id runs (so what it names in a staging directory is still being written). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function makeLink(out: string, version: string, at: string): Promise<void> {
  // A junction needs no privilege on Windows (a symbolic link does) and takes an absolute target.
  if (process.platform === 'win32') await fsp.symlink(version, at, 'junction');
  else await fsp.symlink(relative(dirname(resolve(out)), version), at);
}

/**
 * Makes `out` name `version` (a complete directory in the store). One rename when `out` is missing or
 * already our link (POSIX: atomic). A plain directory cannot be replaced by a rename: it is moved aside
 * first, under a journal, so a run killed between the two steps is finished by the next one; a reader
 * meanwhile finds no `out` (old, nothing, new: never a mix). The same on Windows, where a rename does not
 * replace a junction.
 */
export async function switchTo(out: string, version: string): Promise<void> {
  const abs = resolve(out);
  const store = storeOf(abs);
  const link = join(store, `link-${process.pid}-${hex()}`);
  await makeLink(abs, version, link);
  faultPoint('render:linked');
  const st = await lstatOrUndefined(abs);
  const atomic = st === undefined || (st.isSymbolicLink() && process.platform !== 'win32');
  if (atomic) {
    await fsp.rename(link, abs);
  } else {
    const journal: Journal = {
      to: basename(version),
      aside: `legacy-${String(Date.now()).padStart(13, '0')}-${hex()}`,
    };
    await fsp.writeFile(join(store, JOURNAL), JSON.stringify(journal) + '\n');
    faultPoint('render:journalled');
    if (st.isSymbolicLink()) await fsp.unlink(abs);
    else await fsp.rename(abs, join(store, journal.aside));
    faultPoint('render:moved-aside');
    await fsp.rename(link, abs);
    await fsp.unlink(join(store, JOURNAL));
  }
  faultPoint('render:switched');
}

/** Removes every entry of the store but `keep` (the version linked now) and what live runs are writing. */
async function sweep(store: string, keep: string | undefined, say?: (line: string) => void): Promise<void> {
  let entries: string[];
  try {
    entries = await fsp.readdir(store);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const name of entries) {
    if (name === keep || ownedByLiveRun(name)) continue;
    await fsp.rm(join(store, name), { recursive: true, force: true });
    say?.(`removed ${join(store, name)}: ${leftoverKind(name)}`);
  }
  if (keep === undefined) await fsp.rmdir(store).catch(() => undefined);
}

function ownedByLiveRun(name: string): boolean {
  const m = /^(?:staging|link)-(\d+)-/.exec(name);
  return m !== null && processAlive(Number(m[1]));
}

function leftoverKind(name: string): string {
  if (name.startsWith('staging-')) return 'an unfinished render a killed run left';
  if (name.startsWith('link-')) return 'a link a killed run had not switched in';
  if (name.startsWith('legacy-')) return 'the plain directory a finished switch had moved aside';
  if (name.startsWith('r-'))
    return 'a render that is not the linked one (a killed run switched it in or out)';
  return 'not part of the render';
}

/** After a successful switch: the previous version, the directory moved aside. */
export async function removeOldVersions(out: string, current: string): Promise<void> {
  await sweep(storeOf(out), basename(current));
}

/** Old in-place renders staged files as `<file>.triton-repo-tmp-<pid>` inside the model directories. */
export const OLD_TEMP = /\.triton-repo-tmp-\d+$/;

async function oldTempFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) found.push(...(await oldTempFiles(path)));
    else if (e.isFile() && OLD_TEMP.test(e.name)) found.push(path);
  }
  return found;
}

/**
 * Finds what a killed run on `out` left and finishes or removes it, one line per thing through `say`:
 * a journalled switch is finished; unfinished renders, unused links, versions that are not linked and
 * directories moved aside are removed; temporary files an older in-place render left inside a render
 * output (`manifest` names the file that says it is one) are removed. Refuses while another live run
 * writes `out`. The linked version is never touched.
 */
export async function recoverOut(out: string, manifest: string, say: (line: string) => void): Promise<void> {
  const abs = resolve(out);
  const store = storeOf(abs);
  let entries: string[] = [];
  try {
    entries = await fsp.readdir(store);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR')
      throw e;
  }
  for (const name of entries) {
    const m = /^(?:staging|link)-(\d+)-/.exec(name);
    if (m && processAlive(Number(m[1])))
      throw new WriteRefused(
        `refusing to render into ${out}: another triton-repo (pid ${m[1]}) is writing it (${join(store, name)}); let it finish`,
      );
  }
  let state = await outState(abs);
  if (entries.includes(JOURNAL)) {
    const journal = await fsp
      .readFile(join(store, JOURNAL), 'utf8')
      .then((t) => JSON.parse(t) as Journal)
      .catch(() => undefined);
    const to = journal && join(store, journal.to);
    const done = state.kind === 'linked' && state.current === to;
    if (journal && to && !done && (await lstatOrUndefined(to))?.isDirectory()) {
      if (state.kind === 'directory') await fsp.rename(abs, join(store, journal.aside));
      else if (state.kind === 'linked') await fsp.unlink(abs);
      const link = join(store, `link-${process.pid}-${hex()}`);
      await makeLink(abs, to, link);
      await fsp.rename(link, abs);
      say(`finished switching ${out} to ${to}, the complete render a killed run was switching in`);
    } else if (
      journal &&
      !done &&
      state.kind === 'missing' &&
      (await lstatOrUndefined(join(store, journal.aside)))
    ) {
      // The new version is gone: put the directory moved aside back, as it was.
      await fsp.rename(join(store, journal.aside), abs);
      say(`put ${out} back as it was: the switch a killed run started has no complete render to finish with`);
    }
    await fsp.unlink(join(store, JOURNAL));
    state = await outState(abs);
  }
  await sweep(store, state.kind === 'linked' ? basename(state.current) : undefined, say);
  if (state.kind === 'directory' && !state.empty && (await lstatOrUndefined(join(abs, manifest)))) {
    const temps = await oldTempFiles(abs);
    for (const t of temps) await fsp.rm(t, { force: true });
    if (temps.length > 0)
      say(
        `removed ${temps.length} temporary ${temps.length === 1 ? 'file' : 'files'} an interrupted render left inside ${out} (${basename(temps[0]!)}${temps.length > 1 ? ', ...' : ''})`,
      );
  }
}
