// The in-memory state of a file whose content is being changed: blocks
// written since the last commit, the current size and times. Reads see this
// overlay over the committed blocks; the committer turns it into a metadata
// commit once its chunks are durable.
//
// A block object is never mutated once sealing has started: a later write
// copies it (copy-on-write), so a chunk's bytes are fixed while it is hashed,
// compressed and appended.
import type { ChunkRef, MetaStore } from '../meta/meta-store.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import { now, type Timespec } from './attr.js';
import { readRange, type BlockSource } from '../blob/read-range.js';

export interface DirtyBlock {
  /** Bytes [0, len) of the block; bytes past len up to the file size read as zeros. */
  buf: Buffer;
  len: number;
  sealing?: Promise<void>;
  sealed?: ChunkRef;
}

const NO_TRUNC = Number.MAX_SAFE_INTEGER;

/** Renames and version closes a commit saw pending when it began (FileState.pendingRequests). */
export interface PendingRequests {
  renames: number;
  versions: number;
}

export class FileState {
  readonly blocks = new Map<number, DirtyBlock>();
  /** Committed blocks at or above this index are void (the file was cut). */
  truncFrom = NO_TRUNC;
  size: number;
  committedSize: number;
  mtime: Timespec;
  ctime: Timespec;
  timesDirty = false;
  /**
   * Renames no commit has seen yet: the file commits even without new
   * content, so the circuit index looks again under its new name. Counted,
   * not flagged: a rename during a commit must outlive that commit.
   */
  renamesPending = 0;
  /**
   * A circuit's closes queued as versions of their own that no commit has
   * seen yet: each commits in the background, and whatever would change the
   * content or look at its index row waits for that commit first. Counted
   * for the same reason.
   */
  versionsPending = 0;
  opens = 0;
  dirtyBytes = 0;
  private readonly loading = new Map<number, Promise<void>>();
  /** Bumped by truncation so an in-flight block load knows it went stale. */
  private epoch = 0;

  constructor(
    readonly ino: number,
    size: number,
    mtime: Timespec,
    ctime: Timespec,
    private readonly meta: MetaStore,
    private readonly chunks: ChunkStore,
  ) {
    this.size = size;
    this.committedSize = size;
    this.mtime = mtime;
    this.ctime = ctime;
  }

  get blockSize(): number {
    return this.meta.blockSize;
  }

  get reindex(): boolean {
    return this.renamesPending > 0;
  }

  get versionPending(): boolean {
    return this.versionsPending > 0;
  }

  /** A rename or a version close waits for its commit: the index row may change with it. */
  get indexPending(): boolean {
    return this.renamesPending + this.versionsPending > 0;
  }

  /** What a commit starting now sees pending; hand it to requestsCommitted() once that commit is done. */
  pendingRequests(): PendingRequests {
    return { renames: this.renamesPending, versions: this.versionsPending };
  }

  /** A commit has indexed (and versioned) what was pending when it began; requests since then stay pending. */
  requestsCommitted(seen: PendingRequests): void {
    this.renamesPending -= seen.renames;
    this.versionsPending -= seen.versions;
  }

  get isDirty(): boolean {
    return this.blocks.size > 0 || this.truncFrom !== NO_TRUNC || this.size !== this.committedSize || this.timesDirty || this.reindex;
  }

  /** Reads up to `len` bytes at `off`, clamped to the file size. */
  async read(off: number, len: number): Promise<Buffer> {
    const B = this.blockSize;
    const { data, fromStore } = await readRange(this.chunks, B, this.size, off, len, (i) => this.blockAt(i));
    if (fromStore) this.prefetch(Math.floor((off + data.length - 1) / B) + 1);
    return data;
  }

  private blockAt(i: number): BlockSource {
    const d = this.blocks.get(i);
    if (d) return d;
    if (i >= this.truncFrom) return undefined;
    const row = this.meta.getBlock(this.ino, i);
    const ref = row && this.meta.findChunk(row.hash);
    return ref ? { ref } : undefined;
  }

  /** Sequential readers come back for the next blocks: start loading them now. */
  private prefetch(from: number, count = 3): void {
    for (let i = from; i < from + count && i * this.blockSize < this.size; i++) {
      const src = this.blocks.has(i) ? undefined : this.blockAt(i);
      if (src && 'ref' in src) this.chunks.get(src.ref).catch(() => undefined); // errors surface on the real read
    }
  }

  /** Writes `data` at `off`; returns once the overlay holds it. */
  async write(off: number, data: Buffer, time = now()): Promise<void> {
    const end = off + data.length;
    const B = this.blockSize;
    await this.loadPartials(off, end);
    // From here on no await: the write lands atomically in the overlay.
    for (let i = Math.floor(off / B); i * B < end; i++) {
      const bStart = i * B;
      const from = Math.max(off, bStart) - bStart;
      const to = Math.min(end, bStart + B) - bStart;
      const src = data.subarray(bStart + from - off, bStart + to - off);
      if (from === 0 && to === B) {
        this.setBlock(i, { buf: src, len: B }); // a whole block: adopt the request's bytes
        continue;
      }
      const b = this.writableBlock(i, to);
      src.copy(b.buf, from);
      if (to > b.len) {
        this.dirtyBytes += to - b.len;
        b.len = to;
      }
    }
    if (end > this.size) this.size = end;
    this.mtime = time;
    this.ctime = time;
  }

