// What the VFS keeps per live inode: the kernel's lookup counts (an inode
// with no names is deleted only when the kernel forgets it), the content
// overlays of files being changed, and attribute composition from both.
import type { MetaStore } from '../meta/meta-store.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import { fsError } from './errors.js';
import { FileState } from './file-state.js';
import type { Attr, Timespec } from './attr.js';

export class InodeTable {
  private readonly lookups = new Map<number, number>();
  readonly files = new Map<number, FileState>();

  constructor(private readonly meta: MetaStore, private readonly chunks: ChunkStore) {}

  /** The kernel now holds one more reference to `ino`. */
  remember(ino: number): void {
    this.lookups.set(ino, (this.lookups.get(ino) ?? 0) + 1);
  }

  forget(ino: number, n: number): void {
    const left = (this.lookups.get(ino) ?? 0) - n;
    if (left > 0) {
      this.lookups.set(ino, left);
      return;
    }
    this.lookups.delete(ino);
    this.reapIfUnused(ino);
  }

  /** Deletes an inode that has no names and no kernel references. */
  reapIfUnused(ino: number): void {
    if (this.lookups.has(ino)) return;
    const row = this.meta.getInode(ino);
    if (row && row.nlink === 0) {
      this.meta.deleteInode(ino);
      this.files.delete(ino);
    } else {
      const f = this.files.get(ino);
      if (f) this.dropIdle(f);
    }
  }

  /** Drops a file's overlay once nothing needs it: no open descriptor, nothing uncommitted. */
  dropIdle(f: FileState): void {
    if (f.opens === 0 && !f.isDirty && this.files.get(f.ino) === f) this.files.delete(f.ino);
  }

  attr(ino: number): Attr {
    const r = this.meta.getInode(ino);
    if (!r) throw fsError('ENOENT', `inode ${ino} is gone`);
    const f = this.files.get(ino);
    if (!f) return r;
    return {
      ...r,
      size: f.size,
      mtime: f.mtime,
      ctime: later(f.ctime, r.ctime),
      blocks: Math.ceil(f.allocatedBytes(r.blocks * 512) / 512),
    };
  }

  /** The overlay of a regular file, created on first use. */
  file(ino: number): FileState {
    let f = this.files.get(ino);
    if (!f) {
      const r = this.meta.getInode(ino);
      if (!r) throw fsError('ENOENT', `inode ${ino} is gone`);
      f = new FileState(ino, r.size, r.mtime, r.ctime, this.meta, this.chunks);
      this.files.set(ino, f);
    }
    return f;
  }

  /** Records a ctime change made in the database on the overlay too. */
  touched(ino: number, time: Timespec): void {
    const f = this.files.get(ino);
    if (f) f.ctime = later(f.ctime, time);
  }

  /** Chunk hashes held by overlays but not yet committed (gc must keep them). */
  pinnedHashes(): Set<string> {
    const out = new Set<string>();
    for (const f of this.files.values()) {
      for (const b of f.blocks.values()) if (b.sealed) out.add(b.sealed.hash.toString('hex'));
    }
    return out;
  }
}

const later = (a: Timespec, b: Timespec): Timespec =>
  a.sec > b.sec || (a.sec === b.sec && a.nsec >= b.nsec) ? a : b;
