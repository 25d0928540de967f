// U^k for a unitary U and any real k, on the principal branch of the
// logarithm (eigenphases in (−π, π]), as Qiskit's Gate.power does.

import { adjoint, dimensionOf, identityMatrix, matmul, maxDifference, type ComplexMatrix } from './complex-matrix.js';
import { hermitianEigen } from './hermitian-eigen.js';
import { LinalgError } from './linalg-error.js';

export function unitaryPower(u: ComplexMatrix, k: number): ComplexMatrix {
  if (!Number.isFinite(k)) throw new LinalgError(`power must be finite, got ${k}`);
  if (Number.isInteger(k)) return integerPower(k < 0 ? adjoint(u) : u, Math.abs(k));
  const d = dimensionOf(u);
  const ud = adjoint(u);
  // Eigenvectors of U are shared by the commuting Hermitian parts (U+U†)/2 and
  // (U−U†)/2i; a generic mix of the two separates distinct eigenphases.
  for (const mix of [0.4142135623730951, 0.7320508075688772, 0.2360679774997897]) {
    const h = new Float64Array(2 * d * d);
    for (let i = 0; i < h.length; i += 2) {
      const sr = (u[i] + ud[i]) / 2, si = (u[i + 1] + ud[i + 1]) / 2;
      const ar = (u[i] - ud[i]) / 2, ai = (u[i + 1] - ud[i + 1]) / 2;
      // (U−U†)/2i = (ai − i·ar)
      h[i] = sr + mix * ai;
      h[i + 1] = si - mix * ar;
    }
    const eig = hermitianEigen(h, d);
    const vecs = eig.topVectors(d);
    const phases = new Float64Array(d);
    const rebuilt = new Float64Array(2 * d * d);
    const result = new Float64Array(2 * d * d);
    for (let j = 0; j < d; j++) {
      const v = vecs.subarray(2 * d * j, 2 * d * (j + 1));
      // μ = v† U v
      let mr = 0, mi = 0;
      for (let r = 0; r < d; r++) {
        let ur = 0, ui = 0;
        for (let c = 0; c < d; c++) {
          const a = u[2 * (r * d + c)], b = u[2 * (r * d + c) + 1];
          ur += a * v[2 * c] - b * v[2 * c + 1];
          ui += a * v[2 * c + 1] + b * v[2 * c];
        }
        mr += v[2 * r] * ur + v[2 * r + 1] * ui;
        mi += v[2 * r] * ui - v[2 * r + 1] * ur;
      }
      let phi = Math.atan2(mi, mr);
      if (phi <= -Math.PI + 1e-12) phi = Math.PI;
      phases[j] = phi;
      addOuter(rebuilt, v, Math.cos(phi), Math.sin(phi), d);
      addOuter(result, v, Math.cos(k * phi), Math.sin(k * phi), d);
    }
    if (maxDifference(rebuilt, u) < 1e-9) return result;
  }
  throw new LinalgError('could not diagonalise the unitary for a fractional power');
}

function addOuter(acc: Float64Array, v: Float64Array, cr: number, ci: number, d: number): void {
  for (let r = 0; r < d; r++) {
    const xr = cr * v[2 * r] - ci * v[2 * r + 1], xi = cr * v[2 * r + 1] + ci * v[2 * r];
    for (let c = 0; c < d; c++) {
      const yr = v[2 * c], yi = -v[2 * c + 1];
      acc[2 * (r * d + c)] += xr * yr - xi * yi;
      acc[2 * (r * d + c) + 1] += xr * yi + xi * yr;
    }
  }
}

function integerPower(u: ComplexMatrix, k: number): ComplexMatrix {
  let result = identityMatrix(dimensionOf(u));
  let base = u;
  let e = k;
  while (e > 0) {
    if (e & 1) result = matmul(result, base);
    e = Math.floor(e / 2);
    if (e > 0) base = matmul(base, base);
  }
  return result;
}