  /** Cuts or extends the file to `size`. */
  async truncate(size: number, time = now()): Promise<void> {
    const B = this.blockSize;
    if (size < this.size && size % B !== 0) {
      await this.loadPartials(size, size + 1, true);
    }
    this.epoch++;
    if (size < this.size) {
      const keep = Math.ceil(size / B);
      for (const [i, b] of this.blocks) {
        if (i >= keep) this.dropBlock(i);
        else if (i === keep - 1 && b.len > size - i * B) {
          const nb = this.writableBlock(i, size - i * B);
          this.dirtyBytes -= nb.len - (size - i * B);
          nb.len = size - i * B;
          nb.buf.fill(0, nb.len);
        }
      }
      this.truncFrom = Math.min(this.truncFrom, keep);
    }
    this.size = size;
    this.mtime = time;
    this.ctime = time;
  }

  /** Loads committed blocks that a change of [off, end) only partly covers. */
  private async loadPartials(off: number, end: number, forTruncate = false): Promise<void> {
    const B = this.blockSize;
    for (;;) {
      const waits: Promise<void>[] = [];
      for (let i = Math.floor(off / B); i * B < end; i++) {
        if (this.blocks.has(i) || i >= this.truncFrom) continue;
        const pending = this.loading.get(i);
        if (pending) {
          waits.push(pending);
          continue;
        }
        const row = this.meta.getBlock(this.ino, i);
        if (!row) continue;
        const bStart = i * B;
        const covered = !forTruncate && off <= bStart && end >= bStart + row.rawLen;
        if (covered) continue;
        waits.push(this.loadBlock(i, row.hash));
      }
      if (!waits.length) return;
      await Promise.all(waits);
    }
  }

  private loadBlock(i: number, hash: Buffer): Promise<void> {
    const epoch = this.epoch;
    const p = (async () => {
      const ref = this.meta.findChunk(hash);
      const raw = ref ? await this.chunks.get(ref) : Buffer.alloc(0);
      if (epoch !== this.epoch || this.blocks.has(i) || i >= this.truncFrom) return;
      const buf = Buffer.allocUnsafe(Math.max(raw.length, 4096));
      raw.copy(buf);
      buf.fill(0, raw.length);
      this.setBlock(i, { buf, len: raw.length });
    })().finally(() => this.loading.delete(i));
    this.loading.set(i, p);
    return p;
  }

  /** The block to mutate in place, copied first if it is being sealed, grown to `need` bytes. */
  private writableBlock(i: number, need: number): DirtyBlock {
    let b = this.blocks.get(i);
    if (!b) {
      b = { buf: Buffer.alloc(capacityFor(need, this.blockSize)), len: 0 };
      this.setBlock(i, b);
    } else if (b.sealing || b.sealed || b.buf.length < need) {
      const buf = Buffer.alloc(capacityFor(Math.max(need, b.len), this.blockSize));
      b.buf.copy(buf, 0, 0, b.len);
      b = { buf, len: b.len };
      this.setBlock(i, b);
    }
    return b;
  }

  private setBlock(i: number, b: DirtyBlock): void {
    const old = this.blocks.get(i);
    if (old) this.dirtyBytes -= old.len;
    this.blocks.set(i, b);
    this.dirtyBytes += b.len;
  }

  private dropBlock(i: number): void {
    const old = this.blocks.get(i);
    if (old) this.dirtyBytes -= old.len;
    this.blocks.delete(i);
  }

  /** Starts hashing/compressing/appending a block's bytes, once. */
  seal(i: number, known: (hash: Buffer) => ChunkRef | undefined): Promise<void> | undefined {
    const b = this.blocks.get(i);
    if (!b || b.sealed) return undefined;
    if (!b.sealing) {
      b.sealing = this.chunks.put(b.buf.subarray(0, b.len), known).then((ref) => {
        b.sealed = ref;
      });
    }
    return b.sealing;
  }

  /** Index of the block a write ending at `end` has just filled, if any. */
  filledBlock(end: number): number | undefined {
    const B = this.blockSize;
    const i = Math.floor(end / B) - 1;
    const b = i >= 0 ? this.blocks.get(i) : undefined;
    return b && b.len === B && !b.sealing ? i : undefined;
  }

  /** After a commit: forget the blocks it made durable. */
  settle(committed: Map<number, DirtyBlock>, size: number): void {
    for (const [i, b] of committed) {
      if (this.blocks.get(i) === b) this.dropBlock(i);
    }
    this.truncFrom = NO_TRUNC;
    this.committedSize = size;
    this.timesDirty = false;
  }

  /** Blocks covered: bytes of data present, for st_blocks. */
  allocatedBytes(committedAlloc: number): number {
    return Math.min(this.size, committedAlloc + this.dirtyBytes);
  }
}

const capacityFor = (need: number, B: number): number => {
  let c = 4096;
  while (c < need) c *= 2;
  return Math.min(c, B);
};

export { NO_TRUNC };
