// Full Pauli-basis state tomography: measure in all 3^n product bases,
// estimate every Pauli expectation by averaging its parity over the settings
// compatible with it (linear inversion), rebuild ρ = 2^{−n} Σ ⟨P⟩ P and
// project it onto the physical density matrices.
//
// Simulation never rotates the state per setting: the state's Pauli table is
// turned into each setting's outcome distribution by the setting tree, shots
// are drawn there, and the counts are folded straight back into Pauli
// estimates on the way up — O(6^n) plus the shots. That step is a pluggable
// SettingsKernel (settings-kernel.ts), so a native one can run it.
//
// Error bar of the fidelity (≈95%): two analytic standard deviations of the
// unbiased linear-inversion fidelity F_lin (multinomial propagation) plus the
// shift |F − F_lin| the projection made; up to 6 qubits also a parametric
// bootstrap (re-simulate the reconstructed state, reconstruct again, 2× RMS
// deviation), and the larger of the two is reported.

import type { ReadoutError } from '../noise/noise-model.js';
import { DensityMatrix } from '../noise/density-matrix.js';
import { hermitianEigen, type HermitianEigensolver } from '../linalg/hermitian-eigen.js';
import { createRng, type Rng, type Seed } from '../sim/rng.js';
import { StateVector } from '../sim/state-vector.js';
import { parseCountsJson, type PauliCounts, type SettingCounts } from './counts-format.js';
import { typescriptPauliTransforms, type PauliTransforms } from './pauli-basis.js';
import { fidelityToPure, projectToPhysical, type PhysicalState } from './physical-projection.js';
import { foldOutcomes, identityPowers, walkSettings } from './setting-tree.js';
import { typescriptSettingsKernel, type SettingsKernel } from './settings-kernel.js';
import { StageTimer } from './stage-timer.js';
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
  /** The Pauli expansions (default: TypeScript); native ones give the same results. */
  pauliTransforms?: PauliTransforms;
  /**
   * Draws simulated shots and folds them, for pauliTomography's measurement
   * and the parametric bootstrap (default: the TypeScript reference). A run is
   * the same for a seed whichever kernel does it.
   */
  settingsKernel?: SettingsKernel;
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
  /** Wall time: measure (simulation) and reconstruct, and per stage of either. */
  seconds: { measure: number; reconstruct: number; stages: Record<string, number> };
}

export type TomographySource = StateVector | DensityMatrix;

export function pauliTomography(source: TomographySource, options: PauliTomographyOptions): TomographyReport {
  const n = source.numQubits;
  checkSize(n);
  const { shots } = options;
  if (!Number.isInteger(shots) || shots < 1) throw new TomographyError(`shots per setting must be a positive integer, got ${shots}`);
  const clock = options.clock ?? (() => performance.now());
  const rng = createRng(options.seed ?? 0);
  const timer = new StageTimer(clock);
  const t0 = clock();
  const { ideal } = options;
  if (ideal && ideal.length !== 2 * 2 ** n) throw new TomographyError(`the ideal state must have ${2 ** n} amplitudes`);
  const kernels = kernelsOf(options);
  const table = source instanceof StateVector ? kernels.pauli.expectationsOfState(source.amplitudes, n) : kernels.pauli.expectations(source.data, n);
  timer.lap('state Pauli table');
  const idealTable = ideal && idealPauliTable(ideal, source, table, n, kernels.pauli);
  if (options.readout) applyReadoutError(table, n, options.readout);
  timer.lap('ideal Pauli table');
  const keep = options.keepCounts ?? n <= 8;
  const measured = simulateAndEstimate(kernels.settings, n, table, shots, rng.nextUint32(), keep, idealTable);
  timer.lap('settings: shots and fold');
  const t1 = clock();
  const report = finish(n, measured, shots, rng, options, timer, kernels);
  report.seconds = { measure: (t1 - t0) / 1000, reconstruct: (clock() - t1) / 1000, stages: timer.stages };
  return report;
}

