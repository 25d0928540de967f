// The nearest density matrix to a linear-inversion estimate (Smolin, Gambetta
// and Smith, PRL 108, 070502, 2012): keep the eigenvectors, and replace the
// eigenvalues μ by their Euclidean projection onto the probability simplex,
// λ_i = max(μ_i − θ, 0) with Σλ = 1. This is the same as SGS's walk from the
// most negative eigenvalue upwards. Because the kept set is a prefix of the
// sorted spectrum, only the eigenvectors of the kept eigenvalues are computed.

import { hermitianEigen, type HermitianEigensolver } from '../linalg/hermitian-eigen.js';

export interface PhysicalState {
  /** Interleaved row-major d×d density matrix. */
  rho: Float64Array;
  dim: number;
  /** Non-zero eigenvalues after projection, descending. */
  eigenvalues: Float64Array;
  /** Their eigenvectors, interleaved, vector j at offset 2·dim·j. */
  eigenvectors: Float64Array;
  purity: number;
}

export function projectToPhysical(estimate: Float64Array, dim: number, eigensolver: HermitianEigensolver = hermitianEigen): PhysicalState {
  const eig = eigensolver(estimate, dim);
  const mu = Float64Array.from(eig.values).reverse();
  const lambda = simplexProjection(mu, 1);
  let kept = 0;
  while (kept < dim && lambda[kept] > 0) kept++;
  const vectors = eig.topVectors(kept);
  const values = lambda.slice(0, kept);
  const rho = eig.weightedOuterSum ? eig.weightedOuterSum(vectors, values) : fromEigenpairs(vectors, values, dim);
  let purity = 0;
  for (const v of values) purity += v * v;
  return { rho, dim, eigenvalues: values, eigenvectors: vectors, purity };
}

/**
 * ρ = Σ_j w_j v_j v_jᴴ (w_j > 0) as ρ_rc = Σ_j a_rj conj(a_cj) with a_rj =
 * √w_j v_j[r]: rows of a are contiguous, and only the lower triangle is
 * summed, the upper one is its conjugate.
 */
function fromEigenpairs(vectors: Float64Array, w: Float64Array, d: number): Float64Array {
  const k = w.length;
  const a = new Float64Array(2 * d * k);
  for (let j = 0; j < k; j++) {
    const s = Math.sqrt(w[j]);
    for (let r = 0; r < d; r++) {
      a[2 * (r * k + j)] = s * vectors[2 * (j * d + r)];
      a[2 * (r * k + j) + 1] = s * vectors[2 * (j * d + r) + 1];
    }
  }
  const rho = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++) {
    const ar = 2 * r * k;
    for (let c = 0; c <= r; c++) {
      const ac = 2 * c * k;
      let re = 0, im = 0;
      for (let t = 0; t < 2 * k; t += 2) {
        const xr = a[ar + t], xi = a[ar + t + 1], yr = a[ac + t], yi = a[ac + t + 1];
        re += xr * yr + xi * yi;
        im += xi * yr - xr * yi;
      }
      rho[2 * (r * d + c)] = rho[2 * (c * d + r)] = re;
      if (c === r) continue; // real diagonal
      rho[2 * (r * d + c) + 1] = im;
      rho[2 * (c * d + r) + 1] = -im;
    }
  }
  return rho;
}

/** Euclidean projection of descending values onto {λ ≥ 0, Σλ = total}. */
export function simplexProjection(descending: Float64Array, total: number): Float64Array {
  let sum = 0, theta = 0;
  for (let k = 0; k < descending.length; k++) {
    sum += descending[k];
    const t = (sum - total) / (k + 1);
    if (descending[k] - t > 0) theta = t;
    else break;
  }
  return descending.map((v) => Math.max(v - theta, 0));
}

/** ⟨ψ|ρ|ψ⟩ for a physical state in eigen-form. */
export function fidelityToPure(state: PhysicalState, psi: Float64Array): number {
  const d = state.dim;
  let f = 0;
  for (let j = 0; j < state.eigenvalues.length; j++) {
    let re = 0, im = 0;
    const o = 2 * d * j;
    for (let i = 0; i < d; i++) {
      const vr = state.eigenvectors[o + 2 * i], vi = state.eigenvectors[o + 2 * i + 1];
      re += psi[2 * i] * vr + psi[2 * i + 1] * vi;
      im += psi[2 * i] * vi - psi[2 * i + 1] * vr;
    }
    f += state.eigenvalues[j] * (re * re + im * im);
  }
  return f;
}
