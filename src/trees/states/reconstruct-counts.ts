// Reconstruction from measured data: a counts.json (format documented in
// src/quantum/tomography/counts-format.ts) in, rho.npy and meta.json out.
// Runs in the state worker.
import { reconstructFromCounts } from '../../quantum/tomography/pauli-tomography.js';
import { TomographyError } from '../../quantum/tomography/tomography-error.js';
import type { QuantumKernels } from './quantum-kernels.js';
import { rhoNpy, tomographyMeta } from './snapshot-files.js';

/** rho.npy and meta.json. */
export type ReconstructedFiles = Record<string, Uint8Array>;

export function reconstructCounts(countsText: string, { eigensolver, pauliTransforms }: QuantumKernels = {}): ReconstructedFiles {
  const t0 = performance.now();
  let json: unknown;
  try {
    json = JSON.parse(countsText);
  } catch (e) {
    throw new TomographyError(`counts.json is not JSON: ${(e as Error).message}`);
  }
  const report = reconstructFromCounts(json, { eigensolver, pauliTransforms });
  return {
    'rho.npy': rhoNpy(report),
    'meta.json': tomographyMeta(report, { source: { counts: 'counts.json' }, seconds: { total: (performance.now() - t0) / 1000 } }),
  };
}
