// /states: .npy files analysed after each commit (validation, description,
// quantum-aware compression), the capture control file, reconstruction of
// tomography/<name>/counts.json, and checkpoints kept as incremental chunks.
// The quantum work runs on the state worker; this class moves bytes and rows.
import type { MetaStore } from '../../meta/meta-store.js';
import type { StateIndex } from '../../meta/state-index.js';
import type { ChunkStore } from '../../blob/chunk-store.js';
import { readRange } from '../../blob/read-range.js';
import type { Logger } from '../../obs/logger.js';
import type { Caller } from '../../vfs/vfs.js';
import { fsError } from '../../vfs/errors.js';
import { CONTROL_BASE, type ControlFile } from '../control-file.js';
import type { DerivedAttrs } from '../derived-attrs.js';
import { AREAS, areaOf, isCountsPath, isNpyName, pathBelow, type Area } from './states-layout.js';
import { stateXattrs } from './state-xattrs.js';
import { META_FORMAT } from './snapshot-files.js';
import type { StateWorkerClient } from './state-worker-client.js';
import { CaptureControl } from './capture-control.js';
import type { TreeWriter } from './tree-writer.js';
import type { DirTrees } from '../../vfs/dir-trees.js';

/** A quantum codec is used when its blob is this much smaller than the file's plain chunks. */
const CODEC_GAIN = 0.9;
/** Larger files are stored but not analysed: the analysis holds the whole array in memory twice. */
export const MAX_ANALYSIS_BYTES = 512 * 1024 * 1024;

export interface StatesDeps {
  meta: MetaStore;
  /** Which top-level tree a directory is in (remembered). */
  dirs: DirTrees;
  index: StateIndex;
  chunks: ChunkStore;
  worker: StateWorkerClient;
  writer: TreeWriter;
  log: Logger;
  /** Directory of device calibration files (<name>.json). */
  devicesDir: string;
}

export class StatesTree implements DerivedAttrs {
  readonly control: ControlFile;
  private readonly pending = new Map<number, Promise<void>>();

  constructor(readonly dirIno: number, private readonly d: StatesDeps) {
    this.control = new CaptureControl(CONTROL_BASE + 1, dirIno, d);
  }

  /** Creates snapshots/, tomography/ and checkpoints/ when missing (owned like /states). */
  ensureLayout(): void {
    const owner = this.d.meta.getInode(this.dirIno)!;
    for (const name of AREAS) {
      if (this.d.meta.lookup(this.dirIno, Buffer.from(name)) === undefined) {
        this.d.writer.mkdir(this.dirIno, Buffer.from(name), { uid: owner.uid, gid: owner.gid, pid: 0 });
      }
    }
  }

  /** /states itself or anything below it. */
  contains(ino: number): boolean {
    return this.d.dirs.topOfEntry(ino) === this.dirIno;
  }

  /** The path below /states of a file there (one read for a file elsewhere, not one per level). */
  private pathOf(ino: number): Buffer[] | undefined {
    return this.contains(ino) ? pathBelow(this.d.meta, this.dirIno, ino) : undefined;
  }

  /** A .npy file below /states (analysed at commit). */
  isStateFile(ino: number): boolean {
    const p = this.pathOf(ino);
    return !!p && p.length > 0 && isNpyName(p[p.length - 1]!);
  }

  /** tomography/<name>/counts.json: reconstructed at close. */
  isCountsFile(ino: number): boolean {
    const p = this.pathOf(ino);
    return !!p && isCountsPath(p);
  }

  /** After a commit: analyse the state files it changed, in the background. */
  committed(inos: number[]): void {
    for (const ino of inos) {
      if (this.isStateFile(ino)) this.scheduleAnalysis(ino);
      else if (this.d.index.get(ino)) this.d.index.remove(ino); // renamed out of /states, or no longer .npy
    }
  }

  /** Waits until the file's analysis (if one is under way) is recorded. */
  async settled(ino: number): Promise<void> {
    await this.pending.get(ino);
  }

  /** Waits for every analysis under way (unmount). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending.values());
  }

  derived(ino: number): Map<string, string> | undefined {
    const row = this.d.index.get(ino);
    return row && stateXattrs(row);
  }

  /** Why a strict mount refuses this content, if it does. */
  async strictError(ino: number, read: () => Promise<Buffer>): Promise<string | undefined> {
    if (!this.isStateFile(ino) || (this.d.meta.getInode(ino)?.size ?? 0) > MAX_ANALYSIS_BYTES) return undefined;
    const a = await this.d.worker.analyze(await read(), false);
    return a.valid ? undefined : a.error ?? 'not a valid state';
  }

