// Group commit of file content. Closed or fsynced files queue here; a batch
// seals every dirty block (hash, compress, append), then applies all the
// files' block maps, sizes and times in one SQLite transaction. The records
// it points at are durable whenever that transaction is: a batch of small
// records carries copies of them in the transaction itself (the segments
// are synced later, in the background: see JournalSyncer); anything larger
// is fdatasynced first, while the describe hook runs (circuit parsing).
// Batches run one at a time; fsync waits for the batch holding
// its file, then for the WAL to reach the disk.
import type { MetaStore, ContentCommit, ChunkRef } from '../meta/meta-store.js';
import type { ChunkStore } from '../blob/chunk-store.js';
import type { DirtyBlock, FileState } from './file-state.js';
import type { Logger } from '../obs/logger.js';

export interface CommitHooks {
  /**
   * Whether a queued overlay is still the file's live one. An overlay dropped
   * and recreated meanwhile must not commit its stale size and times.
   */
  isCurrent?(f: FileState): boolean;
  /** What the tree adds to a file's commit: its circuit index row and version policy. */
  describe?(f: FileState): Promise<Pick<ContentCommit, 'circuit' | 'keepVersions'> | undefined>;
  /** Called once a batch's transaction has committed. */
  afterCommit?(files: FileState[]): void;
  /** A transaction carried record copies: their segments are to be synced. */
  journaled?(): void;
}

