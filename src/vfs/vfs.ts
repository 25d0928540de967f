// POSIX semantics over the metadata store and the chunk store, addressed by
// inode number as the FUSE low-level protocol is. Permission checks are the
// kernel's (the mount uses default_permissions); this layer keeps ownership,
// link counts, times and content right. Every method throws FsError.
import { statfs } from 'node:fs/promises';
import { constants } from 'node:fs';
import { RENAME_EXCHANGE, type MetaStore } from '../meta/meta-store.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import type { Logger } from '../obs/logger.js';
import { ROOT_INO } from '../meta/sqlite-meta.js';
import { JournalSyncer } from './journal-syncer.js';
import { opensForWriting } from './open-flags.js';
import { Committer } from './committer.js';
import { CircuitsTree } from '../trees/circuits/circuits-tree.js';
import { VERSIONS_NAME, VersionsTree } from '../trees/circuits/versions-tree.js';
import { SEARCH_NAME, SearchTree } from '../trees/circuits/search-tree.js';
import { isVirtual, type VirtualTree } from '../trees/virtual-tree.js';
import { isControl, requestLines, type ControlFile } from '../trees/control-file.js';
import { checkDerivedWrite, isDerivedName, type DerivedAttrs } from '../trees/derived-attrs.js';
import { StatesTree, type StatesDeps } from '../trees/states/states-tree.js';
import { VfsTreeWriter } from './vfs-tree-writer.js';
import { pathOf } from '../meta/path-cache.js';
import type { SearchQuery } from '../trees/circuits/search-query.js';
import type { CircuitParser } from '../trees/circuits/circuit-parser.js';
import type { FileState } from './file-state.js';
import { InodeTable } from './inode-table.js';
import { DirTrees } from './dir-trees.js';
import { fsError, type FsError } from './errors.js';
import {
  S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, S_ISGID, isDir, isReg, now, type Attr, type Timespec,
} from './attr.js';

export interface Caller {
  uid: number;
  gid: number;
  pid: number;
}

export interface SetAttrRequest {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: Timespec | 'now';
  mtime?: Timespec | 'now';
}

export interface DirListEntry {
  name: Buffer;
  ino: number;
  mode: number;
}

export interface StatFs {
  bsize: number; frsize: number; blocks: number; bfree: number; bavail: number;
  files: number; ffree: number; favail: number; namemax: number;
}

interface FileHandle { kind: 'file'; ino: number; flags: number }
/** `fresh`: the listing was taken at opendir and nothing has read it yet. */
interface DirHandle { kind: 'dir'; ino: number; entries: DirListEntry[]; fresh: boolean }
type Handle = FileHandle | DirHandle;

const O_TRUNC = constants.O_TRUNC;
const NAME_MAX = 255;
/** Dirty bytes of one file that start a background commit while it is still being written. */
const WRITE_BEHIND = 64 * 1024 * 1024;
/** Dirty bytes over all files at which writers wait for a commit. */
const DIRTY_LIMIT = 512 * 1024 * 1024;

export { TOP_LEVEL } from './top-level.js';

export interface VfsOptions {
  commitDelayMs?: number;
  /** Refuse invalid circuit content at close/fsync with EINVAL (keeping the previous version). */
  strict?: boolean;
  /** Versions kept per file below /circuits. */
  keepVersions?: number;
  /** Parses committed circuits (the daemon's parser thread); this thread by default. */
  parser?: CircuitParser;
  /** Runs a circuit search (the metadata engine's own query); enables /circuits/.search. */
  search?: (q: SearchQuery) => number[];
  /** Enables /states: its index, worker and device files. */
  states?: Omit<StatesDeps, 'meta' | 'dirs' | 'chunks' | 'writer' | 'log'>;
}

export class Vfs {
  readonly inodes: InodeTable;
  readonly circuits: CircuitsTree | undefined;
  readonly versions: VersionsTree | undefined;
  readonly search: SearchTree | undefined;
  readonly states: StatesTree | undefined;
  readonly committer: Committer;
  /** Syncs segments behind commits that carried copies of their records. */
  readonly journal: JournalSyncer;
  private readonly controls: ControlFile[] = [];
  private readonly describers: DerivedAttrs[] = [];
  private readonly mountTime = now();
  /** Which top-level tree each directory is in: asked on every lookup and close. */
  private readonly dirs: DirTrees;
  private readonly handles = new Map<number, Handle>();
  /**
   * How closed circuits get their index rows at commit: a row the parser
   * thread started on at close, or (a small circuit, parsed on this thread
   * inside the commit) the parse to do then.
   */
  private readonly describing = new Map<FileState, () => ReturnType<CircuitsTree['commitExtras']>>();
  private nextFh = 1;