  /** Reconstructs tomography/<name>/counts.json into rho.npy and meta.json beside it. */
  async reconstruct(ino: number, caller: Caller): Promise<void> {
    const named = this.d.meta.nameOf(ino)!;
    const text = (await this.readCommitted(ino)).toString('utf8');
    let files: Record<string, Uint8Array>;
    try {
      files = await this.d.worker.reconstruct(text);
    } catch (e) {
      // Results of earlier counts must not stand beside these: meta.json says what went wrong.
      const reason = `tomography: ${(e as Error).message}`;
      const meta = JSON.stringify({ format: META_FORMAT, version: 1, created: new Date().toISOString(), error: reason }, null, 2) + '\n';
      await this.d.writer.replaceFile(named.parent, Buffer.from('meta.json'), Buffer.from(meta), caller);
      this.d.writer.remove(named.parent, Buffer.from('rho.npy'));
      throw fsError('EINVAL', reason);
    }
    for (const [name, bytes] of Object.entries(files)) {
      await this.d.writer.replaceFile(named.parent, Buffer.from(name), Buffer.from(bytes), caller);
    }
  }

  private scheduleAnalysis(ino: number): void {
    const prev = this.pending.get(ino) ?? Promise.resolve();
    const p: Promise<void> = prev
      .then(() => this.analyze(ino))
      .catch((e: Error) => this.d.log.error({ err: e, ino }, 'state analysis failed'))
      .finally(() => { if (this.pending.get(ino) === p) this.pending.delete(ino); });
    this.pending.set(ino, p);
  }

  private async analyze(ino: number): Promise<void> {
    const { index, chunks, worker } = this.d;
    const path = this.pathOf(ino);
    if (!path) return; // moved out or deleted meanwhile
    const area: Area = areaOf(path);
    const blocks = index.blockHashes(ino);
    const size = this.d.meta.getInode(ino)?.size ?? 0;
    if (size > MAX_ANALYSIS_BYTES) {
      index.record({
        ino, sha256: '', valid: false, error: `larger than ${MAX_ANALYSIS_BYTES} bytes: stored, not analysed`, kind: 'not-analysed',
        area, qubits: null, codec: null, rawBytes: size, details: '{}', analyzedAt: Math.floor(Date.now() / 1000),
      }, blocks);
      return;
    }
    const bytes = await this.readCommitted(ino);
    // Checkpoints stay plain chunks: a new one then shares every unchanged chunk with the last.
    const a = await worker.analyze(bytes, area !== 'checkpoints');
    let blob;
    if (a.blob && a.blob.length < CODEC_GAIN * index.plainStoredBytes(ino)) {
      blob = await chunks.put(Buffer.from(a.blob.buffer, a.blob.byteOffset, a.blob.byteLength), (h) => this.d.meta.findChunk(h));
      await chunks.sync();
    }
    const { blob: _b, error, valid, kind, qubits, sha256, ...details } = a;
    const recorded = index.record({
      ino, sha256, valid, error: error ?? null, kind, area, qubits: qubits ?? null,
      codec: blob ? a.codec! : null, rawBytes: this.d.meta.getInode(ino)?.size ?? 0,
      details: JSON.stringify(details), analyzedAt: Math.floor(Date.now() / 1000),
    }, blocks, blob);
    if (!recorded) this.d.log.debug({ ino }, 'state changed during analysis; the next commit analyses it again');
  }

  /** The committed content (not an open file's overlay): the blocks' chunks, holes as zeros. */
  private async readCommitted(ino: number): Promise<Buffer> {
    const { meta, chunks } = this.d;
    const size = meta.getInode(ino)?.size ?? 0;
    const blocks = new Map(meta.blocksFrom(ino, 0, Math.ceil(size / meta.blockSize)).map((b) => [b.idx, b]));
    const { data } = await readRange(chunks, meta.blockSize, size, 0, size, (i) => {
      const b = blocks.get(i);
      if (!b) return undefined; // a hole
      const ref = meta.findChunk(b.hash);
      if (!ref) throw fsError('EIO', `inode ${ino} block ${i}: chunk missing`);
      return { ref };
    });
    return data;
  }
}
