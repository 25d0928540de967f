// Garbage collection: drop chunks no block refers to, then rewrite segments
// holding dead bytes so that only live chunks remain on disk.
import { stat, unlink, open } from 'node:fs/promises';
import type { SqliteMeta } from '../meta/sqlite-meta.js';
import { MaintenanceQueries } from '../meta/maintenance.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import { RECORD_HEADER, encodeHeader } from '../blob/segment-format.js';

export interface GcResult {
  chunksRemoved: number;
  segmentsRewritten: number;
  bytesReclaimed: number;
}

export async function collectGarbage(meta: SqliteMeta, chunks: ChunkStore, pinned: Set<string>): Promise<GcResult> {
  const q = new MaintenanceQueries(meta);
  // Dropping slices can leave their blob unreferenced: repeat until nothing more goes.
  let removed = 0;
  for (;;) {
    const dead = q.unreferencedChunks().filter((c) => !pinned.has(c.hash.toString('hex')));
    if (!dead.length) break;
    q.deleteChunks(dead.map((c) => c.hash));
    removed += dead.length;
  }

  const usage = new Map(q.segmentUsage(RECORD_HEADER).map((u) => [u.segment, u.liveBytes]));
  const busy = new Set([...chunks.pendingSegments, chunks.activeSegment]);
  let rewritten = 0;
  let reclaimed = 0;
  for (const id of await chunks.segmentIds()) {
    if (busy.has(id)) continue;
    const path = chunks.segmentPath(id);
    const size = (await stat(path)).size;
    const live = usage.get(id) ?? 0;
    if (live >= size) continue;
    // Copy the live records into the active segment, then point the rows there.
    const moves: { hash: Buffer; segment: number; offset: number }[] = [];
    if (live > 0) {
      const fh = await open(path, 'r');
      try {
        for (const c of q.chunksIn(id)) {
          const payload = Buffer.alloc(c.storedLen);
          await fh.read(payload, 0, c.storedLen, c.offset);
          const header = encodeHeader({ codec: c.codec, rawLen: c.rawLen, storedLen: c.storedLen, hash: c.hash });
          const at = await chunks.appendRecord(header, payload);
          moves.push({ hash: c.hash, segment: at.segment, offset: at.offset });
        }
      } finally {
        await fh.close();
      }
      await chunks.sync();
      q.moveChunks(moves);
    }
    await chunks.dropSegments([id]);
    await unlink(path);
    rewritten++;
    reclaimed += size - live;
  }
  return { chunksRemoved: removed, segmentsRewritten: rewritten, bytesReclaimed: reclaimed };
}
