// Classical shadows with random Pauli measurements (Huang, Kueng and
// Preskill, Nature Physics 16, 1050, 2020): each snapshot measures every
// qubit in a uniformly random basis X, Y or Z once. The snapshot estimator
// ρ̂ = ⊗_k (3|s_k><s_k| − I), with |s_k> the observed eigenstate, is unbiased,
// and a few thousand snapshots estimate fidelities and low-weight Pauli
// observables at qubit counts where 3^n settings are out of reach.
// Estimates are medians of K group means; the error bar is twice the
// standard error of the group means.

import type { DensityMatrix } from '../noise/density-matrix.js';
import type { ReadoutError } from '../noise/noise-model.js';
import { apply1, collapse, probabilityOfOne } from '../sim/amplitude-kernels.js';
import { createRng, type Rng, type Seed } from '../sim/rng.js';
import { StateVector } from '../sim/state-vector.js';
import type { PauliCounts, SettingCounts } from './counts-format.js';
import { pauliExpectations } from './pauli-basis.js';
import { TomographyError } from './tomography-error.js';

export interface ShadowData {
  numQubits: number;
  /** Basis of qubit k in snapshot t at t·n + k (0 X, 1 Y, 2 Z). */
  bases: Uint8Array;
  /** Outcome bits of snapshot t (bit k = qubit k). */
  outcomes: Int32Array;
}

export interface ShadowEstimate {
  estimate: number;
  /** Two standard errors of the group means. */
  errorBar: number;
}

export interface ShadowOptions {
  seed?: Seed;
  readout?: (qubit: number) => ReadoutError;
}

const S2 = Math.SQRT1_2;
const H = Float64Array.of(S2, 0, S2, 0, S2, 0, -S2, 0);
// H·S†: maps the Y eigenbasis onto the computational basis.
const HSDG = Float64Array.of(S2, 0, 0, -S2, S2, 0, 0, S2);

export function collectShadows(source: StateVector | DensityMatrix, snapshots: number, options: ShadowOptions = {}): ShadowData {
  if (!Number.isInteger(snapshots) || snapshots < 1) throw new TomographyError(`snapshots must be a positive integer, got ${snapshots}`);
  const n = source.numQubits;
  const rng = createRng(options.seed ?? 0);
  const bases = new Uint8Array(snapshots * n);
  const outcomes = new Int32Array(snapshots);
  for (let i = 0; i < bases.length; i++) bases[i] = rng.nextUint32() % 3;
  const draw = source instanceof StateVector ? pureSampler(source, rng) : mixedSampler(source, rng);
  for (let t = 0; t < snapshots; t++) {
    let o = draw(bases.subarray(t * n, (t + 1) * n));
    if (options.readout) {
      for (let k = 0; k < n; k++) {
        const e = options.readout(k);
        const bit = (o >>> k) & 1;
        if (rng.next() < (bit ? e.p0Given1 : e.p1Given0)) o ^= 1 << k;
      }
    }
    outcomes[t] = o;
  }
  return { numQubits: n, bases, outcomes };
}

/** Rotate a copy of ψ into the snapshot's bases and measure qubit by qubit: O(n·2^n) per snapshot. */
function pureSampler(psi: StateVector, rng: Rng): (bases: Uint8Array) => number {
  const n = psi.numQubits;
  const work = new Float64Array(psi.amplitudes.length);
  return (bases) => {
    work.set(psi.amplitudes);
    for (let k = 0; k < n; k++) if (bases[k] !== 2) apply1(work, n, k, bases[k] === 0 ? H : HSDG);
    let o = 0;
    for (let k = 0; k < n; k++) {
      const p1 = probabilityOfOne(work, k);
      const bit = rng.next() < p1 ? 1 : 0;
      collapse(work, k, bit, bit ? p1 : 1 - p1);
      o |= bit << k;
    }
    return o;
  };
}

/**
 * From the Pauli table of ρ, sample qubit by qubit: the marginal of the first
 * j outcomes is 2^{−j} Σ_{T ⊆ {0..j−1}} (−1)^{o·T} ⟨P_T⟩, kept as the running
 * list of (Pauli index, sign) over subsets T: O(2^n) per snapshot.
 */
