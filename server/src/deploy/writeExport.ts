// Writes exported deployment files into a directory without losing anyone's work: a file that is not there,
// or that the export wrote and nobody edited since (its header's digest matches), is (re)written; any other
// file (edited by hand, or not ours) is refused unless forced, and then nothing at all is written. Each file
// is written to a temporary file beside it and renamed over it: a reader sees the old file or the new one.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readExportHeader } from './exportedFile';
import type { ExportedFile } from './exportedFile';

export type WriteOutcome =
  | { ok: true; written: string[]; unchanged: string[] }
  /** Files that would be overwritten and are not an unedited export: nothing was written. */
  | { ok: false; refused: { path: string; reason: string }[] };

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function writeExportFiles(
  outDir: string,
  files: readonly ExportedFile[],
  options: { force: boolean },
): Promise<WriteOutcome> {
  const out = resolve(outDir);
  const plan: { file: ExportedFile; target: string; same: boolean }[] = [];
  const refused: { path: string; reason: string }[] = [];
  for (const file of files) {
    const target = join(out, file.path);
    const current = await readOrUndefined(target);
    const same = current === file.text;
    if (current !== undefined && !same) {
      const header = readExportHeader(current);
      if (!header) refused.push({ path: target, reason: 'it was not written by an export' });
      else if (header.edited) refused.push({ path: target, reason: 'it was edited since it was exported' });
    }
    plan.push({ file, target, same });
  }
  if (refused.length > 0 && !options.force) return { ok: false, refused };
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { file, target, same } of plan) {
    if (same) {
      unchanged.push(target);
      continue;
    }
    await fsp.mkdir(dirname(target), { recursive: true });
    const temporary = join(
      dirname(target),
      `.${file.path.replace(/\//g, '_')}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      await fsp.writeFile(temporary, file.text, { flag: 'wx' });
      await fsp.rename(temporary, target);
    } catch (e) {
      await fsp.rm(temporary, { force: true });
      throw e;
    }
    written.push(target);
  }
  return { ok: true, written, unchanged };
}