  constructor(
    readonly meta: MetaStore,
    readonly chunks: ChunkStore,
    readonly log: Logger,
    private readonly dataDir: string,
    private readonly syncWal: () => Promise<void>,
    private readonly opts: VfsOptions = {},
  ) {
    this.inodes = new InodeTable(meta, chunks);
    this.dirs = new DirTrees(meta);
    const circuitsIno = meta.lookup(ROOT_INO, Buffer.from('circuits'));
    this.circuits = circuitsIno === undefined ? undefined
      : new CircuitsTree(meta, circuitsIno, this.dirs, opts.keepVersions, opts.parser);
    this.versions = circuitsIno === undefined ? undefined
      : new VersionsTree(meta, chunks, circuitsIno, (ino) => this.inodes.attr(ino));
    this.search = circuitsIno === undefined || !opts.search ? undefined
      : new SearchTree(meta, circuitsIno, opts.search, (ino) => {
        const p = pathOf(meta, ino);
        return p?.subarray('/circuits'.length);
      }, (ino) => this.inodes.attr(ino));
    this.journal = new JournalSyncer(meta, chunks, log);
    this.committer = new Committer(meta, chunks, log, opts.commitDelayMs ?? 25, {
      describe: (f) => {
        const known = this.describing.get(f);
        this.describing.delete(f);
        return known?.() ?? this.circuits?.commitExtras(f) ?? Promise.resolve(undefined);
      },
      // Closed files need no overlay once their content is committed.
      isCurrent: (f) => this.inodes.files.get(f.ino) === f,
      afterCommit: (files) => {
        for (const f of files) this.inodes.dropIdle(f);
        this.states?.committed(files.map((f) => f.ino));
      },
      journaled: () => this.journal.soon(),
    });
    const statesIno = meta.lookup(ROOT_INO, Buffer.from('states'));
    this.states = statesIno === undefined || !opts.states ? undefined
      : new StatesTree(statesIno, { ...opts.states, meta, dirs: this.dirs, chunks, log, writer: new VfsTreeWriter(this) });
    if (this.states) {
      this.states.ensureLayout();
      this.controls.push(this.states.control);
    }
    this.describers.push(...[this.circuits, this.states].filter((t): t is CircuitsTree | StatesTree => !!t));
  }

  /** Removes inodes left without names by a crash (run at mount). */
  reapOrphans(): number {
    const orphans = this.meta.orphans();
    for (const ino of orphans) this.meta.deleteInode(ino);
    return orphans.length;
  }

  /** Whether the kernel may keep file pages across opens (not when strict refusals can undo writes). */
  get keepCache(): boolean {
    return !this.opts.strict;
  }

  // ---- names -------------------------------------------------------------

  /** The entry for a name, or undefined when there is none (a common, cheap answer). */
  lookup(parent: number, name: Buffer): Attr | undefined {
    if (name.length > NAME_MAX) throw fsError('ENAMETOOLONG');
    const virtual = this.virtualLookup(parent, name);
    if (virtual) return virtual;
    const control = this.controlAt(parent, name);
    if (control) return this.controlAttr(control);
    this.requireDir(parent);
    let ino: number | undefined;
    if (name.equals(DOT)) ino = parent;
    else if (name.equals(DOTDOT)) ino = this.meta.parentOf(parent);
    else ino = this.meta.lookup(parent, name);
    if (ino === undefined) return undefined;
    const attr = this.inodes.attr(ino);
    this.inodes.remember(ino);
    return attr;
  }

  /** /circuits/.versions and everything below it. */
  private virtualLookup(parent: number, name: Buffer): Attr | undefined {
    if (isVirtual(parent)) {
      const t = this.virtual(parent);
      if (name.equals(DOT) || name.equals(DOTDOT)) {
        const e = t.list(parent).find((x) => x.name.equals(name))!;
        return isVirtual(e.ino) ? this.virtual(e.ino).getattr(e.ino) : this.inodes.attr(e.ino);
      }
      return t.lookup(parent, name);
    }
    if (parent !== this.circuits?.dirIno) return undefined;
    if (name.equals(VERSIONS_NAME) && this.versions) return this.versions.getattr(this.versions.rootIno);
    if (name.equals(SEARCH_NAME) && this.search) return this.search.getattr(this.search.rootIno);
    return undefined;
  }

