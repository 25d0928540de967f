// The files a tomography leaves behind: rho.npy (complex128, C order, 2^n×2^n,
// loadable with numpy.load) and meta.json (what was measured and how well).
import { writeNpy } from '../../quantum/npy/npy-file.js';
import { complexArray } from '../../quantum/npy/npy-array.js';
import type { TomographyReport } from '../../quantum/tomography/pauli-tomography.js';

export const META_FORMAT = 'qfs.tomography';

export function rhoNpy(report: TomographyReport): Uint8Array {
  const d = 2 ** report.numQubits;
  return writeNpy(complexArray([d, d], report.rho));
}

export function tomographyMeta(report: TomographyReport, extra: Record<string, unknown>): Uint8Array {
  const meta = {
    format: META_FORMAT,
    version: 1,
    created: new Date().toISOString(),
    qubits: report.numQubits,
    reconstruction: 'linear inversion, projected to the nearest physical state (Smolin, Gambetta, Smith 2012)',
    settings_measured: report.settingsMeasured,
    total_shots: report.totalShots,
    purity: report.purity,
    // The leading eigenvalues of rho; the rest are 0 after the projection.
    eigenvalues: Array.from(report.eigenvalues.subarray(0, 16)),
    fidelity: report.fidelity,
    fidelity_linear: report.fidelityLinear,
    fidelity_error_bar: report.fidelityErrorBar,
    error_bar_method: report.errorBarMethod,
    seconds_measure: report.seconds.measure,
    seconds_reconstruct: report.seconds.reconstruct,
    ...extra,
  };
  return Buffer.from(JSON.stringify(meta, null, 2) + '\n');
}
