// The mounted daemon: locks the data dir, opens it, mounts through the native
// binding, serves until unmounted (SIGINT/SIGTERM, `qfs umount`, fusermount3
// -u), then commits everything pending and closes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { native } from '../native.js';
import { dataPaths, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../obs/logger.js';
import { acquireLock, initDataDir, isInitialized, openDataDir, type DataDir } from '../vfs/data-dir.js';
import { Vfs } from '../vfs/vfs.js';
import { searchInos } from '../meta/circuit-search.js';
import { FuseAdapter } from './adapter.js';
import { checkMountpoint, mounts } from './mount-checks.js';
import { mountSourceOption } from './mount-source.js';
import { Op } from './ops.js';
import { startControlSocket } from './control-socket.js';
import { StateIndex } from '../meta/state-index.js';
import { StateWorkerClient } from '../trees/states/state-worker-client.js';
import { ParseWorkerClient } from '../trees/circuits/circuit-parser.js';

/** Device calibration files shipped with QFS (devices/ at the top of the package). */
const DEVICES_DIR = fileURLToPath(new URL('../../devices/', import.meta.url));

export interface DaemonOptions {
  mountpoint: string;
  dataDir: string;
  allowOther: boolean;
  /** Refuse invalid circuits at close/fsync (EINVAL). */
  strict?: boolean;
  /** Also log to stderr (foreground runs). */
  stderrLog: boolean;
  /** Called once the filesystem is mounted and serving. */
  onReady?: () => void;
}

/** Mounts and serves; resolves with the exit code once unmounted. */
export async function runDaemon(opts: DaemonOptions): Promise<number> {
  const mountpoint = checkMountpoint(opts.mountpoint);
  if (!isInitialized(opts.dataDir)) initDataDir(opts.dataDir);
  const release = acquireLock(opts.dataDir);
  let dd: DataDir | undefined;
  try {
    const log = createLogger({ file: dataPaths(opts.dataDir).log, level: loadConfig(opts.dataDir).logLevel, stderr: opts.stderrLog });
    dd = await openDataDir(opts.dataDir, { log });
    return await serve(dd, mountpoint, opts, log);
  } finally {
    await dd?.close().catch(() => undefined);
    release();
  }
}

async function serve(dd: DataDir, mountpoint: string, opts: DaemonOptions, log: Logger): Promise<number> {
  const worker = new StateWorkerClient(log);
  worker.warm();
  // Blobs of quantum codecs expand on the worker too: a 20-qubit state takes a while.
  dd.chunks.setSliceSource({ findBase: (h) => dd.meta.findChunk(h), expand: async (b) => Buffer.from(await worker.expand(b)) });
  const parser = new ParseWorkerClient(log);
  parser.warm();
  const vfs = new Vfs(dd.meta, dd.chunks, log, dd.paths.dir, dd.syncWal, {
    parser,
    commitDelayMs: dd.config.commitDelayMs, strict: opts.strict, keepVersions: Math.max(1, dd.config.keepVersions),
    search: (q) => searchInos(dd.meta, q),
    states: { index: new StateIndex(dd.meta), worker, devicesDir: DEVICES_DIR },
  });
  const reaped = vfs.reapOrphans();
  if (reaped) log.info({ reaped }, 'removed inodes left without names by an earlier crash');
  const n = native();
  const adapter = new FuseAdapter(vfs, n, log);
  // The data dir as the mount's source: see mount-source.ts.
  const mountOpts = [mountSourceOption(dd.paths.dir), 'subtype=qfs', 'default_permissions'];
  if (opts.allowOther) mountOpts.push('allow_other');

  let exited!: () => void;
  const exitedP = new Promise<void>((res) => { exited = res; });
  // The kernel asks for security.capability before every write(2); while no
  // file has one, the binding answers in C without calling into JS.
  const capabilityXattrs = dd.meta.anyXattrNamed(Buffer.from('security.capability'));
  const session = n.mount(mountpoint, ['qfs', '-o', mountOpts.join(',')], (r) => {
    if (r.op === Op.EXIT) exited();
    else adapter.dispatch(r);
  }, { capabilityXattrs, busyPollUs: dd.config.busyPollUs, loopSpinUs: dd.config.loopSpinUs });
  const conn = connectionOf(mountpoint); // never stat our own mount from this thread: it would deadlock
  raiseReadahead(conn, log);
  const control = await startControlSocket(dd.paths.socket, vfs, dd.meta, log);
  log.info({ mountpoint, data: dd.paths.dir }, 'mounted');
  writeFileSync(`${dd.paths.dir}/mountpoint`, `${mountpoint}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'unmounting');
    const err = n.unmount(session, true);
    if (err) log.error({ errno: err }, 'unmount failed');
    // A lazily detached mount lives on while files are open; cut it after a grace period.
    setTimeout(() => abortConnection(conn, log), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  opts.onReady?.();

  await exitedP;
  n.close(session);
  control.close();
  await vfs.flushAll();
  await vfs.states?.idle();
  await worker.close();
  await parser.close();
  log.info('unmounted; all data committed');
  log.flush?.();
  return 0;
}

/**
 * Sequential reads arrive as large as the kernel's readahead window, which
 * starts at 128 KiB for FUSE; 1 MiB matches our blocks. Needs root; optional.
 */
function raiseReadahead(minor: number | undefined, log: Logger): void {
  if (minor === undefined) return;
  try {
    writeFileSync(`/sys/class/bdi/0:${minor}/read_ahead_kb`, '1024');
  } catch (e) {
    log.debug({ err: e }, 'could not raise readahead (not root?)');
  }
}

/** The FUSE connection number of a mount (its latest entry in mountinfo). */
const connectionOf = (mountpoint: string): number | undefined =>
  mounts().reverse().find((m) => m.mountpoint === mountpoint)?.minor;

function abortConnection(minor: number | undefined, log: Logger): void {
  if (minor === undefined) return;
  try {
    writeFileSync(`/sys/fs/fuse/connections/${minor}/abort`, '1');
    log.warn({ connection: minor }, 'aborted FUSE connection still busy after unmount');
  } catch { /* already gone */ }
}
