// Closing files in-process on a real data dir. A circuit's close queues the
// file as a version of its own, and the release that follows (the kernel
// sends it after close(2) returns, often while that commit runs) must not
// commit and parse the same content a second time; what is written while a
// commit runs goes into the next one.
import { describe, expect, it } from 'vitest';
import { constants as C } from 'node:fs';
import { dataDirsPerTest } from '../helpers/data-dirs.js';
import { Vfs } from '../../src/vfs/vfs.js';
import { ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { silentLogger } from '../../src/obs/logger.js';
import { inProcessParser, type CircuitParser } from '../../src/trees/circuits/circuit-parser.js';

const dataDirs = dataDirsPerTest('close');
const freshDataDir = () => dataDirs.fresh();

/** A parser that counts its calls and holds each answer until `release()`. */
function heldParser() {
  let open: () => void = () => undefined;
  let gate = new Promise<void>((r) => { open = r; });
  const calls: number[] = [];
  const parser: CircuitParser = {
    describe: async (ino, name, content) => {
      calls.push(ino);
      await gate;
      return inProcessParser.describe(ino, name, content);
    },
    inline: () => false, // as the parser thread: it starts at close
  };
  return { parser, calls, release: () => { open(); gate = Promise.resolve(); } };
}

const caller = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, pid: process.pid };
const BELL = Buffer.from('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n');

describe('closing a file', () => {
  it('commits and parses it once when the release comes while its commit runs', async () => {
    const { dir, dd } = await freshDataDir();
    const held = heldParser();
    const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal, { parser: held.parser });
    let commits = 0;
    const commitContent = dd.meta.commitContent.bind(dd.meta);
    dd.meta.commitContent = (c, j) => { commits += c.length; commitContent(c, j); };

    const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'))!;
    const { attr, fh } = await vfs.create(caller, circuits, Buffer.from('bell.qasm'), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    await vfs.write(attr.ino, 0, BELL);
    await vfs.flush(attr.ino);
    // The commit starts right after this turn and waits for the parse.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(held.calls).toEqual([attr.ino]);
    vfs.release(fh);
    held.release();
    await vfs.indexing(circuits, Buffer.from('.search'));
    await vfs.flushAll();

    expect(held.calls).toEqual([attr.ino]); // parsed once
    expect(commits).toBe(1);
    expect(dd.meta.getCircuit(attr.ino)).toMatchObject({ valid: true, qubits: 2, twoQubit: 1 });
    expect(dd.meta.listVersions(attr.ino)).toHaveLength(1);
  });

  it('still commits what another descriptor wrote while that commit ran', async () => {
    const { dir, dd } = await freshDataDir();
    const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal, { parser: inProcessParser });
    // Hold the commit at its fdatasync.
    let synced: () => void = () => undefined;
    let syncing: () => void = () => undefined;
    const gate = new Promise<void>((r) => { synced = r; });
    const atSync = new Promise<void>((r) => { syncing = r; });
    const sync = dd.chunks.sync.bind(dd.chunks);
    dd.chunks.sync = async () => { syncing(); await gate; await sync(); };

    const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'))!;
    const { attr, fh } = await vfs.create(caller, circuits, Buffer.from('notes.txt'), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    const other = await vfs.open(attr.ino, C.O_WRONLY);
    await vfs.write(attr.ino, 0, Buffer.from('first\n'));
    const first = vfs.commitFile(attr.ino);
    await atSync; // its blocks are sealed: what is written now is not in it
    // While it waits: more bytes through the other descriptor, then that
    // descriptor's release without a flush of its own.
    await vfs.write(attr.ino, 6, Buffer.from('second\n'));
    vfs.release(other);
    synced();
    await first;
    await vfs.flushAll();
    expect(dd.meta.getBlock(attr.ino, 0)?.rawLen).toBe(13);
    vfs.release(fh);
  });

  it('indexes a file again when it is renamed while the commit of its previous rename runs', async () => {
    const { dir, dd } = await freshDataDir();
    const held = heldParser();
    const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal, { parser: held.parser });
    const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'))!;
    const { attr, fh } = await vfs.create(caller, circuits, Buffer.from('notes.txt'), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    await vfs.write(attr.ino, 0, BELL);
    await vfs.flush(attr.ino);
    vfs.release(fh);
    await vfs.flushAll();
    expect(dd.meta.getCircuit(attr.ino)).toBeUndefined(); // a plain artifact

    // Renamed into place: its commit parses it, and waits in the parser...
    await vfs.rename(circuits, Buffer.from('notes.txt'), circuits, Buffer.from('bell.qasm'), 0);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(held.calls).toEqual([attr.ino]);
    // ...while it is renamed back. That commit's row is for a name the file no longer has.
    await vfs.rename(circuits, Buffer.from('bell.qasm'), circuits, Buffer.from('notes.txt'), 0);
    held.release();
    await vfs.flushAll();

    expect(dd.meta.getCircuit(attr.ino)).toBeUndefined();
    expect(await vfs.getxattr(attr.ino, Buffer.from('user.qfs.qubits'))).toBeUndefined();
    await vfs.rename(circuits, Buffer.from('notes.txt'), circuits, Buffer.from('bell.qasm'), 0);
    expect((await vfs.getxattr(attr.ino, Buffer.from('user.qfs.qubits')))?.toString()).toBe('2');
    await vfs.flushAll();
  });
});
