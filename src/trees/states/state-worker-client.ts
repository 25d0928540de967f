// The main thread's side of the state worker: one thread (the machine's other
// core serves FUSE), requests answered in order, failures mapped to errno.
// A crashed worker fails what it held and is started again on the next call.
import { Worker } from 'node:worker_threads';
import { fsError, type ErrnoName } from '../../vfs/errors.js';
import type { Logger } from '../../obs/logger.js';
import type { StateAnalysis } from './analyze-state.js';
import type { CaptureJob, SnapshotFiles } from './capture-snapshot.js';
import type { ReconstructedFiles } from './reconstruct-counts.js';
import type { FailureKind, WorkerRequest, WorkerResponse } from './worker-protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Body = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

const ERRNO: Record<FailureKind, ErrnoName> = { invalid: 'EINVAL', 'too-big': 'EFBIG', internal: 'EIO' };

export class StateWorkerClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly log: Logger) {}

  analyze(bytes: Uint8Array, encode: boolean): Promise<StateAnalysis> {
    return this.call({ op: 'analyze', bytes, encode }, [bytes.buffer as ArrayBuffer]) as Promise<StateAnalysis>;
  }

  expand(blob: Uint8Array): Promise<Uint8Array> {
    return this.call({ op: 'expand', blob }, []) as Promise<Uint8Array>;
  }

  capture(job: CaptureJob): Promise<SnapshotFiles> {
    return this.call({ op: 'capture', job }, []) as Promise<SnapshotFiles>;
  }

  reconstruct(text: string): Promise<ReconstructedFiles> {
    return this.call({ op: 'reconstruct', text }, []) as Promise<ReconstructedFiles>;
  }

  /** Starts the thread now (at mount), so the first capture does not pay for loading it. */
  warm(): void {
    this.started();
  }

  private call(body: Body, transfer: ArrayBuffer[]): Promise<unknown> {
    const id = this.nextId++;
    const w = this.started();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./state-worker.js', import.meta.url));
    w.unref();
    w.on('message', (res: WorkerResponse) => {
      const p = this.pending.get(res.id);
      this.pending.delete(res.id);
      if (!p) return;
      if (res.ok) p.resolve(res.result);
      else p.reject(fsError(ERRNO[res.kind], res.message));
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => this.fail(w, new Error(`state worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  private fail(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.pending.size) this.log.error({ err: e }, 'state worker failed');
    for (const p of this.pending.values()) p.reject(fsError('EIO', `state worker failed: ${e.message}`));
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