  private controlAt(parent: number, name: Buffer): ControlFile | undefined {
    return this.controls.find((c) => c.parent === parent && c.name.equals(name));
  }

  private control(ino: number): ControlFile {
    const c = this.controls.find((x) => x.ino === ino);
    if (!c) throw fsError('ENOENT');
    return c;
  }

  private controlAttr(c: ControlFile): Attr {
    const dir = this.inodes.attr(c.parent);
    const t = this.mountTime;
    return {
      ino: c.ino, mode: S_IFREG | 0o666, nlink: 1, uid: dir.uid, gid: dir.gid, rdev: 0,
      size: Buffer.byteLength(c.help), blocks: 0, atime: t, mtime: t, ctime: t,
    };
  }

  /** The computed tree that owns a virtual inode. */
  private virtual(ino: number): VirtualTree {
    const t = [this.versions, this.search].find((x) => x?.owns(ino));
    if (!t) throw fsError('ENOENT');
    return t;
  }

  forget(ino: number, n: number): void {
    this.inodes.forget(ino, n);
  }

  getattr(ino: number): Attr {
    if (isVirtual(ino)) return this.virtual(ino).getattr(ino);
    if (isControl(ino)) return this.controlAttr(this.control(ino));
    return this.inodes.attr(ino);
  }

  async setattr(ino: number, req: SetAttrRequest): Promise<Attr> {
    readOnlyIfVirtual(ino);
    // `echo … > capture` truncates first; a control file has nothing to cut.
    if (isControl(ino)) return this.controlAttr(this.control(ino));
    const cur = this.inodes.attr(ino);
    const t = now();
    if (req.size !== undefined) {
      if (isDir(cur.mode)) throw fsError('EISDIR');
      if (!isReg(cur.mode)) throw fsError('EINVAL');
      const f = await this.changing(ino);
      await f.truncate(req.size, t);
      // An open file is committed at its close or fsync (so strict mounts can
      // still refuse the whole change); truncate(2) of a closed file now.
      if (f.opens === 0) {
        await this.refuseInvalid(f);
        this.committer.schedule(f);
      }
    }
    const atime = req.atime === 'now' ? t : req.atime;
    const mtime = req.mtime === 'now' ? t : req.mtime;
    this.meta.setAttr(ino, {
      mode: req.mode === undefined ? undefined : (cur.mode & S_IFMT) | (req.mode & 0o7777),
      uid: req.uid,
      gid: req.gid,
      atime,
      mtime,
      ctime: t,
    });
    const f = this.inodes.files.get(ino);
    if (f) {
      if (mtime) {
        f.mtime = mtime;
        f.timesDirty = true;
      }
      f.ctime = t;
      if (f.isDirty && f.opens === 0) this.committer.schedule(f); // open files commit at close
    }
    return this.inodes.attr(ino);
  }

  readlink(ino: number): Buffer {
    if (isVirtual(ino)) return this.virtual(ino).readlink(ino);
    const target = this.meta.readlink(ino);
    if (!target) throw fsError('EINVAL', 'not a symbolic link');
    return target;
  }

  mknod(c: Caller, parent: number, name: Buffer, mode: number, rdev: number): Attr {
    return this.createNode(c, parent, name, mode, rdev);
  }

  mkdir(c: Caller, parent: number, name: Buffer, mode: number): Attr {
    return this.createNode(c, parent, name, S_IFDIR | (mode & 0o7777), 0);
  }

  symlink(c: Caller, parent: number, name: Buffer, target: Buffer): Attr {
    if (target.length > 4095) throw fsError('ENAMETOOLONG');
    return this.createNode(c, parent, name, S_IFLNK | 0o777, 0, target);
  }

  private createNode(c: Caller, parent: number, name: Buffer, mode: number, rdev: number, target?: Buffer): Attr {
    this.checkName(name, parent);
    this.mutableDir(parent);
    const dir = this.inodes.attr(parent);
    // BSD group semantics in a set-group-ID directory: inherit its group,
    // and subdirectories inherit the bit itself.
    const sgid = (dir.mode & S_ISGID) !== 0;
    const gid = sgid ? dir.gid : c.gid;
    if (sgid && isDir(mode)) mode |= S_ISGID;
    const t = now();
    const ino = this.meta.createNode(parent, name, {
      mode, uid: c.uid, gid, rdev, nlink: isDir(mode) ? 2 : 1, time: t, target,
    });
    this.inodes.touched(parent, t);
    const attr = this.inodes.attr(ino);
    this.inodes.remember(ino);
    return attr;
  }

