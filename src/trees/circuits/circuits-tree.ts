// /circuits: an ordinary POSIX tree whose circuit files are parsed when their
// content is committed, indexed in SQLite, and described by user.qfs.* xattrs.
import type { CircuitRow, ContentCommit, MetaStore } from '../../meta/meta-store.js';
import { isCircuit, mayBeCircuit } from './circuit-index.js';
import { inProcessParser, type CircuitParser } from './circuit-parser.js';
import { derivedXattrs } from './circuit-xattrs.js';
import type { DerivedAttrs } from '../derived-attrs.js';
import type { DirTrees } from '../../vfs/dir-trees.js';

export interface ContentSource {
  ino: number;
  size: number;
  read(off: number, len: number): Promise<Buffer>;
}

export class CircuitsTree implements DerivedAttrs {
  constructor(
    private readonly meta: MetaStore,
    readonly dirIno: number,
    private readonly dirs: DirTrees,
    private readonly keepVersions = 10,
    private readonly parser: CircuitParser = inProcessParser,
  ) {}

  /** The commit additions for a file: versions for everything below /circuits, an index row for circuits. */
  async commitExtras(f: ContentSource): Promise<Pick<ContentCommit, 'circuit' | 'keepVersions'> | undefined> {
    return this.contains(f.ino) ? this.versionExtras(f) : undefined;
  }

  /** commitExtras for a file already known to lie below /circuits; `here`: see CircuitParser.describe. */
  async versionExtras(f: ContentSource, here = false): Promise<Pick<ContentCommit, 'circuit' | 'keepVersions'>> {
    return { circuit: await this.describe(f, here), keepVersions: this.keepVersions };
  }

  /** Whether `ino` lives below /circuits (by its first name). */
  contains(ino: number): boolean {
    return ino !== this.dirIno && this.dirs.topOfEntry(ino) === this.dirIno;
  }

  /**
   * The index row to commit with this content: a row for a circuit file,
   * null to drop a stale row, undefined when the file is no circuit's business.
   */
  async describe(f: ContentSource, here = false): Promise<CircuitRow | null | undefined> {
    const named = this.meta.nameOf(f.ino);
    const had = this.meta.getCircuit(f.ino) !== undefined;
    const row = named && await this.rowUnder(f, named.name, here);
    return row ?? (had ? null : undefined);
  }

  /** The index row of the content under the name `name`; undefined when that name and content make no circuit. */
  private async rowUnder(f: ContentSource, name: Buffer, here = false): Promise<CircuitRow | undefined> {
    if (!mayBeCircuit(name)) return undefined;
    const content = await f.read(0, f.size);
    if (!isCircuit(name, content)) return undefined;
    return this.parser.describe(f.ino, name, content, here);
  }

  /** Whether a circuit of `size` bytes is parsed on the calling thread (nothing to start early). */
  parsesInline(size: number): boolean {
    return this.parser.inline(size);
  }

  /** A file below /circuits whose name says circuit. */
  isCircuitFile(ino: number): boolean {
    const named = this.meta.nameOf(ino);
    return !!named && mayBeCircuit(named.name) && this.dirs.topOf(named.parent) === this.dirIno;
  }

  /** The parse error a strict mount refuses content for, if any. */
  async strictError(f: ContentSource): Promise<string | undefined> {
    const named = this.meta.nameOf(f.ino);
    return named && this.strictErrorAt(f, named.parent, named.name);
  }

  /** The same for the content under the name `name` in directory `parent` (where a rename would put it). */
  async strictErrorAt(f: ContentSource, parent: number, name: Buffer): Promise<string | undefined> {
    if (this.dirs.topOf(parent) !== this.dirIno) return undefined;
    const row = await this.rowUnder(f, name);
    return !row || row.valid ? undefined : row.error ?? 'invalid circuit';
  }

  /** The parser's attributes of an indexed circuit file. */
  derived(ino: number): Map<string, string> | undefined {
    const row = this.meta.getCircuit(ino);
    return row && derivedXattrs(row);
  }
}
