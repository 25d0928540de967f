// The state worker: a thread for the heavy quantum work of /states (state
// analysis and encoding, captures, reconstructions), so the FUSE loop on the
// main thread keeps serving while a tomography runs.
import { parentPort } from 'node:worker_threads';
import { bestKernels } from './quantum-kernels.js';
import { analyzeState, expandState } from './analyze-state.js';
import { captureSnapshot, TooManyQubitsError, type CaptureJob } from './capture-snapshot.js';
import { reconstructCounts } from './reconstruct-counts.js';
import { classifyError, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';

const kernels = bestKernels();

function run(req: WorkerRequest): { result: unknown; transfer: ArrayBuffer[] } {
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

parentPort!.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const out = run(req);
    res = { id: req.id, ok: true, result: out.result };
    transfer = out.transfer;
  } catch (e) {
    res = { id: req.id, ok: false, kind: classifyError(e, TooManyQubitsError), message: (e as Error).message ?? String(e) };
  }
  parentPort!.postMessage(res, transfer);
});
