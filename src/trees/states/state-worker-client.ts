// The main thread's side of the state worker: one thread (the machine's other
// core serves FUSE) for analyses, captures and reconstructions.
import type { Logger } from '../../obs/logger.js';
import { WorkerClient } from '../worker-client.js';
import type { StateAnalysis } from './analyze-state.js';
import type { CaptureJob, SnapshotFiles } from './capture-snapshot.js';
import type { ReconstructedFiles } from './reconstruct-counts.js';
import type { StateRequest } from './state-worker.js';

export class StateWorkerClient {
  private readonly worker: WorkerClient<StateRequest>;

  constructor(log: Logger) {
    this.worker = new WorkerClient(new URL('./state-worker.js', import.meta.url), 'state worker', log);
  }

  analyze(bytes: Uint8Array, encode: boolean): Promise<StateAnalysis> {
    return this.worker.call({ op: 'analyze', bytes, encode }, [bytes.buffer as ArrayBuffer]) as Promise<StateAnalysis>;
  }

  expand(blob: Uint8Array): Promise<Uint8Array> {
    return this.worker.call({ op: 'expand', blob }) as Promise<Uint8Array>;
  }

  capture(job: CaptureJob): Promise<SnapshotFiles> {
    return this.worker.call({ op: 'capture', job }) as Promise<SnapshotFiles>;
  }

  reconstruct(text: string): Promise<ReconstructedFiles> {
    return this.worker.call({ op: 'reconstruct', text }) as Promise<ReconstructedFiles>;
  }

  /** Starts the thread now (at mount), so the first capture does not pay for loading it. */
  warm(): void {
    this.worker.warm();
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
