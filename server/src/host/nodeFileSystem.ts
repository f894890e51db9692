import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
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
  readBytes(path, position, length) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const size = fstatSync(fd).size;
      const bytes = new Uint8Array(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < bytes.length) {
        const n = readSync(fd, bytes, done, bytes.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return Promise.resolve({ bytes: done === bytes.length ? bytes : bytes.subarray(0, done), size });
    } catch (e) {
      return Promise.reject(e as Error);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};