  unlink(parent: number, name: Buffer): void {
    this.mutableDir(parent);
    if (this.controlAt(parent, name)) throw fsError('EPERM', 'control files cannot be removed');
    if (name.length > NAME_MAX) throw fsError('ENAMETOOLONG');
    const ino = this.meta.lookup(parent, name);
    if (ino === undefined) throw fsError('ENOENT');
    if (isDir(this.inodes.attr(ino).mode)) throw fsError('EISDIR');
    const t = now();
    this.meta.unlink(parent, name, t);
    this.inodes.touched(ino, t);
    this.inodes.reapIfUnused(ino);
  }

  rmdir(parent: number, name: Buffer): void {
    this.mutableDir(parent);
    if (name.length > NAME_MAX) throw fsError('ENAMETOOLONG');
    if (name.equals(DOT)) throw fsError('EINVAL');
    if (name.equals(DOTDOT)) throw fsError('ENOTEMPTY');
    const ino = this.meta.lookup(parent, name);
    if (ino === undefined) throw fsError('ENOENT');
    if (!isDir(this.inodes.attr(ino).mode)) throw fsError('ENOTDIR');
    this.meta.unlink(parent, name, now());
    this.dirs.removed(ino);
    this.inodes.reapIfUnused(ino);
  }

  async rename(parent: number, name: Buffer, newParent: number, newName: Buffer, flags: number): Promise<void> {
    // The kernel holds both directories locked until this answers: nothing renames under the check.
    if (this.opts.strict) await this.refuseInvalidRename(parent, name, newParent, newName, flags);
    this.renameNow(parent, name, newParent, newName, flags);
  }

  /**
   * On a strict mount, a rename that would make content that does not parse
   * a circuit (`mv draft.tmp bell.qasm`, an editor's save) is refused like
   * its close would have been: EINVAL, and the target keeps its content.
   */
  private async refuseInvalidRename(parent: number, name: Buffer, newParent: number, newName: Buffer, flags: number): Promise<void> {
    if (!this.circuits) return;
    const moves: [number | undefined, number, Buffer][] = [[this.meta.lookup(parent, name), newParent, newName]];
    if (flags & RENAME_EXCHANGE) moves.push([this.meta.lookup(newParent, newName), parent, name]);
    for (const [ino, toParent, toName] of moves) {
      if (ino === undefined || !isReg(this.inodes.attr(ino).mode)) continue;
      const f = this.inodes.file(ino);
      const error = await this.circuits.strictErrorAt(f, toParent, toName);
      this.inodes.dropIdle(f);
      if (error === undefined) continue;
      this.log.warn({ ino, error }, 'strict mount: rename of invalid content into a circuit name refused');
      throw fsError('EINVAL', `invalid content: ${error}`);
    }
  }

  private renameNow(parent: number, name: Buffer, newParent: number, newName: Buffer, flags: number): void {
    if (name.length > NAME_MAX) throw fsError('ENAMETOOLONG');
    this.checkName(newName, newParent);
    if (this.controlAt(parent, name)) throw fsError('EPERM', 'control files cannot be moved');
    this.mutableDir(parent);
    this.mutableDir(newParent);
    if (flags & ~3) throw fsError('EINVAL', 'unsupported rename flags');
    const replaced = this.meta.lookup(newParent, newName);
    const moved = this.meta.lookup(parent, name);
    const t = now();
    this.meta.rename(parent, name, newParent, newName, flags, t);
    if ((moved !== undefined && isDir(this.inodes.attr(moved).mode)) || flags & RENAME_EXCHANGE) this.dirs.moved();
    if (moved !== undefined) {
      this.inodes.touched(moved, t);
      // A file renamed into place is committed under its new name: index it again.
      if (isReg(this.inodes.attr(moved).mode)) {
        const f = this.inodes.file(moved);
        f.renamesPending++;
        this.describing.delete(f); // the row depends on the name
        const version = this.circuits?.isCircuitFile(moved) ?? false;
        if (version) f.versionsPending++;
        this.committer.schedule(f, version ? 0 : undefined);
      }
    }
    if (replaced !== undefined && replaced !== moved) {
      this.inodes.touched(replaced, t);
      this.inodes.reapIfUnused(replaced);
    }
  }

