// Translates native FUSE requests into VFS calls and their answers into
// replies: one small function per operation, wired in one table. Every
// request gets exactly one reply; a throw becomes its errno (toErrno).
import type { NativeModule, RawRequest } from '../native.js';
import type { Vfs, SetAttrRequest } from '../vfs/vfs.js';
import type { Logger } from '../obs/logger.js';
import type { Attr } from '../vfs/attr.js';
import { opensForWriting } from '../vfs/open-flags.js';
import { toErrno } from './errno.js';
import { isVirtual } from '../trees/virtual-tree.js';
import { attrVector, writeAttr } from './attr-vector.js';
import { ATTR_LEN, Op, OpenFlag, OP_NAMES, SetAttr } from './ops.js';

/** Seconds the kernel may cache names and attributes (it sees every change). */
const TTL = 1.0;

type Handler = (r: RawRequest) => void | Promise<void>;

export class FuseAdapter {
  private readonly table: Record<number, Handler>;

  constructor(private readonly vfs: Vfs, private readonly n: NativeModule, private readonly log: Logger) {
    this.table = this.build();
  }

  /** Entry point for every request the binding reads from the kernel. */
  readonly dispatch = (r: RawRequest): void => {
    const h = this.table[r.op];
    if (!h) {
      this.n.replyErr(r.req, 38 /* ENOSYS */);
      return;
    }
    try {
      const p = h(r);
      if (p) p.catch((e) => this.fail(r, e));
    } catch (e) {
      this.fail(r, e);
    }
  };

  /**
   * How the kernel treats an open file. Control files bypass the page cache.
   * A read-only open has nothing to commit, so its close(2) skips the flush
   * request: a warm `cat` then costs the open alone.
   */
  private openFlags(ino: number, flags: number): number {
    if (this.vfs.isDirectIo(ino)) return OpenFlag.DIRECT_IO;
    const cache = this.vfs.keepCache ? OpenFlag.KEEP_CACHE : 0;
    return opensForWriting(flags) ? cache : cache | OpenFlag.NOFLUSH;
  }

  private fail(r: RawRequest, e: unknown): void {
    if (r.op === Op.FORGET) return;
    this.n.replyErr(r.req, toErrno(e, this.log, OP_NAMES[r.op] ?? `op ${r.op}`));
  }

  /**
   * An entry looked up in directory `r.ino`. Names in computed directories
   * are looked up again each time; the names of those directories in
   * /circuits (.search, .versions) stay, but not their attributes, so a stat
   * of them still reaches the daemon (and waits for indexing).
   */
  private entry(r: RawRequest, a: Attr): void {
    this.n.replyEntry(r.req, attrVector(a), ttlOf(a.ino), this.entryTtlIn(r.ino));
  }

  /** How long the kernel may keep a name (or its absence) looked up in `dir`. */
  private entryTtlIn(dir: number): number {
    return isVirtual(dir) || this.vfs.isVolatileDir(dir) ? 0 : TTL;
  }

