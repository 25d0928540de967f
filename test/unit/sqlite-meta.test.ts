import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { S_IFDIR, S_IFREG, now } from '../../src/vfs/attr.js';
import { cleanup, tempDir } from '../helpers/mount.js';

const b = (s: string) => Buffer.from(s);

describe('SqliteMeta', () => {
  let dir: string;
  let m: SqliteMeta;
  const mk = (parent: number, name: string, dir = false) =>
    m.createNode(parent, b(name), { mode: (dir ? S_IFDIR : S_IFREG) | 0o755, uid: 0, gid: 0, rdev: 0, nlink: dir ? 2 : 1, time: now() });

  beforeEach(() => {
    dir = tempDir('meta');
    m = new SqliteMeta(join(dir, 'meta.db'));
    m.ensureRoot(S_IFDIR | 0o755, 0, 0, now());
  });
  afterEach(() => {
    m.close();
    cleanup(dir);
  });

  it('keeps directory link counts through mkdir, rename and rmdir', () => {
    const a = mk(ROOT_INO, 'a', true);
    const c = mk(ROOT_INO, 'c', true);
    const sub = mk(a, 'sub', true);
    expect(m.getInode(ROOT_INO)!.nlink).toBe(4);
    expect(m.getInode(a)!.nlink).toBe(3);
    m.rename(a, b('sub'), c, b('moved'), 0, now());
    expect(m.getInode(a)!.nlink).toBe(2);
    expect(m.getInode(c)!.nlink).toBe(3);
    expect(m.parentOf(sub)).toBe(c);
    expect(() => m.unlink(ROOT_INO, b('c'), now())).toThrow(/ENOTEMPTY/);
    m.unlink(c, b('moved'), now());
    expect(m.getInode(sub)!.nlink).toBe(0);
    expect(m.orphans()).toEqual([sub]);
  });

  it('renames with replace, NOREPLACE and EXCHANGE', () => {
    const x = mk(ROOT_INO, 'x');
    const y = mk(ROOT_INO, 'y');
    expect(() => m.rename(ROOT_INO, b('x'), ROOT_INO, b('y'), 1, now())).toThrow(/EEXIST/);
    m.rename(ROOT_INO, b('x'), ROOT_INO, b('y'), 2, now());
    expect(m.lookup(ROOT_INO, b('x'))).toBe(y);
    expect(m.lookup(ROOT_INO, b('y'))).toBe(x);
    m.rename(ROOT_INO, b('x'), ROOT_INO, b('y'), 0, now());
    expect(m.lookup(ROOT_INO, b('y'))).toBe(y);
    expect(m.getInode(x)!.nlink).toBe(0);
    const d = mk(ROOT_INO, 'd', true);
    expect(() => m.rename(ROOT_INO, b('y'), ROOT_INO, b('d'), 0, now())).toThrow(/EISDIR/);
    expect(() => m.rename(ROOT_INO, b('d'), ROOT_INO, b('y'), 0, now())).toThrow(/ENOTDIR/);
    expect(m.lookup(ROOT_INO, b('d'))).toBe(d);
  });

  it('counts hard links and keeps names as bytes', () => {
    const odd = Buffer.from([0xff, 0x00, 0x41]);
    const f = m.createNode(ROOT_INO, odd, { mode: S_IFREG | 0o644, uid: 0, gid: 0, rdev: 0, nlink: 1, time: now() });
    m.link(f, ROOT_INO, b('second'), now());
    expect(m.getInode(f)!.nlink).toBe(2);
    expect(m.lookup(ROOT_INO, odd)).toBe(f);
    expect(() => m.link(f, ROOT_INO, b('second'), now())).toThrow(/EEXIST/);
  });

  it('honours XATTR_CREATE and XATTR_REPLACE', () => {
    const f = mk(ROOT_INO, 'f');
    expect(() => m.setXattr(f, b('user.a'), b('1'), 2, now())).toThrow(/ENODATA/);
    m.setXattr(f, b('user.a'), Buffer.from([0, 1, 2]), 1, now());
    expect(() => m.setXattr(f, b('user.a'), b('2'), 1, now())).toThrow(/EEXIST/);
    expect(m.getXattr(f, b('user.a'))).toEqual(Buffer.from([0, 1, 2]));
    m.removeXattr(f, b('user.a'), now());
    expect(() => m.removeXattr(f, b('user.a'), now())).toThrow(/ENODATA/);
  });

  it('refuses a database from a newer version', () => {
    m.db.pragma('user_version = 99');
    m.close();
    expect(() => new SqliteMeta(join(dir, 'meta.db'))).toThrow(/newer than this qfs/);
    m = new SqliteMeta(':memory:');
  });
});
