// MetaStore on SQLite (better-sqlite3, WAL). Every multi-row change is one
// transaction; nothing here awaits, so a transaction never spans event-loop
// ticks.
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { fsError } from '../vfs/errors.js';
import { S_IFDIR, S_IFMT, type Timespec } from '../vfs/attr.js';
import { MIGRATIONS } from './schema.js';
import { RENAME_EXCHANGE, RENAME_NOREPLACE } from './meta-store.js';
import type {
  AttrChange, BlockRow, ChunkRef, CircuitRow, ContentCommit, VersionRow, DirEntry, FsStats, InodeRow, JournalRecord, MetaStore, NewInode,
} from './meta-store.js';

export const ROOT_INO = 1;
/** How much of the database file reads may map (it is read through read(2) past that). */
const MMAP_BYTES = 256 << 20;
const XATTR_CREATE = 1;
const XATTR_REPLACE = 2;
/** The xattr whose entries circuit_tags holds (see schema v5). */
const TAGS_XATTR = Buffer.from('user.qfs.tags');

interface RawInode {
  ino: number; mode: number; uid: number; gid: number; nlink: number; size: number; rdev: number;
  alloc: number; atime_s: number; atime_ns: number; mtime_s: number; mtime_ns: number;
  ctime_s: number; ctime_ns: number;
}

const toRow = (r: RawInode): InodeRow => ({
  ino: r.ino, mode: r.mode, uid: r.uid, gid: r.gid, nlink: r.nlink, size: r.size, rdev: r.rdev,
  atime: { sec: r.atime_s, nsec: r.atime_ns },
  mtime: { sec: r.mtime_s, nsec: r.mtime_ns },
  ctime: { sec: r.ctime_s, nsec: r.ctime_ns },
  blocks: Math.ceil(r.alloc / 512),
});

interface RawVersion { ino: number; version: number; size: number; mtime_s: number; mtime_ns: number; sha256: string | null }
const toVersion = (r: RawVersion): VersionRow => ({
  ino: r.ino, version: r.version, size: r.size, mtime: { sec: r.mtime_s, nsec: r.mtime_ns }, sha256: r.sha256,
});

const isDirMode = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;

type SearchTableStatements = Record<'putCircuit' | 'putGates' | 'delGates' | 'putTags' | 'delTags', Statement>;
type JournalStatements = Record<'add' | 'mark' | 'drop' | 'all', Statement>;

export interface OpenOptions {
  readonly?: boolean;
  /** Block size for a new database; an existing one keeps its own. */
  blockSize?: number;
}

export class SqliteMeta implements MetaStore {
  readonly db: Database.Database;
  readonly blockSize: number;
  private readonly s: Record<string, Statement>;
  /** setAttr's UPDATEs, one per combination of columns (at most a few dozen). */
  private readonly setAttrStatements = new Map<string, Statement>();
  private searchStatements: SearchTableStatements | undefined;
  private journalStatements: JournalStatements | undefined;

