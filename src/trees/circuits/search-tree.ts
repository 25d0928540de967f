// /circuits/.search/<query>/: a directory per query (the `qfs search`
// language, e.g. "qubits=4..12,tag=vqe") whose entries are symbolic links
// to the matching files. Reachable by path, never listed; computed on each
// lookup, so it is always current. A malformed query is EINVAL (the reason
// goes to the log).
import { S_IFDIR, S_IFLNK, type Attr } from '../../vfs/attr.js';
import { fsError } from '../../vfs/errors.js';
import type { MetaStore } from '../../meta/meta-store.js';
import { parseQuery, type SearchQuery } from './search-query.js';
import type { VirtualEntry, VirtualTree } from '../virtual-tree.js';

const BASE = 2 ** 52;
const ROOT = BASE;

export const SEARCH_NAME = Buffer.from('.search');

type Node = { kind: 'query'; query: SearchQuery; text: string } | { kind: 'link'; dir: number; target: Buffer };

export class SearchTree implements VirtualTree {
  private readonly nodes = new Map<number, Node>();
  private readonly byKey = new Map<string, number>();
  private next = BASE + 1;

  constructor(
    private readonly meta: MetaStore,
    private readonly circuitsIno: number,
    private readonly search: (q: SearchQuery) => number[],
    private readonly pathBelowCircuits: (ino: number) => Buffer | undefined,
    private readonly realAttr: (ino: number) => Attr,
  ) {}

  get rootIno(): number {
    return ROOT;
  }

  owns(ino: number): boolean {
    return ino >= BASE;
  }

  /** A stable number for the same query text or link, while the daemon runs. */
  private intern(key: string, node: Node): number {
    let ino = this.byKey.get(key);
    if (ino === undefined) {
      ino = this.next++;
      this.byKey.set(key, ino);
    }
    this.nodes.set(ino, node);
    return ino;
  }

  lookup(parent: number, name: Buffer): Attr {
    if (parent === ROOT) {
      const text = name.toString('utf8');
      const query = parseQuery(text); // EINVAL with the reason
      return this.getattr(this.intern(`q:${text}`, { kind: 'query', query, text }));
    }
    const entry = this.list(parent).find((e) => e.name.equals(name));
    if (!entry) throw fsError('ENOENT');
    return this.getattr(entry.ino);
  }

  getattr(ino: number): Attr {
    const base = this.realAttr(this.circuitsIno);
    if (ino === ROOT) return { ...base, ino, mode: S_IFDIR | 0o555, nlink: 2, size: 0, blocks: 0 };
    const node = this.nodes.get(ino);
    if (!node) throw fsError('ENOENT', 'search entry expired');
    if (node.kind === 'query') return { ...base, ino, mode: S_IFDIR | 0o555, nlink: 2, size: 0, blocks: 0 };
    return { ...base, ino, mode: S_IFLNK | 0o777, nlink: 1, size: node.target.length, blocks: 0 };
  }

  list(ino: number): VirtualEntry[] {
    const dots = (parent: number) => [
      { name: Buffer.from('.'), ino, mode: S_IFDIR },
      { name: Buffer.from('..'), ino: parent, mode: S_IFDIR },
    ];
    if (ino === ROOT) return dots(this.circuitsIno);
    const node = this.nodes.get(ino);
    if (!node || node.kind !== 'query') throw fsError('ENOTDIR');
    const seen = new Set<string>();
    const out: VirtualEntry[] = [];
    for (const hit of this.search(node.query)) {
      const path = this.pathBelowCircuits(hit);
      if (!path) continue;
      const base = path.subarray(path.lastIndexOf(0x2f) + 1);
      // Same base name in two directories: the second gets its inode number appended.
      const name = seen.has(base.toString('latin1')) ? Buffer.concat([base, Buffer.from(`~${hit}`)]) : base;
      seen.add(name.toString('latin1'));
      const target = Buffer.concat([Buffer.from('../..'), path]);
      out.push({ name, ino: this.intern(`l:${ino}:${hit}`, { kind: 'link', dir: ino, target }), mode: S_IFLNK });
    }
    return [...dots(ROOT), ...out];
  }

  readlink(ino: number): Buffer {
    const node = this.nodes.get(ino);
    if (!node || node.kind !== 'link') throw fsError('EINVAL', 'not a symbolic link');
    return node.target;
  }

  async read(): Promise<Buffer> {
    throw fsError('EISDIR');
  }

  isFile(): boolean {
    return false;
  }
}
