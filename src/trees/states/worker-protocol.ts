// Messages between the main thread and the state worker.
import { CircuitParseError } from '../../quantum/parse-circuit.js';
import { TomographyError } from '../../quantum/tomography/tomography-error.js';
import { DeviceModelError } from '../../quantum/devices/device-model.js';
import { NpyError } from '../../quantum/npy/npy-error.js';
import { SimulatorError } from '../../quantum/sim/simulator-error.js';
import { CodecError } from '../../quantum/codecs/codec-error.js';

export type WorkerRequest = { id: number } & (
  | { op: 'analyze'; bytes: Uint8Array; encode: boolean }
  | { op: 'expand'; blob: Uint8Array }
  | { op: 'capture'; job: unknown }
  | { op: 'reconstruct'; text: string }
);

/** invalid: the request or its input is wrong (EINVAL); too-big: beyond the method (EFBIG); internal: a fault (EIO). */
export type FailureKind = 'invalid' | 'too-big' | 'internal';

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; kind: FailureKind; message: string };

const INPUT_ERRORS = [CircuitParseError, TomographyError, DeviceModelError, NpyError, SimulatorError, CodecError, RangeError];

export function classifyError(e: unknown, tooBig: abstract new (...args: never[]) => Error): FailureKind {
  if (e instanceof tooBig) return 'too-big';
  if (INPUT_ERRORS.some((k) => e instanceof k)) return 'invalid';
  return 'internal';
}
