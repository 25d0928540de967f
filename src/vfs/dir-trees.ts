// Which top-level tree (/circuits, /states, /qubits) a directory sits in,
// remembered per directory. Every close asks it of the file's directory (is
// this a circuit, a state, a tomography result?) and every lookup asks it of
// the directory looked in; walking the names up costs one SQLite read per
// level each time, while the answer changes only when a directory moves or
// goes. Files are not remembered: their names change by rename and link
// without a directory moving.
import type { MetaStore } from '../meta/meta-store.js';
import { ROOT_INO } from '../meta/sqlite-meta.js';

/** Directories remembered before the cache starts over. */
const LIMIT = 65536;
/** A bound against a damaged table's cycles, as deep as the walks this replaces went. */
const MAX_DEPTH = 4096;

export class DirTrees {
  private readonly tops = new Map<number, number>();

  constructor(private readonly meta: MetaStore) {}

  /**
   * The top-level directory holding directory `dir` (itself when it is one),
   * ROOT_INO for the root, undefined when it has no path to the root.
   */
  topOf(dir: number): number | undefined {
    if (dir === ROOT_INO) return ROOT_INO;
    const known = this.tops.get(dir);
    if (known !== undefined) return known;
    const walked: number[] = [];
    let at = dir;
    let top: number | undefined;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const cached = this.tops.get(at);
      if (cached !== undefined) {
        top = cached;
        break;
      }
      walked.push(at);
      const parent = this.meta.nameOf(at)?.parent;
      if (parent === undefined) return undefined;
      if (parent === ROOT_INO) {
        top = at;
        break;
      }
      at = parent;
    }
    if (top === undefined) return undefined;
    if (this.tops.size + walked.length > LIMIT) this.tops.clear();
    for (const d of walked) this.tops.set(d, top);
    return top;
  }

  /** The top-level directory holding any inode, by its first name (see MetaStore.nameOf). */
  topOfEntry(ino: number): number | undefined {
    if (ino === ROOT_INO || this.tops.has(ino)) return this.topOf(ino);
    const parent = this.meta.nameOf(ino)?.parent;
    if (parent === undefined) return undefined;
    return parent === ROOT_INO ? ino : this.topOf(parent);
  }

  /** A directory was removed: its number may be given to a new inode. */
  removed(dir: number): void {
    this.tops.delete(dir);
  }

  /** A directory moved (or two entries swapped): every answer may have changed. */
  moved(): void {
    this.tops.clear();
  }
}
