// The content overlay and group commit, in-process: random writes, truncates
// and commits against a Buffer mirror, reading back through fresh overlays.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { ChunkStore } from '../../src/blob/chunk-store.js';
import { Committer } from '../../src/vfs/committer.js';
import { FileState } from '../../src/vfs/file-state.js';
import { S_IFDIR, S_IFREG, now } from '../../src/vfs/attr.js';
import { silentLogger } from '../../src/obs/logger.js';
import { cleanup, tempDir } from '../helpers/mount.js';
import { prng } from '../helpers/prng.js';

describe('FileState + Committer', () => {
  let dir: string;
  let meta: SqliteMeta;
  let chunks: ChunkStore;
  let committer: Committer;
  let ino: number;
  const fresh = () => {
    const r = meta.getInode(ino)!;
    return new FileState(ino, r.size, r.mtime, r.ctime, meta, chunks);
  };

  beforeEach(() => {
    dir = tempDir('fstate');
    meta = new SqliteMeta(join(dir, 'meta.db'), { blockSize: 64 * 1024 });
    meta.ensureRoot(S_IFDIR | 0o755, 0, 0, now());
    ino = meta.createNode(ROOT_INO, Buffer.from('f'), { mode: S_IFREG | 0o644, uid: 0, gid: 0, rdev: 0, nlink: 1, time: now() });
    chunks = new ChunkStore(join(dir, 'segments'));
    committer = new Committer(meta, chunks, silentLogger(), 0);
  });
  afterEach(async () => {
    await chunks.close();
    meta.close();
    cleanup(dir);
  });

  it('matches a mirror through random writes, truncates and commits', async () => {
    const seed = 4242;
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    let mirror = Buffer.alloc(0);
    let f = fresh();
    for (let i = 0; i < 1500; i++) {
      const r = rnd();
      if (r < 0.5) {
        const off = int(400_000);
        const data = Buffer.alloc(1 + int(100_000), i % 251);
        await f.write(off, data);
        if (off + data.length > mirror.length) mirror = Buffer.concat([mirror, Buffer.alloc(off + data.length - mirror.length)]);
        data.copy(mirror, off);
      } else if (r < 0.65) {
        const to = int(400_000);
        await f.truncate(to);
        mirror = to <= mirror.length ? Buffer.from(mirror.subarray(0, to)) : Buffer.concat([mirror, Buffer.alloc(to - mirror.length)]);
      } else if (r < 0.8) {
        await committer.commitNow(f);
        if (rnd() < 0.5) f = fresh(); // drop the overlay: read committed state only
      } else {
        const off = int(mirror.length + 10);
        const len = int(150_000);
        const got = await f.read(off, len);
        expect(got.equals(mirror.subarray(off, off + len)), `seed ${seed} op ${i}`).toBe(true);
      }
      expect(f.size).toBe(mirror.length);
    }
    await committer.commitNow(f);
    const all = await fresh().read(0, mirror.length + 1);
    expect(all.equals(mirror)).toBe(true);
  }, 60_000);

  it('stores identical blocks once and compresses what pays', async () => {
    const f = fresh();
    const block = Buffer.alloc(64 * 1024, 'quantum ');
    for (let i = 0; i < 8; i++) await f.write(i * block.length, block);
    await committer.commitNow(f);
    const s = meta.stats();
    expect(s.chunks).toBe(1);
    expect(s.logicalBytes).toBe(8 * block.length);
    expect(s.storedBytes).toBeLessThan(block.length / 10);
  });

  it('runs the fdatasync of bulk data while the files are described; the transaction waits for both', async () => {
    const events: string[] = [];
    const gate = () => {
      let open!: () => void;
      const p = new Promise<void>((r) => (open = r));
      return { p, open };
    };
    const describing = gate();
    const syncing = gate();
    const sync = chunks.sync.bind(chunks);
    chunks.sync = async () => {
      events.push('sync');
      await syncing.p;
      await sync();
      events.push('synced');
    };
    const commitContent = meta.commitContent.bind(meta);
    meta.commitContent = (c, j) => {
      events.push('sql');
      commitContent(c, j);
    };
    const c = new Committer(meta, chunks, silentLogger(), 0, {
      describe: async () => {
        events.push('describe');
        await describing.p;
        events.push('described');
        return undefined;
      },
    });
    const f = fresh();
    // Past the small-record size and incompressible: no copy goes into the transaction (see chunk-journal.test.ts).
    const bulk = Buffer.concat([Buffer.from('OPENQASM 2.0;\n// '), randomBytes(96 * 1024)]);
    await f.write(0, bulk);
    const done = c.commitNow(f);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['sync', 'describe']);
    describing.open();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['sync', 'describe', 'described']);
    syncing.open();
    await done;
    expect(events).toEqual(['sync', 'describe', 'described', 'synced', 'sql']);
    expect((await fresh().read(0, bulk.length)).equals(bulk)).toBe(true);
  });

  it('writes a small chunk before put() returns, compressed when that pays', async () => {
    await chunks.put(Buffer.from('opens the first segment'));
    await chunks.sync();
    const text = Buffer.from('cx q[0],q[1];\n'.repeat(700));
    const pending = chunks.put(text);
    expect(chunks.pendingSegments.size).toBe(1);
    const ref = await pending;
    expect(ref.storedLen).toBeLessThan(text.length / 4);
    await chunks.sync();
    const reopened = new ChunkStore(join(dir, 'segments'));
    expect((await reopened.get(ref)).equals(text)).toBe(true);
    await reopened.close();
  });

  it('keeps zeroed space ahead of small commits, and ends a closed segment at its last record', async () => {
    const seg = chunks.segmentPath(1);
    const refs = [];
    for (let i = 0; i < 40; i++) {
      refs.push(await chunks.put(randomBytes(10_000)));
      await chunks.sync();
      await new Promise((r) => setImmediate(r));
    }
    const end = Math.max(...refs.map((r) => r.offset + r.storedLen));
    for (let i = 0; i < 50 && statSync(seg).size <= end + (1 << 20); i++) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(seg).size).toBeGreaterThan(end + (1 << 20)); // the runway, past the records
    await chunks.close();
    expect(statSync(seg).size).toBe(end);
    chunks = new ChunkStore(join(dir, 'segments'));
    for (const r of refs) expect((await chunks.get(r)).length).toBe(10_000);
  });

  it('writes no runway behind bulk commits', async () => {
    const ref = await chunks.put(randomBytes(4 << 20));
    await chunks.sync();
    await new Promise((r) => setTimeout(r, 50));
    expect(statSync(chunks.segmentPath(ref.segment)).size).toBe(ref.offset + ref.storedLen);
  });
});
