// Keeps SQLite's WAL checkpoints off the commit path. With the default
// autocheckpoint, the commit that crosses 1000 WAL pages copies them into the
// database and fsyncs it before returning: a 5-10 ms stall for one commit in
// a few dozen. Here the writer's autocheckpoint is off and a worker thread
// does the copying in the background (PASSIVE: it never blocks the writer).
// Once it has copied everything, the writer's own connection checkpoints the
// few frames added since, which lets the WAL start over (see restartable).
// A round waits for a pause in the commits (see BUSY_WAL). Should the WAL
// still outgrow WAL_LIMIT, the writer checkpoints it whole.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../obs/logger.js';
import type { CheckpointReply } from './wal-checkpoint-worker.js';

/** How often to look for a pause: a round starts after an interval without a commit. */
const INTERVAL_MS = 200;
/**
 * A WAL this big is copied even while the commits go on. A round's fsync of
 * the WAL and the database takes the disk for 40-60 ms per second of busy
 * commits (a 10 KiB circuit writes about 140 KB of WAL), and the commits it
 * overlaps take half as long again; the writer's own checkpoint at the end
 * of a round stalls one or two for 20-30 ms. Below this size the copying
 * waits for a pause, so a burst of up to about 1,300 such commits runs
 * without it.
 */
const BUSY_WAL = 192 << 20;
/** The WAL file is cut back to this size whenever it restarts. */
const WAL_KEEP = 16 << 20;
/** A WAL this big has not restarted for a long while: the writer checkpoints it. */
const WAL_LIMIT = 512 << 20;

export interface CheckpointerOptions {
  /** WAL bytes past which a round starts without waiting for a pause (BUSY_WAL). */
  busyWalBytes?: number;
}

export class WalCheckpointer {
  private worker: Worker | undefined;
  private readonly timer: NodeJS.Timeout;
  private busy = false;
  /** total_changes() at the last tick, and when the last round started. */
  private seenChanges = -1;
  private copiedChanges = -1;
  private readonly busyWal: number;
  /** Rounds finished (the worker's copy, then the writer's own checkpoint). */
  rounds = 0;
  private readonly changes: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly log: Logger,
    opts: CheckpointerOptions = {},
  ) {
    this.busyWal = opts.busyWalBytes ?? BUSY_WAL;
    this.changes = db.prepare('SELECT total_changes() AS n').pluck();
    this.db.pragma(`journal_size_limit = ${WAL_KEEP}`);
    this.start();
    this.timer = setInterval(() => this.tick(), INTERVAL_MS);
    this.timer.unref();
  }

  private start(): void {
    try {
      const w = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: { path: this.path } });
      w.unref();
      w.on('message', (r: CheckpointReply) => {
        this.busy = false;
        if (!r.ok) this.log.warn({ reason: r.error }, 'background WAL checkpoint failed');
        else this.restartable();
        this.rounds++;
      });
      w.on('error', (e) => this.fallBack(e));
      this.worker = w;
      this.db.pragma('wal_autocheckpoint = 0');
    } catch (e) {
      this.fallBack(e as Error);
    }
  }

  /** Without the thread, the writer checkpoints as SQLite does by default. */
  private fallBack(e: Error): void {
    this.log.warn({ err: e }, 'WAL checkpoint thread unavailable; checkpoints run on commit');
    this.worker = undefined;
    this.busy = false;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }

  /**
   * The thread copied (nearly) every frame, yet the WAL restarts only after the
   * writer's own connection has checkpointed (observed with SQLite 3.4x: a
   * passive checkpoint from another thread leaves the WAL growing). This one
   * finds at most the last few commits to copy.
   */
  private restartable(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      this.log.warn({ err: e }, 'WAL checkpoint failed');
    }
  }

  private tick(): void {
    if (!this.worker || !this.db.open) return;
    const wal = this.walBytes();
    if (!this.busy && wal > WAL_LIMIT) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return;
    }
    const n = this.changes.get() as number;
    const pausing = n === this.seenChanges;
    this.seenChanges = n;
    if (this.busy || n === this.copiedChanges || (!pausing && wal < this.busyWal)) return;
    this.copiedChanges = n;
    this.busy = true;
    this.worker.postMessage('checkpoint');
  }

  private walBytes(): number {
    try {
      return statSync(`${this.path}-wal`).size;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    // The thread closes its connection, so the writer's close can checkpoint and remove the WAL.
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.ref();
    w.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, 2000); });
    await Promise.race([exited, timeout]);
    clearTimeout(timer);
    await w.terminate();
  }
}
