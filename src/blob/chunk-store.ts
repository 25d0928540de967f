// Content-addressed chunk store over append-only local segment files.
// put() hashes (SHA-256), lz4-compresses when it pays, and appends; sync()
// makes everything appended so far durable. Metadata that points at a chunk
// commits only once its record is durable: synced, or copied into the same
// transaction (takeJournal). Reads verify the hash.
//
// Concurrency: appends reserve their offset synchronously, then write in
// parallel; identical chunks in flight are merged (SingleFlight).
import { createHash, webcrypto } from 'node:crypto';
import { mkdirSync, readdirSync, writevSync } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { native } from '../native.js';
import type { ChunkRef, JournalRecord } from '../meta/meta-store.js';
import { fsError } from '../vfs/errors.js';
import { ByteLru } from './lru.js';
import { SingleFlight } from './singleflight.js';
import {
  CODEC_LZ4, CODEC_RAW, CODEC_SLICE, encodeHeader, parseSegmentName, segmentName,
} from './segment-format.js';

export const SEGMENT_LIMIT = 256 * 1024 * 1024;
const SAMPLE = 64 * 1024;
/** Chunks below this size are hashed, compressed and written on the JS thread. */
const SMALL = 64 * 1024;
/**
 * Zeroed, allocated space kept ahead of the active segment's end. An
 * fdatasync of an append that grows the file must commit the filesystem's
 * journal (new blocks, new size) and queues behind every other fsync on the
 * disk; one into already written space only flushes the data (about 0.3 ms
 * instead of 0.5-3 ms here). Kept only while commits are small (circuits,
 * parameters), so bulk writes are not written twice.
 */
const RUNWAY = 2 << 20;
/** Appended bytes per sync up to which a commit counts as small. */
const SMALL_COMMIT = 256 * 1024;
/** Bytes of unsynced records a commit may carry in its transaction instead of waiting for a sync. */
const JOURNAL_LIMIT = 256 * 1024;

export const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
/** SHA-256 on the libuv thread pool, so hashing a 1 MiB chunk never holds up the JS thread. */
export const sha256Async = async (b: Uint8Array): Promise<Buffer> => Buffer.from(await webcrypto.subtle.digest('SHA-256', b));
const key = (hash: Buffer): string => hash.toString('latin1');

/** Where slice chunks (codec 2) find their blob, and how a blob becomes the bytes it stands for. */
export interface SliceSource {
  findBase(hash: Buffer): ChunkRef | undefined;
  expand(blob: Buffer): Promise<Buffer>;
}

export interface ChunkStoreOptions {
  cacheBytes?: number;
  /** Verify SHA-256 of chunks read from disk (on by default). */
  verify?: boolean;
}

export class ChunkStore {
  private active: { id: number; fh: FileHandle; size: number; zeroedTo: number } | undefined;
  /** A runway being zeroed: appends reaching past `from` in that segment wait for it. */
  private runway: { id: number; from: number; done: Promise<void> } | undefined;
  private appendedSinceSync = 0;
  /** Records are numbered as their bytes reach the page cache; a sync covers those numbered before it began. */
  private appended = 0;
  private syncedThrough = 0;
  /** Copies of the small records not yet covered by a sync nor taken by a commit. */
  private journal: (JournalRecord & { n: number })[] = [];
  /** The newest record with no copy kept (bulk data, gc): only a sync covers it. */
  private uncopiedThrough = 0;
  private nextId: number;
  private readonly readers = new Map<number, Promise<FileHandle>>();
  private readonly unsynced = new Set<number>();
  private readonly cache: ByteLru<string, Buffer>;
  private readonly loads = new SingleFlight<string, Buffer>();
  private readonly puts = new SingleFlight<string, ChunkRef>();
  private readonly verify: boolean;
  private opening: Promise<void> | undefined;
  private slices: SliceSource | undefined;
  /** Expanded blobs: one expansion serves every block of a file read in order. */
  private readonly expanded = new ByteLru<string, Buffer>(64 * 1024 * 1024);
  private readonly expansions = new SingleFlight<string, Buffer>();

