// Which top-level tree a directory is in, remembered per directory (DirTrees),
// on a real data dir through the Vfs: the answers follow directories that
// move or go, and a close below /circuits reads one name, not one per level.
import { describe, expect, it } from 'vitest';
import { constants as C } from 'node:fs';
import { dataDirsPerTest } from '../helpers/data-dirs.js';
import type { DataDir } from '../../src/vfs/data-dir.js';
import { Vfs } from '../../src/vfs/vfs.js';
import { DirTrees } from '../../src/vfs/dir-trees.js';
import { ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { silentLogger } from '../../src/obs/logger.js';
import { StateIndex } from '../../src/meta/state-index.js';
import { StateWorkerClient } from '../../src/trees/states/state-worker-client.js';

const dataDirs = dataDirsPerTest('dirtrees');

/** A Vfs on a new data dir, with the numbers of /circuits and /states. */
async function fresh(): Promise<{ dd: DataDir; vfs: Vfs; circuits: number; states: number }> {
  const { dir, dd } = await dataDirs.fresh();
  // /states as the daemon has it (its worker starts only for an analysis, which none of these runs).
  const worker = new StateWorkerClient(silentLogger());
  dataDirs.atEnd(() => worker.close());
  const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal,
    { states: { index: new StateIndex(dd.meta), worker, devicesDir: dir } });
  const top = (n: string) => dd.meta.lookup(ROOT_INO, Buffer.from(n))!;
  return { dd, vfs, circuits: top('circuits'), states: top('states') };
}

const caller = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, pid: process.pid };
const name = (s: string) => Buffer.from(s);
/** Creates file `n` in directory `dir`; its inode number. */
const newFile = async (vfs: Vfs, dir: number, n: string) =>
  (await vfs.create(caller, dir, name(n), 0o644, C.O_WRONLY | C.O_CREAT)).attr.ino;

describe('DirTrees', () => {
  it('gives the top-level directory of nested directories, itself for a top-level one, the root for the root', async () => {
    const { dd, vfs, circuits } = await fresh();
    const a = vfs.mkdir(caller, circuits, name('a'), 0o755).ino;
    const b = vfs.mkdir(caller, a, name('b'), 0o755).ino;
    const trees = new DirTrees(dd.meta);
    expect(trees.topOf(b)).toBe(circuits);
    expect(trees.topOf(a)).toBe(circuits);
    expect(trees.topOf(circuits)).toBe(circuits);
    expect(trees.topOf(ROOT_INO)).toBe(ROOT_INO);
    expect(trees.topOf(987654)).toBeUndefined();
    const file = await newFile(vfs, b, 'x.qasm');
    expect(trees.topOfEntry(file)).toBe(circuits);
    expect(trees.topOfEntry(circuits)).toBe(circuits);
  });

  it('follows a directory moved from /circuits to /states', async () => {
    const { vfs, circuits, states } = await fresh();
    const d = vfs.mkdir(caller, circuits, name('d'), 0o755).ino;
    const inner = vfs.mkdir(caller, d, name('inner'), 0o755).ino;
    const file = await newFile(vfs, inner, 'x.qasm');
    expect(vfs.circuits!.isCircuitFile(file)).toBe(true);
    expect(vfs.isVolatileDir(inner)).toBe(false);

    await vfs.rename(circuits, name('d'), states, name('d'), 0);
    expect(vfs.circuits!.isCircuitFile(file)).toBe(false);
    expect(vfs.circuits!.contains(file)).toBe(false);
    expect(vfs.isVolatileDir(inner)).toBe(true);

    await vfs.rename(states, name('d'), circuits, name('back'), 0);
    expect(vfs.circuits!.isCircuitFile(file)).toBe(true);
    expect(vfs.isVolatileDir(inner)).toBe(false);
  });

  it('forgets a removed directory whose number a new directory elsewhere gets', async () => {
    const { vfs, circuits, states } = await fresh();
    const gone = vfs.mkdir(caller, states, name('gone'), 0o755).ino;
    expect(vfs.isVolatileDir(gone)).toBe(true);
    vfs.rmdir(states, name('gone'));
    vfs.forget(gone, 1); // the kernel's reference from mkdir: the inode goes now
    const reborn = vfs.mkdir(caller, circuits, name('reborn'), 0o755).ino;
    expect(reborn).toBe(gone); // SQLite gives the highest rowid again: the case this test is about
    expect(vfs.isVolatileDir(reborn)).toBe(false);
    const file = await newFile(vfs, reborn, 'x.qasm');
    expect(vfs.circuits!.isCircuitFile(file)).toBe(true);
  });

  it('reads one name per check of a file in a directory already seen', async () => {
    const { dd, vfs, circuits } = await fresh();
    const deep = vfs.mkdir(caller, vfs.mkdir(caller, circuits, name('p'), 0o755).ino, name('q'), 0o755).ino;
    const files = [];
    for (const n of ['one.qasm', 'two.qasm']) files.push(await newFile(vfs, deep, n));
    expect(vfs.circuits!.isCircuitFile(files[0]!)).toBe(true);
    let reads = 0;
    const nameOf = dd.meta.nameOf.bind(dd.meta);
    dd.meta.nameOf = (ino) => { reads++; return nameOf(ino); };
    expect(vfs.circuits!.isCircuitFile(files[1]!)).toBe(true);
    expect(vfs.states!.isStateFile(files[1]!)).toBe(false);
    expect(reads).toBe(2);
  });
});
