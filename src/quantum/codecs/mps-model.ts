// Lossless MPS: the exact bond dimensions (Schmidt values above 1e-13 of the
// largest squared), used while the tensors stay well under a quarter of the
// state's size; the residual restores the last bits.

import { ByteReader, ByteWriter } from './byte-stream.js';
import { contractMps, decomposeMps, mpsParameterCount, type Mps } from './matrix-product-state.js';
import type { StateModel } from './model-codec.js';
import { hermitianEigenvalues } from '../linalg/hermitian-eigen.js';

const MAX_EXACT_BOND = 64;

export const mpsModel: StateModel = {
  id: 4,
  name: 'mps',
  fit(values, layout) {
    if (layout.kind !== 'vector' || layout.numQubits < 2) return undefined;
    if (rankSurelyAbove(values, layout.numQubits, MAX_EXACT_BOND)) return undefined;
    const mps = decomposeMps(values, layout.numQubits, { relativeCutoff: 1e-13, maxBond: MAX_EXACT_BOND + 1, abortAbove: MAX_EXACT_BOND });
    if (!mps || mpsParameterCount(mps) > layout.elements / 4) return undefined;
    return writeMps(mps);
  },
  predict(params) {
    return contractMps(readMps(params));
  },
};

/**
 * A cheap proof that no exact MPS has bonds ≤ `bond`: the Schmidt rank across
 * (low k qubits | the rest) is at least the rank of any `bond + 1` columns of
 * ψ reshaped there, and the exact decomposition keeps every Schmidt value
 * above 1e-13 of the largest, so what it drops weighs at most 2^k·1e-13·‖ψ‖².
 * A (bond+1)-th Gram eigenvalue of those columns far above that proves the
 * rank is larger. False only means "cannot tell": the full decomposition runs.
 * It saves seconds on generic (Haar-like) states of 20 qubits.
 */
export function rankSurelyAbove(psi: Float64Array, n: number, bond: number): boolean {
  const k = Math.floor(n / 2);
  const rows = 2 ** k, cols = 2 ** (n - k), m = bond + 1;
  if (rows <= bond || cols <= bond) return false;
  let norm2 = 0;
  for (let i = 0; i < psi.length; i++) norm2 += psi[i] * psi[i];
  // Columns spread by a fixed odd stride, so no bit of the column index stays constant.
  const pick = Array.from({ length: m }, (_, j) => (j * 0x9e3779b1) % cols);
  const gram = new Float64Array(2 * m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) {
    let re = 0, im = 0;
    const pa = 2 * pick[a] * rows, pb = 2 * pick[b] * rows;
    for (let r = 0; r < 2 * rows; r += 2) {
      const xr = psi[pa + r], xi = psi[pa + r + 1], yr = psi[pb + r], yi = psi[pb + r + 1];
      re += xr * yr + xi * yi;
      im += xr * yi - xi * yr;
    }
    gram[2 * (a * m + b)] = re; gram[2 * (a * m + b) + 1] = -im;
    gram[2 * (b * m + a)] = re; gram[2 * (b * m + a) + 1] = im;
  }
  const smallest = hermitianEigenvalues(gram, m)[0]; // ascending: the (bond+1)-th largest of m
  return smallest > 1e6 * rows * 1e-13 * norm2;
}

export function writeMps(mps: Mps): Uint8Array {
  const w = new ByteWriter().u8(mps.numQubits);
  for (const b of mps.bonds) w.u32(b);
  for (const s of mps.sites) for (const x of s) w.f64(x);
  return w.finish();
}

export function readMps(bytes: Uint8Array): Mps {
  const r = new ByteReader(bytes);
  const n = r.u8();
  const bonds: number[] = [];
  for (let k = 0; k <= n; k++) bonds.push(r.u32());
  const sites: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    const s = new Float64Array(2 * bonds[k] * 2 * bonds[k + 1]);
    for (let i = 0; i < s.length; i++) s[i] = r.f64();
    sites.push(s);
  }
  return { numQubits: n, bonds, sites };
}
