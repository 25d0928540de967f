// Consistency check of a data dir: the SQLite file itself, the tree (names,
// link counts, reachability), block → chunk → segment references, and, with
// `deep`, every chunk's checksum. `repair` fixes what can be fixed without
// guessing and says what it did.
import { open, stat } from 'node:fs/promises';
import type { SqliteMeta } from '../meta/sqlite-meta.js';
import { MaintenanceQueries } from '../meta/maintenance.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import { CODEC_SLICE, RECORD_HEADER, decodeHeader } from '../blob/segment-format.js';
import { S_IFDIR, S_IFMT } from './attr.js';

export interface FsckProblem {
  kind: string;
  detail: string;
  repaired?: boolean;
}

export interface FsckResult {
  clean: boolean;
  problems: FsckProblem[];
  checked: { inodes: number; chunks: number };
}

export interface FsckOptions {
  repair: boolean;
  deep: boolean;
  /** Run inside the mounted daemon: nameless inodes may still be open. */
  live?: boolean;
}

export async function checkFilesystem(meta: SqliteMeta, chunks: ChunkStore, opts: FsckOptions): Promise<FsckResult> {
  const q = new MaintenanceQueries(meta);
  const problems: FsckProblem[] = [];
  const report = (kind: string, detail: string, fix?: () => void) => {
    if (opts.repair && fix) fix();
    problems.push({ kind, detail, repaired: opts.repair && !!fix ? true : undefined });
  };

  const integrity = q.integrity();
  if (integrity !== 'ok') report('sqlite', integrity);

  for (const d of q.danglingDentries()) {
    report('dangling-name', `name '${d.name.toString('utf8')}' in dir ${d.parent} points to missing inode ${d.ino}`,
      () => q.deleteDentry(d.parent, d.name));
  }
  for (const m of q.nlinkMismatches(S_IFDIR, S_IFMT)) {
    report('nlink', `inode ${m.ino} has nlink ${m.nlink}, the tree says ${m.expected}`, () => q.setNlink(m.ino, m.expected));
  }
  for (const ino of q.unreachable()) {
    report('unreachable', `inode ${ino} has links but no name`, () => q.setNlink(ino, 0));
  }
  if (!opts.live) {
    for (const ino of meta.orphans()) report('orphan', `inode ${ino} has no names left`, () => meta.deleteInode(ino));
  }
  const stray = q.blocksOfMissingInodes();
  if (stray) report('stray-blocks', `${stray} blocks belong to no inode`, () => q.deleteBlocksOfMissingInodes());
  for (const b of q.blocksWithoutChunk()) {
    report('missing-chunk', `inode ${b.ino} block ${b.idx} refers to a chunk that is not stored (reads as zeros after repair)`,
      () => q.deleteBlock(b.ino, b.idx));
  }
  for (const b of q.blocksPastEnd(meta.blockSize)) {
    report('block-past-end', `inode ${b.ino} block ${b.idx} lies past the end of the file`, () => q.deleteBlock(b.ino, b.idx));
  }

  const all = q.allChunks();
  const sizes = new Map<number, number>();
  for (const c of all) {
    if (c.codec === CODEC_SLICE) {
      // A slice has no record of its own: its blob must exist (and, deep, expand to it).
      if (!c.base || !meta.findChunk(c.base)) report('missing-blob', `chunk ${c.hash.toString('hex').slice(0, 16)}: its blob is not stored`);
      else if (opts.deep) await chunks.verifyOnDisk(c).catch((e: Error) => report('checksum', `slice ${c.hash.toString('hex').slice(0, 16)}: ${e.message}`));
      continue;
    }
    let size = sizes.get(c.segment);
    if (size === undefined) {
      size = await stat(chunks.segmentPath(c.segment)).then((s) => s.size, () => -1);
      sizes.set(c.segment, size);
    }
    const where = `chunk ${c.hash.toString('hex').slice(0, 16)} (segment ${c.segment} @${c.offset})`;
    if (size < 0) {
      report('missing-segment', `${where}: segment file is missing`);
      continue;
    }
    if (c.offset + c.storedLen > size) {
      report('truncated-segment', `${where}: record runs past the end of the segment`);
      continue;
    }
    const fh = await open(chunks.segmentPath(c.segment), 'r');
    try {
      const hb = Buffer.alloc(RECORD_HEADER);
      await fh.read(hb, 0, RECORD_HEADER, c.offset - RECORD_HEADER);
      const h = decodeHeader(hb);
      if (!h || !h.hash.equals(c.hash) || h.storedLen !== c.storedLen || h.rawLen !== c.rawLen) {
        report('bad-record', `${where}: record header does not match the metadata`);
        continue;
      }
    } finally {
      await fh.close();
    }
    if (opts.deep) {
      await chunks.verifyOnDisk(c).catch((e: Error) => report('checksum', `${where}: ${e.message}`));
    }
  }
  const inodes = meta.stats().inodes;
  return { clean: problems.length === 0, problems, checked: { inodes, chunks: all.length } };
}
