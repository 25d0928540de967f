// A commit of small records carries copies of them in its transaction
// instead of waiting for an fdatasync of their segment (ChunkStore
// .takeJournal); the segments are synced in the background and the copies
// dropped. A crash in between loses nothing: opening the data dir writes back
// what a segment lost. Bulk data is still synced before its commit.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { constants as C, truncateSync } from 'node:fs';
import { dataDirsPerTest } from '../helpers/data-dirs.js';
import type { DataDir } from '../../src/vfs/data-dir.js';
import { Vfs } from '../../src/vfs/vfs.js';
import { checkFilesystem } from '../../src/vfs/fsck.js';
import { ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { RECORD_HEADER } from '../../src/blob/segment-format.js';
import { silentLogger } from '../../src/obs/logger.js';
import { inProcessParser } from '../../src/trees/circuits/circuit-parser.js';

const dataDirs = dataDirsPerTest('journal');

async function open(dir: string, opened?: DataDir): Promise<{ dd: DataDir; vfs: Vfs; syncs: () => number }> {
  const dd = opened ?? await dataDirs.open(dir);
  let syncs = 0;
  const sync = dd.chunks.sync.bind(dd.chunks);
  dd.chunks.sync = () => { syncs++; return sync(); };
  const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal, { parser: inProcessParser });
  dataDirs.atEnd(() => vfs.journal.stop());
  return { dd, vfs, syncs: () => syncs };
}

async function fresh() {
  const { dir, dd } = await dataDirs.fresh();
  return { dir, ...(await open(dir, dd)) };
}

const caller = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, pid: process.pid };
const GHZ = Buffer.from(`OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[8];\ncreg c[8];\n${
  `h q[0];\n${Array.from({ length: 7 }, (_, i) => `cx q[${i}],q[${i + 1}];\n`).join('')}`.repeat(16)}measure q -> c;\n`);

/** Writes a new file below /circuits and waits for its commit. */
async function put(vfs: Vfs, dd: DataDir, name: string, content: Buffer): Promise<number> {
  const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'))!;
  const { attr, fh } = await vfs.create(caller, circuits, Buffer.from(name), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
  await vfs.write(attr.ino, 0, content);
  await vfs.flush(attr.ino);
  vfs.release(fh);
  await vfs.committer.flushAll();
  return attr.ino;
}

async function readAll(vfs: Vfs, ino: number, size: number): Promise<Buffer> {
  const fh = await vfs.open(ino, C.O_RDONLY);
  try {
    return await vfs.read(ino, 0, size);
  } finally {
    vfs.release(fh);
  }
}

describe('the chunk journal', () => {
  it('commits a circuit without an fdatasync, and a crash that loses its record loses nothing', async () => {
    const { dir, dd, vfs, syncs } = await fresh();
    const ino = await put(vfs, dd, 'ghz.qasm', GHZ);
    vfs.journal.stop(); // the machine goes down before the background sync
    expect(syncs()).toBe(0);
    const [copy, ...more] = dd.meta.journalRecords();
    expect(more).toEqual([]);
    const ref = dd.meta.findChunk(copy!.hash)!;
    expect([ref.segment, ref.offset]).toEqual([copy!.segment, copy!.offset]);
    expect(dd.meta.getCircuit(ino)).toMatchObject({ valid: true, qubits: 8 });

    // The segment never reached the disk past the record's start.
    truncateSync(dd.chunks.segmentPath(ref.segment), ref.offset - RECORD_HEADER);
    const after = await open(dir);
    expect(after.dd.meta.journalRecords()).toEqual([]);
    expect((await readAll(after.vfs, ino, GHZ.length)).equals(GHZ)).toBe(true);
    const fsck = await checkFilesystem(after.dd.meta, after.dd.chunks, { deep: true });
    expect(fsck.problems).toEqual([]);
  });

  it('drops the copies once the segments are synced', async () => {
    const { dd, vfs, syncs } = await fresh();
    await put(vfs, dd, 'a.qasm', GHZ);
    await put(vfs, dd, 'b.qasm', Buffer.concat([GHZ, Buffer.from('// b\n')]));
    expect(dd.meta.journalRecords()).toHaveLength(2);
    await vfs.flushAll(); // as at unmount; the background sync does the same a second after a commit
    expect(syncs()).toBe(1);
    expect(dd.meta.journalRecords()).toEqual([]);
    expect(dd.meta.journalMark()).toBe(0);
  });

  it('syncs a commit of bulk data before its transaction, and copies nothing', async () => {
    const { dd, vfs, syncs } = await fresh();
    const bulk = randomBytes(300 * 1024); // incompressible, past the small-record size
    const ino = await put(vfs, dd, 'params.bin', bulk);
    expect(syncs()).toBe(1);
    expect(dd.meta.journalRecords()).toEqual([]);
    expect((await readAll(vfs, ino, bulk.length)).equals(bulk)).toBe(true);
  });

  it('does not let a copy that failed to commit stand in for a sync', async () => {
    const { dd, vfs, syncs } = await fresh();
    const commitContent = dd.meta.commitContent.bind(dd.meta);
    let fail = true;
    dd.meta.commitContent = (c, j) => {
      if (fail) { fail = false; throw new Error('disk full'); }
      commitContent(c, j);
    };
    const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'))!;
    const { attr, fh } = await vfs.create(caller, circuits, Buffer.from('retry.qasm'), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    await vfs.write(attr.ino, 0, GHZ);
    await vfs.flush(attr.ino);
    vfs.release(fh);
    await expect(vfs.committer.commitNow()).rejects.toThrow('disk full');
    await vfs.committer.flushAll(); // the retry
    expect(syncs()).toBe(1); // the copies taken by the failed transaction are gone: it synced
    expect(dd.meta.getCircuit(attr.ino)).toMatchObject({ valid: true });
    expect((await readAll(vfs, attr.ino, GHZ.length)).equals(GHZ)).toBe(true);
  });
});
