// Single-qubit channels as 4×4 superoperators S = Σ K ⊗ K̄ acting on the
// vectorised density matrix (column bit as the low bit, row bit as the high
// bit, matching the density-matrix layout), and the fidelity bookkeeping
// that turns a reported gate error into a depolarizing strength.

import { conjugate, kron, matmul, type ComplexMatrix } from '../linalg/complex-matrix.js';

const m = (...v: number[]): ComplexMatrix => Float64Array.from(v);

/** Σ_i K_i ⊗ conj(K_i) with K on the row (high) bit. */
export function superoperator(kraus: ComplexMatrix[]): ComplexMatrix {
  const d = Math.round(Math.sqrt(kraus[0].length / 2));
  const s = new Float64Array(2 * d ** 4);
  for (const k of kraus) {
    const term = kron(k, conjugate(k));
    for (let i = 0; i < s.length; i++) s[i] += term[i];
  }
  return s;
}

/** Unitary conjugation ρ → U ρ U† as a superoperator. */
export function unitarySuperoperator(u: ComplexMatrix): ComplexMatrix {
  return kron(u, conjugate(u));
}

/** Apply `first` then `second`. */
export function composeSuperoperators(first: ComplexMatrix, second: ComplexMatrix): ComplexMatrix {
  return matmul(second, first);
}

/** Amplitude damping followed by pure dephasing so that coherences decay as e^{−t/T2} and |1> as e^{−t/T1}. */
export function thermalRelaxation(t1: number, t2: number, time: number): ComplexMatrix {
  const gamma = 1 - Math.exp(-time / t1);
  const amplitude = superoperator([m(1, 0, 0, 0, 0, 0, Math.sqrt(1 - gamma), 0), m(0, 0, Math.sqrt(gamma), 0, 0, 0, 0, 0)]);
  // What is left of e^{−t/T2} after amplitude damping's e^{−t/2T1}.
  const f = Math.min(1, Math.exp(-time / Math.min(t2, 2 * t1) + time / (2 * t1)));
  const dephasing = superoperator([m(1, 0, 0, 0, 0, 0, f, 0), m(0, 0, 0, 0, 0, 0, Math.sqrt(Math.max(0, 1 - f * f)), 0)]);
  return composeSuperoperators(amplitude, dephasing);
}

/** Process fidelity to the identity, Tr(S)/d². */
export function processFidelity(s: ComplexMatrix): number {
  const D = Math.round(Math.sqrt(s.length / 2));
  let tr = 0;
  for (let i = 0; i < D; i++) tr += s[2 * (i * D + i)];
  return tr / D;
}

export function averageGateFidelity(processFid: number, dim: number): number {
  return (dim * processFid + 1) / (dim + 1);
}

/**
 * Depolarizing strength p (ρ → (1−p)ρ + p·Tr_Q ρ ⊗ I/d) such that, composed
 * with a relaxation channel of the given average fidelity, the gate's average
 * error equals `error` (the rule of Qiskit Aer's device noise model).
 */
export function depolarizingStrength(error: number, dim: number, relaxationFidelity = 1): number {
  const e = Math.min(error, dim / (dim + 1));
  const p = (dim * (e - (1 - relaxationFidelity))) / (dim * relaxationFidelity - 1);
  return Math.max(0, Math.min(p, (dim * dim) / (dim * dim - 1)));
}
