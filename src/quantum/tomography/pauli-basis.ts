// Pauli expansions of n-qubit operators. A Pauli string is indexed by base-4
// digits, digit k (the coefficient of 4^k) naming the factor on qubit k:
// 0 = I, 1 = X, 2 = Y, 3 = Z. Expectations ⟨P⟩ = Tr(P ρ) and the inverse
// ρ = 2^{−n} Σ_P ⟨P⟩ P are computed qubit by qubit on the 2×2 blocks of ρ in
// O(n·4^n), with no 2^n×2^n Pauli matrix ever formed.

export const PAULI_LETTERS = ['I', 'X', 'Y', 'Z'] as const;

/** ⟨P⟩ for all 4^n Pauli strings of a density matrix (interleaved, row-major 2^n×2^n). */
export function pauliExpectations(rho: Float64Array, n: number): Float64Array {
  if (n > 15) throw new RangeError('Pauli tables are limited to 15 qubits');
  const d = 2 ** n;
  const work = Float64Array.from(rho);
  for (let k = 0; k < n; k++) {
    const lo = 1 << k, hi = d * lo; // column bit k and row bit k in the r·d + c index
    for (let i = 0; i < d * d; i++) {
      if (i & lo || i & hi) continue;
      const a = 2 * i, b = 2 * (i | lo), c = 2 * (i | hi), e = 2 * (i | hi | lo);
      const ar = work[a], ai = work[a + 1], br = work[b], bi = work[b + 1];
      const cr = work[c], ci = work[c + 1], er = work[e], ei = work[e + 1];
      // Tr(Iρ) = ρ00 + ρ11, Tr(Xρ) = ρ01 + ρ10, Tr(Yρ) = i(ρ01 − ρ10), Tr(Zρ) = ρ00 − ρ11
      work[a] = ar + er; work[a + 1] = ai + ei;
      work[b] = br + cr; work[b + 1] = bi + ci;
      work[c] = -(bi - ci); work[c + 1] = br - cr;
      work[e] = ar - er; work[e + 1] = ai - ei;
    }
  }
  return gatherDigits(work, n);
}

/** ρ = 2^{−n} Σ_P ⟨P⟩ P from all 4^n expectations. */
export function densityFromPauli(expectations: Float64Array, n: number): Float64Array {
  const d = 2 ** n;
  const work = new Float64Array(2 * d * d);
  scatterDigits(expectations, n, work);
  for (let k = 0; k < n; k++) {
    const lo = 1 << k, hi = d * lo;
    for (let i = 0; i < d * d; i++) {
      if (i & lo || i & hi) continue;
      const a = 2 * i, b = 2 * (i | lo), c = 2 * (i | hi), e = 2 * (i | hi | lo);
      const Ir = work[a], Ii = work[a + 1], Xr = work[b], Xi = work[b + 1];
      const Yr = work[c], Yi = work[c + 1], Zr = work[e], Zi = work[e + 1];
      // ρ00 = (I+Z)/2, ρ11 = (I−Z)/2, ρ01 = (X − iY)/2, ρ10 = (X + iY)/2
      work[a] = (Ir + Zr) / 2; work[a + 1] = (Ii + Zi) / 2;
      work[e] = (Ir - Zr) / 2; work[e + 1] = (Ii - Zi) / 2;
      work[b] = (Xr + Yi) / 2; work[b + 1] = (Xi - Yr) / 2;
      work[c] = (Xr - Yi) / 2; work[c + 1] = (Xi + Yr) / 2;
    }
  }
  return work;
}

/** ⟨P⟩ for all Pauli strings of a pure state. */
export function pauliExpectationsOfState(psi: Float64Array, n: number): Float64Array {
  const d = 2 ** n;
  const rho = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++) {
    const xr = psi[2 * r], xi = psi[2 * r + 1];
    for (let c = 0; c < d; c++) {
      rho[2 * (r * d + c)] = xr * psi[2 * c] + xi * psi[2 * c + 1];
      rho[2 * (r * d + c) + 1] = xi * psi[2 * c] - xr * psi[2 * c + 1];
    }
  }
  return pauliExpectations(rho, n);
}

/** Position in the r·2^n + c layout of the Pauli with base-4 index p: digit k = 2·(row bit k) + (column bit k). */
function layoutIndex(p: number, n: number): number {
  let r = 0, c = 0;
  for (let k = 0; k < n; k++) {
    const digit = (p >>> (2 * k)) & 3;
    r |= (digit >>> 1) << k;
    c |= (digit & 1) << k;
  }
  return r * 2 ** n + c;
}

function gatherDigits(work: Float64Array, n: number): Float64Array {
  const out = new Float64Array(4 ** n);
  for (let p = 0; p < out.length; p++) out[p] = work[2 * layoutIndex(p, n)];
  return out;
}

function scatterDigits(values: Float64Array, n: number, work: Float64Array): void {
  for (let p = 0; p < values.length; p++) work[2 * layoutIndex(p, n)] = values[p];
}

/** The letters of Pauli index p, qubit 0 rightmost. */
export function pauliLabel(p: number, n: number): string {
  let s = '';
  for (let k = n - 1; k >= 0; k--) s += PAULI_LETTERS[Math.floor(p / 4 ** k) % 4];
  return s;
}
