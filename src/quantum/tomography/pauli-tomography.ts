// Full Pauli-basis state tomography: measure in all 3^n product bases,
// estimate every Pauli expectation by averaging its parity over the settings
// compatible with it (linear inversion), rebuild ρ = 2^{−n} Σ ⟨P⟩ P and
// project it onto the physical density matrices.
//
// Simulation never rotates the state per setting: the state's Pauli table is
// turned into each setting's outcome distribution by the setting tree, shots
// are drawn there, and the frequencies are folded straight back into Pauli
// estimates on the way up — O(6^n) plus the shots.
//
// Error bar of the fidelity (≈95%): two analytic standard deviations of the
// unbiased linear-inversion fidelity F_lin (multinomial propagation) plus the
// shift |F − F_lin| the projection made; up to 6 qubits also a parametric
// bootstrap (re-simulate the reconstructed state, reconstruct again, 2× RMS
// deviation), and the larger of the two is reported.

import type { ReadoutError } from '../noise/noise-model.js';
import { DensityMatrix } from '../noise/density-matrix.js';
import type { HermitianEigensolver } from '../linalg/hermitian-eigen.js';
import { createRng, type Rng, type Seed } from '../sim/rng.js';
import { StateVector } from '../sim/state-vector.js';
import { parseCountsJson, type PauliCounts, type SettingCounts } from './counts-format.js';
import { AliasSampler } from './multinomial.js';
import { densityFromPauli, pauliExpectations, pauliExpectationsOfState } from './pauli-basis.js';
import { fidelityToPure, projectToPhysical, type PhysicalState } from './physical-projection.js';
import { identityPowers, walkSettings } from './setting-tree.js';
import { TomographyError } from './tomography-error.js';

/** 3^10 settings × 2^10 outcomes; a 1024×1024 eigenproblem. */
export const MAX_PAULI_TOMOGRAPHY_QUBITS = 10;

export interface ReconstructionOptions {
  /** Ideal pure state (interleaved amplitudes) to report fidelity against. */
  ideal?: Float64Array;
  /** Parametric-bootstrap replicates for the error bar (default 8 up to 6 qubits, else 0: analytic). */
  bootstrap?: number;
  seed?: Seed;
  eigensolver?: HermitianEigensolver;
  clock?: () => number;
}

export interface PauliTomographyOptions extends ReconstructionOptions {
  shots: number;
  /** Classical readout error of each qubit, applied to the simulated outcomes. */
  readout?: (qubit: number) => ReadoutError;
  /** Keep the simulated counts (for counts.json); default true up to 8 qubits. */
  keepCounts?: boolean;
}

export interface TomographyReport {
  numQubits: number;
  method: 'pauli';
  settingsMeasured: number;
  totalShots: number;
  /** Reconstructed physical density matrix, interleaved row-major. */
  rho: Float64Array;
  /** Its non-zero eigenvalues, descending. */
  eigenvalues: Float64Array;
  purity: number;
  /** ⟨ψ|ρ|ψ⟩ of the physical estimate, when an ideal state was given. */
  fidelity?: number;
  /** ⟨ψ|ρ_lin|ψ⟩ of the unprojected estimate (unbiased, may exceed 1). */
  fidelityLinear?: number;
  /** Two standard deviations of `fidelity`'s error. */
  fidelityErrorBar?: number;
  errorBarMethod?: 'parametric-bootstrap' | 'linear-propagation';
  counts?: PauliCounts;
  seconds: { measure: number; reconstruct: number };
}

export type TomographySource = StateVector | DensityMatrix;

export function pauliTomography(source: TomographySource, options: PauliTomographyOptions): TomographyReport {
  const n = source.numQubits;
  checkSize(n);
  const { shots } = options;
  if (!Number.isInteger(shots) || shots < 1) throw new TomographyError(`shots per setting must be a positive integer, got ${shots}`);
  const clock = options.clock ?? (() => performance.now());
  const rng = createRng(options.seed ?? 0);
  const t0 = clock();
  const table = source instanceof StateVector ? pauliExpectationsOfState(source.amplitudes, n) : pauliExpectations(source.data, n);
  if (options.readout) applyReadoutError(table, n, options.readout);
  const keep = options.keepCounts ?? n <= 8;
  const measured = simulateAndEstimate(n, table, shots, rng, keep, options.ideal);
  const t1 = clock();
  const report = finish(n, measured, shots, rng, options);
  report.seconds = { measure: (t1 - t0) / 1000, reconstruct: (clock() - t1) / 1000 };
  return report;
}

