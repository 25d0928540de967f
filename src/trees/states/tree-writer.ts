// What /states needs of the VFS to publish results: whole files and
// directories that appear complete or not at all (built under a hidden name,
// committed, then renamed into place).
import type { Caller } from '../../vfs/vfs.js';

export interface TreeWriter {
  mkdir(parent: number, name: Buffer, caller: Caller): number;
  /** Writes `content` as `name` in `parent`, replacing any file of that name in one rename. */
  replaceFile(parent: number, name: Buffer, content: Buffer, caller: Caller): Promise<void>;
  /** Creates directory `name` holding `files`; EEXIST when the name is taken. */
  publishDir(parent: number, name: Buffer, files: Record<string, Uint8Array>, caller: Caller): Promise<void>;
  /** Removes file `name` from `parent` if it is there. */
  remove(parent: number, name: Buffer): void;
  /** The inode at an absolute path inside the mount, if any. */
  lookupPath(path: string): number | undefined;
  /** A regular file's current content. */
  readFile(ino: number): Promise<Buffer>;
}