  link(ino: number, newParent: number, newName: Buffer): Attr {
    readOnlyIfVirtual(ino);
    this.checkName(newName, newParent);
    this.mutableDir(newParent);
    const cur = this.inodes.attr(ino);
    if (isDir(cur.mode)) throw fsError('EPERM', 'hard links to directories are not allowed');
    if (cur.nlink >= 65000) throw fsError('EMLINK');
    const t = now();
    this.meta.link(ino, newParent, newName, t);
    this.inodes.touched(ino, t);
    this.inodes.touched(newParent, t);
    const attr = this.inodes.attr(ino);
    this.inodes.remember(ino);
    return attr;
  }

  // ---- file content ------------------------------------------------------

  async open(ino: number, flags: number): Promise<number> {
    if (isVirtual(ino)) {
      if (opensForWriting(flags)) throw fsError('EROFS', 'old versions are read-only');
      if (!this.virtual(ino).isFile(ino)) throw fsError('EISDIR');
      return this.addHandle({ kind: 'file', ino, flags });
    }
    if (isControl(ino)) {
      this.control(ino);
      return this.addHandle({ kind: 'file', ino, flags });
    }
    const attr = this.inodes.attr(ino);
    if (isDir(attr.mode)) throw fsError('EISDIR');
    const writable = opensForWriting(flags);
    if (writable && isReg(attr.mode)) {
      const f = await this.changing(ino);
      f.opens++;
      // Committed at close like any write, so a strict mount can still refuse it.
      if (flags & O_TRUNC && f.size > 0) await f.truncate(0);
    }
    return this.addHandle({ kind: 'file', ino, flags });
  }

  async create(c: Caller, parent: number, name: Buffer, mode: number, flags: number): Promise<{ attr: Attr; fh: number }> {
    const attr = this.createNode(c, parent, name, S_IFREG | (mode & 0o7777), 0);
    const f = this.inodes.file(attr.ino);
    f.opens++;
    return { attr, fh: this.addHandle({ kind: 'file', ino: attr.ino, flags }) };
  }

  /**
   * Directories whose entries the trees change from inside (results published
   * by capture or reconstruction): the kernel must not cache names there.
   */
  isVolatileDir(ino: number): boolean {
    if (!this.states || isVirtual(ino) || isControl(ino)) return false;
    return this.dirs.topOf(ino) === this.states.dirIno;
  }

  /** Control files bypass the page cache so that each write reaches its handler. */
  isDirectIo(ino: number): boolean {
    return isControl(ino);
  }

  async read(ino: number, off: number, size: number): Promise<Buffer> {
    if (isVirtual(ino)) return this.virtual(ino).read(ino, off, size);
    if (isControl(ino)) return Buffer.from(this.control(ino).help).subarray(off, off + size);
    const f = this.inodes.files.get(ino) ?? this.transientFile(ino);
    return f.read(off, size);
  }

  async write(ino: number, off: number, data: Buffer, caller?: Caller): Promise<number> {
    if (isControl(ino)) {
      const lines = requestLines(data);
      if (!lines.length) throw fsError('EINVAL', 'empty request');
      const c = this.control(ino);
      for (const line of lines) {
        await c.handle(line, caller ?? INTERNAL_CALLER).catch((e: Error) => {
          // EINVAL reasons are logged by the adapter; the others are ordinary answers elsewhere, so log them here.
          if ((e as FsError).code !== 'EINVAL') this.log.warn({ control: c.name.toString(), reason: e.message }, 'request refused');
          throw e;
        });
      }
      return data.length;
    }
    if (off + data.length > Number.MAX_SAFE_INTEGER) throw fsError('EFBIG');
    const f = await this.changing(ino);
    await f.write(off, data);
    const filled = f.filledBlock(off + data.length);
    if (filled !== undefined) void f.seal(filled, this.committer.known)?.catch(() => undefined);
    if (f.dirtyBytes >= WRITE_BEHIND) this.committer.schedule(f, 0);
    if (this.dirtyTotal() > DIRTY_LIMIT) await this.committer.commitNow(f);
    return data.length;
  }