/** Reconstruction from measured counts (a parsed counts.json). */
export function reconstructFromCounts(countsJson: unknown, options: ReconstructionOptions = {}): TomographyReport {
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const counts = parseCountsJson(countsJson, MAX_PAULI_TOMOGRAPHY_QUBITS);
  const n = counts.numQubits;
  if (options.ideal && options.ideal.length !== 2 * 2 ** n) throw new TomographyError(`the ideal state must have ${2 ** n} amplitudes`);
  const measured = estimateFromCounts(counts, options.ideal);
  const totals = counts.settings.filter((s): s is SettingCounts => !!s).map(total);
  const meanShots = Math.max(1, Math.round(totals.reduce((a, b) => a + b, 0) / totals.length));
  const report = finish(n, measured, meanShots, createRng(options.seed ?? 0), options);
  report.counts = counts;
  report.seconds = { measure: 0, reconstruct: (clock() - t0) / 1000 };
  return report;
}

interface Estimate {
  expectations: Float64Array;
  settingsMeasured: number;
  totalShots: number;
  fidelityLinear?: number;
  fidelityLinearVariance?: number;
  counts?: PauliCounts;
}

function finish(n: number, m: Estimate, shots: number, rng: Rng, options: ReconstructionOptions): TomographyReport {
  const dim = 2 ** n;
  const physical = projectToPhysical(densityFromPauli(m.expectations, n), dim, options.eigensolver);
  const report: TomographyReport = {
    numQubits: n,
    method: 'pauli',
    settingsMeasured: m.settingsMeasured,
    totalShots: m.totalShots,
    rho: physical.rho,
    eigenvalues: physical.eigenvalues,
    purity: physical.purity,
    counts: m.counts,
    seconds: { measure: 0, reconstruct: 0 },
  };
  if (options.ideal) {
    report.fidelity = fidelityToPure(physical, options.ideal);
    report.fidelityLinear = m.fidelityLinear;
    // F_lin is unbiased with a known variance; the projection moves the
    // estimate by a known amount on top of that.
    const analytic = 2 * Math.sqrt(m.fidelityLinearVariance ?? 0) + Math.abs(report.fidelity - (m.fidelityLinear ?? report.fidelity));
    const replicates = options.bootstrap ?? (n <= 6 ? 8 : 0);
    if (replicates > 0) {
      const bootstrap = 2 * bootstrapFidelityError(n, physical, options.ideal, shots, replicates, rng, options.eigensolver);
      report.fidelityErrorBar = Math.max(bootstrap, analytic);
      report.errorBarMethod = 'parametric-bootstrap';
    } else {
      report.fidelityErrorBar = analytic;
      report.errorBarMethod = 'linear-propagation';
    }
  }
  return report;
}

/** RMS deviation of re-reconstructed fidelities from the fidelity of the state they were simulated from. */
function bootstrapFidelityError(
  n: number, physical: PhysicalState, ideal: Float64Array, shots: number, replicates: number, rng: Rng, eigensolver?: HermitianEigensolver,
): number {
  const reference = fidelityToPure(physical, ideal);
  const table = pauliExpectations(physical.rho, n);
  let sq = 0;
  for (let b = 0; b < replicates; b++) {
    const est = simulateAndEstimate(n, table, shots, rng, false);
    const again = projectToPhysical(densityFromPauli(est.expectations, n), 2 ** n, eigensolver);
    sq += (fidelityToPure(again, ideal) - reference) ** 2;
  }
  return Math.sqrt(sq / replicates);
}

function simulateAndEstimate(n: number, table: Float64Array, shots: number, rng: Rng, keepCounts: boolean, ideal?: Float64Array): Estimate {
  const dim = 2 ** n;
  const sampler = new AliasSampler(dim);
  const hits = new Float64Array(dim);
  const kept: (SettingCounts | undefined)[] | undefined = keepCounts ? new Array(3 ** n).fill(undefined) : undefined;
  const weights = ideal ? linearFidelityWeights(pauliExpectationsOfState(ideal, n), identityPowers(n)) : undefined;
  const acc = { sum: 0, variance: 0 };
  const fold = walkSettings(n, weights ? [table, weights] : [table], (setting, dists, out) => {
    hits.fill(0);
    sampler.draw(dists[0], shots, rng, hits);
    if (kept) kept[setting] = sparse(hits);
    for (let o = 0; o < dim; o++) out[o] = hits[o] / shots;
    if (weights) accumulateLinearFidelity(out, dists[1], shots, acc);
    return true;
  }, true);
  return {
    expectations: divide(fold.sums, fold.settings),
    settingsMeasured: 3 ** n,
    totalShots: 3 ** n * shots,
    fidelityLinear: weights ? acc.sum : undefined,
    fidelityLinearVariance: weights ? acc.variance : undefined,
    counts: kept ? { numQubits: n, settings: kept } : undefined,
  };
}

