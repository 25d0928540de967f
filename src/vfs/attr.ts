// Inode attributes as the VFS hands them to the adapter, and mode helpers.
import { constants } from 'node:fs';

export const S_IFMT = constants.S_IFMT;
export const S_IFREG = constants.S_IFREG;
export const S_IFDIR = constants.S_IFDIR;
export const S_IFLNK = constants.S_IFLNK;
export const S_IFIFO = constants.S_IFIFO;
export const S_IFCHR = constants.S_IFCHR;
export const S_IFBLK = constants.S_IFBLK;
export const S_IFSOCK = constants.S_IFSOCK;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

/** A point in time with nanosecond precision. */
export interface Timespec {
  sec: number;
  nsec: number;
}

export interface Attr {
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  /** 512-byte blocks actually allocated (holes excluded). */
  blocks: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
}

export const isDir = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;
export const isReg = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;

/** Wall-clock now with nanoseconds (Date has only milliseconds). */
export function now(): Timespec {
  const ns = process.hrtime.bigint() - hrtimeBase + epochBaseNs;
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}

const epochBaseNs = BigInt(Date.now()) * 1_000_000n;
const hrtimeBase = process.hrtime.bigint();
