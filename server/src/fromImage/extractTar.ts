// Safe extraction of a tar stream (what Docker's archive endpoint sends) into an empty directory. The
// archive comes from an image the user named, which we do not trust: no entry may land outside the
// directory (absolute names, `..`, links pointing out), device files and FIFOs are skipped, and the total
// size and number of entries are capped so that a wrong path (a whole /usr) cannot fill the disk.
import { createWriteStream, promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';

/** Templates are kilobytes; the whole all_models of a release is a few megabytes. */
export const DEFAULT_LIMITS = { maxBytes: 64 * 1024 * 1024, maxEntries: 20_000 };

export class UnsafeArchive extends Error {}

export interface ExtractResult {
  /** Regular files written (hard links included), relative, '/'-separated, sorted. */
  files: string[];
  /** Entries left out, with why (device files, links pointing outside). */
  skipped: string[];
  bytes: number;
}

/** The entry's name relative to the root, or undefined for the root itself; throws when it would escape. */
export function safeName(name: string): string | undefined {
  if (name.includes('\0')) throw new UnsafeArchive(`an entry name holds a NUL byte`);
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\'))
    throw new UnsafeArchive(`entry "${name}" has an absolute or non-POSIX name`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UnsafeArchive(`entry "${name}" climbs out with ".."`);
  return parts.length === 0 ? undefined : parts.join('/');
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}

/**
 * Extracts `stream` into `dir` (which must exist and be empty). Symbolic links are created last, only when
 * their target stays inside `dir`, so no file is ever written through one. Rejects with UnsafeArchive on
 * a hostile or oversized archive; `dir` is then left partly written for the caller to remove.
 */
export async function extractTar(
  stream: NodeJS.ReadableStream,
  dir: string,
  limits: { maxBytes: number; maxEntries: number } = DEFAULT_LIMITS,
): Promise<ExtractResult> {
  const root = resolve(dir);
  const files: string[] = [];
  const skipped: string[] = [];
  const links: { name: string; target: string }[] = [];
  let bytes = 0;
  let entries = 0;
  const extract = tar.extract();

  extract.on('entry', (header, body, next) => {
    const done = (e?: unknown) => (e ? extract.destroy(e as Error) : next());
    const handle = async (): Promise<void> => {
      if (++entries > limits.maxEntries)
        throw new UnsafeArchive(`more than ${limits.maxEntries} entries: this is not a template directory`);
      const name = safeName(header.name);
      const target = name === undefined ? root : join(root, ...name.split('/'));
      if (name !== undefined && !inside(root, target))
        throw new UnsafeArchive(`entry "${header.name}" escapes`);
      switch (header.type) {
        case 'directory':
          await fsp.mkdir(target, { recursive: true, mode: 0o755 });
          body.resume();
          return;
        case 'file':
        case 'contiguous-file': {
          if (name === undefined) throw new UnsafeArchive('a file entry names the root');
          bytes += header.size ?? 0;
          if (bytes > limits.maxBytes)
            throw new UnsafeArchive(
              `more than ${limits.maxBytes / 1024 / 1024} MiB: this is not a template directory`,
            );
          await fsp.mkdir(dirname(target), { recursive: true });
          // Keep the executable bit (model.py files are not, scripts may be); never set-id bits.
          const mode = (header.mode ?? 0o644) & 0o111 ? 0o755 : 0o644;
          await pipeline(body as Readable, createWriteStream(target, { flags: 'wx', mode }));
          files.push(name);
          return;
        }
        case 'link': {
          // A hard link repeats an earlier entry of the archive: copy that file.
          let from: string | undefined;
          try {
            from = safeName(header.linkname ?? '');
          } catch {
            from = undefined; // pointing outside: skipped below, like a symbolic link
          }
          if (name === undefined || from === undefined || !files.includes(from)) {
            skipped.push(`${header.name} (hard link to ${header.linkname ?? '?'}, not in the archive)`);
          } else {
            await fsp.mkdir(dirname(target), { recursive: true });
            await fsp.copyFile(join(root, ...from.split('/')), target);
            files.push(name);
          }
          body.resume();
          return;
        }
        case 'symlink': {
          const linkTarget = header.linkname ?? '';
          const resolved = isAbsolute(linkTarget) ? linkTarget : resolve(dirname(target), linkTarget);
          if (name === undefined || isAbsolute(linkTarget) || !inside(root, resolved)) {
            skipped.push(`${header.name} (symbolic link to ${linkTarget}, outside the copied directory)`);
          } else {
            links.push({ name, target: linkTarget });
          }
          body.resume();
          return;
        }
        default:
          // Devices, FIFOs, PAX and GNU headers tar-stream did not fold in: nothing a template needs.
          if (header.type !== 'pax-header' && header.type !== 'pax-global-header')
            skipped.push(`${header.name} (${header.type})`);
          body.resume();
      }
    };
    handle().then(() => done(), done);
  });

  await pipeline(stream as Readable, extract);
  for (const l of links) {
    const at = join(root, ...l.name.split('/'));
    await fsp.mkdir(dirname(at), { recursive: true });
    try {
      await fsp.symlink(l.target, at);
    } catch {
      skipped.push(`${l.name} (symbolic link over an existing entry)`);
    }
  }
  return { files: files.sort(), skipped, bytes };
}

/** Every regular file under `dir`, relative and '/'-separated (symbolic links are not followed). */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), `${prefix}${e.name}/`)));
    else if (e.isFile()) out.push(prefix + e.name);
  }
  return out.sort();
}
