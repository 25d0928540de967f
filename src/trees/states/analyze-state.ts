// What /states records about a committed .npy: validation and description
// (src/quantum/linalg/state-description.ts holds the rules and tolerance),
// and the quantum-aware encoding when one reproduces the file byte for byte.
// Runs in the state worker: a 16 MiB state takes tens of milliseconds or more.
import { createHash } from 'node:crypto';
import { readNpy, writeNpy } from '../../quantum/npy/npy-file.js';
import { toComplexC } from '../../quantum/npy/npy-array.js';
import { NpyError } from '../../quantum/npy/npy-error.js';
import { describeState } from '../../quantum/linalg/state-description.js';
import { decodeState, encodeState } from '../../quantum/codecs/state-codec.js';
import { CodecError } from '../../quantum/codecs/codec-error.js';
import type { QuantumKernels } from './quantum-kernels.js';
import type { BlockCompressor } from '../../quantum/codecs/block-compressor.js';

export interface StateAnalysis {
  /** Of the whole file, hex. */
  sha256: string;
  valid: boolean;
  /** Why the file is not a valid state (absent when valid). */
  error?: string;
  kind: 'state-vector' | 'density-matrix' | 'not-a-state' | 'not-npy';
  qubits?: number;
  dtype?: string;
  shape?: number[];
  norm?: number;
  trace?: number;
  purity?: number;
  entropy?: number;
  minEigenvalue?: number;
  hermiticityError?: number;
  /** The codec that reproduced the exact bytes, when one beats plain storage. */
  codec?: string;
  /** That codec's container; decodes (expandState) to the very same file bytes. */
  blob?: Uint8Array;
}

export function analyzeState(bytes: Uint8Array, encode: boolean, kernels: QuantumKernels = {}): StateAnalysis {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let array;
  try {
    array = readNpy(bytes);
  } catch (e) {
    if (e instanceof NpyError) return { sha256, valid: false, kind: 'not-npy', error: e.message };
    throw e;
  }
  const d = describeState(toComplexC(array), array.shape, { gramSpectrum: kernels.gramSpectrum, eigensolver: kernels.eigensolver });
  const out: StateAnalysis = {
    sha256, valid: d.valid, kind: d.kind, qubits: d.numQubits, dtype: array.dtype, shape: array.shape,
    norm: d.norm, trace: d.trace, purity: d.purity, entropy: d.entanglementEntropy,
    minEigenvalue: d.minEigenvalue, hermiticityError: d.hermiticityError,
  };
  if (!d.valid) out.error = d.problems.join('; ');
  if (encode) {
    try {
      const enc = encodeState(array, { compressor: kernels.compressor });
      // Kept only if the whole file — header included — comes back.
      if (sameBytes(expandState(enc.bytes, kernels.compressor), bytes)) {
        out.codec = enc.codec;
        out.blob = enc.bytes;
      }
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
    }
  }
  return out;
}

/** The .npy file bytes a codec container stands for. */
export function expandState(blob: Uint8Array, compressor?: BlockCompressor): Uint8Array {
  return writeNpy(decodeState(blob, { compressor }).array);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