  /** A file about to change: a close of it still queued as its own version commits first. */
  private async changing(ino: number): Promise<FileState> {
    const f = this.inodes.file(ino);
    if (!f.versionPending) return f;
    await this.committer.settle(f);
    return this.inodes.file(ino); // the committed overlay may have been dropped
  }

  /**
   * Set while closed circuits or renamed files wait for their commit, when `ino` (or the name
   * looked up in it) belongs to .search or .versions: both answer from the
   * index, so they wait for it to hold those circuits.
   */
  indexing(ino: number, name?: Buffer): Promise<void> | undefined {
    const computed = isVirtual(ino) ||
      (ino === this.circuits?.dirIno && !!name && (name.equals(VERSIONS_NAME) || name.equals(SEARCH_NAME)));
    return computed ? this.committer.indexingSettled() : undefined;
  }

  private dirtyTotal(): number {
    let n = 0;
    for (const f of this.inodes.files.values()) n += f.dirtyBytes;
    return n;
  }

  /** close(2) of one descriptor: the content is committed soon after. */
  async flush(ino: number, caller?: Caller): Promise<void> {
    const f = this.inodes.files.get(ino);
    if (!f?.isDirty) return;
    await this.refuseInvalid(f);
    // Every close of a circuit is its own version, even when writers follow
    // each other: it commits (parse, index, version) in the background at
    // once, and the next change to the file waits for that commit. A state
    // file is analysed, and counts are reconstructed, as soon as close returns.
    if (this.circuits?.isCircuitFile(ino)) {
      f.versionsPending++;
      // isCircuitFile just found it below /circuits: versionExtras, not commitExtras.
      const circuits = this.circuits;
      // Inline only when no other commit is under way: a lone close waits for
      // its commit, while a stream of them (cp -r) gains from the parser
      // thread parsing on the other core.
      if (this.committer.idle && circuits.parsesInline(f.size)) {
        this.describing.set(f, () => circuits.versionExtras(f, true));
      } else {
        // Nothing changes the content before this version commits: the parser thread starts now.
        const row = circuits.versionExtras(f);
        row.catch(() => undefined); // a failure surfaces when the commit awaits it
        this.describing.set(f, () => row);
      }
      this.committer.schedule(f, 0);
    } else if (this.states?.isCountsFile(ino)) {
      await this.committer.commitNow(f);
      await this.states.reconstruct(ino, caller ?? INTERNAL_CALLER);
    } else if (this.states?.isStateFile(ino)) {
      await this.committer.commitNow(f);
    } else {
      this.committer.schedule(f);
    }
  }

  /** Commits a file's pending content now (results published by the trees). */
  async commitFile(ino: number): Promise<void> {
    const f = this.inodes.files.get(ino);
    if (f?.isDirty) await this.committer.commitNow(f);
  }

  /** On a strict mount, invalid circuit content is dropped and the previous version kept. */
  private async refuseInvalid(f: FileState): Promise<void> {
    if (!this.opts.strict) return;
    const error = await this.circuits?.strictError(f) ??
      await this.states?.strictError(f.ino, () => f.read(0, f.size));
    if (error === undefined) return;
    this.inodes.files.delete(f.ino);
    this.log.warn({ ino: f.ino, error }, 'strict mount: invalid content refused, previous version kept');
    throw fsError('EINVAL', `invalid content: ${error}`);
  }

  release(fh: number): void {
    const h = this.handles.get(fh);
    this.handles.delete(fh);
    if (!h || h.kind !== 'file') return;
    const f = this.inodes.files.get(h.ino);
    if (f && opensForWriting(h.flags)) {
      f.opens = Math.max(0, f.opens - 1);
      if (f.isDirty) this.committer.scheduleAfter(f);
      // Committed before its last descriptor closed: the overlay has done its job.
      else if (!this.committer.holds(f)) this.inodes.dropIdle(f);
    }
  }

  async fsync(ino: number): Promise<void> {
    const f = this.inodes.files.get(ino);
    if (f?.isDirty) await this.refuseInvalid(f);
    await this.committer.commitNow(f?.isDirty ? f : undefined);
    await this.syncWal();
  }

  async fsyncdir(): Promise<void> {
    await this.syncWal();
  }

