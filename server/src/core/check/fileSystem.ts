/**
 * File access the core needs, injected by its host (the CLI passes Node's file system, the language
 * server the editor's view of the workspace). Paths use '/' separators.
 */
export interface FileSystem {
  /** 'missing' when nothing is there; an error is thrown only for real I/O failures. */
  stat(path: string): Promise<'file' | 'directory' | 'missing'>;
  /** Names of the entries of a directory with their kinds. */
  readDirectory(path: string): Promise<{ name: string; kind: 'file' | 'directory' | 'other' }[]>;
  readFile(path: string): Promise<string>;
  /**
   * Up to `length` bytes of a binary file from `position` (fewer at its end), and the file's size.
   * Model files can be gigabytes: callers read the ranges they need, never the whole file.
   */
  readBytes(path: string, position: number, length: number): Promise<{ bytes: Uint8Array; size: number }>;
}

export function joinPath(dir: string, name: string): string {
  if (dir === '' || dir === '.') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