  constructor(path: string, opts: OpenOptions = {}) {
    this.db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    this.db.pragma('busy_timeout = 5000');
    // Reads through a mapping of the file instead of a read(2) per page not in
    // SQLite's own small cache: a search looks up thousands of index entries.
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.migrate(opts.blockSize ?? 1 << 20);
    }
    this.db.pragma('foreign_keys = OFF');
    const bs = this.db.prepare(`SELECT value FROM settings WHERE key='block_size'`).get() as { value: string } | undefined;
    if (!bs) throw fsError('EINVAL', `${path}: not a QFS metadata database`);
    this.blockSize = Number(bs.value);
    this.s = this.prepare();
  }

  /** Schema version of this database. */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(blockSize: number): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw fsError('EINVAL', `metadata schema v${version} is newer than this qfs (v${MIGRATIONS.length})`);
    }
    this.db.transaction(() => {
      for (let v = version; v < MIGRATIONS.length; v++) this.db.exec(MIGRATIONS[v]!);
      this.db.pragma(`user_version = ${MIGRATIONS.length}`);
      if (version === 0) {
        this.db.prepare(`INSERT INTO settings(key, value) VALUES ('block_size', ?)`).run(String(blockSize));
      }
    })();
  }

  /**
   * Statements on the search tables and columns (schemas v5 to v7), kept in
   * step with circuits and user.qfs.tags; prepared when first needed, as a
   * read-only open of an older data dir (`qfs status` before an upgrade) has
   * no such tables.
   */
  private get searchTables(): SearchTableStatements {
    const p = (sql: string) => this.db.prepare(sql);
    return (this.searchStatements ??= {
      // OR IGNORE: nothing here can conflict (the rows were just deleted), and a
      // statement that cannot fail half-way needs no statement journal (a copy
      // of every page it touches: it doubled the cost of a commit).
      // gate_names: ' h cx ' from metrics.gatesByName (count > 0), as schema v7 fills it.
      putCircuit: p(`INSERT OR REPLACE INTO circuits(ino, format, valid, error, sha256, qubits, clbits, gates, two_qubit, measure, depth, metrics, indexed_s, gate_names)
                     VALUES (@ino, @format, @valid, @error, @sha256, @qubits, @clbits, @gates, @twoQubit, @measure, @depth, @metrics, @indexedAt,
                             CASE WHEN @metrics IS NOT NULL THEN
                               (SELECT ' ' || coalesce(group_concat(key, ' '), '') || ' ' FROM json_each(@metrics, '$.gatesByName') WHERE value > 0) END)`),
      // The circuit row's gate_names come from the same JSON (see putCircuit).
      putGates: p(`INSERT INTO circuit_gate_words(rowid, words)
                   SELECT @ino, group_concat(hex(key), ' ') FROM json_each(@metrics, '$.gatesByName') WHERE value > 0 HAVING count(*) > 0`),
      // Only a circuit that has words: a delete of a row not there would still
      // add a tombstone to the index (it keeps no content to check against).
      delGates: p(`DELETE FROM circuit_gate_words WHERE rowid = @ino
                   AND EXISTS (SELECT 1 FROM circuits WHERE ino = @ino AND length(gate_names) > 2)`),
      putTags: p(`INSERT OR IGNORE INTO circuit_tags(tag, ino)
                  WITH RECURSIVE entries(tag, rest) AS (
                    SELECT NULL, REPLACE(CAST(@value AS TEXT), ' ', '') || ','
                    UNION ALL
                    SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1) FROM entries WHERE rest <> ''
                  )
                  SELECT tag, @ino FROM entries WHERE tag IS NOT NULL`),
      delTags: p(`DELETE FROM circuit_tags WHERE ino = ?`),
    });
  }

  /** Statements on chunk_journal (schema v8), prepared when first needed, as searchTables. */
  private get journal(): JournalStatements {
    const p = (sql: string) => this.db.prepare(sql);
    return (this.journalStatements ??= {
      add: p(`INSERT INTO chunk_journal(hash, segment, offset, record) VALUES (?, ?, ?, ?)`),
      mark: p(`SELECT coalesce(max(id), 0) FROM chunk_journal`).pluck(),
      drop: p(`DELETE FROM chunk_journal WHERE id <= ?`),
      all: p(`SELECT hash, segment, offset, record FROM chunk_journal ORDER BY id`),
    });
  }

  private prepare(): Record<string, Statement> {
    const p = (sql: string) => this.db.prepare(sql);
    return {
      getInode: p(`SELECT * FROM inodes WHERE ino = ?`),
      lookup: p(`SELECT ino FROM dentries WHERE parent = ? AND name = ?`),
      listDir: p(`SELECT d.name AS name, d.ino AS ino, i.mode AS mode FROM dentries d JOIN inodes i ON i.ino = d.ino WHERE d.parent = ? ORDER BY d.name`),
      parentOf: p(`SELECT parent FROM dentries WHERE ino = ? LIMIT 1`),
      hasChildren: p(`SELECT 1 FROM dentries WHERE parent = ? LIMIT 1`),
      readlink: p(`SELECT target FROM inodes WHERE ino = ?`),
      insertInode: p(`INSERT INTO inodes(mode, uid, gid, nlink, rdev, atime_s, atime_ns, mtime_s, mtime_ns, ctime_s, ctime_ns, target, size)
                      VALUES (@mode, @uid, @gid, @nlink, @rdev, @s, @ns, @s, @ns, @s, @ns, @target, @size)`),
      insertDentry: p(`INSERT INTO dentries(parent, name, ino) VALUES (?, ?, ?)`),
      deleteDentry: p(`DELETE FROM dentries WHERE parent = ? AND name = ?`),
      addNlink: p(`UPDATE inodes SET nlink = nlink + ? WHERE ino = ?`),
      setNlink: p(`UPDATE inodes SET nlink = ? WHERE ino = ?`),
      touchCtime: p(`UPDATE inodes SET ctime_s = ?, ctime_ns = ? WHERE ino = ?`),
      touchDir: p(`UPDATE inodes SET mtime_s = ?, mtime_ns = ?, ctime_s = ?, ctime_ns = ? WHERE ino = ?`),
      deleteInode: p(`DELETE FROM inodes WHERE ino = ?`),
      deleteXattrs: p(`DELETE FROM xattrs WHERE ino = ?`),
      deleteBlocks: p(`DELETE FROM blocks WHERE ino = ?`),
      orphans: p(`SELECT ino FROM inodes WHERE nlink = 0`),
      getXattr: p(`SELECT value FROM xattrs WHERE ino = ? AND name = ?`),
      listXattrs: p(`SELECT name FROM xattrs WHERE ino = ? ORDER BY name`),
      putXattr: p(`INSERT OR REPLACE INTO xattrs(ino, name, value) VALUES (?, ?, ?)`),
      delXattr: p(`DELETE FROM xattrs WHERE ino = ? AND name = ?`),
      getBlock: p(`SELECT idx, hash, raw_len AS rawLen FROM blocks WHERE ino = ? AND idx = ?`),
      blocksRange: p(`SELECT idx, hash, raw_len AS rawLen FROM blocks WHERE ino = ? AND idx >= ? AND idx < ? ORDER BY idx`),
      findChunk: p(`SELECT hash, segment, offset, stored_len AS storedLen, raw_len AS rawLen, codec, base FROM chunks WHERE hash = ?`),
      insertChunk: p(`INSERT OR IGNORE INTO chunks(hash, segment, offset, stored_len, raw_len, codec, base) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      putBlock: p(`INSERT OR REPLACE INTO blocks(ino, idx, hash, raw_len) VALUES (?, ?, ?, ?)`),
      dropBlocks: p(`DELETE FROM blocks WHERE ino = ? AND idx >= ?`),
      sumBlocks: p(`SELECT COALESCE(SUM(raw_len), 0) AS n FROM blocks WHERE ino = ?`),
      delCircuit: p(`DELETE FROM circuits WHERE ino = ?`),
      delState: p(`DELETE FROM states WHERE ino = ?`),
      getCircuit: p(`SELECT ino, format, valid, error, sha256, qubits, clbits, gates, two_qubit AS twoQubit, measure, depth, metrics, indexed_s AS indexedAt
                     FROM circuits WHERE ino = ?`),
      lastVersion: p(`SELECT version, size FROM versions WHERE ino = ? ORDER BY version DESC LIMIT 1`),
      blockCount: p(`SELECT COUNT(*) AS n FROM blocks WHERE ino = ?`),
      versionBlockCount: p(`SELECT COUNT(*) AS n FROM version_blocks WHERE ino = ? AND version = ?`),
      sameBlocks: p(`SELECT COUNT(*) AS n FROM blocks b JOIN version_blocks v
                     ON v.ino = b.ino AND v.version = ? AND v.idx = b.idx AND v.hash = b.hash WHERE b.ino = ?`),
      insertVersion: p(`INSERT INTO versions(ino, version, size, mtime_s, mtime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?)`),
      copyVersionBlocks: p(`INSERT INTO version_blocks(ino, version, idx, hash, raw_len) SELECT ino, ?, idx, hash, raw_len FROM blocks WHERE ino = ?`),
      pruneVersions: p(`DELETE FROM versions WHERE ino = ? AND version <= ?`),
      pruneVersionBlocks: p(`DELETE FROM version_blocks WHERE ino = ? AND version <= ?`),
      listVersions: p(`SELECT ino, version, size, mtime_s, mtime_ns, sha256 FROM versions WHERE ino = ? ORDER BY version`),
      getVersion: p(`SELECT ino, version, size, mtime_s, mtime_ns, sha256 FROM versions WHERE ino = ? AND version = ?`),
      versionBlock: p(`SELECT idx, hash, raw_len AS rawLen FROM version_blocks WHERE ino = ? AND version = ? AND idx = ?`),
      deleteVersions: p(`DELETE FROM versions WHERE ino = ?`),
      deleteVersionBlocks: p(`DELETE FROM version_blocks WHERE ino = ?`),
      nameOf: p(`SELECT parent, name FROM dentries WHERE ino = ? LIMIT 1`),
      setContent: p(`UPDATE inodes SET size = ?, alloc = ?, mtime_s = ?, mtime_ns = ?, ctime_s = ?, ctime_ns = ? WHERE ino = ?`),
    };
  }

  getInode(ino: number): InodeRow | undefined {
    const r = this.s.getInode!.get(ino) as RawInode | undefined;
    return r && toRow(r);
  }

  private mustInode(ino: number): InodeRow {
    const r = this.getInode(ino);
    if (!r) throw fsError('ENOENT', `inode ${ino} does not exist`);
    return r;
  }

  lookup(parent: number, name: Buffer): number | undefined {
    const r = this.s.lookup!.get(parent, name) as { ino: number } | undefined;
    return r?.ino;
  }

  listDir(parent: number): DirEntry[] {
    return this.s.listDir!.all(parent) as DirEntry[];
  }

  parentOf(dir: number): number | undefined {
    if (dir === ROOT_INO) return ROOT_INO;
    return (this.s.parentOf!.get(dir) as { parent: number } | undefined)?.parent;
  }

  readlink(ino: number): Buffer | undefined {
    return (this.s.readlink!.get(ino) as { target: Buffer | null } | undefined)?.target ?? undefined;
  }

  /** Creates the root inode of a new filesystem (idempotent). */
  ensureRoot(mode: number, uid: number, gid: number, time: Timespec): void {
    if (this.getInode(ROOT_INO)) return;
    this.db.prepare(`INSERT INTO inodes(ino, mode, uid, gid, nlink, atime_s, atime_ns, mtime_s, mtime_ns, ctime_s, ctime_ns)
                     VALUES (1, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?)`)
      .run(mode, uid, gid, time.sec, time.nsec, time.sec, time.nsec, time.sec, time.nsec);
  }

  createNode(parent: number, name: Buffer, node: NewInode): number {
    return this.db.transaction(() => {
      if (this.lookup(parent, name) !== undefined) throw fsError('EEXIST');
      const info = this.s.insertInode!.run({
        mode: node.mode, uid: node.uid, gid: node.gid, nlink: node.nlink, rdev: node.rdev,
        s: node.time.sec, ns: node.time.nsec, target: node.target ?? null, size: node.target?.length ?? 0,
      });
      const ino = Number(info.lastInsertRowid);
      this.s.insertDentry!.run(parent, name, ino);
      if (isDirMode(node.mode)) this.s.addNlink!.run(1, parent);
      this.s.touchDir!.run(node.time.sec, node.time.nsec, node.time.sec, node.time.nsec, parent);
      return ino;
    })();
  }

  link(ino: number, parent: number, name: Buffer, time: Timespec): void {
    this.db.transaction(() => {
      if (this.lookup(parent, name) !== undefined) throw fsError('EEXIST');
      this.s.insertDentry!.run(parent, name, ino);
      this.s.addNlink!.run(1, ino);
      this.s.touchCtime!.run(time.sec, time.nsec, ino);
      this.s.touchDir!.run(time.sec, time.nsec, time.sec, time.nsec, parent);
    })();
  }

  /** Removes one name; returns the inode it named (nlink already lowered). */
  unlink(parent: number, name: Buffer, time: Timespec): number {
    return this.db.transaction(() => {
      const ino = this.lookup(parent, name);
      if (ino === undefined) throw fsError('ENOENT');
      const node = this.mustInode(ino);
      this.dropName(parent, name, node, time);
      this.s.touchDir!.run(time.sec, time.nsec, time.sec, time.nsec, parent);
      return ino;
    })();
  }

  private dropName(parent: number, name: Buffer, node: InodeRow, time: Timespec): void {
    if (isDirMode(node.mode)) {
      if (this.s.hasChildren!.get(node.ino)) throw fsError('ENOTEMPTY');
      this.s.setNlink!.run(0, node.ino);
      this.s.addNlink!.run(-1, parent);
    } else {
      this.s.addNlink!.run(-1, node.ino);
    }
    this.s.deleteDentry!.run(parent, name);
    this.s.touchCtime!.run(time.sec, time.nsec, node.ino);
  }

  rename(parent: number, name: Buffer, newParent: number, newName: Buffer, flags: number, time: Timespec): void {
    this.db.transaction(() => {
      const src = this.lookup(parent, name);
      if (src === undefined) throw fsError('ENOENT');
      const srcNode = this.mustInode(src);
      const dst = this.lookup(newParent, newName);
      if (flags & RENAME_EXCHANGE) {
        if (dst === undefined) throw fsError('ENOENT');
        const dstNode = this.mustInode(dst);
        this.s.deleteDentry!.run(parent, name);
        this.s.deleteDentry!.run(newParent, newName);
        this.s.insertDentry!.run(parent, name, dst);
        this.s.insertDentry!.run(newParent, newName, src);
        if (parent !== newParent) {
          const delta = (isDirMode(srcNode.mode) ? 1 : 0) - (isDirMode(dstNode.mode) ? 1 : 0);
          if (delta) {
            this.s.addNlink!.run(-delta, parent);
            this.s.addNlink!.run(delta, newParent);
          }
        }
        this.s.touchCtime!.run(time.sec, time.nsec, src);
        this.s.touchCtime!.run(time.sec, time.nsec, dst);
      } else {
        if (dst !== undefined) {
          if (flags & RENAME_NOREPLACE) throw fsError('EEXIST');
          if (dst === src) return; // two names of one inode: POSIX says do nothing
          const dstNode = this.mustInode(dst);
          if (isDirMode(srcNode.mode) && !isDirMode(dstNode.mode)) throw fsError('ENOTDIR');
          if (!isDirMode(srcNode.mode) && isDirMode(dstNode.mode)) throw fsError('EISDIR');
          this.dropName(newParent, newName, dstNode, time);
        }
        this.s.deleteDentry!.run(parent, name);
        this.s.insertDentry!.run(newParent, newName, src);
        if (isDirMode(srcNode.mode) && parent !== newParent) {
          this.s.addNlink!.run(-1, parent);
          this.s.addNlink!.run(1, newParent);
        }
        this.s.touchCtime!.run(time.sec, time.nsec, src);
      }
      this.s.touchDir!.run(time.sec, time.nsec, time.sec, time.nsec, parent);
      if (newParent !== parent) this.s.touchDir!.run(time.sec, time.nsec, time.sec, time.nsec, newParent);
    })();
  }

  setAttr(ino: number, c: AttrChange): void {
    const sets: string[] = [];
    const args: number[] = [];
    const put = (col: string, v: number) => { sets.push(`${col} = ?`); args.push(v); };
    if (c.mode !== undefined) put('mode', c.mode);
    if (c.uid !== undefined) put('uid', c.uid);
    if (c.gid !== undefined) put('gid', c.gid);
    if (c.size !== undefined) put('size', c.size);
    if (c.atime) { put('atime_s', c.atime.sec); put('atime_ns', c.atime.nsec); }
    if (c.mtime) { put('mtime_s', c.mtime.sec); put('mtime_ns', c.mtime.nsec); }
    if (c.ctime) { put('ctime_s', c.ctime.sec); put('ctime_ns', c.ctime.nsec); }
    if (!sets.length) return;
    const sql = `UPDATE inodes SET ${sets.join(', ')} WHERE ino = ?`;
    let stmt = this.setAttrStatements.get(sql);
    if (!stmt) this.setAttrStatements.set(sql, (stmt = this.db.prepare(sql)));
    const r = stmt.run(...args, ino);
    if (r.changes === 0) throw fsError('ENOENT');
  }

  deleteInode(ino: number): void {
    this.db.transaction(() => {
      this.s.deleteBlocks!.run(ino);
      this.s.deleteXattrs!.run(ino);
      this.searchTables.delGates.run({ ino }); // before the row it checks goes
      this.s.delCircuit!.run(ino);
      this.searchTables.delTags.run(ino);
      this.s.delState!.run(ino);
      this.s.deleteVersions!.run(ino);
      this.s.deleteVersionBlocks!.run(ino);
      this.s.deleteInode!.run(ino);
    })();
  }

  orphans(): number[] {
    return (this.s.orphans!.all() as { ino: number }[]).map((r) => r.ino);
  }

  getXattr(ino: number, name: Buffer): Buffer | undefined {
    return (this.s.getXattr!.get(ino, name) as { value: Buffer } | undefined)?.value;
  }

  anyXattrNamed(name: Buffer): boolean {
    return this.db.prepare(`SELECT 1 FROM xattrs WHERE name = ? LIMIT 1`).get(name) !== undefined;
  }

  listXattrs(ino: number): Buffer[] {
    return (this.s.listXattrs!.all(ino) as { name: Buffer }[]).map((r) => r.name);
  }

  setXattr(ino: number, name: Buffer, value: Buffer, flags: number, time: Timespec): void {
    this.db.transaction(() => {
      const exists = this.getXattr(ino, name) !== undefined;
      if (flags & XATTR_CREATE && exists) throw fsError('EEXIST');
      if (flags & XATTR_REPLACE && !exists) throw fsError('ENODATA');
      this.s.putXattr!.run(ino, name, value);
      if (name.equals(TAGS_XATTR)) {
        this.searchTables.delTags.run(ino);
        this.searchTables.putTags.run({ ino, value });
      }
      this.s.touchCtime!.run(time.sec, time.nsec, ino);
    })();
  }

  removeXattr(ino: number, name: Buffer, time: Timespec): void {
    this.db.transaction(() => {
      if (this.s.delXattr!.run(ino, name).changes === 0) throw fsError('ENODATA');
      if (name.equals(TAGS_XATTR)) this.searchTables.delTags.run(ino);
      this.s.touchCtime!.run(time.sec, time.nsec, ino);
    })();
  }

  getBlock(ino: number, idx: number): BlockRow | undefined {
    return this.s.getBlock!.get(ino, idx) as BlockRow | undefined;
  }

  blocksFrom(ino: number, fromIdx: number, toIdx: number): BlockRow[] {
    return this.s.blocksRange!.all(ino, fromIdx, toIdx) as BlockRow[];
  }

  findChunk(hash: Buffer): ChunkRef | undefined {
    return this.s.findChunk!.get(hash) as ChunkRef | undefined;
  }

  commitContent(commits: ContentCommit[], journal: readonly JournalRecord[] = []): void {
    this.db.transaction(() => {
      for (const j of journal) this.journal.add.run(j.hash, j.segment, j.offset, j.record);
      for (const c of commits) {
        if (!this.s.getInode!.get(c.ino)) continue; // deleted meanwhile
        this.s.dropBlocks!.run(c.ino, c.dropFrom);
        for (const b of c.blocks) {
          const k = b.chunk;
          this.s.insertChunk!.run(k.hash, k.segment, k.offset, k.storedLen, k.rawLen, k.codec, k.base ?? null);
          this.s.putBlock!.run(c.ino, b.idx, k.hash, k.rawLen);
        }
        if (c.circuit !== undefined) {
          this.searchTables.delGates.run({ ino: c.ino });
          if (c.circuit === null) this.s.delCircuit!.run(c.ino);
          else {
            this.searchTables.putCircuit.run({ ...c.circuit, valid: c.circuit.valid ? 1 : 0 });
            this.searchTables.putGates.run({ ino: c.ino, metrics: c.circuit.metrics });
          }
        }
        const alloc = (this.s.sumBlocks!.get(c.ino) as { n: number }).n;
        this.s.setContent!.run(c.size, alloc, c.mtime.sec, c.mtime.nsec, c.ctime.sec, c.ctime.nsec, c.ino);
        if (c.keepVersions) this.recordVersion(c, c.keepVersions);
      }
    })();
  }

  /** Adds a version when the committed content differs from the last one. */
  private recordVersion(c: ContentCommit, keep: number): void {
    const last = this.s.lastVersion!.get(c.ino) as { version: number; size: number } | undefined;
    if (last && last.size === c.size) {
      const n = (this.s.blockCount!.get(c.ino) as { n: number }).n;
      const same = (this.s.sameBlocks!.get(last.version, c.ino) as { n: number }).n;
      const had = (this.s.versionBlockCount!.get(c.ino, last.version) as { n: number }).n;
      if (n === same && had === n) return; // unchanged
    }
    const v = (last?.version ?? 0) + 1;
    this.s.insertVersion!.run(c.ino, v, c.size, c.mtime.sec, c.mtime.nsec, c.circuit?.sha256 ?? null);
    this.s.copyVersionBlocks!.run(v, c.ino);
    if (v > keep) {
      this.s.pruneVersions!.run(c.ino, v - keep);
      this.s.pruneVersionBlocks!.run(c.ino, v - keep);
    }
  }

  listVersions(ino: number): VersionRow[] {
    return (this.s.listVersions!.all(ino) as RawVersion[]).map(toVersion);
  }

  getVersion(ino: number, version: number): VersionRow | undefined {
    const r = this.s.getVersion!.get(ino, version) as RawVersion | undefined;
    return r && toVersion(r);
  }

  versionBlock(ino: number, version: number, idx: number): BlockRow | undefined {
    return this.s.versionBlock!.get(ino, version, idx) as BlockRow | undefined;
  }

  journalMark(): number {
    return this.journal.mark.get() as number;
  }

  dropJournal(mark: number): void {
    this.journal.drop.run(mark);
  }

  journalRecords(): JournalRecord[] {
    return this.journal.all.all() as JournalRecord[];
  }

  getCircuit(ino: number): CircuitRow | undefined {
    const r = this.s.getCircuit!.get(ino) as (Omit<CircuitRow, 'valid'> & { valid: number }) | undefined;
    return r && { ...r, valid: r.valid === 1 };
  }

  nameOf(ino: number): { parent: number; name: Buffer } | undefined {
    return this.s.nameOf!.get(ino) as { parent: number; name: Buffer } | undefined;
  }

  snapshot<T>(read: () => T): T {
    // Outside a transaction every statement takes and drops the WAL read lock
    // (a few microseconds each); inside one, the read lock is taken once.
    return this.db.inTransaction ? read() : this.db.transaction(read)();
  }

  stats(): FsStats {
    const q = (sql: string) => (this.db.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      inodes: q(`SELECT COUNT(*) AS n FROM inodes`),
      logicalBytes: q(`SELECT SUM(raw_len) AS n FROM blocks`),
      storedBytes: q(`SELECT SUM(stored_len) AS n FROM chunks`),
      chunks: q(`SELECT COUNT(*) AS n FROM chunks`),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
