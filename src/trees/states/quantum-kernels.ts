// The heavy numerical steps /states hands to src/quantum, which stays pure:
// the native ones (LAPACK/OpenBLAS, the multi-threaded settings kernel) when
// the qfs_linalg addon is built, the TypeScript references otherwise.
import type { HermitianEigensolver } from '../../quantum/linalg/hermitian-eigen.js';
import type { GramSpectrum } from '../../quantum/linalg/gram-spectrum.js';
import type { SettingsKernel } from '../../quantum/tomography/settings-kernel.js';
import type { PauliTransforms } from '../../quantum/tomography/pauli-basis.js';
import type { BlockCompressor } from '../../quantum/codecs/block-compressor.js';
import { lz4CompressBlock } from '../../quantum/codecs/lz4-block.js';
import { nativeGramSpectrum, nativeLinalgAvailable, nativeTomographyKernels } from '../../native-linalg.js';
import { native } from '../../native.js';

export interface QuantumKernels {
  eigensolver?: HermitianEigensolver;
  settingsKernel?: SettingsKernel;
  pauliTransforms?: PauliTransforms;
  gramSpectrum?: GramSpectrum;
  /** LZ4 for the state codecs (the TypeScript coder when absent). */
  compressor?: BlockCompressor;
}

export function bestKernels(): QuantumKernels {
  const compressor = nativeLz4();
  if (!nativeLinalgAvailable()) return { compressor };
  return { ...nativeTomographyKernels, gramSpectrum: nativeGramSpectrum, compressor };
}

/**
 * liblz4 through the qfs addon: the same block format the TypeScript coder
 * reads and writes, several times faster on a 16 MiB density matrix.
 */
function nativeLz4(): BlockCompressor | undefined {
  let n: ReturnType<typeof native>;
  try {
    n = native();
  } catch {
    return undefined;
  }
  const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return {
    // liblz4's answer is null when the block would not shrink; the codecs still want a block to weigh.
    compress: (b) => n.lz4Compress(buf(b)) ?? lz4CompressBlock(b),
    decompress: (b, rawLength) => n.lz4Decompress(buf(b), rawLength),
  };
}
