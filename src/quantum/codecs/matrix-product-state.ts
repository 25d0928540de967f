// Matrix product states by successive Schmidt decompositions, qubit 0 first.
// Site k is a tensor A_k[α, b, β] (bond α to the left, physical bit b of
// qubit k, bond β to the right), stored interleaved as ((α·2 + b)·χ_{k+1} + β).
// Each cut's singular vectors come from the eigen-decomposition of the small
// Gram matrix A·A† (2χ × 2χ), so the cost stays low while bonds are small.

import { hermitianEigen } from '../linalg/hermitian-eigen.js';

export interface Mps {
  numQubits: number;
  /** bonds[k] = χ_k, with bonds[0] = bonds[n] = 1. */
  bonds: number[];
  sites: Float64Array[];
}

export interface TruncationRule {
  /** Drop Schmidt values whose squared weight, relative to the largest, is below this. */
  relativeCutoff: number;
  /** Never keep more than this many per cut. */
  maxBond: number;
  /** Give up (return undefined) once a bond would exceed this. */
  abortAbove?: number;
}

export function decomposeMps(psi: Float64Array, n: number, rule: TruncationRule): Mps | undefined {
  let chi = 1;
  let c = Float64Array.from(psi); // C[α][rest], rest = 2^{n−k}
  const bonds = [1];
  const sites: Float64Array[] = [];
  for (let k = 0; k < n - 1; k++) {
    const cols = 2 ** (n - k - 1);
    const rows = 2 * chi;
    // A[(α,b)][r] = C[α][b + 2r]
    const at = (row: number, r: number): number => 2 * ((row >> 1) * 2 * cols + (row & 1) + 2 * r);
    const gram = new Float64Array(2 * rows * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j <= i; j++) {
      let re = 0, im = 0;
      for (let r = 0; r < cols; r++) {
        const p = at(i, r), q = at(j, r);
        re += c[p] * c[q] + c[p + 1] * c[q + 1];
        im += c[p + 1] * c[q] - c[p] * c[q + 1];
      }
      gram[2 * (i * rows + j)] = re; gram[2 * (i * rows + j) + 1] = im;
      gram[2 * (j * rows + i)] = re; gram[2 * (j * rows + i) + 1] = -im;
    }
    const eig = hermitianEigen(gram, rows);
    const top = eig.values[rows - 1];
    let keep = 0;
    for (let i = rows - 1; i >= 0 && keep < rule.maxBond; i--) {
      if (eig.values[i] > rule.relativeCutoff * top && eig.values[i] > 0) keep++;
      else break;
    }
    keep = Math.max(keep, 1);
    if (rule.abortAbove !== undefined && keep > rule.abortAbove) return undefined;
    const u = eig.topVectors(keep); // vector β at offset 2·rows·β, component (α,b)
    const site = new Float64Array(2 * rows * keep);
    for (let row = 0; row < rows; row++) for (let b = 0; b < keep; b++) {
      site[2 * (row * keep + b)] = u[2 * (rows * b + row)];
      site[2 * (row * keep + b) + 1] = u[2 * (rows * b + row) + 1];
    }
    sites.push(site);
    // C'[β][r] = Σ_row conj(U[row][β]) A[row][r]
    const next = new Float64Array(2 * keep * cols);
    for (let b = 0; b < keep; b++) for (let row = 0; row < rows; row++) {
      const ur = u[2 * (rows * b + row)], ui = -u[2 * (rows * b + row) + 1];
      if (ur === 0 && ui === 0) continue;
      for (let r = 0; r < cols; r++) {
        const p = at(row, r), o = 2 * (b * cols + r);
        next[o] += ur * c[p] - ui * c[p + 1];
        next[o + 1] += ur * c[p + 1] + ui * c[p];
      }
    }
    c = next;
    chi = keep;
    bonds.push(chi);
  }
  sites.push(c); // C[α][b] is the last site with χ_n = 1
  bonds.push(1);
  return { numQubits: n, bonds, sites };
}

/** The full state vector of an MPS. */
export function contractMps(mps: Mps): Float64Array {
  const n = mps.numQubits;
  // v[i][β] over the first k qubits
  let v = Float64Array.of(1, 0);
  let prefix = 1;
  for (let k = 0; k < n; k++) {
    const chiL = mps.bonds[k], chiR = mps.bonds[k + 1], site = mps.sites[k];
    const next = new Float64Array(2 * prefix * 2 * chiR);
    for (let i = 0; i < prefix; i++) for (let a = 0; a < chiL; a++) {
      const xr = v[2 * (i * chiL + a)], xi = v[2 * (i * chiL + a) + 1];
      if (xr === 0 && xi === 0) continue;
      for (let b = 0; b < 2; b++) for (let be = 0; be < chiR; be++) {
        const sr = site[2 * ((a * 2 + b) * chiR + be)], si = site[2 * ((a * 2 + b) * chiR + be) + 1];
        const o = 2 * ((i + b * prefix) * chiR + be);
        next[o] += xr * sr - xi * si;
        next[o + 1] += xr * si + xi * sr;
      }
    }
    v = next;
    prefix *= 2;
  }
  return v;
}

export function mpsParameterCount(mps: Mps): number {
  return mps.sites.reduce((s, t) => s + t.length / 2, 0);
}
