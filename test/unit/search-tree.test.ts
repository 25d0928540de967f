// /circuits/.search/<query>/ without a mount: one search per listing, and a
// lookup of one entry re-checks that entry alone (no search per `ls -l` entry),
// yet never answers with a file that stopped matching or moved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { searchInos } from '../../src/meta/circuit-search.js';
import { pathOf } from '../../src/meta/path-cache.js';
import { SearchTree } from '../../src/trees/circuits/search-tree.js';
import type { SearchQuery } from '../../src/trees/circuits/search-query.js';
import { S_IFDIR, now, type Attr } from '../../src/vfs/attr.js';
import { b, circuitRow, commitCircuit, mkdir, mkfile } from './search-fixtures.js';

describe('SearchTree', () => {
  let m: SqliteMeta;
  let circuits: number;
  let tree: SearchTree;
  let searches: SearchQuery[];

  const attr = (ino: number): Attr => ({
    ino, mode: S_IFDIR | 0o755, nlink: 2, uid: 0, gid: 0, rdev: 0, size: 0, blocks: 0, atime: now(), mtime: now(), ctime: now(),
  });
  const circuit = (parent: number, name: string, tags: string) => {
    const ino = mkfile(m, parent, name);
    commitCircuit(m, ino, circuitRow(ino, { h: 1 }));
    m.setXattr(ino, b('user.qfs.tags'), b(tags), 0, now());
    return ino;
  };
  const names = (dir: number) => tree.list(dir).map((e) => e.name.toString()).slice(2);

  beforeEach(() => {
    m = new SqliteMeta(':memory:');
    m.ensureRoot(S_IFDIR | 0o755, 0, 0, now());
    circuits = mkdir(m, ROOT_INO, 'circuits');
    searches = [];
    tree = new SearchTree(m, circuits, (q) => { searches.push(q); return searchInos(m, q); },
      (ino) => pathOf(m, ino)?.subarray('/circuits'.length), attr);
  });
  afterEach(() => m.close());

  it('lists matches as links, the same base name in two directories told apart', () => {
    const sub = mkdir(m, circuits, 'sub');
    const a = circuit(circuits, 'a.qasm', 'vqe');
    const a2 = circuit(sub, 'a.qasm', 'vqe');
    circuit(sub, 'b.qasm', 'qaoa');
    const dir = tree.lookup(tree.rootIno, b('tag=vqe')).ino;
    expect(names(dir)).toEqual(['a.qasm', `a.qasm~${a2}`]);
    expect(tree.readlink(tree.lookup(dir, b('a.qasm')).ino).toString()).toBe('../../a.qasm');
    expect(tree.readlink(tree.lookup(dir, b(`a.qasm~${a2}`)).ino).toString()).toBe('../../sub/a.qasm');
    expect(a).toBeLessThan(a2);
  });

  it('looks an entry up without searching again, and still sees changes', () => {
    const sub = mkdir(m, circuits, 'sub');
    const files = Array.from({ length: 20 }, (_, i) => circuit(sub, `c${i}.qasm`, i % 2 ? 'vqe' : 'other'));
    const dir = tree.lookup(tree.rootIno, b('tag=vqe')).ino;
    expect(names(dir)).toHaveLength(10);
    searches = [];
    for (let i = 1; i < 20; i += 2) expect(tree.lookup(dir, b(`c${i}.qasm`)).mode & 0o170000).toBe(0o120000);
    // One re-check per entry, each restricted to that entry's inode.
    expect(searches.map((q) => q.inos)).toEqual(files.filter((_, i) => i % 2).map((ino) => [ino]));

    // No longer matching: gone, even though the last listing had it.
    m.setXattr(files[1]!, b('user.qfs.tags'), b('other'), 0, now());
    expect(() => tree.lookup(dir, b('c1.qasm'))).toThrow(/ENOENT/);
    // Renamed: the old name is gone, the new one points at the new path.
    m.rename(sub, b('c3.qasm'), circuits, b('moved.qasm'), 0, now());
    expect(() => tree.lookup(dir, b('c3.qasm'))).toThrow(/ENOENT/);
    expect(tree.readlink(tree.lookup(dir, b('moved.qasm')).ino).toString()).toBe('../../moved.qasm');
    // Newly matching, never listed: found by a fresh listing.
    m.setXattr(files[0]!, b('user.qfs.tags'), b('vqe'), 0, now());
    expect(tree.readlink(tree.lookup(dir, b('c0.qasm')).ino).toString()).toBe('../../sub/c0.qasm');
    expect(() => tree.lookup(dir, b('nothing.qasm'))).toThrow(/ENOENT/);
  });

  it('keeps what it listed when the query directory is looked up again', () => {
    circuit(circuits, 'x.qasm', 'vqe');
    const dir = tree.lookup(tree.rootIno, b('tag=vqe')).ino;
    tree.list(dir);
    expect(tree.lookup(tree.rootIno, b('tag=vqe')).ino).toBe(dir);
    searches = [];
    tree.lookup(dir, b('x.qasm'));
    expect(searches).toHaveLength(1);
    expect(searches[0]!.inos).toHaveLength(1);
  });

  it('rejects a malformed query and a lookup below a link', () => {
    expect(() => tree.lookup(tree.rootIno, b('qubits=many'))).toThrow(/not a number or range/);
    circuit(circuits, 'x.qasm', 'vqe');
    const dir = tree.lookup(tree.rootIno, b('tag=vqe')).ino;
    const link = tree.lookup(dir, b('x.qasm')).ino;
    expect(() => tree.lookup(link, b('y'))).toThrow(/ENOTDIR/);
  });
});
