// /circuits/.search/<query>/: a directory per query (the `qfs search`
// language, e.g. "qubits=4..12,tag=vqe") whose entries are symbolic links
// to the matching files. Reachable by path, never listed; computed on each
// listing, so it is always current. Looking up one entry re-checks just that
// file against the query (the kernel asks for every entry of an `ls -l`, and
// a search per entry would make that quadratic). A malformed query is EINVAL
// (the reason goes to the log).
import { S_IFDIR, S_IFLNK, type Attr } from '../../vfs/attr.js';
import { fsError } from '../../vfs/errors.js';
import type { MetaStore } from '../../meta/meta-store.js';
import { PathCache } from '../../meta/path-cache.js';
import { parseQuery, type SearchQuery } from './search-query.js';
import type { VirtualEntry, VirtualTree } from '../virtual-tree.js';

const BASE = 2 ** 52;
const ROOT = BASE;

export const SEARCH_NAME = Buffer.from('.search');

/** A listed entry of a query directory: the file it links to and the link's inode. */
interface Listed { hit: number; ino: number }

type Node =
  | { kind: 'query'; query: SearchQuery; text: string; links: Map<number, number>; listed?: Map<string, Listed> }
  | { kind: 'link'; dir: number; hit: number; target: Buffer };

const UP = Buffer.from('../..');

/** A match as a search gives it: its inode, or its inode with one of its names (saving a lookup per match). */
export type SearchMatch = number | { ino: number; parent: number; name: Buffer };

const inoOf = (m: SearchMatch): number => (typeof m === 'number' ? m : m.ino);

export class SearchTree implements VirtualTree {
  private readonly nodes = new Map<number, Node>();
  private readonly byKey = new Map<string, number>();
  private next = BASE + 1;
  private base: Attr | undefined;

  constructor(
    private readonly meta: MetaStore,
    private readonly circuitsIno: number,
    private readonly search: (q: SearchQuery) => Iterable<SearchMatch>,
    private readonly pathBelowCircuits: (ino: number) => Buffer | undefined,
    private readonly realAttr: (ino: number) => Attr,
  ) {}

  get rootIno(): number {
    return ROOT;
  }

  owns(ino: number): boolean {
    return ino >= BASE;
  }

  /** A stable number for the same query text, while the daemon runs. */
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
      const known = this.byKey.get(`q:${text}`);
      return this.getattr(this.queryNode(known) ? known! : this.intern(`q:${text}`, { kind: 'query', query, text, links: new Map() }));
    }
    const dir = this.queryNode(parent);
    if (!dir) throw fsError('ENOTDIR');
    const known = dir.listed?.get(name.toString('latin1'));
    if (known && this.meta.snapshot(() => this.stillListed(dir, known))) return this.getattr(known.ino);
    const entry = this.list(parent).find((e) => e.name.equals(name));
    if (!entry) throw fsError('ENOENT');
    return this.getattr(entry.ino);
  }

  private queryNode(ino: number | undefined): Extract<Node, { kind: 'query' }> | undefined {
    const node = ino === undefined ? undefined : this.nodes.get(ino);
    return node?.kind === 'query' ? node : undefined;
  }

  /** Whether an entry of the last listing still matches and still points at the same path. */
  private stillListed(dir: Extract<Node, { kind: 'query' }>, e: Listed): boolean {
    const link = this.nodes.get(e.ino);
    if (link?.kind !== 'link' || ![...this.search({ ...dir.query, inos: [e.hit] })].some((m) => inoOf(m) === e.hit)) return false;
    const path = this.pathBelowCircuits(e.hit);
    return !!path && link.target.equals(Buffer.concat([UP, path]));
  }

  /**
   * The attributes entries take from /circuits, read once per synchronous
   * burst: a READDIRPLUS reply asks for thousands of entries in one go.
   */
  private baseAttr(): Attr {
    if (!this.base) {
      this.base = this.realAttr(this.circuitsIno);
      queueMicrotask(() => { this.base = undefined; });
    }
    return this.base;
  }

  getattr(ino: number): Attr {
    const base = this.baseAttr();
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
    const node = this.queryNode(ino);
    if (!node) throw fsError('ENOTDIR');
    return [...dots(ROOT), ...this.meta.snapshot(() => this.links(ino, node))];
  }

  /** The links of a query directory: a search, then one path lookup per directory of hits. */
  private links(ino: number, node: Extract<Node, { kind: 'query' }>): VirtualEntry[] {
    const listed = new Map<string, Listed>();
    const out: VirtualEntry[] = [];
    const paths = new PathCache(this.meta, this.circuitsIno);
    for (const match of this.search(node.query)) {
      const hit = inoOf(match);
      const n = typeof match === 'number' ? this.meta.nameOf(hit) : match;
      const path = n && paths.join(n.parent, n.name);
      if (!path) continue; // no name, or not below /circuits
      // Same base name in two directories: the second gets its inode number appended.
      let name = n.name;
      if (listed.has(name.toString('latin1'))) name = Buffer.concat([name, Buffer.from(`~${hit}`)]);
      const target = Buffer.concat([UP, path]);
      // A stable number per (query, file) while the daemon runs.
      let link = node.links.get(hit);
      if (link === undefined) node.links.set(hit, (link = this.next++));
      this.nodes.set(link, { kind: 'link', dir: ino, hit, target });
      listed.set(name.toString('latin1'), { hit, ino: link });
      out.push({ name, ino: link, mode: S_IFLNK });
    }
    node.listed = listed;
    return out;
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
