// Keeps SQLite's WAL checkpoints off the commit path. With the default
// autocheckpoint, the commit that crosses 1000 WAL pages copies them into the
// database and fsyncs it before returning: a 5-10 ms stall for one commit in
// a few dozen. Here the writer's autocheckpoint is off and a worker thread
// does the copying in the background (PASSIVE: it never blocks the writer).
// Once it has copied everything, the writer's own connection checkpoints the
// few frames added since, which lets the WAL start over (see restartable).
// Should the WAL still outgrow WAL_LIMIT, the writer checkpoints it whole.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../obs/logger.js';
import type { CheckpointReply } from './wal-checkpoint-worker.js';

const INTERVAL_MS = 1000;
/** The WAL file is cut back to this size whenever it restarts. */
const WAL_KEEP = 16 << 20;
/** A WAL this big has not restarted for a long while: the writer checkpoints it. */
const WAL_LIMIT = 128 << 20;

export class WalCheckpointer {
  private worker: Worker | undefined;
  private readonly timer: NodeJS.Timeout;
  private busy = false;
  private lastChanges = -1;
  /** Rounds finished (the worker's copy, then the writer's own checkpoint). */
  rounds = 0;
  private readonly changes: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly path: string, private readonly log: Logger) {
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
    if (!this.busy && this.walBytes() > WAL_LIMIT) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return;
    }
    const n = this.changes.get() as number;
    if (this.busy || n === this.lastChanges) return;
    this.lastChanges = n;
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
