// Product states ψ = ⊗_k (α_k|0> + β_k|1>): anchored at the largest
// amplitude ψ[m], every amplitude is ψ[m] times the ratio r_k =
// ψ[m ⊕ 2^k]/ψ[m] for each qubit k where its index differs from m.
// Parameters: m, ψ[m] and the n ratios — 16·(n+1) bytes for 2^n amplitudes.

import { ByteReader, ByteWriter } from './byte-stream.js';
import type { StateModel } from './model-codec.js';

export const productStateModel: StateModel = {
  id: 2,
  name: 'product',
  fit(values, layout) {
    if (layout.kind !== 'vector') return undefined;
    const n = layout.numQubits;
    let m = 0, best = -1;
    for (let i = 0; i < values.length / 2; i++) {
      const p = values[2 * i] ** 2 + values[2 * i + 1] ** 2;
      if (p > best) { best = p; m = i; }
    }
    if (best <= 0) return undefined;
    const ar = values[2 * m], ai = values[2 * m + 1];
    const w = new ByteWriter().u32(m).f64(ar).f64(ai);
    for (let k = 0; k < n; k++) {
      const j = m ^ (1 << k);
      const br = values[2 * j], bi = values[2 * j + 1];
      // r = b / a
      w.f64((br * ar + bi * ai) / best).f64((bi * ar - br * ai) / best);
    }
    return w.finish();
  },
  predict(params, layout) {
    const n = layout.numQubits;
    const r = new ByteReader(params);
    const m = r.u32();
    const prod = new Float64Array(2 * 2 ** n);
    prod[0] = r.f64();
    prod[1] = r.f64();
    // prod[j] = ψ[m] · Π_{k ∈ j} r_k, built by doubling.
    for (let k = 0; k < n; k++) {
      const rr = r.f64(), ri = r.f64(), half = 2 ** k;
      for (let j = 0; j < half; j++) {
        const xr = prod[2 * j], xi = prod[2 * j + 1];
        prod[2 * (j + half)] = xr * rr - xi * ri;
        prod[2 * (j + half) + 1] = xr * ri + xi * rr;
      }
    }
    const out = new Float64Array(prod.length);
    for (let j = 0; j < prod.length / 2; j++) {
      out[2 * (m ^ j)] = prod[2 * j];
      out[2 * (m ^ j) + 1] = prod[2 * j + 1];
    }
    return out;
  },
};