  private build(): Record<number, Handler> {
    const { vfs, n } = this;
    const caller = (r: RawRequest) => ({ uid: r.uid, gid: r.gid, pid: r.pid });
    return {
      [Op.LOOKUP]: (r) => this.afterIndexing(r.ino, r.name, r, (r) => {
        const a = vfs.lookup(r.ino, r.name!);
        // A negative entry the kernel may cache: creates go through it anyway.
        if (a) this.entry(r, a);
        else n.replyEntry(r.req, NEGATIVE, 0, this.entryTtlIn(r.ino));
      }),
      [Op.FORGET]: (r) => {
        const f = r.forgets!;
        for (let i = 0; i < f.length; i += 2) vfs.forget(f[i]!, f[i + 1]!);
      },
      [Op.GETATTR]: (r) => this.afterIndexing(r.ino, undefined, r, (r) => {
        n.replyAttr(r.req, attrVector(vfs.getattr(r.ino)), ttlOf(r.ino));
      }),
      [Op.SETATTR]: async (r) => {
        const attr = await vfs.setattr(r.ino, setAttrRequest(r));
        n.replyAttr(r.req, attrVector(attr), TTL);
      },
      [Op.READLINK]: (r) => void n.replyReadlink(r.req, vfs.readlink(r.ino)),
      [Op.MKNOD]: (r) => this.entry(r, vfs.mknod(caller(r), r.ino, r.name!, r.mode!, r.rdev!)),
      [Op.MKDIR]: (r) => this.entry(r, vfs.mkdir(caller(r), r.ino, r.name!, r.mode!)),
      [Op.UNLINK]: (r) => {
        vfs.unlink(r.ino, r.name!);
        n.replyErr(r.req, 0);
      },
      [Op.RMDIR]: (r) => {
        vfs.rmdir(r.ino, r.name!);
        n.replyErr(r.req, 0);
      },
      [Op.SYMLINK]: (r) => this.entry(r, vfs.symlink(caller(r), r.ino, r.name!, r.name2!)),
      [Op.RENAME]: async (r) => {
        await vfs.rename(r.ino, r.name!, r.ino2!, r.name2!, r.flags);
        n.replyErr(r.req, 0);
      },
      [Op.LINK]: (r) => this.entry(r, vfs.link(r.ino, r.ino2!, r.name!)),
      [Op.OPEN]: async (r) => {
        const fh = await vfs.open(r.ino, r.flags);
        n.replyOpen(r.req, fh, this.openFlags(r.ino, r.flags));
      },
      [Op.CREATE]: async (r) => {
        const { attr, fh } = await vfs.create(caller(r), r.ino, r.name!, r.mode!, r.flags);
        n.replyCreate(r.req, attrVector(attr), TTL, TTL, fh, vfs.keepCache ? OpenFlag.KEEP_CACHE : 0);
      },
      [Op.READ]: async (r) => void n.replyBuf(r.req, await vfs.read(r.ino, r.off!, r.size!)),
      [Op.WRITE]: async (r) => void n.replyWrite(r.req, await vfs.write(r.ino, r.off!, r.data!, caller(r))),
      [Op.FLUSH]: async (r) => {
        await vfs.flush(r.ino, caller(r));
        n.replyErr(r.req, 0);
      },
      [Op.RELEASE]: (r) => {
        vfs.release(r.fh);
        n.replyReleased(r.req);
      },
      [Op.FSYNC]: async (r) => {
        await vfs.fsync(r.ino);
        n.replyErr(r.req, 0);
      },
      [Op.OPENDIR]: (r) => this.afterIndexing(r.ino, undefined, r, (r) => void n.replyOpen(r.req, vfs.opendir(r.ino), 0)),
      [Op.READDIR]: (r) => this.afterIndexing(r.off ? 0 : vfs.handle(r.fh)?.ino ?? 0, undefined, r, (r) => this.readdir(r, false)),
      [Op.READDIRPLUS]: (r) => this.afterIndexing(r.off ? 0 : vfs.handle(r.fh)?.ino ?? 0, undefined, r, (r) => this.readdir(r, true)),
      [Op.RELEASEDIR]: (r) => {
        vfs.releasedir(r.fh);
        n.replyReleased(r.req);
      },
      [Op.FSYNCDIR]: async (r) => {
        await vfs.fsyncdir();
        n.replyErr(r.req, 0);
      },
      [Op.STATFS]: async (r) => {
        const s = await vfs.statfs();
        n.replyStatfs(r.req, Float64Array.of(s.bsize, s.frsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, s.favail, s.namemax));
      },
      [Op.SETXATTR]: async (r) => {
        await vfs.setxattr(r.ino, r.name!, r.data ?? Buffer.alloc(0), r.flags);
        n.replyErr(r.req, 0);
      },
      [Op.GETXATTR]: async (r) => {
        const v = await vfs.getxattr(r.ino, r.name!);
        if (v) this.sized(r, v);
        else n.replyErr(r.req, 61 /* ENODATA */);
      },
      [Op.LISTXATTR]: async (r) => this.sized(r, await vfs.listxattr(r.ino)),
      [Op.REMOVEXATTR]: (r) => {
        vfs.removexattr(r.ino, r.name!);
        n.replyErr(r.req, 0);
      },
      [Op.ACCESS]: (r) => {
        vfs.getattr(r.ino);
        n.replyErr(r.req, 0);
      },
      [Op.FALLOCATE]: async (r) => {
        await vfs.fallocate(r.ino, r.flags, r.off!, r.size!);
        n.replyErr(r.req, 0);
      },
      [Op.COPY_FILE_RANGE]: async (r) => {
        const done = await vfs.copyFileRange(r.ino, r.off!, r.ino2!, r.off2!, r.size!);
        n.replyWrite(r.req, done);
      },
      [Op.LSEEK]: (r) => void n.replyLseek(r.req, vfs.lseek(r.ino, r.off!, r.flags)),
    };
  }