/** Reconstruction from measured counts (a parsed counts.json). */
export function reconstructFromCounts(countsJson: unknown, options: ReconstructionOptions = {}): TomographyReport {
  const clock = options.clock ?? (() => performance.now());
  const timer = new StageTimer(clock);
  const t0 = clock();
  const counts = parseCountsJson(countsJson, MAX_PAULI_TOMOGRAPHY_QUBITS);
  const n = counts.numQubits;
  if (options.ideal && options.ideal.length !== 2 * 2 ** n) throw new TomographyError(`the ideal state must have ${2 ** n} amplitudes`);
  const kernels = kernelsOf(options);
  const measured = estimateFromCounts(counts, kernels.pauli, options.ideal);
  const totals = counts.settings.filter((s): s is SettingCounts => !!s).map(total);
  const meanShots = Math.max(1, Math.round(totals.reduce((a, b) => a + b, 0) / totals.length));
  timer.lap('counts: fold');
  const report = finish(n, measured, meanShots, createRng(options.seed ?? 0), options, timer, kernels);
  report.counts = counts;
  report.seconds = { measure: 0, reconstruct: (clock() - t0) / 1000, stages: timer.stages };
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

/** The pluggable steps of a run, defaults filled in. */
interface Kernels {
  settings: SettingsKernel;
  pauli: PauliTransforms;
  eigensolver: HermitianEigensolver;
}

function kernelsOf(options: ReconstructionOptions): Kernels {
  return {
    settings: options.settingsKernel ?? typescriptSettingsKernel,
    pauli: options.pauliTransforms ?? typescriptPauliTransforms,
    eigensolver: options.eigensolver ?? hermitianEigen,
  };
}

function finish(
  n: number, m: Estimate, shots: number, rng: Rng, options: ReconstructionOptions, timer: StageTimer, kernels: Kernels,
): TomographyReport {
  const dim = 2 ** n;
  const linear = kernels.pauli.density(m.expectations, n);
  timer.lap('linear inversion');
  const physical = projectToPhysical(linear, dim, timer.eigensolver(kernels.eigensolver));
  timer.lap('projection');
  const report: TomographyReport = {
    numQubits: n,
    method: 'pauli',
    settingsMeasured: m.settingsMeasured,
    totalShots: m.totalShots,
    rho: physical.rho,
    eigenvalues: physical.eigenvalues,
    purity: physical.purity,
    counts: m.counts,
    seconds: { measure: 0, reconstruct: 0, stages: {} },
  };
  if (options.ideal) {
    report.fidelity = fidelityToPure(physical, options.ideal);
    report.fidelityLinear = m.fidelityLinear;
    timer.lap('fidelity');
    // F_lin is unbiased with a known variance; the projection moves the
    // estimate by a known amount on top of that.
    const analytic = 2 * Math.sqrt(m.fidelityLinearVariance ?? 0) + Math.abs(report.fidelity - (m.fidelityLinear ?? report.fidelity));
    const replicates = options.bootstrap ?? (n <= 6 ? 8 : 0);
    if (replicates > 0) {
      const bootstrap = 2 * bootstrapFidelityError(n, physical, options.ideal, shots, replicates, rng, kernels);
      report.fidelityErrorBar = Math.max(bootstrap, analytic);
      report.errorBarMethod = 'parametric-bootstrap';
    } else {
      report.fidelityErrorBar = analytic;
      report.errorBarMethod = 'linear-propagation';
    }
    timer.lap('error bar');
  }
  return report;
}

/** RMS deviation of re-reconstructed fidelities from the fidelity of the state they were simulated from. */
function bootstrapFidelityError(
  n: number, physical: PhysicalState, ideal: Float64Array, shots: number, replicates: number, rng: Rng, kernels: Kernels,
): number {
  const reference = fidelityToPure(physical, ideal);
  const table = kernels.pauli.expectations(physical.rho, n);
  let sq = 0;
  for (let b = 0; b < replicates; b++) {
    const est = simulateAndEstimate(kernels.settings, n, table, shots, rng.nextUint32(), false);
    const again = projectToPhysical(kernels.pauli.density(est.expectations, n), 2 ** n, kernels.eigensolver);
    sq += (fidelityToPure(again, ideal) - reference) ** 2;
  }
  return Math.sqrt(sq / replicates);
}

/**
 * The kernel's run turned into estimates. `idealTable`: Pauli table of the
 * state whose F_lin (and its variance) to accumulate, setting by setting.
 */
function simulateAndEstimate(
  kernel: SettingsKernel, n: number, table: Float64Array, shots: number, streamBase: number, keepCounts: boolean, idealTable?: Float64Array,
): Estimate {
  const settings = identityPowers(n); // every setting is measured: 3^{#I} of them see each Pauli string
  const weights = idealTable && linearFidelityWeights(idealTable, settings);
  const out = kernel({ numQubits: n, shots, streamBase, table, weights, keepCounts });
  const estimate: Estimate = {
    expectations: divide(out.sums, settings, shots),
    settingsMeasured: 3 ** n,
    totalShots: 3 ** n * shots,
    counts: out.counts ? { numQubits: n, settings: out.counts } : undefined,
  };
  if (weights && out.moments) {
    const acc = { sum: 0, variance: 0 };
    for (let s = 0; s < out.moments.length; s += 2) addLinearFidelity(out.moments[s] / shots, out.moments[s + 1] / shots, shots, acc);
    estimate.fidelityLinear = acc.sum;
    estimate.fidelityLinearVariance = acc.variance;
  }
  return estimate;
}

/** The ideal state's Pauli table: a copy of the source's when they are the same pure state. */
function idealPauliTable(ideal: Float64Array, source: TomographySource, sourceTable: Float64Array, n: number, pauli: PauliTransforms): Float64Array {
  const same = source instanceof StateVector && source.amplitudes.every((v, i) => v === ideal[i]);
  return same ? Float64Array.from(sourceTable) : pauli.expectationsOfState(ideal, n);
}

function estimateFromCounts(counts: PauliCounts, pauli: PauliTransforms, ideal?: Float64Array): Estimate {
  const n = counts.numQubits;
  const half = 2 ** (n - 1), perBasis = 3 ** (n - 1);
  const freq = new Float64Array(2 * half);
  /** The setting's frequencies into freq; its number of shots (0: not measured). */
  const frequencies = (setting: number): number => {
    freq.fill(0);
    const sc = counts.settings[setting];
    if (!sc) return 0;
    const t = total(sc);
    for (let i = 0; i < sc.outcomes.length; i++) freq[sc.outcomes[i]] = sc.counts[i] / t;
    return t;
  };
  const fold = walkSettings(n, [], (first, _t, up) => {
    let measured = 0;
    for (let b = 0; b < 3; b++) {
      if (frequencies(first + b * perBasis) === 0) continue;
      foldOutcomes(freq, up, b);
      measured |= 1 << b;
    }
    return measured;
  });
  const present = counts.settings.filter((s): s is SettingCounts => !!s);
  const estimate: Estimate = {
    expectations: divide(fold.sums, fold.settings, 1),
    settingsMeasured: present.length,
    totalShots: present.reduce((a, s) => a + total(s), 0),
  };
  if (ideal) {
    const weights = linearFidelityWeights(pauli.expectationsOfState(ideal, n), fold.settings);
    const acc = { sum: 0, variance: 0 };
    const wScale = 2 ** -n;
    walkSettings(n, [weights], (first, [w], _up) => {
      let measured = 0;
      for (let b = 0; b < 3; b++) {
        const t = frequencies(first + b * perBasis);
        if (t === 0) continue;
        const ob = (b + 1) * half;
        let m1 = 0, m2 = 0;
        for (let o = 0; o < 2 * half; o++) {
          const f = freq[o];
          if (f === 0) continue;
          const rest = o & (half - 1);
          const x = (w[rest] + (o < half ? w[ob + rest] : -w[ob + rest])) * wScale;
          m1 += f * x;
          m2 += f * x * x;
        }
        addLinearFidelity(m1, m2, t, acc);
        measured |= 1 << b;
      }
      return measured;
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
  const out = new Float64Array(idealTable.length);
  for (let p = 0; p < out.length; p++) out[p] = settings[p] > 0 ? idealTable[p] / settings[p] : 0;
  return out;
}

/** Adds a setting's share of F_lin (m1 = E_f[w]) and its multinomial variance (m2 = E_f[w²]). */
function addLinearFidelity(m1: number, m2: number, shots: number, acc: { sum: number; variance: number }): void {
  acc.sum += m1;
  acc.variance += Math.max(0, m2 - m1 * m1) / shots;
}

/** ⟨B⟩ → (1 − e01 − e10)⟨B⟩ + (e10 − e01)⟨I⟩ on each qubit: readout flips after the basis change. */
function applyReadoutError(table: Float64Array, n: number, readout: (q: number) => ReadoutError): void {
  for (let k = 0; k < n; k++) {
    const { p1Given0: e01, p0Given1: e10 } = readout(k);
    const scale = 1 - e01 - e10, shift = e10 - e01;
    const stride = 4 ** k;
    for (let block = 0; block < table.length; block += 4 * stride) {
      for (let p = block; p < block + stride; p++) { // digit k of p is I
        for (let d = 1; d <= 3; d++) table[p + d * stride] = scale * table[p + d * stride] + shift * table[p];
      }
    }
  }
}

/** Mean parity per Pauli: folded sums over (compatible settings × shots per setting). */
function divide(sums: Float64Array, settings: Float64Array, shots: number): Float64Array {
  const out = new Float64Array(sums.length);
  for (let i = 0; i < sums.length; i++) out[i] = settings[i] > 0 ? sums[i] / (settings[i] * shots) : 0;
  return out;
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
