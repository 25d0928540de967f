// The queries behind gc and fsck: whole-table scans that the hot path never runs.
import type { SqliteMeta } from './sqlite-meta.js';
import type { ChunkRef } from './meta-store.js';

export interface SegmentUsage {
  segment: number;
  chunks: number;
  liveBytes: number;
}

export class MaintenanceQueries {
  constructor(private readonly m: SqliteMeta) {}

  private all<T>(sql: string, ...args: unknown[]): T[] {
    return this.m.db.prepare(sql).all(...args) as T[];
  }

  unreferencedChunks(): ChunkRef[] {
    return this.all(`SELECT hash, segment, offset, stored_len AS storedLen, raw_len AS rawLen, codec FROM chunks c
                     WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = c.hash)
                       AND NOT EXISTS (SELECT 1 FROM version_blocks v WHERE v.hash = c.hash)
                       AND NOT EXISTS (SELECT 1 FROM chunks s WHERE s.base = c.hash)`);
  }

  deleteChunks(hashes: Buffer[]): void {
    const del = this.m.db.prepare(`DELETE FROM chunks WHERE hash = ?`);
    this.m.db.transaction(() => { for (const h of hashes) del.run(h); })();
  }

  segmentUsage(recordHeader: number): SegmentUsage[] {
    return this.all(`SELECT segment, COUNT(*) AS chunks, SUM(stored_len + ?) AS liveBytes FROM chunks GROUP BY segment`, recordHeader);
  }

  chunksIn(segment: number): ChunkRef[] {
    return this.all(`SELECT hash, segment, offset, stored_len AS storedLen, raw_len AS rawLen, codec FROM chunks
                     WHERE segment = ? ORDER BY offset`, segment);
  }

  allChunks(): ChunkRef[] {
    return this.all(`SELECT hash, segment, offset, stored_len AS storedLen, raw_len AS rawLen, codec, base FROM chunks ORDER BY segment, offset`);
  }

  moveChunks(moves: { hash: Buffer; segment: number; offset: number }[]): void {
    const mv = this.m.db.prepare(`UPDATE chunks SET segment = ?, offset = ? WHERE hash = ?`);
    this.m.db.transaction(() => { for (const x of moves) mv.run(x.segment, x.offset, x.hash); })();
  }

  danglingDentries(): { parent: number; name: Buffer; ino: number }[] {
    return this.all(`SELECT parent, name, ino FROM dentries d WHERE NOT EXISTS (SELECT 1 FROM inodes i WHERE i.ino = d.ino)
                     OR NOT EXISTS (SELECT 1 FROM inodes p WHERE p.ino = d.parent)`);
  }

  deleteDentry(parent: number, name: Buffer): void {
    this.m.db.prepare(`DELETE FROM dentries WHERE parent = ? AND name = ?`).run(parent, name);
  }

  /** Inodes whose stored link count differs from what the tree says. */
  nlinkMismatches(dirMode: number, fmt: number): { ino: number; nlink: number; expected: number }[] {
    return this.all(`
      SELECT ino, nlink, expected FROM (
        SELECT i.ino, i.nlink,
          CASE WHEN (i.mode & ?) = ?
            THEN 2 + (SELECT COUNT(*) FROM dentries d JOIN inodes c ON c.ino = d.ino WHERE d.parent = i.ino AND (c.mode & ?) = ?)
            ELSE (SELECT COUNT(*) FROM dentries d WHERE d.ino = i.ino) END AS expected
        FROM inodes i)
      WHERE nlink <> expected AND nlink <> 0`, fmt, dirMode, fmt, dirMode);
  }

  setNlink(ino: number, nlink: number): void {
    this.m.db.prepare(`UPDATE inodes SET nlink = ? WHERE ino = ?`).run(nlink, ino);
  }

  /** Inodes other than the root with links but no name. */
  unreachable(): number[] {
    return this.all<{ ino: number }>(`SELECT ino FROM inodes i WHERE ino <> 1 AND nlink > 0
      AND NOT EXISTS (SELECT 1 FROM dentries d WHERE d.ino = i.ino)`).map((r) => r.ino);
  }

  blocksWithoutChunk(): { ino: number; idx: number }[] {
    return this.all(`SELECT ino, idx FROM blocks b WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = b.hash)`);
  }

  deleteBlock(ino: number, idx: number): void {
    this.m.db.prepare(`DELETE FROM blocks WHERE ino = ? AND idx = ?`).run(ino, idx);
  }

  blocksOfMissingInodes(): number {
    return (this.m.db.prepare(`SELECT COUNT(*) AS n FROM blocks b WHERE NOT EXISTS (SELECT 1 FROM inodes i WHERE i.ino = b.ino)`).get() as { n: number }).n;
  }

  deleteBlocksOfMissingInodes(): void {
    this.m.db.prepare(`DELETE FROM blocks WHERE NOT EXISTS (SELECT 1 FROM inodes i WHERE i.ino = blocks.ino)`).run();
  }

  /** Blocks that lie past their file's end. */
  blocksPastEnd(blockSize: number): { ino: number; idx: number }[] {
    return this.all(`SELECT b.ino, b.idx FROM blocks b JOIN inodes i ON i.ino = b.ino WHERE b.idx * ? >= i.size`, blockSize);
  }

  integrity(): string {
    return (this.m.db.pragma('integrity_check(1)', { simple: true }) as string);
  }
}
