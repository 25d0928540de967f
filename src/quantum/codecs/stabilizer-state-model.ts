// Stabilizer states in their canonical affine/quadratic form (Dehaene and
// De Moor 2003): every stabilizer state is
//   ψ(x0 ⊕ G·y) = a · i^{l·y} · (−1)^{q(y)},  y ∈ {0,1}^k,  and 0 off that support,
// with G a k×n binary matrix of rank k, l ∈ {0,1}^k and q a binary
// quadratic form q(y) = Σ_j a_j y_j + Σ_{i<j} b_ij y_i y_j. This is the same
// information as a stabilizer tableau (n generators, their signs), in a form
// that yields the amplitudes directly: (k + 3)·32 bits plus one amplitude.
//
// Detection: the support must be an affine subspace of size 2^k, all
// magnitudes equal, and the phases (relative to ψ(x0)) powers of i matching
// the form read off at the points e_j and e_i + e_j.

import { ByteReader, ByteWriter } from './byte-stream.js';
import type { StateModel } from './model-codec.js';

const MAGNITUDE_TOLERANCE = 1e-6;

export const stabilizerStateModel: StateModel = {
  id: 3,
  name: 'stabilizer',
  fit(values, layout) {
    if (layout.kind !== 'vector' || layout.numQubits > 30) return undefined;
    const dim = values.length / 2;
    let maxP = 0;
    for (let i = 0; i < dim; i++) maxP = Math.max(maxP, values[2 * i] ** 2 + values[2 * i + 1] ** 2);
    if (maxP === 0) return undefined;
    const support: number[] = [];
    for (let i = 0; i < dim; i++) {
      const p = values[2 * i] ** 2 + values[2 * i + 1] ** 2;
      if (p > maxP * 1e-12) {
        if (Math.abs(p / maxP - 1) > MAGNITUDE_TOLERANCE) return undefined;
        support.push(i);
      }
    }
    const k = Math.log2(support.length);
    if (!Number.isInteger(k)) return undefined;
    const x0 = support[0];
    const basis = independentShifts(support, x0, k);
    if (!basis) return undefined;
    const a0r = values[2 * x0], a0i = values[2 * x0 + 1];
    const exponent = (x: number): number | undefined => {
      // ψ(x)/ψ(x0) = i^e
      const re = (values[2 * x] * a0r + values[2 * x + 1] * a0i) / maxP;
      const im = (values[2 * x + 1] * a0r - values[2 * x] * a0i) / maxP;
      const e = Math.round(Math.atan2(im, re) / (Math.PI / 2));
      if (Math.hypot(re - Math.cos((e * Math.PI) / 2), im - Math.sin((e * Math.PI) / 2)) > MAGNITUDE_TOLERANCE) return undefined;
      return ((e % 4) + 4) % 4;
    };
    let l = 0, a = 0;
    const e1: number[] = [];
    for (let j = 0; j < k; j++) {
      const e = exponent(x0 ^ basis[j]);
      if (e === undefined) return undefined;
      e1.push(e);
      if (e & 1) l |= 1 << j;
      if (((e - (e & 1)) / 2) & 1) a |= 1 << j;
    }
    const rows = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
      const e = exponent(x0 ^ basis[i] ^ basis[j]);
      if (e === undefined) return undefined;
      const rest = e - (e1[i] & 1) - (e1[j] & 1);
      if (rest & 1) return undefined;
      const b = ((rest / 2) - ((a >>> i) & 1) - ((a >>> j) & 1)) & 1;
      if (b) { rows[i] |= 1 << j; rows[j] |= 1 << i; }
    }
    const w = new ByteWriter().u8(k).u32(x0).u32(l).u32(a).f64(a0r).f64(a0i);
    for (let j = 0; j < k; j++) w.u32(basis[j]).u32(rows[j]);
    return w.finish();
  },
  predict(params, layout) {
    const r = new ByteReader(params);
    const k = r.u8(), x0 = r.u32(), l = r.u32(), a = r.u32();
    const ar = r.f64(), ai = r.f64();
    const basis: number[] = [], rows: number[] = [];
    for (let j = 0; j < k; j++) { basis.push(r.u32()); rows.push(r.u32()); }
    const out = new Float64Array(2 * 2 ** layout.numQubits);
    // Gray-code walk over y: flipping y_j moves x by g_j, l·y by ±l_j and q(y) by a_j + Σ_{i∈y} b_ij.
    const powers = [[1, 0], [0, 1], [-1, 0], [0, -1]];
    let x = x0, y = 0, linear = 0, quad = 0;
    const count = 2 ** k;
    for (let t = 0; ; ) {
      const e = (linear + 2 * quad) & 3;
      const [pr, pi] = powers[e];
      out[2 * x] = ar * pr - ai * pi;
      out[2 * x + 1] = ar * pi + ai * pr;
      if (++t === count) break;
      const j = 31 - Math.clz32(t & -t);
      const flip = ((a >>> j) & 1) ^ parity(rows[j] & y);
      quad ^= flip;
      linear += (y >>> j) & 1 ? -((l >>> j) & 1) : (l >>> j) & 1;
      y ^= 1 << j;
      x ^= basis[j];
    }
    return out;
  },
};

/** k shifts s ⊕ x0 (s in the support) that are linearly independent over GF(2), or undefined if the span is not exactly the support. */
function independentShifts(support: number[], x0: number, k: number): number[] | undefined {
  const reduced: number[] = [];
  const original: number[] = [];
  for (const s of support) {
    let v = s ^ x0;
    for (const b of reduced) v = Math.min(v, v ^ b);
    if (v !== 0) {
      // Kept in decreasing order so each reduction step clears one leading bit.
      reduced.push(v);
      reduced.sort((p, q) => q - p);
      original.push(s ^ x0);
      if (reduced.length > k) return undefined;
    }
  }
  // 2^k distinct points inside a span of size 2^k fill it.
  return reduced.length === k ? original : undefined;
}

function parity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}
