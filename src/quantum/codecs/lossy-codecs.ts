// Lossy forms, used only when asked for, with the fidelity they keep:
// a truncated MPS for state vectors (fidelity |⟨ψ|φ⟩|² / (‖ψ‖²‖φ‖²)) and a
// low-rank eigen-truncation for density matrices (fidelity Tr(ρσ)/√(Trρ² Trσ²),
// the normalised Hilbert–Schmidt overlap; 1 exactly when nothing was cut).

import { hermitianEigen } from '../linalg/hermitian-eigen.js';
import { ByteReader, ByteWriter } from './byte-stream.js';
import { bytesToComplex, complexToBytes } from './element-bytes.js';
import { contractMps, decomposeMps } from './matrix-product-state.js';
import { readMps, writeMps } from './mps-model.js';
import type { StateLayout } from './state-codec-types.js';

export interface LossyResult {
  payload: Uint8Array;
  fidelity: number;
}

export const TRUNCATED_MPS_ID = 7;
export const LOW_RANK_ID = 8;

export function encodeTruncatedMps(data: Uint8Array, layout: StateLayout, maxBond: number, cutoff: number): LossyResult {
  const psi = bytesToComplex(data, layout.dtype);
  const mps = decomposeMps(psi, layout.numQubits, { relativeCutoff: cutoff, maxBond })!;
  const phi = contractMps(mps);
  return { payload: writeMps(mps), fidelity: overlapFidelity(psi, phi) };
}

export function decodeTruncatedMps(payload: Uint8Array, layout: StateLayout): Uint8Array {
  return complexToBytes(contractMps(readMps(payload)), layout.dtype);
}

export function encodeLowRank(data: Uint8Array, layout: StateLayout, rank: number): LossyResult {
  const d = 2 ** layout.numQubits;
  const rho = bytesToComplex(data, layout.dtype);
  const eig = hermitianEigen(rho, d);
  const r = Math.max(1, Math.min(rank, d));
  const vectors = eig.topVectors(r);
  const w = new ByteWriter().u32(r);
  for (let j = 0; j < r; j++) w.f64(eig.values[d - 1 - j]);
  for (const x of vectors) w.f64(x);
  const payload = w.finish();
  const sigma = lowRankMatrix(payload, d);
  let cross = 0, a = 0, b = 0;
  for (let i = 0; i < rho.length; i += 2) {
    cross += rho[i] * sigma[i] + rho[i + 1] * sigma[i + 1];
    a += rho[i] ** 2 + rho[i + 1] ** 2;
    b += sigma[i] ** 2 + sigma[i + 1] ** 2;
  }
  return { payload, fidelity: a > 0 && b > 0 ? cross / Math.sqrt(a * b) : 0 };
}

export function decodeLowRank(payload: Uint8Array, layout: StateLayout): Uint8Array {
  return complexToBytes(lowRankMatrix(payload, 2 ** layout.numQubits), layout.dtype);
}

function lowRankMatrix(payload: Uint8Array, d: number): Float64Array {
  const r = new ByteReader(payload);
  const rank = r.u32();
  const values: number[] = [];
  for (let j = 0; j < rank; j++) values.push(r.f64());
  const out = new Float64Array(2 * d * d);
  for (let j = 0; j < rank; j++) {
    const v = new Float64Array(2 * d);
    for (let i = 0; i < v.length; i++) v[i] = r.f64();
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) {
      out[2 * (p * d + q)] += values[j] * (v[2 * p] * v[2 * q] + v[2 * p + 1] * v[2 * q + 1]);
      out[2 * (p * d + q) + 1] += values[j] * (v[2 * p + 1] * v[2 * q] - v[2 * p] * v[2 * q + 1]);
    }
  }
  return out;
}

function overlapFidelity(a: Float64Array, b: Float64Array): number {
  let re = 0, im = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i += 2) {
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
    na += a[i] ** 2 + a[i + 1] ** 2;
    nb += b[i] ** 2 + b[i + 1] ** 2;
  }
  return na > 0 && nb > 0 ? (re * re + im * im) / (na * nb) : 0;
}
