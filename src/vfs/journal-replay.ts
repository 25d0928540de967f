// Opening a data dir after a crash. A commit may have carried copies of its
// small records (chunk_journal) instead of waiting for an fdatasync of their
// segment; if the machine went down before the segment reached the disk, the
// metadata points at bytes the segment lost. Each copy whose chunk still sits
// where it was written is compared with the segment and written back where
// it differs; then the segments are synced and the rows dropped.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ChunkStore } from '../blob/chunk-store.js';
import { RECORD_HEADER } from '../blob/segment-format.js';
import type { MetaStore } from '../meta/meta-store.js';

export interface JournalReplay {
  /** Journal rows found. */
  records: number;
  /** Records written back into their segment. */
  rewritten: number;
}

export async function replayJournal(meta: MetaStore, chunks: ChunkStore): Promise<JournalReplay> {
  const rows = meta.journalRecords();
  if (!rows.length) return { records: 0, rewritten: 0 };
  const segments = new Map<number, FileHandle>();
  let rewritten = 0;
  try {
    for (const j of rows) {
      // Dropped since (no file points at it), or moved by gc, which syncs first.
      const c = meta.findChunk(j.hash);
      if (!c || c.segment !== j.segment || c.offset !== j.offset) continue;
      let fh = segments.get(j.segment);
      if (!fh) {
        // A segment lost whole is made again: no O_TRUNC, and no O_APPEND, which would ignore the offset.
        fh = await open(chunks.segmentPath(j.segment), constants.O_RDWR | constants.O_CREAT, 0o644);
        segments.set(j.segment, fh);
      }
      const at = j.offset - RECORD_HEADER;
      const found = Buffer.alloc(j.record.length);
      const { bytesRead } = await fh.read(found, 0, found.length, at);
      if (bytesRead === found.length && found.equals(j.record)) continue;
      await fh.write(j.record, 0, j.record.length, at);
      rewritten++;
    }
    // Matching bytes may be in the page cache only (the daemon was killed, the machine stayed up).
    for (const fh of segments.values()) await fh.datasync();
  } finally {
    for (const fh of segments.values()) await fh.close().catch(() => undefined);
  }
  meta.dropJournal(meta.journalMark());
  return { records: rows.length, rewritten };
}