  async fallocate(ino: number, mode: number, off: number, len: number): Promise<void> {
    const KEEP_SIZE = 1, PUNCH_HOLE = 2, ZERO_RANGE = 0x10;
    if (mode & ~(KEEP_SIZE | PUNCH_HOLE | ZERO_RANGE)) throw fsError('EOPNOTSUPP', 'fallocate mode not supported');
    if (off < 0 || len <= 0) throw fsError('EINVAL');
    const f = await this.changing(ino);
    const end = off + len;
    if (mode & (PUNCH_HOLE | ZERO_RANGE)) {
      if (mode & PUNCH_HOLE && !(mode & KEEP_SIZE)) throw fsError('EOPNOTSUPP');
      const zeroEnd = mode & KEEP_SIZE ? Math.min(end, f.size) : end;
      for (let p = off; p < zeroEnd; p += 1 << 20) {
        await f.write(p, Buffer.alloc(Math.min(1 << 20, zeroEnd - p)));
      }
    } else if (!(mode & KEEP_SIZE) && end > f.size) {
      await f.truncate(end);
    }
    this.committer.schedule(f);
  }

  async copyFileRange(inoIn: number, offIn: number, inoOut: number, offOut: number, len: number): Promise<number> {
    let copied = 0;
    while (copied < len) {
      const chunk = await this.read(inoIn, offIn + copied, Math.min(len - copied, 1 << 20));
      if (!chunk.length) break;
      await this.write(inoOut, offOut + copied, chunk);
      copied += chunk.length;
    }
    return copied;
  }

  lseek(ino: number, off: number, whence: number): number {
    const SEEK_DATA = 3, SEEK_HOLE = 4;
    const size = this.inodes.attr(ino).size;
    if (whence !== SEEK_DATA && whence !== SEEK_HOLE) throw fsError('EINVAL');
    if (off >= size) throw fsError('ENXIO');
    return whence === SEEK_DATA ? off : size;
  }

  private transientFile(ino: number) {
    const attr = this.inodes.attr(ino);
    if (isDir(attr.mode)) throw fsError('EISDIR');
    return this.inodes.file(ino);
  }

  // ---- directories -------------------------------------------------------

  opendir(ino: number): number {
    if (!isVirtual(ino)) this.requireDir(ino);
    return this.addHandle({ kind: 'dir', ino, entries: this.listing(ino), fresh: true });
  }

  /** Entries from offset `off`; offset k is the k-th entry of the listing. */
  readdir(fh: number, off: number, max = 4096): { entries: DirListEntry[]; first: number } {
    const h = this.handles.get(fh);
    if (!h || h.kind !== 'dir') throw fsError('EBADF');
    // rewinddir sees changes; the first read uses the listing opendir just took
    // (a .search listing runs its query: once per opendir, not twice).
    if (off === 0 && !h.fresh) h.entries = this.listing(h.ino);
    h.fresh = false;
    return { entries: h.entries.slice(off, off + max), first: off };
  }

  private listing(ino: number): DirListEntry[] {
    if (isVirtual(ino)) return this.virtual(ino).list(ino);
    const parent = this.meta.parentOf(ino) ?? ino;
    return [
      { name: DOT, ino, mode: S_IFDIR },
      { name: DOTDOT, ino: parent, mode: S_IFDIR },
      ...this.controls.filter((c) => c.parent === ino).map((c) => ({ name: c.name, ino: c.ino, mode: S_IFREG })),
      ...this.meta.listDir(ino),
    ];
  }

  releasedir(fh: number): void {
    this.handles.delete(fh);
  }

  // ---- extended attributes ----------------------------------------------

  /** An attribute's value, or undefined when it is not set (asked before every write: keep it cheap). */
  async getxattr(ino: number, name: Buffer): Promise<Buffer | undefined> {
    if (isVirtual(ino) || isControl(ino)) return undefined;
    this.inodes.attr(ino);
    if (isAclName(name)) throw fsError('EOPNOTSUPP', 'POSIX ACLs are not supported');
    const key = name.toString('latin1');
    if (isDerivedName(key)) {
      const v = (await this.derived(ino))?.get(key);
      return v === undefined ? undefined : Buffer.from(v);
    }
    return this.meta.getXattr(ino, name);
  }

  async listxattr(ino: number): Promise<Buffer> {
    if (isVirtual(ino) || isControl(ino)) return Buffer.alloc(0);
    this.inodes.attr(ino);
    const names = [...this.meta.listXattrs(ino), ...[...(await this.derived(ino))?.keys() ?? []].map((n) => Buffer.from(n))];
    return Buffer.concat(names.flatMap((n) => [n, NUL]));
  }

