// The heavy numerical steps /states hands to src/quantum, which stays pure:
// the native ones (LAPACK/OpenBLAS, the multi-threaded settings kernel) when
// the qfs_linalg addon is built, the TypeScript references otherwise.
import type { HermitianEigensolver } from '../../quantum/linalg/hermitian-eigen.js';
import type { GramSpectrum } from '../../quantum/linalg/gram-spectrum.js';
import type { SettingsKernel } from '../../quantum/tomography/settings-kernel.js';
import { nativeGramSpectrum, nativeHermitianEigen, nativeLinalgAvailable, nativeSettingsKernel } from '../../native-linalg.js';

export interface QuantumKernels {
  eigensolver?: HermitianEigensolver;
  settingsKernel?: SettingsKernel;
  gramSpectrum?: GramSpectrum;
}

export function bestKernels(): QuantumKernels {
  if (!nativeLinalgAvailable()) return {};
  return { eigensolver: nativeHermitianEigen, settingsKernel: nativeSettingsKernel, gramSpectrum: nativeGramSpectrum };
}
