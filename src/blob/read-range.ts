// Assembles a byte range of a file from its 1-block pieces: bytes held in
// memory, chunks in the store, or holes (zeros). Shared by current content
// and old versions, which differ only in where a block comes from.
import type { ChunkRef } from '../meta/meta-store.js';
import type { ChunkStore } from './chunk-store.js';

/** Where block i's bytes are: in memory ([0, len) valid), a stored chunk, or nowhere (a hole). */
export type BlockSource = { buf: Buffer; len: number } | { ref: ChunkRef } | undefined;

export async function readRange(
  chunks: ChunkStore, blockSize: number, size: number, off: number, len: number,
  blockAt: (i: number) => BlockSource,
): Promise<{ data: Buffer; fromStore: boolean }> {
  const end = Math.min(size, off + len);
  if (end <= off) return { data: Buffer.alloc(0), fromStore: false };
  const out = Buffer.alloc(end - off);
  const parts: Promise<void>[] = [];
  for (let i = Math.floor(off / blockSize); i * blockSize < end; i++) {
    const bStart = i * blockSize;
    const from = Math.max(off, bStart) - bStart;
    const to = Math.min(end, bStart + blockSize) - bStart;
    const dst = bStart + from - off;
    const src = blockAt(i);
    if (!src) continue;
    if ('buf' in src) {
      if (from < src.len) src.buf.copy(out, dst, from, Math.min(to, src.len));
      continue;
    }
    parts.push(chunks.get(src.ref).then((raw) => {
      if (from < raw.length) raw.copy(out, dst, from, Math.min(to, raw.length));
    }));
  }
  await Promise.all(parts);
  return { data: out, fromStore: parts.length > 0 };
}
