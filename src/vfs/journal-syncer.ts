// Syncs the segments in the background after commits that carried copies of
// their records instead of waiting for an fdatasync (ChunkStore.takeJournal),
// then drops those copies: the journal holds about a second of small commits.
import type { ChunkStore } from '../blob/chunk-store.js';
import type { MetaStore } from '../meta/meta-store.js';
import type { Logger } from '../obs/logger.js';

/** How long journal rows wait for their segments' sync. */
const SYNC_AFTER_MS = 1000;

export class JournalSyncer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly meta: MetaStore,
    private readonly chunks: ChunkStore,
    private readonly log: Logger,
    private readonly delayMs = SYNC_AFTER_MS,
  ) {}

  /** A commit carried copies: sync within delayMs, unless a sync is due already. */
  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.syncNow().catch((e: unknown) => {
        // The rows stay: a later sync drops them, or the next open writes them back.
        this.log.error({ err: e }, 'segment sync failed; the journal keeps the records');
        this.soon();
      });
    }, this.delayMs);
    this.timer.unref();
  }

  /**
   * Syncs every segment, then drops the journal rows committed before the
   * sync began. It does what a pending soon() would: that is cancelled, so
   * none fires after the last sync of a data dir being closed.
   */
  async syncNow(): Promise<void> {
    this.stop();
    while (this.running) await this.running.catch(() => undefined);
    // Each row's record was written before its transaction committed, so
    // before this mark was read: the sync that starts next covers it.
    const mark = this.meta.journalMark();
    this.running = this.chunks.sync().then(() => {
      if (mark) this.meta.dropJournal(mark);
    });
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Cancels a pending soon(). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
