// The /states index: one row per analysed .npy, and the switch of a file's
// chunks to slices of a quantum-codec blob. The only SQL about states.
import type { Statement } from 'better-sqlite3';
import type { SqliteMeta } from './sqlite-meta.js';
import type { ChunkRef } from './meta-store.js';
import { CODEC_SLICE } from '../blob/segment-format.js';


export interface StateRow {
  ino: number;
  sha256: string;
  valid: boolean;
  error: string | null;
  kind: string;
  area: string;
  qubits: number | null;
  codec: string | null;
  rawBytes: number;
  /** Bytes this file added to the store when it was analysed (its blob, or its chunks no earlier file held). */
  storedBytes: number;
  details: string;
  analyzedAt: number;
}

export interface AreaUsage {
  area: string;
  files: number;
  rawBytes: number;
  storedBytes: number;
}

export class StateIndex {
  private readonly s: Record<string, Statement>;

  constructor(private readonly m: SqliteMeta) {
    const p = (sql: string) => m.db.prepare(sql);
    this.s = {
      get: p(`SELECT ino, sha256, valid, error, kind, area, qubits, codec, raw_bytes AS rawBytes, stored_bytes AS storedBytes,
              details, analyzed_s AS analyzedAt FROM states WHERE ino = ?`),
      put: p(`INSERT OR REPLACE INTO states(ino, sha256, valid, error, kind, area, qubits, codec, raw_bytes, stored_bytes, details, analyzed_s)
              VALUES (@ino, @sha256, @valid, @error, @kind, @area, @qubits, @codec, @rawBytes, @storedBytes, @details, @analyzedAt)`),
      del: p(`DELETE FROM states WHERE ino = ?`),
      blocks: p(`SELECT idx, hash, raw_len AS rawLen FROM blocks WHERE ino = ? ORDER BY idx`),
      // Chunks of this file that no file created before it holds (inode numbers only grow).
      ownStored: p(`SELECT COALESCE(SUM(c.stored_len), 0) AS n FROM chunks c WHERE c.hash IN (SELECT hash FROM blocks WHERE ino = ?)
              AND NOT EXISTS (SELECT 1 FROM blocks o WHERE o.hash = c.hash AND o.ino < ?)
              AND NOT EXISTS (SELECT 1 FROM version_blocks v WHERE v.hash = c.hash)`),
      plainStored: p(`SELECT COALESCE(SUM(stored_len), 0) AS n FROM chunks WHERE codec <> ${CODEC_SLICE}
              AND hash IN (SELECT hash FROM blocks WHERE ino = ?)`),
      insertChunk: p(`INSERT OR IGNORE INTO chunks(hash, segment, offset, stored_len, raw_len, codec, base) VALUES (?, ?, ?, ?, ?, ?, NULL)`),
      toSlice: p(`UPDATE chunks SET segment = 0, offset = ?, stored_len = 0, codec = ${CODEC_SLICE}, base = ? WHERE hash = ? AND codec <> ${CODEC_SLICE}`),
      usage: p(`SELECT area, COUNT(*) AS files, SUM(raw_bytes) AS rawBytes, SUM(stored_bytes) AS storedBytes FROM states GROUP BY area ORDER BY area`),
      byCodec: p(`SELECT codec, COUNT(*) AS files, SUM(raw_bytes) AS rawBytes, SUM(stored_bytes) AS storedBytes FROM states GROUP BY codec`),
    };
  }

  get(ino: number): StateRow | undefined {
    const r = this.s.get!.get(ino) as (Omit<StateRow, 'valid'> & { valid: number }) | undefined;
    return r && { ...r, valid: r.valid === 1 };
  }

  /** The file's block list, to check that an analysis still matches the file. */
  blockHashes(ino: number): string {
    return (this.s.blocks!.all(ino) as { idx: number; hash: Buffer }[]).map((b) => `${b.idx}:${b.hash.toString('hex')}`).join(',');
  }

  /** Stored bytes of the file's chunks that are not already slices of a blob. */
  plainStoredBytes(ino: number): number {
    return (this.s.plainStored!.get(ino) as { n: number }).n;
  }

  /**
   * Records an analysis, if the file still has the blocks it was made from.
   * With a blob, the file's plain chunks become slices of it: same hashes
   * (reads still verify them), the blob's bytes instead of theirs.
   */
  record(row: Omit<StateRow, 'storedBytes'>, blockList: string, blob?: ChunkRef): boolean {
    return this.m.db.transaction(() => {
      if (this.blockHashes(row.ino) !== blockList) return false;
      let stored: number;
      if (blob) {
        this.s.insertChunk!.run(blob.hash, blob.segment, blob.offset, blob.storedLen, blob.rawLen, blob.codec);
        const B = this.m.blockSize;
        for (const b of this.s.blocks!.all(row.ino) as { idx: number; hash: Buffer }[]) this.s.toSlice!.run(b.idx * B, blob.hash, b.hash);
        stored = blob.storedLen;
      } else {
        stored = (this.s.ownStored!.get(row.ino, row.ino) as { n: number }).n;
      }
      this.s.put!.run({ ...row, valid: row.valid ? 1 : 0, storedBytes: stored });
      return true;
    })();
  }

  remove(ino: number): void {
    this.s.del!.run(ino);
  }

  usage(): AreaUsage[] {
    return this.s.usage!.all() as AreaUsage[];
  }

  codecs(): { codec: string | null; files: number; rawBytes: number; storedBytes: number }[] {
    return this.s.byCodec!.all() as { codec: string | null; files: number; rawBytes: number; storedBytes: number }[];
  }
}
