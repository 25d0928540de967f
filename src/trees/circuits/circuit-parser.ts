// Who turns a committed circuit's bytes into its index row: this thread (pure
// modules, tools, tests) or the daemon's parser thread.
import type { CircuitRow } from '../../meta/meta-store.js';
import type { Logger } from '../../obs/logger.js';
import { WorkerClient } from '../worker-client.js';
import { describeCircuit } from './circuit-index.js';
import type { ParseRequest } from './parse-worker.js';

export interface CircuitParser {
  describe(ino: number, name: Buffer, content: Buffer): Promise<CircuitRow>;
}

export const inProcessParser: CircuitParser = {
  describe: async (ino, name, content) => describeCircuit(ino, name, content),
};

export class ParseWorkerClient implements CircuitParser {
  private readonly worker: WorkerClient<ParseRequest>;

  constructor(log: Logger) {
    this.worker = new WorkerClient(new URL('./parse-worker.js', import.meta.url), 'circuit parser', log);
  }

  describe(ino: number, name: Buffer, content: Buffer): Promise<CircuitRow> {
    // A copy the worker owns: the file's blocks may be cached or still be written.
    const owned = new Uint8Array(content);
    return this.worker.call(
      { op: 'describe', ino, name: new Uint8Array(name), content: owned, time: Date.now() },
      [owned.buffer],
    ) as Promise<CircuitRow>;
  }

  warm(): void {
    this.worker.warm();
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
