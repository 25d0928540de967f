// Read-only directories computed on demand (/circuits/.versions, .search):
// what the VFS asks of them. Their inode numbers lie far above SQLite rowids.
import type { Attr } from '../vfs/attr.js';

export const VIRTUAL_BASE = 2 ** 50;
export const isVirtual = (ino: number): boolean => ino >= VIRTUAL_BASE;

export interface VirtualEntry { name: Buffer; ino: number; mode: number }

export interface VirtualTree {
  /** Whether this tree owns a virtual inode number. */
  owns(ino: number): boolean;
  lookup(parent: number, name: Buffer): Attr;
  getattr(ino: number): Attr;
  /** Directory entries, "." and ".." first. */
  list(ino: number): VirtualEntry[];
  read(ino: number, off: number, len: number): Promise<Buffer>;
  readlink(ino: number): Buffer;
  isFile(ino: number): boolean;
}
