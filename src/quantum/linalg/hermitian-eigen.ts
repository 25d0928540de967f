// Eigen-decomposition of a complex Hermitian matrix in two stages, so that a
// caller can look at the spectrum before paying for eigenvectors: the values
// cost one tridiagonal reduction, each vector then O(n²).

import { applyQ, householderTridiagonal, type Tridiagonal } from './householder-tridiagonal.js';
import { LinalgError } from './linalg-error.js';
import { tridiagonalEigenvalues, tridiagonalEigenvectors } from './tridiagonal-eigen.js';

export interface HermitianEigensystem {
  readonly n: number;
  /** All eigenvalues, ascending. */
  readonly values: Float64Array;
  /**
   * Unit eigenvectors of the `count` largest eigenvalues, largest first:
   * vector j is interleaved (re, im) at offset 2n·j of the result.
   */
  topVectors(count: number): Float64Array;
  /**
   * Optional: Σ_j w_j v_j v_jᴴ for vectors laid out as topVectors returns
   * them and weights w_j ≥ 0, interleaved row-major with its upper triangle
   * the exact conjugate of the lower. A native solver computes it on its BLAS;
   * without it, callers sum in TypeScript.
   */
  weightedOuterSum?(vectors: Float64Array, weights: Float64Array): Float64Array;
}

/** Pluggable so that a native LAPACK kernel can stand in for the TypeScript one. */
export type HermitianEigensolver = (a: Float64Array, n: number) => HermitianEigensystem;

/** `a`: interleaved (re, im) row-major n×n Hermitian matrix; only its lower triangle is read. */
export const hermitianEigen: HermitianEigensolver = (a, n) => {
  if (!Number.isInteger(n) || n < 1 || a.length !== 2 * n * n) {
    throw new LinalgError(`expected a ${n}×${n} complex matrix, got ${a.length / 2} entries`);
  }
  const t = householderTridiagonal(a, n);
  const values = tridiagonalEigenvalues(t.d, t.e);
  return { n, values, topVectors: (count) => topVectors(t, values, count) };
};

function topVectors(t: Tridiagonal, values: Float64Array, count: number): Float64Array {
  const n = t.n;
  const k = Math.max(0, Math.min(n, Math.floor(count)));
  const wanted = values.subarray(n - k);
  const real = tridiagonalEigenvectors(t.d, t.e, wanted);
  const out = new Float64Array(2 * n * k);
  const z = new Float64Array(2 * n);
  for (let j = 0; j < k; j++) {
    const y = real[k - 1 - j];
    z.fill(0);
    for (let i = 0; i < n; i++) z[2 * i] = y[i];
    applyQ(t, z);
    out.set(z, 2 * n * j);
  }
  return out;
}

/** Eigenvalues only (ascending). */
export function hermitianEigenvalues(a: Float64Array, n: number): Float64Array {
  return hermitianEigen(a, n).values;
}