export class Committer {
  private queue = new Set<FileState>();
  /** The batch being committed. */
  private inFlight = new Set<FileState>();
  /** Files of the running batch to queue again if its commit leaves them dirty (see scheduleAfter). */
  private recheck = new Set<FileState>();
  private timer: { due: number; cancel(): void } | undefined;
  /** A queued file asked to be committed without delay (a circuit's close, write-behind). */
  private urgent = false;
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly meta: MetaStore,
    private readonly chunks: ChunkStore,
    private readonly log: Logger,
    private readonly delayMs = 25,
    private readonly hooks: CommitHooks = {},
  ) {}

  readonly known = (hash: Buffer): ChunkRef | undefined => this.meta.findChunk(hash);

  /** Queues a file for the next batch. */
  schedule(f: FileState, delayMs = this.delayMs): void {
    this.queue.add(f);
    if (delayMs === 0) this.urgent = true;
    if (!this.running) this.arm(delayMs);
  }

  /**
   * Queues `f` like schedule(), unless the running batch holds it: then it is
   * queued again only if that commit leaves it dirty. A release arriving
   * while its close commits would otherwise commit the file a second time
   * (and parse it again) for nothing.
   */
  scheduleAfter(f: FileState): void {
    if (this.inFlight.has(f)) this.recheck.add(f);
    else this.schedule(f);
  }

  /** Nothing queued and no batch being committed. */
  get idle(): boolean {
    return this.queue.size === 0 && !this.running;
  }

  /** Whether `f` waits in the queue or is being committed. */
  holds(f: FileState): boolean {
    return this.queue.has(f) || this.inFlight.has(f);
  }

  /** Drains after `delayMs` unless a drain is due sooner already; 0 means right after this turn of the loop. */
  private arm(delayMs: number): void {
    const due = performance.now() + delayMs;
    if (this.timer && this.timer.due <= due) return;
    this.timer?.cancel();
    const run = () => void this.drain();
    if (delayMs === 0) {
      const h = setImmediate(run); // setTimeout(0) waits at least 1 ms
      this.timer = { due, cancel: () => clearImmediate(h) };
    } else {
      const h = setTimeout(run, delayMs);
      this.timer = { due, cancel: () => clearTimeout(h) };
    }
  }

  /** Commits `f` (and whatever else is queued) and waits until it is durable. */
  async commitNow(f?: FileState): Promise<void> {
    if (f) this.queue.add(f);
    while (this.running) await this.running.catch(() => undefined);
    await this.drain(true);
  }

  /**
   * Waits until `f`, queued or in the running batch, is committed; commits it
   * now if it is still waiting for its batch. Throws when its commit fails
   * (it stays queued for a retry).
   */
  async settle(f: FileState): Promise<void> {
    while (this.queue.has(f) || this.inFlight.has(f)) {
      if (this.running) await this.running.catch(() => undefined);
      else await this.drain(true);
    }
  }

  /**
   * Waits until every file whose index row is about to change is committed:
   * each close queued as a version of its own (FileState.versionPending) and
   * each file renamed (FileState.reindex: its new name may make it a circuit
   * or no longer one). Undefined when none is waiting.
   */
  indexingSettled(): Promise<void> | undefined {
    const pending = [...this.inFlight, ...this.queue].filter((f) => f.indexPending);
    return pending.length ? Promise.all(pending.map((f) => this.settle(f))).then(() => undefined) : undefined;
  }

  /** Waits for every queued file to be committed. */
  async flushAll(): Promise<void> {
    while (this.queue.size || this.running) {
      if (this.running) await this.running.catch(() => undefined);
      else await this.drain();
    }
  }

  private async drain(throwErrors = false): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.running) return throwErrors ? this.running : undefined;
    const batch = [...this.queue];
    this.queue = new Set();
    this.urgent = false;
    if (!batch.length) return;
    const p = this.commit(batch);
    this.running = p;
    this.inFlight = new Set(batch);
    try {
      await p;
      this.failures = 0;
    } catch (e) {
      // Keep the data in memory and retry: nothing written is dropped.
      this.failures++;
      for (const f of batch) this.queue.add(f);
      this.log.error({ err: e, files: batch.length }, 'content commit failed; will retry');
      if (throwErrors) throw e;
    } finally {
      this.running = undefined;
      this.inFlight = new Set();
      for (const f of this.recheck) if (f.isDirty && (this.hooks.isCurrent?.(f) ?? true)) this.queue.add(f);
      this.recheck = new Set();
      if (this.queue.size) {
        this.arm(this.failures ? Math.min(5000, 100 * 2 ** this.failures) : this.urgent ? 0 : this.delayMs);
      }
    }
  }

  private async commit(files: FileState[]): Promise<void> {
    // Renames and closes arriving during the awaits below stay pending for the next commit.
    const seen = files.map((f) => f.pendingRequests());
    // Seal until every block is sealed; writes during the wait may add more.
    for (let round = 0; round < 4; round++) {
      const seals: Promise<void>[] = [];
      for (const f of files) {
        for (const i of f.blocks.keys()) {
          const s = f.seal(i, this.known);
          if (s) seals.push(s);
        }
      }
      if (!seals.length) break;
      await Promise.all(seals);
    }
    // The blocks sealed by now are those this journal or fdatasync covers: a
    // block sealed during the waits below goes to the next commit.
    const durable = new Set<DirtyBlock>();
    for (const f of files) for (const b of f.blocks.values()) if (b.sealed) durable.add(b);
    // Without a journal, the segments' fdatasync runs on the thread pool while
    // the trees describe the files (parse circuits) on this thread; the
    // transaction below waits for both, so the data is durable before any
    // metadata that points at it commits.
    const journal = this.chunks.takeJournal();
    const syncing = journal ? undefined : this.chunks.sync();
    const lost = (e: unknown): never => {
      if (journal) this.chunks.journalLost(); // no transaction carries the copies taken
      throw e;
    };
    const [described] = await Promise.all([Promise.all(files.map(async (f) => this.hooks.describe?.(f))), syncing]).catch(lost);
    // No await from here to the end of the transaction.
    const commits: ContentCommit[] = [];
    const included = new Map<FileState, Map<number, DirtyBlock>>();
    for (const [k, f] of files.entries()) {
      const blocks = new Map<number, DirtyBlock>();
      const list: ContentCommit['blocks'] = [];
      for (const [i, b] of f.blocks) {
        if (durable.has(b)) {
          blocks.set(i, b);
          list.push({ idx: i, chunk: b.sealed! });
        }
      }
      included.set(f, blocks);
      commits.push({
        ino: f.ino, size: f.size, mtime: f.mtime, ctime: f.ctime,
        dropFrom: f.truncFrom, blocks: list, ...described[k],
      });
    }
    // Overlays dropped during the awaits above are stale: leave them out.
    const live = files.map((f) => this.hooks.isCurrent?.(f) ?? true);
    try {
      this.meta.commitContent(commits.filter((_, k) => live[k]), journal);
    } catch (e) {
      lost(e);
    }
    if (journal?.length) this.hooks.journaled?.();
    for (const f of files.filter((_, k) => live[k])) f.settle(included.get(f)!, f.size);
    for (const [k, f] of files.entries()) f.requestsCommitted(seen[k]!);
    this.hooks.afterCommit?.(files.filter((_, k) => live[k]));
  }

  get pending(): number {
    return this.queue.size + (this.running ? 1 : 0);
  }
}
