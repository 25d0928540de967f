// /circuits/.versions: a hidden, read-only mirror of /circuits in which each
// file is a directory of its versions, v1<ext> … vN<ext> (the last is the
// current content). It is reachable by path but never listed, like ZFS's
// .zfs, so cp -a and rsync -a of /circuits copy only current files.
//
// Virtual inode numbers, far above any SQLite rowid:
//   2^50 + 2·d      the mirror of real directory d
//   2^50 + 2·f + 1  the version directory of real file f
//   2^51 + f·4096 + n  version n of file f
import type { MetaStore, VersionRow } from '../../meta/meta-store.js';
import type { ChunkStore } from '../../blob/chunk-store.js';
import { readRange } from '../../blob/read-range.js';
import { VIRTUAL_BASE, type VirtualEntry, type VirtualTree } from '../virtual-tree.js';
import { fsError } from '../../vfs/errors.js';
import { S_IFDIR, S_IFREG, isDir, isReg, type Attr } from '../../vfs/attr.js';

const DIR_BASE = VIRTUAL_BASE;
const FILE_BASE = 2 ** 51;
const END = 2 ** 52;
const MAX_VERSION = 4095;

export const VERSIONS_NAME = Buffer.from('.versions');

const mirrorOf = (dir: number) => DIR_BASE + 2 * dir;
const historyOf = (file: number) => DIR_BASE + 2 * file + 1;
const versionIno = (file: number, n: number) => FILE_BASE + file * (MAX_VERSION + 1) + n;

type Node =
  | { kind: 'mirror'; real: number }
  | { kind: 'history'; real: number }
  | { kind: 'version'; real: number; n: number };

function decode(ino: number): Node {
  if (ino >= FILE_BASE) {
    const k = ino - FILE_BASE;
    return { kind: 'version', real: Math.floor(k / (MAX_VERSION + 1)), n: k % (MAX_VERSION + 1) };
  }
  const k = ino - DIR_BASE;
  return k % 2 === 0 ? { kind: 'mirror', real: k / 2 } : { kind: 'history', real: (k - 1) / 2 };
}

export class VersionsTree implements VirtualTree {
  constructor(
    private readonly meta: MetaStore,
    private readonly chunks: ChunkStore,
    private readonly circuitsIno: number,
    private readonly realAttr: (ino: number) => Attr,
  ) {}

  owns(ino: number): boolean {
    return ino >= DIR_BASE && ino < END;
  }

  readlink(): Buffer {
    throw fsError('EINVAL', 'not a symbolic link');
  }

  get rootIno(): number {
    return mirrorOf(this.circuitsIno);
  }

  lookup(parent: number, name: Buffer): Attr {
    const p = decode(parent);
    if (p.kind === 'mirror') {
      const child = this.meta.lookup(p.real, name);
      if (child === undefined) throw fsError('ENOENT');
      const a = this.realAttr(child);
      if (isDir(a.mode)) return this.getattr(mirrorOf(child));
      if (isReg(a.mode) && this.meta.listVersions(child).length) return this.getattr(historyOf(child));
      throw fsError('ENOENT', 'no versions of this file');
    }
    if (p.kind === 'history') {
      const m = /^v(\d+)/.exec(name.toString('latin1'));
      const n = m ? Number(m[1]) : NaN;
      if (!m || name.toString('latin1') !== `v${n}${this.extension(p.real)}` || n > MAX_VERSION || !this.meta.getVersion(p.real, n)) {
        throw fsError('ENOENT');
      }
      return this.getattr(versionIno(p.real, n));
    }
    throw fsError('ENOTDIR');
  }

  getattr(ino: number): Attr {
    const node = decode(ino);
    const real = this.realAttr(node.real);
    if (node.kind !== 'version') {
      return { ...real, ino, mode: S_IFDIR | 0o555, nlink: 2, size: 0, blocks: 0, rdev: 0 };
    }
    const v = this.version(node.real, node.n);
    return {
      ...real, ino, mode: S_IFREG | (real.mode & 0o444), nlink: 1, size: v.size, rdev: 0,
      blocks: Math.ceil(v.size / 512), mtime: v.mtime, ctime: v.mtime, atime: v.mtime,
    };
  }

  /** Directory entries, "." and ".." first. */
  list(ino: number): VirtualEntry[] {
    const node = decode(ino);
    const dots = [
      { name: Buffer.from('.'), ino, mode: S_IFDIR },
      { name: Buffer.from('..'), ino: this.parentOf(node), mode: S_IFDIR },
    ];
    if (node.kind === 'mirror') {
      const out: VirtualEntry[] = [];
      for (const e of this.meta.listDir(node.real)) {
        if (isDir(e.mode)) out.push({ name: e.name, ino: mirrorOf(e.ino), mode: S_IFDIR });
        else if (isReg(e.mode) && this.meta.listVersions(e.ino).length) out.push({ name: e.name, ino: historyOf(e.ino), mode: S_IFDIR });
      }
      return [...dots, ...out];
    }
    if (node.kind === 'history') {
      const ext = this.extension(node.real);
      return [...dots, ...this.meta.listVersions(node.real).map((v) => ({
        name: Buffer.from(`v${v.version}${ext}`), ino: versionIno(node.real, v.version), mode: S_IFREG,
      }))];
    }
    throw fsError('ENOTDIR');
  }

  async read(ino: number, off: number, len: number): Promise<Buffer> {
    const node = decode(ino);
    if (node.kind !== 'version') throw fsError('EISDIR');
    const v = this.version(node.real, node.n);
    const { data } = await readRange(this.chunks, this.meta.blockSize, v.size, off, len, (i) => {
      const row = this.meta.versionBlock(node.real, node.n, i);
      const ref = row && this.meta.findChunk(row.hash);
      return ref ? { ref } : undefined;
    });
    return data;
  }

  isFile(ino: number): boolean {
    return decode(ino).kind === 'version';
  }

  private version(real: number, n: number): VersionRow {
    const v = this.meta.getVersion(real, n);
    if (!v) throw fsError('ENOENT', 'that version was pruned');
    return v;
  }

  private parentOf(node: Node): number {
    if (node.kind === 'mirror') {
      if (node.real === this.circuitsIno) return this.circuitsIno;
      return mirrorOf(this.meta.parentOf(node.real) ?? this.circuitsIno);
    }
    const named = this.meta.nameOf(node.real);
    return mirrorOf(named?.parent ?? this.circuitsIno);
  }

  /** The extension of the file's current name, kept on its versions. */
  private extension(real: number): string {
    const name = this.meta.nameOf(real)?.name.toString('utf8') ?? '';
    const dot = name.lastIndexOf('.');
    return dot > 0 ? name.slice(dot) : '';
  }
}
