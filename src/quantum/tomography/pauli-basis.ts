// Pauli expansions of n-qubit operators. A Pauli string is indexed by base-4
// digits, digit k (the coefficient of 4^k) naming the factor on qubit k:
// 0 = I, 1 = X, 2 = Y, 3 = Z. Expectations ⟨P⟩ = Tr(P ρ) and the inverse
// ρ = 2^{−n} Σ_P ⟨P⟩ P are computed qubit by qubit on the 2×2 blocks of ρ in
// O(n·4^n), with no 2^n×2^n Pauli matrix ever formed.

export const PAULI_LETTERS = ['I', 'X', 'Y', 'Z'] as const;

/**
 * The expansions tomography runs, pluggable: a native implementation
 * (src/native-linalg.ts) stands in with the same results, bit for bit.
 */
export interface PauliTransforms {
  /** ⟨P⟩ of a density matrix; `rho` is only read. */
  expectations(rho: Float64Array, n: number): Float64Array;
  /** ⟨P⟩ of a pure state. */
  expectationsOfState(psi: Float64Array, n: number): Float64Array;
  /** ρ = 2^{−n} Σ_P ⟨P⟩ P. */
  density(expectations: Float64Array, n: number): Float64Array;
}

/** ⟨P⟩ for all 4^n Pauli strings of a density matrix (interleaved, row-major 2^n×2^n). */
export function pauliExpectations(rho: Float64Array, n: number): Float64Array {
  if (n > 15) throw new RangeError('Pauli tables are limited to 15 qubits');
  const work = Float64Array.from(rho);
  for (let k = 0; k < n; k++) qubitBlocks(work, n, k, true);
  return gatherDigits(work, n);
}

/** ρ = 2^{−n} Σ_P ⟨P⟩ P from all 4^n expectations. */
export function densityFromPauli(expectations: Float64Array, n: number): Float64Array {
  const d = 2 ** n;
  const work = new Float64Array(2 * d * d);
  scatterDigits(expectations, n, work);
  for (let k = 0; k < n; k++) qubitBlocks(work, n, k, false);
  return work;
}

/**
 * Rewrites every 2×2 block of qubit k (entries r·2^n + c whose row and
 * column bit k are 0, and their partners) between matrix entries and the
 * Pauli coefficients of that qubit, in either direction. One loop for both
 * so that each runs as a single monomorphic kernel.
 */
function qubitBlocks(work: Float64Array, n: number, k: number, toPauli: boolean): void {
  const d = 2 ** n, lo = 2 * 2 ** k, row = 2 * d * 2 ** k;
  for (let r0 = 0; r0 < 2 * d * d; r0 += 2 * row) {
    for (let a0 = r0; a0 < r0 + row; a0 += 2 * d) {
      for (let c0 = a0; c0 < a0 + 2 * d; c0 += 2 * lo) {
        for (let a = c0; a < c0 + lo; a += 2) {
          const b = a + lo, c = a + row, e = c + lo;
          const ar = work[a], ai = work[a + 1], br = work[b], bi = work[b + 1];
          const cr = work[c], ci = work[c + 1], er = work[e], ei = work[e + 1];
          if (toPauli) {
            // Tr(Iρ) = ρ00 + ρ11, Tr(Xρ) = ρ01 + ρ10, Tr(Yρ) = i(ρ01 − ρ10), Tr(Zρ) = ρ00 − ρ11
            work[a] = ar + er; work[a + 1] = ai + ei;
            work[b] = br + cr; work[b + 1] = bi + ci;
            work[c] = ci - bi; work[c + 1] = br - cr;
            work[e] = ar - er; work[e + 1] = ai - ei;
          } else {
            // (I, X, Y, Z) → ρ00 = (I+Z)/2, ρ01 = (X − iY)/2, ρ10 = (X + iY)/2, ρ11 = (I−Z)/2
            work[a] = (ar + er) / 2; work[a + 1] = (ai + ei) / 2;
            work[b] = (br + ci) / 2; work[b + 1] = (bi - cr) / 2;
            work[c] = (br - ci) / 2; work[c + 1] = (bi + cr) / 2;
            work[e] = (ar - er) / 2; work[e + 1] = (ai - ei) / 2;
          }
        }
      }
    }
  }
}

/** ⟨P⟩ for all Pauli strings of a pure state. */
export function pauliExpectationsOfState(psi: Float64Array, n: number): Float64Array {
  const d = 2 ** n;
  const rho = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++) {
    const xr = psi[2 * r], xi = psi[2 * r + 1];
    for (let c = 0, o = 2 * r * d; c < d; c++, o += 2) {
      rho[o] = xr * psi[2 * c] + xi * psi[2 * c + 1];
      rho[o + 1] = xi * psi[2 * c] - xr * psi[2 * c + 1];
    }
  }
  return pauliExpectations(rho, n);
}

/** Bit k of x moved to bit 2k: a row (column) index's share of a Pauli index's digits. */
function spreadBits(n: number): Int32Array {
  const t = new Int32Array(2 ** n);
  for (let x = 1; x < t.length; x++) t[x] = (t[x >> 1] << 2) | (x & 1);
  return t;
}

/** Pauli p, digit k = 2·(row bit k) + (column bit k), sits at r·2^n + c: the real parts, in p order. */
function gatherDigits(work: Float64Array, n: number): Float64Array {
  const d = 2 ** n, spread = spreadBits(n);
  const out = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const pr = spread[r] * 2;
    for (let c = 0, o = 2 * r * d; c < d; c++, o += 2) out[pr + spread[c]] = work[o];
  }
  return out;
}

function scatterDigits(values: Float64Array, n: number, work: Float64Array): void {
  const d = 2 ** n, spread = spreadBits(n);
  for (let r = 0; r < d; r++) {
    const pr = spread[r] * 2;
    for (let c = 0, o = 2 * r * d; c < d; c++, o += 2) work[o] = values[pr + spread[c]];
  }
}

/** The letters of Pauli index p, qubit 0 rightmost. */
export function pauliLabel(p: number, n: number): string {
  let s = '';
  for (let k = n - 1; k >= 0; k--) s += PAULI_LETTERS[Math.floor(p / 4 ** k) % 4];
  return s;
}

export const typescriptPauliTransforms: PauliTransforms = {
  expectations: pauliExpectations,
  expectationsOfState: pauliExpectationsOfState,
  density: densityFromPauli,
};
