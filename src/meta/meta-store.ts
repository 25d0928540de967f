// The metadata contract the VFS relies on. SQLite implements it today; a
// shared engine (PostgreSQL) for multi-host mounts would implement the same.
import type { Timespec } from '../vfs/attr.js';

export interface InodeRow {
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  size: number;
  rdev: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** Number of 512-byte blocks of stored (non-hole) data. */
  blocks: number;
}

export interface NewInode {
  mode: number;
  uid: number;
  gid: number;
  rdev: number;
  nlink: number;
  time: Timespec;
  target?: Buffer;
}

export interface DirEntry {
  name: Buffer;
  ino: number;
  mode: number;
}

/** Where a chunk's bytes live in the local segment files. */
export interface ChunkRef {
  hash: Buffer;
  segment: number;
  offset: number;
  storedLen: number;
  rawLen: number;
  codec: number;
  /** For a slice (codec 2): the hash of the blob whose decoded bytes hold this chunk at `offset`. */
  base?: Buffer | null;
}

/**
 * A copy of a chunk record (header and payload) appended to a segment that
 * is not synced yet; a commit carries it in its transaction (see
 * ChunkStore.takeJournal). `offset` is the payload's, as in ChunkRef.
 */
export interface JournalRecord {
  hash: Buffer;
  segment: number;
  offset: number;
  record: Buffer;
}

/** A file's block: the chunk that holds bytes [idx*B, idx*B + rawLen). */
export interface BlockRow {
  idx: number;
  hash: Buffer;
  rawLen: number;
}

export interface AttrChange {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: Timespec;
  mtime?: Timespec;
  ctime?: Timespec;
}

/** One file's content commit: new blocks, blocks dropped, new size and times. */
export interface ContentCommit {
  ino: number;
  size: number;
  mtime: Timespec;
  ctime: Timespec;
  /** Blocks at or above this index that are not in `blocks` are removed. */
  dropFrom: number;
  blocks: { idx: number; chunk: ChunkRef }[];
  /** The file's circuit index row; null removes it, undefined leaves it. */
  circuit?: CircuitRow | null;
  /** Record the content as a new version when it changed, keeping this many. */
  keepVersions?: number;
}

export interface VersionRow {
  ino: number;
  version: number;
  size: number;
  mtime: Timespec;
  sha256: string | null;
}

/** What the circuit index holds for one file. */
export interface CircuitRow {
  ino: number;
  format: string | null;
  valid: boolean;
  error: string | null;
  sha256: string;
  qubits: number | null;
  clbits: number | null;
  gates: number | null;
  twoQubit: number | null;
  measure: number | null;
  depth: number | null;
  metrics: string | null;
  indexedAt: number;
}

/** renameat2(2) flags, as the kernel passes them. */
export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;

export interface MetaStore {
  readonly blockSize: number;
  getInode(ino: number): InodeRow | undefined;
  lookup(parent: number, name: Buffer): number | undefined;
  listDir(parent: number): DirEntry[];
  parentOf(dir: number): number | undefined;
  readlink(ino: number): Buffer | undefined;
  createNode(parent: number, name: Buffer, node: NewInode): number;
  link(ino: number, parent: number, name: Buffer, time: Timespec): void;
  unlink(parent: number, name: Buffer, time: Timespec): number;
  rename(parent: number, name: Buffer, newParent: number, newName: Buffer, flags: number, time: Timespec): void;
  setAttr(ino: number, change: AttrChange): void;
  deleteInode(ino: number): void;
  orphans(): number[];

  getXattr(ino: number, name: Buffer): Buffer | undefined;
  listXattrs(ino: number): Buffer[];
  /** Whether any inode has an xattr of this name. */
  anyXattrNamed(name: Buffer): boolean;
  setXattr(ino: number, name: Buffer, value: Buffer, flags: number, time: Timespec): void;
  removeXattr(ino: number, name: Buffer, time: Timespec): void;

  getBlock(ino: number, idx: number): BlockRow | undefined;
  blocksFrom(ino: number, fromIdx: number, toIdx: number): BlockRow[];
  findChunk(hash: Buffer): ChunkRef | undefined;
  /**
   * Applies content commits in one transaction, with copies of the records
   * they point at whose segments are not synced yet.
   */
  commitContent(commits: ContentCommit[], journal?: readonly JournalRecord[]): void;
  /** The newest journal row, 0 when there is none. */
  journalMark(): number;
  /** Drops the journal rows up to `mark`: a sync started after journalMark() covers them. */
  dropJournal(mark: number): void;
  /** Every journal row, oldest first. */
  journalRecords(): JournalRecord[];
  getCircuit(ino: number): CircuitRow | undefined;
  listVersions(ino: number): VersionRow[];
  getVersion(ino: number, version: number): VersionRow | undefined;
  versionBlock(ino: number, version: number, idx: number): BlockRow | undefined;
  /** One name of an inode and the directory holding it. */
  nameOf(ino: number): { parent: number; name: Buffer } | undefined;
  /**
   * Runs `read` as one read transaction: its lookups see one state of the
   * metadata, and many small ones cost less than each on its own.
   */
  snapshot<T>(read: () => T): T;

  stats(): FsStats;
  close(): void;
}

export interface FsStats {
  inodes: number;
  logicalBytes: number;
  storedBytes: number;
  chunks: number;
}
