// Operation codes of the native binding (native/src/qfs_native.h, enum qfs_op).
export const Op = {
  EXIT: 0, LOOKUP: 1, FORGET: 2, GETATTR: 3, SETATTR: 4, READLINK: 5, MKNOD: 6, MKDIR: 7,
  UNLINK: 8, RMDIR: 9, SYMLINK: 10, RENAME: 11, LINK: 12, OPEN: 13, READ: 14, WRITE: 15,
  FLUSH: 16, RELEASE: 17, FSYNC: 18, OPENDIR: 19, READDIR: 20, RELEASEDIR: 21, FSYNCDIR: 22,
  STATFS: 23, SETXATTR: 24, GETXATTR: 25, LISTXATTR: 26, REMOVEXATTR: 27, ACCESS: 28,
  CREATE: 29, FALLOCATE: 30, READDIRPLUS: 31, COPY_FILE_RANGE: 32, LSEEK: 33,
} as const;

export const OP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Op).map(([k, v]) => [v, k.toLowerCase()]),
);

/** fuse_lowlevel.h FUSE_SET_ATTR_* bits. */
export const SetAttr = {
  MODE: 1 << 0, UID: 1 << 1, GID: 1 << 2, SIZE: 1 << 3, ATIME: 1 << 4, MTIME: 1 << 5,
  ATIME_NOW: 1 << 7, MTIME_NOW: 1 << 8,
} as const;

/** Open-reply flags understood by the binding's replyOpen/replyCreate. */
export const OpenFlag = { DIRECT_IO: 1, KEEP_CACHE: 2, NONSEEKABLE: 4, CACHE_DIR: 8, NOFLUSH: 16 } as const;

/** Float64Array layout of an attribute vector (qfs_native.h A_*). */
export const ATTR_LEN = 15;
