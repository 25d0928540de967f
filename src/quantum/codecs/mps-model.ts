// Lossless MPS: the exact bond dimensions (Schmidt values above 1e-13 of the
// largest squared), used while the tensors stay well under a quarter of the
// state's size; the residual restores the last bits.

import { ByteReader, ByteWriter } from './byte-stream.js';
import { contractMps, decomposeMps, mpsParameterCount, type Mps } from './matrix-product-state.js';
import type { StateModel } from './model-codec.js';

const MAX_EXACT_BOND = 64;

export const mpsModel: StateModel = {
  id: 4,
  name: 'mps',
  fit(values, layout) {
    if (layout.kind !== 'vector' || layout.numQubits < 2) return undefined;
    const mps = decomposeMps(values, layout.numQubits, { relativeCutoff: 1e-13, maxBond: MAX_EXACT_BOND + 1, abortAbove: MAX_EXACT_BOND });
    if (!mps || mpsParameterCount(mps) > layout.elements / 4) return undefined;
    return writeMps(mps);
  },
  predict(params) {
    return contractMps(readMps(params));
  },
};

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
