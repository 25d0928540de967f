// The heavy numerical steps /states hands to src/quantum, which stays pure:
// the native ones (LAPACK/OpenBLAS, the multi-threaded settings kernel) when
// the qfs_linalg addon is built, the TypeScript references otherwise.
import type { HermitianEigensolver } from '../../quantum/linalg/hermitian-eigen.js';
import type { GramSpectrum } from '../../quantum/linalg/gram-spectrum.js';
import type { SettingsKernel } from '../../quantum/tomography/settings-kernel.js';
import type { PauliTransforms } from '../../quantum/tomography/pauli-basis.js';
import { nativeGramSpectrum, nativeLinalgAvailable, nativeTomographyKernels } from '../../native-linalg.js';

export interface QuantumKernels {
  eigensolver?: HermitianEigensolver;
  settingsKernel?: SettingsKernel;
  pauliTransforms?: PauliTransforms;
  gramSpectrum?: GramSpectrum;
}

export function bestKernels(): QuantumKernels {
  if (!nativeLinalgAvailable()) return {};
  return { ...nativeTomographyKernels, gramSpectrum: nativeGramSpectrum };
}
