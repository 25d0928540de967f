// The state worker: a thread for the heavy quantum work of /states (state
// analysis and encoding, captures, reconstructions), so the FUSE loop on the
// main thread keeps serving while a tomography runs.
import { bestKernels } from './quantum-kernels.js';
import { analyzeState, expandState } from './analyze-state.js';
import { captureSnapshot, TooManyQubitsError, type CaptureJob } from './capture-snapshot.js';
import { reconstructCounts } from './reconstruct-counts.js';
import { serveRequests, type Numbered, type WorkerResult } from '../worker-protocol.js';

export type StateRequest =
  | { op: 'analyze'; bytes: Uint8Array; encode: boolean }
  | { op: 'expand'; blob: Uint8Array }
  | { op: 'capture'; job: unknown }
  | { op: 'reconstruct'; text: string };

const kernels = bestKernels();

function run(req: Numbered<StateRequest>): WorkerResult {
  switch (req.op) {
    case 'analyze': {
      const a = analyzeState(req.bytes, req.encode, kernels);
      return { result: a, transfer: a.blob ? [a.blob.buffer as ArrayBuffer] : [] };
    }
    case 'expand': {
      const bytes = expandState(req.blob, kernels.compressor);
      return { result: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case 'capture':
      return filesResult(captureSnapshot(req.job as CaptureJob, kernels));
    case 'reconstruct':
      return filesResult(reconstructCounts(req.text, kernels));
  }
}

/**
 * Published files, their large buffers handed over rather than copied (a
 * 10-qubit rho.npy is 16 MiB). Small ones may share Node's buffer pool,
 * which must stay here.
 */
function filesResult(files: Record<string, Uint8Array>): WorkerResult {
  const owned = Object.values(files).filter((b) => b.byteLength >= 1 << 16 && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength);
  return { result: files, transfer: [...new Set(owned.map((b) => b.buffer as ArrayBuffer))] };
}

serveRequests(run, TooManyQubitsError);
