// A capture: run a circuit on the built-in simulator (with a device's noise
// when one is named), measure it in Pauli bases (all 3^n settings, or random
// ones for classical shadows), reconstruct a physical density matrix and
// produce the snapshot's three files. Runs in the state worker.
import type { Circuit } from '../../quantum/circuit.js';
import { parseCircuit } from '../../quantum/parse-circuit.js';
import { finalStateVector } from '../../quantum/sim/run-circuit.js';
import { finalDensityMatrix } from '../../quantum/noise/run-density.js';
import { deviceNoiseModel, type NoiseModel } from '../../quantum/noise/noise-model.js';
import { deviceModel } from '../../quantum/devices/device-model.js';
import { MAX_PAULI_TOMOGRAPHY_QUBITS, pauliTomography, reconstructFromCounts, type TomographyReport } from '../../quantum/tomography/pauli-tomography.js';
import { collectShadows, shadowFidelity, shadowsToCounts } from '../../quantum/tomography/classical-shadows.js';
import { countsToJson } from '../../quantum/tomography/counts-format.js';
import type { QuantumKernels } from './quantum-kernels.js';
import { rhoNpy, tomographyMeta } from './snapshot-files.js';

export interface CaptureJob {
  circuitPath: string;
  circuitText: string;
  shots: number;
  method: 'pauli' | 'shadow';
  /** The device's calibration JSON, absent for an ideal run. */
  device?: unknown;
  seed: number;
  /** Write counts.json (its size grows as 3^n × outcomes). */
  keepCounts?: boolean;
}

/** File name → bytes: rho.npy, meta.json, and counts.json when kept. */
export type SnapshotFiles = Record<string, Uint8Array>;

/** A request the method cannot serve at this size (EFBIG to the writer). */
export class TooManyQubitsError extends Error {}

export const MAX_CAPTURE_QUBITS = MAX_PAULI_TOMOGRAPHY_QUBITS;

export function captureSnapshot(job: CaptureJob, kernels: QuantumKernels = {}): SnapshotFiles {
  const { eigensolver, settingsKernel, pauliTransforms } = kernels;
  const t0 = performance.now();
  const circuit = parseCircuit(job.circuitText, job.circuitPath).lower();
  const n = circuit.numQubits;
  if (n > MAX_CAPTURE_QUBITS) {
    throw new TooManyQubitsError(`${n} qubits: ${job.method} tomography here reconstructs at most ${MAX_CAPTURE_QUBITS} (rho.npy holds 4^n entries)`);
  }
  const device = job.device === undefined ? undefined : deviceModel(job.device);
  const noise: NoiseModel | undefined = device && deviceNoiseModel(device);
  const unitary = isUnitary(circuit);
  const ideal = unitary ? finalStateVector(circuit).amplitudes : undefined;
  const source = noise || !unitary ? finalDensityMatrix(circuit, noise) : finalStateVector(circuit);
  const readout = noise && ((q: number) => noise.readout(q));
  const tSim = performance.now();

  let report: TomographyReport;
  let shadow: { estimate: number; errorBar: number } | undefined;
  if (job.method === 'pauli') {
    report = pauliTomography(source, { shots: job.shots, readout, ideal, eigensolver, settingsKernel, pauliTransforms, seed: job.seed, keepCounts: job.keepCounts ?? n <= 8 });
  } else {
    const data = collectShadows(source, job.shots, { seed: job.seed, readout });
    report = reconstructFromCounts(countsToJson(shadowsToCounts(data)), { ideal, eigensolver, pauliTransforms, seed: job.seed });
    report.seconds.measure = (performance.now() - tSim) / 1000 - report.seconds.reconstruct;
    if (ideal) shadow = shadowFidelity(data, ideal);
    if (!(job.keepCounts ?? n <= 8)) report.counts = undefined;
  }
  const files: SnapshotFiles = {
    'rho.npy': rhoNpy(report),
    'meta.json': tomographyMeta(report, {
      source: { circuit: job.circuitPath, device: device?.name ?? 'ideal', method: job.method, seed: job.seed, shots: job.shots },
      shadowFidelity: shadow,
      counts: report.counts ? 'counts.json' : 'not kept (ask with counts=1; it runs to 3^n settings × outcomes)',
      seconds: { simulate: (tSim - t0) / 1000, total: (performance.now() - t0) / 1000 },
    }),
  };
  if (report.counts) files['counts.json'] = Buffer.from(JSON.stringify(countsToJson(report.counts)) + '\n');
  return files;
}

/** No reset, no condition, and nothing touches a qubit once it is measured. */
function isUnitary(c: Circuit): boolean {
  const measured = new Set<number>();
  for (const op of c.ops) {
    if (op.kind === 'reset' || ('condition' in op && op.condition)) return false;
    if (op.kind === 'measure') {
      measured.add(op.qubit);
      continue;
    }
    if (op.kind === 'gate' && [...op.qubits, ...(op.controls ?? []), ...(op.negControls ?? [])].some((q) => measured.has(q))) return false;
  }
  return true;
}
