import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { FileSystem } from '../core/check/fileSystem';

/**
 * The core's FileSystem over Node's file system. The calls are synchronous behind the async interface:
 * a repository check makes thousands of tiny local reads, and each asynchronous call costs a round trip
 * through libuv's thread pool that is far more than the read itself.
 */
export const nodeFileSystem: FileSystem = {
  stat(path) {
    try {
      return Promise.resolve(statSync(path).isDirectory() ? 'directory' : 'file');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return Promise.resolve('missing');
      return Promise.reject(e as Error);
    }
  },
  readDirectory(path) {
    try {
      const entries = readdirSync(path, { withFileTypes: true });
      return Promise.resolve(
        entries.map((e) => ({
          name: e.name,
          kind: e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
        })),
      );
    } catch (e) {
      return Promise.reject(e as Error);
    }
  },
  readFile(path) {
    try {
      return Promise.resolve(readFileSync(path, 'utf8'));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  },
};