  /** Attributes a tree derives for this file, once an analysis under way has finished. */
  private async derived(ino: number): Promise<Map<string, string> | undefined> {
    await this.states?.settled(ino);
    const f = this.inodes.files.get(ino);
    // A close or rename whose commit may change the index row: the row after it.
    if (f?.indexPending) await this.committer.settle(f);
    for (const t of this.describers) {
      const m = t.derived(ino);
      if (m) return m;
    }
    return undefined;
  }

  async setxattr(ino: number, name: Buffer, value: Buffer, flags: number): Promise<void> {
    readOnlyIfVirtual(ino);
    if (isControl(ino)) throw fsError('EPERM', 'control files have no attributes');
    if (isDerivedName(name.toString('latin1'))) {
      // Compare with the description of the content as written so far.
      const f = this.inodes.files.get(ino);
      if (f?.isDirty) await this.committer.commitNow(f);
      checkDerivedWrite(await this.derived(ino), name.toString('latin1'), value);
      return;
    }
    // POSIX ACLs would need enforcing and inheriting; refusing them makes cp,
    // tar and rsync fall back to the mode bits instead of storing dead ACLs.
    if (isAclName(name)) throw fsError('EOPNOTSUPP', 'POSIX ACLs are not supported');
    if (name.length === 0 || name.length > 255) throw fsError('ERANGE');
    if (value.length > 65536) throw fsError('E2BIG');
    const t = now();
    this.meta.setXattr(ino, name, value, flags, t);
    this.inodes.touched(ino, t);
  }

  removexattr(ino: number, name: Buffer): void {
    readOnlyIfVirtual(ino);
    if (isControl(ino)) throw fsError('EPERM', 'control files have no attributes');
    if (isDerivedName(name.toString('latin1'))) return; // computed, not stored: nothing to remove
    const t = now();
    this.meta.removeXattr(ino, name, t);
    this.inodes.touched(ino, t);
  }

  // ---- filesystem --------------------------------------------------------

  async statfs(): Promise<StatFs> {
    const s = await statfs(this.dataDir);
    const st = this.meta.stats();
    const files = Math.max(st.inodes * 2, 1 << 24);
    return {
      bsize: s.bsize, frsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail,
      files, ffree: files - st.inodes, favail: files - st.inodes, namemax: NAME_MAX,
    };
  }

  /** Commits everything pending (unmount, shutdown). */
  async flushAll(): Promise<void> {
    await this.committer.flushAll();
    await this.journal.syncNow();
    await this.syncWal();
  }

  // ---- helpers -----------------------------------------------------------

  private addHandle(h: Handle): number {
    const fh = this.nextFh++;
    this.handles.set(fh, h);
    return fh;
  }

  handle(fh: number): Handle | undefined {
    return this.handles.get(fh);
  }

  private requireDir(ino: number): Attr {
    const a = this.inodes.attr(ino);
    if (!isDir(a.mode)) throw fsError('ENOTDIR');
    return a;
  }

  /** The root holds the three trees and nothing else. */
  private mutableDir(ino: number): void {
    readOnlyIfVirtual(ino);
    this.requireDir(ino);
    if (ino === ROOT_INO) throw fsError('EPERM', 'the root holds only /circuits, /states and /qubits');
  }

  private checkName(name: Buffer, parent: number): void {
    if (name.equals(VERSIONS_NAME) || name.equals(SEARCH_NAME) || this.controlAt(parent, name)) {
      throw fsError('EEXIST', `${name} is a reserved name`);
    }
    if (name.length > NAME_MAX) throw fsError('ENAMETOOLONG');
    if (name.length === 0 || name.equals(DOT) || name.equals(DOTDOT)) throw fsError('EEXIST');
  }
}

function readOnlyIfVirtual(ino: number): void {
  if (isVirtual(ino)) throw fsError('EROFS', '.versions and .search are read-only');
}

/** Who acts when a request comes from inside QFS rather than from a FUSE caller. */
const INTERNAL_CALLER: Caller = { uid: 0, gid: 0, pid: 0 };
const ACL_PREFIX = Buffer.from('system.posix_acl_');
const isAclName = (name: Buffer): boolean => name.subarray(0, ACL_PREFIX.length).equals(ACL_PREFIX);
const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');
const NUL = Buffer.from([0]);
