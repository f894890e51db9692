import { promises as fsp } from 'node:fs';
import type { FileSystem } from '../core/check/fileSystem';

/** The core's FileSystem over Node's file system, for the command line. */
export const nodeFileSystem: FileSystem = {
  async stat(path) {
    try {
      const s = await fsp.stat(path);
      return s.isDirectory() ? 'directory' : 'file';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return 'missing';
      }
      throw e;
    }
  },
  async readDirectory(path) {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({
      name: e.name,
      kind: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
    }));
  },
  async readFile(path) {
    return fsp.readFile(path, 'utf8');
  },
};
