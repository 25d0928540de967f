// Opening a data dir: its lock, its metadata database and its chunk store,
// and creating a fresh one (the root with /circuits, /states and /qubits).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { SqliteMeta, ROOT_INO } from '../meta/sqlite-meta.js';
import { WalCheckpointer } from '../meta/wal-checkpointer.js';
import { silentLogger, type Logger } from '../obs/logger.js';
import { ChunkStore } from '../blob/chunk-store.js';
import { CONFIG_TEMPLATE, dataPaths, loadConfig, type Config } from '../config.js';
import { S_IFDIR, now } from './attr.js';
import { FsError, fsError } from './errors.js';
import { TOP_LEVEL } from './top-level.js';
import { replayJournal } from './journal-replay.js';

export interface DataDir {
  paths: ReturnType<typeof dataPaths>;
  config: Config;
  meta: SqliteMeta;
  chunks: ChunkStore;
  /** fdatasync of the SQLite WAL: makes every commit so far durable. */
  syncWal(): Promise<void>;
  close(): Promise<void>;
}

export function isInitialized(dir: string): boolean {
  return existsSync(dataPaths(dir).db);
}

/** Creates a new filesystem in `dir` (empty or absent). */
export function initDataDir(dir: string, owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }): void {
  const p = dataPaths(dir);
  if (isInitialized(dir)) throw fsError('EEXIST', `${dir} already holds a QFS filesystem`);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw fsError('ENOTEMPTY', `${dir} is not empty and holds no QFS filesystem`);
  }
  mkdirSync(p.segments, { recursive: true });
  writeFileSync(p.config, CONFIG_TEMPLATE);
  const meta = new SqliteMeta(p.db);
  try {
    const t = now();
    meta.db.transaction(() => {
      meta.ensureRoot(S_IFDIR | 0o755, owner.uid, owner.gid, t);
      for (const name of TOP_LEVEL) {
        meta.createNode(ROOT_INO, Buffer.from(name), { mode: S_IFDIR | 0o755, uid: owner.uid, gid: owner.gid, rdev: 0, nlink: 2, time: t });
      }
    })();
  } finally {
    meta.close();
  }
}

export async function openDataDir(dir: string, opts: { readonly?: boolean; log?: Logger } = {}): Promise<DataDir> {
  const paths = dataPaths(dir);
  if (!isInitialized(dir)) throw fsError('ENOENT', `${dir} holds no QFS filesystem (run 'qfs init --data ${dir}')`);
  const config = loadConfig(dir);
  let meta: SqliteMeta;
  try {
    meta = new SqliteMeta(paths.db, { readonly: opts.readonly });
    // quick_check reads the whole database (~0.5 s per 100,000 circuits).
    // Whoever writes (the daemon, fsck --repair, gc) runs it first: writing
    // into a damaged b-tree spreads the damage. A read-only open (search,
    // status, versions) cannot spread it; a damaged page it happens to read
    // fails that query, and fsck runs the full integrity_check itself.
    if (!opts.readonly) meta.db.pragma('quick_check(1)');
  } catch (e) {
    if (e instanceof FsError) throw e;
    throw fsError('EIO', `metadata database ${paths.db} is unreadable or corrupt: ${(e as Error).message}`);
  }
  // Whoever writes checkpoints the WAL in the background (see WalCheckpointer).
  const checkpointer = opts.readonly ? undefined : new WalCheckpointer(meta.db, paths.db, opts.log ?? silentLogger());
  const chunks = new ChunkStore(paths.segments, { cacheBytes: config.cacheBytes, verify: config.verifyReads });
  // In-process expansion of quantum-codec blobs; the daemon hands this to its state worker instead.
  // Loaded when first needed: the codecs are most of what a CLI command would otherwise load.
  chunks.setSliceSource({
    findBase: (h) => meta.findChunk(h),
    expand: async (blob) => Buffer.from((await import('../trees/states/analyze-state.js')).expandState(blob)),
  });
  if (!opts.readonly) {
    const replay = await replayJournal(meta, chunks);
    if (replay.rewritten) {
      (opts.log ?? silentLogger()).warn(replay, 'wrote back chunk records their segments lost in a crash (kept in the journal)');
    }
  }
  let wal: Awaited<ReturnType<typeof open>> | undefined;
  const syncWal = async () => {
    if (opts.readonly) return;
    wal ??= await open(`${paths.db}-wal`, 'r+').catch(() => undefined);
    await wal?.datasync();
  };
  return {
    paths, config, meta, chunks, syncWal,
    async close() {
      await chunks.close();
      await wal?.close();
      await checkpointer?.stop();
      meta.close();
    },
  };
}

/** Exclusive use of a data dir by one daemon: a pid file, taken over when stale. */
export function acquireLock(dir: string): () => void {
  const { lock } = dataPaths(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
        } catch { /* already gone */ }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(dir);
      if (holder !== undefined) throw fsError('EBUSY', `data dir ${dir} is in use by qfs process ${holder} (mounted already?)`);
      unlinkSync(lock); // stale: its process is gone
    }
  }
  throw fsError('EBUSY', `cannot lock data dir ${dir}`);
}

/** The pid of the live daemon holding `dir`, if any. */
export function lockHolder(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(dataPaths(dir).lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return -1;
    return undefined;
  }
}