  constructor(readonly dir: string, opts: ChunkStoreOptions = {}) {
    mkdirSync(dir, { recursive: true });
    const ids = readdirSync(dir).map(parseSegmentName).filter((x): x is number => x !== undefined);
    this.nextId = ids.length ? Math.max(...ids) + 1 : 1;
    this.cache = new ByteLru(opts.cacheBytes ?? 128 * 1024 * 1024);
    this.verify = opts.verify ?? true;
  }

  /** Enables reading slice chunks. */
  setSliceSource(src: SliceSource): void {
    this.slices = src;
  }

  segmentPath(id: number): string {
    return join(this.dir, segmentName(id));
  }

  /**
   * Stores raw bytes unless `known` already has them; returns where they are.
   * A small chunk (most circuit files) is hashed, compressed and written
   * before put() returns: hops to the thread pool would cost more than the
   * work, and a commit can start its fdatasync at once (see Committer).
   */
  async put(raw: Buffer, known?: (hash: Buffer) => ChunkRef | undefined): Promise<ChunkRef> {
    const small = raw.length < SMALL;
    const hash = small ? sha256(raw) : await sha256Async(raw);
    const existing = known?.(hash);
    if (existing) return existing;
    return this.puts.run(key(hash), () => this.append(hash, raw, small));
  }

  private async append(hash: Buffer, raw: Buffer, small: boolean): Promise<ChunkRef> {
    const packed = small ? compressSmall(raw) : await compress(raw);
    const codec = packed ? CODEC_LZ4 : CODEC_RAW;
    const payload = packed ?? raw;
    const header = encodeHeader({ codec, rawLen: raw.length, storedLen: payload.length, hash });
    const at = (small ? this.appendNow(header, payload) : undefined) ?? await this.writeRecord(header, payload);
    const n = ++this.appended;
    if (small) this.journal.push({ hash, segment: at.segment, offset: at.offset, record: Buffer.concat([header, payload]), n });
    else this.uncopiedThrough = n;
    this.cache.set(key(hash), raw);
    return { hash, segment: at.segment, offset: at.offset, storedLen: payload.length, rawLen: raw.length, codec };
  }

  /**
   * Appends a small record with a synchronous write (into the page cache)
   * when the active segment is open and has room; undefined otherwise.
   */
  private appendNow(header: Buffer, payload: Buffer): { segment: number; offset: number } | undefined {
    const a = this.active;
    const len = header.length + payload.length;
    if (!a || this.opening || a.size + len > SEGMENT_LIMIT || this.inRunway(a.id, a.size + len)) return undefined;
    const offset = a.size;
    a.size += len;
    this.appendedSinceSync += len;
    const written = writevSync(a.fh.fd, [header, payload], offset);
    if (written !== len) throw fsError('EIO', `short write to segment ${a.id} (${written} of ${len} bytes)`);
    this.unsynced.add(a.id);
    return { segment: a.id, offset: offset + header.length };
  }

  /** Appends an already encoded record (gc moves live chunks this way); only a sync covers it. */
  async appendRecord(header: Buffer, payload: Buffer): Promise<{ segment: number; offset: number }> {
    const at = await this.writeRecord(header, payload);
    this.uncopiedThrough = ++this.appended;
    return at;
  }

  private async writeRecord(header: Buffer, payload: Buffer): Promise<{ segment: number; offset: number }> {
    const seg = await this.reserve(header.length + payload.length);
    await seg.fh.writev([header, payload], seg.offset);
    this.unsynced.add(seg.id);
    return { segment: seg.id, offset: seg.offset + header.length };
  }

  /** Ids of the segment files present on disk. */
  async segmentIds(): Promise<number[]> {
    const names = await readdir(this.dir);
    return names.map(parseSegmentName).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  }

  /** Reserves `len` bytes at the end of the active segment, rolling over when full. */
  private async reserve(len: number): Promise<{ id: number; fh: FileHandle; offset: number }> {
    for (;;) {
      if (this.opening) await this.opening;
      const a = this.active;
      if (a && a.size + len <= SEGMENT_LIMIT) {
        if (this.inRunway(a.id, a.size + len)) {
          await this.runway!.done;
          continue;
        }
        const offset = a.size;
        a.size += len;
        this.appendedSinceSync += len;
        return { id: a.id, fh: a.fh, offset };
      }
      if (!this.opening) this.opening = this.roll().finally(() => { this.opening = undefined; });
    }
  }