function mixedSampler(rho: DensityMatrix, rng: Rng): (bases: Uint8Array) => number {
  const n = rho.numQubits;
  const table = pauliExpectations(rho.data, n);
  const idx = new Int32Array(2 ** n);
  const sign = new Float64Array(2 ** n);
  return (bases) => {
    idx[0] = 0;
    sign[0] = 1;
    let size = 1, o = 0;
    for (let k = 0; k < n; k++) {
      const shift = (bases[k] + 1) * 4 ** k;
      let s0 = 0, s1 = 0;
      for (let i = 0; i < size; i++) {
        s0 += sign[i] * table[idx[i]];
        s1 += sign[i] * table[idx[i] + shift];
      }
      const p0 = s0 > 0 ? Math.min(1, Math.max(0, (s0 + s1) / (2 * s0))) : 0.5;
      const bit = rng.next() < p0 ? 0 : 1;
      const flip = bit ? -1 : 1;
      for (let i = 0; i < size; i++) {
        idx[size + i] = idx[i] + shift;
        sign[size + i] = sign[i] * flip;
      }
      size *= 2;
      o |= bit << k;
    }
    return o;
  };
}

/** ⟨P⟩ for a Pauli string such as "XIZ" (last character = qubit 0). */
export function shadowPauliExpectation(data: ShadowData, pauli: string, groups = 10): ShadowEstimate {
  const n = data.numQubits;
  if (pauli.length !== n || !/^[IXYZ]+$/.test(pauli)) throw new TomographyError(`"${pauli}" is not a ${n}-qubit Pauli string`);
  const letters = Array.from({ length: n }, (_, k) => 'IXYZ'.indexOf(pauli[n - 1 - k]) - 1);
  return medianOfMeans(data.outcomes.length, groups, (t) => {
    let v = 1;
    for (let k = 0; k < n; k++) {
      if (letters[k] < 0) continue;
      if (data.bases[t * n + k] !== letters[k]) return 0;
      v *= (data.outcomes[t] >>> k) & 1 ? -3 : 3;
    }
    return v;
  });
}

/** ⟨ψ|ρ|ψ⟩ for a pure target state. */
export function shadowFidelity(data: ShadowData, psi: Float64Array, groups = 10): ShadowEstimate {
  const n = data.numQubits;
  if (psi.length !== 2 * 2 ** n) throw new TomographyError(`target state must have ${2 ** n} amplitudes`);
  const work = new Float64Array(psi.length);
  return medianOfMeans(data.outcomes.length, groups, (t) => {
    work.set(psi);
    for (let k = 0; k < n; k++) apply1(work, n, k, snapshotFactor(data.bases[t * n + k], (data.outcomes[t] >>> k) & 1));
    let re = 0;
    for (let i = 0; i < psi.length; i += 2) re += psi[i] * work[i] + psi[i + 1] * work[i + 1];
    return re;
  });
}

/** The same data in counts.json form (one count per snapshot, grouped by setting). */
export function shadowsToCounts(data: ShadowData): PauliCounts {
  const n = data.numQubits;
  const per = new Map<number, Map<number, number>>();
  for (let t = 0; t < data.outcomes.length; t++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += data.bases[t * n + k] * 3 ** k;
    const row = per.get(s) ?? new Map<number, number>();
    row.set(data.outcomes[t], (row.get(data.outcomes[t]) ?? 0) + 1);
    per.set(s, row);
  }
  const settings: (SettingCounts | undefined)[] = new Array(3 ** n).fill(undefined);
  for (const [s, row] of per) {
    const outcomes = Int32Array.from(row.keys());
    settings[s] = { outcomes, counts: Float64Array.from(outcomes, (o) => row.get(o)!) };
  }
  return { numQubits: n, settings };
}

/** 3|s><s| − I for outcome `bit` of basis b (0 X, 1 Y, 2 Z). */
function snapshotFactor(b: number, bit: number): Float64Array {
  const sgn = bit ? -1 : 1;
  if (b === 2) return bit ? Float64Array.of(-1, 0, 0, 0, 0, 0, 2, 0) : Float64Array.of(2, 0, 0, 0, 0, 0, -1, 0);
  if (b === 0) return Float64Array.of(0.5, 0, 1.5 * sgn, 0, 1.5 * sgn, 0, 0.5, 0);
  return Float64Array.of(0.5, 0, 0, -1.5 * sgn, 0, 1.5 * sgn, 0.5, 0);
}

function medianOfMeans(count: number, groups: number, value: (t: number) => number): ShadowEstimate {
  const k = Math.max(1, Math.min(groups, count));
  const means: number[] = [];
  for (let g = 0; g < k; g++) {
    const from = Math.floor((g * count) / k), to = Math.floor(((g + 1) * count) / k);
    let s = 0;
    for (let t = from; t < to; t++) s += value(t);
    means.push(s / Math.max(1, to - from));
  }
  const sorted = [...means].sort((a, b) => a - b);
  const median = k % 2 ? sorted[(k - 1) / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
  const mean = means.reduce((a, b) => a + b, 0) / k;
  const sd = k > 1 ? Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1)) : 0;
  return { estimate: median, errorBar: (2 * sd) / Math.sqrt(k) };
}
