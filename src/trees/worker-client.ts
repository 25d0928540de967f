// The main thread's side of a worker thread: requests answered in order,
// failures mapped to errno. A crashed worker fails what it held and is
// started again on the next call.
import { Worker } from 'node:worker_threads';
import { fsError, type ErrnoName } from '../vfs/errors.js';
import type { Logger } from '../obs/logger.js';
import type { FailureKind, Numbered, WorkerResponse } from './worker-protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

const ERRNO: Record<FailureKind, ErrnoName> = { invalid: 'EINVAL', 'too-big': 'EFBIG', internal: 'EIO' };

export class WorkerClient<Body extends object> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `script`: the worker's module; `name`: how the log calls it. */
  constructor(private readonly script: URL, private readonly name: string, private readonly log: Logger) {}

  call(body: Body, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const id = this.nextId++;
    const w = this.started();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...body, id } as Numbered<Body>, transfer);
    });
  }

  /** Starts the thread now (at mount), so the first request does not pay for loading it. */
  warm(): void {
    this.started();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.unref();
    w.on('message', (res: WorkerResponse) => {
      const p = this.pending.get(res.id);
      this.pending.delete(res.id);
      if (!p) return;
      if (res.ok) p.resolve(res.result);
      else p.reject(fsError(ERRNO[res.kind], res.message));
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => this.fail(w, new Error(`${this.name} exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  private fail(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.pending.size) this.log.error({ err: e }, `${this.name} failed`);
    for (const p of this.pending.values()) p.reject(fsError('EIO', `${this.name} failed: ${e.message}`));
    this.pending.clear();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(fsError('EIO', 'shutting down'));
    this.pending.clear();
    if (w) await w.terminate();
  }
}