  private async roll(): Promise<void> {
    const old = this.active;
    const id = this.nextId++;
    const fh = await open(this.segmentPath(id), 'wx');
    this.active = { id, fh, size: 0, zeroedTo: 0 };
    if (old) {
      await this.trimRunway(old);
      // Keep the old handle for its pending sync; reads open their own.
      if (this.unsynced.has(old.id)) await old.fh.datasync();
      this.unsynced.delete(old.id);
      await old.fh.close();
    }
  }

  /** Makes every chunk appended so far durable on the local disk. */
  async sync(): Promise<void> {
    const ids = [...this.unsynced];
    this.unsynced.clear();
    const through = this.appended;
    const small = this.appendedSinceSync <= SMALL_COMMIT;
    this.appendedSinceSync = 0;
    try {
      await Promise.all(ids.map(async (id) => {
        if (this.active?.id === id) await this.active.fh.datasync();
        else await (await this.reader(id)).datasync();
      }));
    } catch (e) {
      for (const id of ids) this.unsynced.add(id); // still to be synced
      throw e;
    }
    if (through > this.syncedThrough) {
      this.syncedThrough = through;
      this.journal = this.journal.filter((j) => j.n > through);
    }
    if (small && ids.length) this.extendRunway();
  }

  /**
   * Copies of the records a sync has not covered yet, for a commit to carry in
   * its transaction instead of waiting for sync(): the commit is then durable
   * whenever its transaction is, and a data dir opened after a crash writes
   * back what a segment lost (see replayJournal). Undefined when that cannot
   * stand in for a sync: a record with no copy kept (bulk data), or more than
   * JOURNAL_LIMIT bytes of them. The records taken are no longer offered.
   */
  takeJournal(): JournalRecord[] | undefined {
    if (this.uncopiedThrough > this.syncedThrough) return undefined;
    let bytes = 0;
    for (const j of this.journal) bytes += j.record.length;
    if (bytes > JOURNAL_LIMIT) return undefined;
    const taken = this.journal.map(({ n: _, ...j }) => j);
    this.journal = [];
    return taken;
  }

  /** The transaction carrying records from takeJournal() failed: until a sync, none stands in for one. */
  journalLost(): void {
    this.uncopiedThrough = this.appended;
  }

  private inRunway(id: number, end: number): boolean {
    return this.runway !== undefined && this.runway.id === id && end > this.runway.from;
  }

  /** Zeroes (and syncs) the next RUNWAY bytes past the end in the background once half is used. */
  private extendRunway(): void {
    const a = this.active;
    if (!a || this.runway || this.opening || a.zeroedTo - a.size >= RUNWAY / 2) return;
    // Zeroing starts a little past the end, so the appends that follow are not held up.
    const from = Math.max(a.zeroedTo, a.size + SMALL_COMMIT);
    const to = Math.min(from + RUNWAY, SEGMENT_LIMIT);
    if (to <= from) return;
    zeros ??= Buffer.alloc(RUNWAY);
    const done = (async () => {
      await a.fh.write(zeros!, 0, to - from, from);
      await a.fh.datasync();
      a.zeroedTo = to;
    })().catch(() => undefined).finally(() => { this.runway = undefined; });
    this.runway = { id: a.id, from, done };
  }

  /** Cuts a segment's unused runway off, so a closed segment ends at its last record. */
  private async trimRunway(a: { id: number; fh: FileHandle; size: number; zeroedTo: number }): Promise<void> {
    if (this.runway?.id === a.id) await this.runway.done;
    if (a.zeroedTo > a.size) await a.fh.truncate(a.size);
    a.zeroedTo = a.size;
  }

  /** Segments that hold chunks not yet covered by sync(). */
  get pendingSegments(): ReadonlySet<number> {
    return this.unsynced;
  }

  get activeSegment(): number | undefined {
    return this.active?.id;
  }

  private reader(id: number): Promise<FileHandle> {
    let p = this.readers.get(id);
    if (!p) {
      p = open(this.segmentPath(id), 'r+');
      p.catch(() => this.readers.delete(id));
      this.readers.set(id, p);
    }
    return p;
  }

  /** The raw bytes of a chunk. */
  get(ref: ChunkRef): Promise<Buffer> {
    const k = key(ref.hash);
    const hit = this.cache.get(k);
    if (hit) return Promise.resolve(hit);
    return this.loads.run(k, async () => {
      const raw = await this.readRecord(ref);
      this.cache.set(k, raw);
      return raw;
    });
  }