function estimateFromCounts(counts: PauliCounts, ideal?: Float64Array): Estimate {
  const n = counts.numQubits;
  const fillFrequencies = (setting: number, out: Float64Array): number => {
    const sc = counts.settings[setting];
    if (!sc) return 0;
    const t = total(sc);
    for (let i = 0; i < sc.outcomes.length; i++) out[sc.outcomes[i]] = sc.counts[i] / t;
    return t;
  };
  const fold = walkSettings(n, [], (setting, _d, out) => fillFrequencies(setting, out) > 0);
  const present = counts.settings.filter((s): s is SettingCounts => !!s);
  const estimate: Estimate = {
    expectations: divide(fold.sums, fold.settings),
    settingsMeasured: present.length,
    totalShots: present.reduce((a, s) => a + total(s), 0),
  };
  if (ideal) {
    const weights = linearFidelityWeights(pauliExpectationsOfState(ideal, n), fold.settings);
    const acc = { sum: 0, variance: 0 };
    walkSettings(n, [weights], (setting, dists, out) => {
      const t = fillFrequencies(setting, out);
      if (t > 0) accumulateLinearFidelity(out, dists[0], t, acc);
      return t > 0;
    });
    estimate.fidelityLinear = acc.sum;
    estimate.fidelityLinearVariance = acc.variance;
  }
  return estimate;
}

/**
 * G[P] = ⟨P⟩_ideal / (settings measuring P): walked down the setting tree it
 * gives each outcome's weight w_s(o) in F_lin = Σ_s Σ_o f_s(o) w_s(o).
 */
function linearFidelityWeights(idealTable: Float64Array, settings: Float64Array): Float64Array {
  return idealTable.map((v, p) => (settings[p] > 0 ? v / settings[p] : 0));
}

/** Adds the setting's share of F_lin and its multinomial variance. */
function accumulateLinearFidelity(freq: Float64Array, w: Float64Array, shots: number, acc: { sum: number; variance: number }): void {
  let m1 = 0, m2 = 0;
  for (let o = 0; o < freq.length; o++) {
    const f = freq[o];
    if (f === 0) continue;
    m1 += f * w[o];
    m2 += f * w[o] * w[o];
  }
  acc.sum += m1;
  acc.variance += Math.max(0, m2 - m1 * m1) / shots;
}

/** ⟨B⟩ → (1 − e01 − e10)⟨B⟩ + (e10 − e01)⟨I⟩ on each qubit: readout flips after the basis change. */
function applyReadoutError(table: Float64Array, n: number, readout: (q: number) => ReadoutError): void {
  for (let k = 0; k < n; k++) {
    const { p1Given0: e01, p0Given1: e10 } = readout(k);
    const scale = 1 - e01 - e10, shift = e10 - e01;
    const stride = 4 ** k;
    for (let p = 0; p < table.length; p++) {
      if (Math.floor(p / stride) % 4 !== 0) continue;
      for (let d = 1; d <= 3; d++) table[p + d * stride] = scale * table[p + d * stride] + shift * table[p];
    }
  }
}

function divide(sums: Float64Array, settings: Float64Array): Float64Array {
  return sums.map((s, i) => (settings[i] > 0 ? s / settings[i] : 0));
}

function sparse(hits: Float64Array): SettingCounts {
  let k = 0;
  for (let i = 0; i < hits.length; i++) if (hits[i] > 0) k++;
  const outcomes = new Int32Array(k), counts = new Float64Array(k);
  for (let i = 0, j = 0; i < hits.length; i++) {
    if (hits[i] > 0) {
      outcomes[j] = i;
      counts[j++] = hits[i];
    }
  }
  return { outcomes, counts };
}

function total(sc: SettingCounts): number {
  let t = 0;
  for (let i = 0; i < sc.counts.length; i++) t += sc.counts[i];
  return t;
}

function checkSize(n: number): void {
  if (n < 1 || n > MAX_PAULI_TOMOGRAPHY_QUBITS) {
    throw new TomographyError(`Pauli tomography supports 1 to ${MAX_PAULI_TOMOGRAPHY_QUBITS} qubits, got ${n}`);
  }
}
