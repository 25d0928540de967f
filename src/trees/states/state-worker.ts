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
      const bytes = expandState(req.blob);
      return { result: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case 'capture':
      return { result: captureSnapshot(req.job as CaptureJob, kernels), transfer: [] };
    case 'reconstruct':
      return { result: reconstructCounts(req.text, kernels), transfer: [] };
  }
}

serveRequests(run, TooManyQubitsError);
