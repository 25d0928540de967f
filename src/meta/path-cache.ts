// Paths of inodes from their names in dentries, each directory's looked up
// once per cache: a search's hits mostly share a few directories.
import type { MetaStore } from './meta-store.js';

const SLASH = Buffer.from('/');
const MAX_DEPTH = 4096;

/**
 * Paths of inodes below a top directory (the root by default), for the span
 * of one search: hits mostly share a few directories, and each directory's
 * path is looked up once.
 */
export class PathCache {
  private readonly dirs = new Map<number, Buffer | null>();
  private readonly texts = new Map<number, string | null>();

  constructor(private readonly meta: Pick<MetaStore, 'nameOf'>, private readonly top = 1) {}

  /** A directory's path from the top ('' for the top itself), undefined when it is not below it. */
  dir(ino: number): Buffer | undefined {
    const pending: { ino: number; name: Buffer }[] = [];
    let at = ino;
    let path: Buffer | null | undefined;
    for (;;) {
      path = at === this.top ? Buffer.alloc(0) : this.dirs.get(at);
      if (path !== undefined) break;
      // The root when the top is another directory, a nameless inode, or a loop: not below the top.
      const n = at === 1 || pending.length >= MAX_DEPTH ? undefined : this.meta.nameOf(at);
      if (!n) { path = null; break; }
      pending.push({ ino: at, name: n.name });
      at = n.parent;
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const d = pending[i]!;
      path = path === null ? null : Buffer.concat([path, SLASH, d.name]);
      this.dirs.set(d.ino, path);
    }
    return path ?? undefined;
  }

  /** The path of `name` in directory `parent`. */
  join(parent: number, name: Buffer): Buffer | undefined {
    const dir = this.dir(parent);
    return dir && Buffer.concat([dir, SLASH, name]);
  }

  /** The same as UTF-8 text, as the CLI prints it, for a name already decoded. */
  joinText(parent: number, name: string): string | undefined {
    const dir = this.dirText(parent);
    return dir === undefined ? undefined : `${dir}/${name}`;
  }

  /** A directory's path as UTF-8 text, decoded once. */
  dirText(ino: number): string | undefined {
    let dir = this.texts.get(ino);
    if (dir === undefined) {
      dir = this.dir(ino)?.toString('utf8') ?? null;
      this.texts.set(ino, dir);
    }
    return dir ?? undefined;
  }

  /** The path of an inode by one of its names. */
  of(ino: number): Buffer | undefined {
    if (ino === this.top) return Buffer.alloc(0);
    const n = this.meta.nameOf(ino);
    return n && this.join(n.parent, n.name);
  }
}

/** A path of an inode from the filesystem root, as bytes joined by '/'. */
export function pathOf(meta: Pick<MetaStore, 'nameOf'>, ino: number): Buffer | undefined {
  return new PathCache(meta).of(ino);
}
