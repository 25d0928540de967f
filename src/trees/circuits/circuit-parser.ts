// Who turns a committed circuit's bytes into its index row: this thread (pure
// modules, tools, tests) or the daemon's parser thread.
import type { CircuitRow } from '../../meta/meta-store.js';
import type { Logger } from '../../obs/logger.js';
import { WorkerClient } from '../worker-client.js';
import { describeCircuit } from './circuit-index.js';
import { warmUpParser } from './parser-warm-up.js';
import type { ParseRequest } from './parse-worker.js';

export interface CircuitParser {
  /** `here`: parse on the calling thread, as the caller found `inline` allows. */
  describe(ino: number, name: Buffer, content: Buffer, here?: boolean): Promise<CircuitRow>;
  /** Whether a circuit of `size` bytes may be parsed on the calling thread. */
  inline(size: number): boolean;
}

export const inProcessParser: CircuitParser = {
  describe: async (ino, name, content) => describeCircuit(ino, name, content),
  inline: () => true,
};

/**
 * Circuits up to this size are parsed on the calling thread: waking the
 * parser thread and hearing back from it (0.1-0.5 ms each way on 2 busy
 * cores) costs more than parsing them.
 */
const INLINE_BYTES = 16 << 10;

export class ParseWorkerClient implements CircuitParser {
  private readonly worker: WorkerClient<ParseRequest>;

  constructor(log: Logger) {
    this.worker = new WorkerClient(new URL('./parse-worker.js', import.meta.url), 'circuit parser', log);
  }

  inline(size: number): boolean {
    return size <= INLINE_BYTES;
  }

  describe(ino: number, name: Buffer, content: Buffer, here = false): Promise<CircuitRow> {
    if (here) return inProcessParser.describe(ino, name, content);
    // A copy the worker owns: the file's blocks may be cached or still be written.
    const owned = new Uint8Array(content);
    return this.worker.call(
      { op: 'describe', ino, name: new Uint8Array(name), content: owned, time: Date.now() },
      [owned.buffer],
    ) as Promise<CircuitRow>;
  }

  /** Starts the thread and warms this thread's parser for the circuits parsed inline (~0.2 s, before mounting). */
  warm(): void {
    this.worker.warm();
    warmUpParser();
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