  /** Reads and verifies a chunk from disk, bypassing the cache (scrub, fsck --deep). */
  async verifyOnDisk(ref: ChunkRef): Promise<void> {
    const raw = await this.readRecord(ref);
    if (!(await sha256Async(raw)).equals(ref.hash)) throw fsError('EIO', `chunk ${ref.hash.toString('hex')} fails its checksum`);
  }

  private async readRecord(ref: ChunkRef): Promise<Buffer> {
    if (ref.codec === CODEC_SLICE) return this.readSlice(ref);
    const fh = await this.reader(ref.segment).catch((e: NodeJS.ErrnoException) => {
      throw fsError('EIO', `segment ${ref.segment} unreadable: ${e.message}`);
    });
    const stored = Buffer.allocUnsafe(ref.storedLen);
    const { bytesRead } = await fh.read(stored, 0, ref.storedLen, ref.offset);
    if (bytesRead !== ref.storedLen) throw fsError('EIO', `chunk ${ref.hash.toString('hex')} truncated in segment ${ref.segment}`);
    let raw: Buffer;
    try {
      raw = ref.codec === CODEC_LZ4 ? native().lz4Decompress(stored, ref.rawLen) : stored;
    } catch {
      throw fsError('EIO', `chunk ${ref.hash.toString('hex')} does not decompress`);
    }
    if (this.verify && !(await sha256Async(raw)).equals(ref.hash)) {
      throw fsError('EIO', `chunk ${ref.hash.toString('hex')} fails its checksum`);
    }
    return raw;
  }

  /** A slice: bytes of its blob's expansion, checked against the slice's own hash. */
  private async readSlice(ref: ChunkRef): Promise<Buffer> {
    const name = ref.hash.toString('hex');
    const base = ref.base && this.slices?.findBase(ref.base);
    if (!base) throw fsError('EIO', `chunk ${name}: its blob is missing`);
    const k = key(base.hash);
    const whole = this.expanded.get(k) ?? await this.expansions.run(k, async () => {
      const blob = await this.get(base);
      const out = await this.slices!.expand(blob).catch((e: Error) => {
        throw fsError('EIO', `blob ${base.hash.toString('hex')} does not decode: ${e.message}`);
      });
      this.expanded.set(k, out);
      return out;
    });
    if (ref.offset + ref.rawLen > whole.length) throw fsError('EIO', `chunk ${name} lies outside its blob`);
    const raw = Buffer.from(whole.subarray(ref.offset, ref.offset + ref.rawLen));
    if (!(await sha256Async(raw)).equals(ref.hash)) throw fsError('EIO', `chunk ${name} fails its checksum`);
    return raw;
  }

  /** Forgets cached bytes and handles of segments (after gc rewrote them). */
  async dropSegments(ids: Iterable<number>): Promise<void> {
    for (const id of ids) {
      const p = this.readers.get(id);
      this.readers.delete(id);
      if (p) await (await p).close().catch(() => undefined);
    }
    this.cache.clear();
    this.expanded.clear();
  }

  async close(): Promise<void> {
    await this.sync();
    if (this.active) {
      await this.trimRunway(this.active);
      await this.active.fh.close();
    }
    this.active = undefined;
    for (const p of this.readers.values()) await (await p.catch(() => undefined))?.close().catch(() => undefined);
    this.readers.clear();
  }
}

let zeros: Buffer | undefined;

/** compress() for a small chunk, on the JS thread. */
function compressSmall(raw: Buffer): Buffer | null {
  if (raw.length < 512) return null;
  const out = native().lz4Compress(raw);
  return out && out.length < raw.length * 0.95 ? out : null;
}

/** lz4 when it pays: a sample decides, so incompressible data costs little. */
async function compress(raw: Buffer): Promise<Buffer | null> {
  if (raw.length < 512) return null;
  if (raw.length > SAMPLE * 2) {
    const probe = native().lz4Compress(raw.subarray(0, SAMPLE));
    if (!probe || probe.length > SAMPLE * 0.9) return null;
  }
  const out = await native().lz4CompressAsync(raw);
  return out && out.length < raw.length * 0.95 ? out : null;
}