  /** Runs `h` at once, or once closed circuits are indexed when .search or .versions answer it. */
  private afterIndexing(ino: number, name: Buffer | undefined, r: RawRequest, h: Handler): void | Promise<void> {
    const wait = this.vfs.indexing(ino, name);
    return wait ? wait.then(() => h(r)) : h(r);
  }

  /** getxattr/listxattr protocol: size 0 asks for the length only. */
  private sized(r: RawRequest, value: Buffer): void {
    if (r.size === 0) this.n.replyXattr(r.req, value.length);
    else if (value.length > r.size!) this.n.replyErr(r.req, 34 /* ERANGE */);
    else this.n.replyBuf(r.req, value);
  }

  private readdir(r: RawRequest, plus: boolean): void {
    // No more entries than the kernel's buffer can take (each needs at least
    // its fixed header), so READDIRPLUS looks up attributes only for those.
    const max = Math.ceil(r.size! / (plus ? DIRENTPLUS_MIN : DIRENT_MIN));
    const { entries, first } = this.vfs.readdir(r.fh, r.off!, max);
    const names: Buffer[] = [];
    const attrs = new Float64Array(entries.length * ATTR_LEN);
    const offsets = new Float64Array(entries.length);
    let k = 0;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j]!;
      if (plus) {
        let a: Attr;
        try {
          a = this.vfs.getattr(e.ino);
        } catch {
          continue; // removed since the listing was taken
        }
        writeAttr(a, attrs, k * ATTR_LEN);
      } else {
        attrs[k * ATTR_LEN] = e.ino;
        attrs[k * ATTR_LEN + 1] = e.mode;
      }
      names.push(e.name);
      offsets[k] = first + j + 1;
      k++;
    }
    const dir = this.vfs.handle(r.fh)?.ino;
    const entryTtl = dir !== undefined && this.vfs.isVolatileDir(dir) ? 0 : TTL;
    const sent = this.n.replyDir(r.req, r.size!, plus, names, attrs, offsets, TTL, entryTtl);
    if (plus) {
      // The kernel takes a reference on every entry but "." and "..".
      for (let i = 0; i < sent; i++) {
        const nm = names[i]!;
        if (!(nm.length <= 2 && (nm.equals(DOT) || nm.equals(DOTDOT)))) this.vfs.inodes.remember(attrs[i * ATTR_LEN]!);
      }
    }
  }
}

/** Old versions appear as commits land: never let the kernel cache them. */
const ttlOf = (ino: number): number => (isVirtual(ino) ? 0 : TTL);
const NEGATIVE = new Float64Array(ATTR_LEN); // ino 0: "no such name"
/** Bytes of a one-letter entry in a READDIR / READDIRPLUS reply (struct fuse_dirent, fuse_direntplus). */
const DIRENT_MIN = 32;
const DIRENTPLUS_MIN = 160;
const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');

function setAttrRequest(r: RawRequest): SetAttrRequest {
  const t = r.toSet!;
  const req: SetAttrRequest = {};
  if (t & SetAttr.MODE) req.mode = r.mode!;
  if (t & SetAttr.UID) req.uid = r.attrUid!;
  if (t & SetAttr.GID) req.gid = r.attrGid!;
  if (t & SetAttr.SIZE) req.size = r.size!;
  if (t & SetAttr.ATIME_NOW) req.atime = 'now';
  else if (t & SetAttr.ATIME) req.atime = { sec: r.atime!, nsec: r.atimeNs! };
  if (t & SetAttr.MTIME_NOW) req.mtime = 'now';
  else if (t & SetAttr.MTIME) req.mtime = { sec: r.mtime!, nsec: r.mtimeNs! };
  return req;
}
