// Messages between the main thread and the trees' worker threads (the state
// worker, the circuit parser): numbered requests, each answered once, with
// failures classified so the main thread can map them to an errno.
import { parentPort } from 'node:worker_threads';
import { CircuitParseError } from '../quantum/parse-circuit.js';
import { TomographyError } from '../quantum/tomography/tomography-error.js';
import { DeviceModelError } from '../quantum/devices/device-model.js';
import { NpyError } from '../quantum/npy/npy-error.js';
import { SimulatorError } from '../quantum/sim/simulator-error.js';
import { CodecError } from '../quantum/codecs/codec-error.js';

export type Numbered<Body> = { id: number } & Body;

/** invalid: the request or its input is wrong (EINVAL); too-big: beyond the method (EFBIG); internal: a fault (EIO). */
export type FailureKind = 'invalid' | 'too-big' | 'internal';

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; kind: FailureKind; message: string };

/** What a worker hands back for one request, and the buffers it gives away with it. */
export interface WorkerResult {
  result: unknown;
  transfer: ArrayBuffer[];
}

const INPUT_ERRORS = [CircuitParseError, TomographyError, DeviceModelError, NpyError, SimulatorError, CodecError, RangeError];

export function classifyError(e: unknown, tooBig?: abstract new (...args: never[]) => Error): FailureKind {
  if (tooBig && e instanceof tooBig) return 'too-big';
  if (INPUT_ERRORS.some((k) => e instanceof k)) return 'invalid';
  return 'internal';
}

/** The worker side: answers every request on this thread's port with `run`. */
export function serveRequests<Req extends { id: number }>(
  run: (req: Req) => WorkerResult,
  tooBig?: abstract new (...args: never[]) => Error,
): void {
  parentPort!.on('message', (req: Req) => {
    let res: WorkerResponse;
    let transfer: ArrayBuffer[] = [];
    try {
      const out = run(req);
      res = { id: req.id, ok: true, result: out.result };
      transfer = out.transfer;
    } catch (e) {
      res = { id: req.id, ok: false, kind: classifyError(e, tooBig), message: (e as Error).message ?? String(e) };
    }
    parentPort!.postMessage(res, transfer);
  });
}
