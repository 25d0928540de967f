// Conversions between an array's stored element bytes and complex128 values,
// and the exact residual that makes a model-based codec lossless: the XOR of
// the stored bytes with the model's prediction rounded to the stored dtype,
// byte-plane shuffled and compressed (mostly zero when the model is good).

import type { NpyDtype } from '../npy/npy-array.js';
import type { BlockCompressor } from './block-compressor.js';
import { shuffleBytes, unshuffleBytes } from './byte-planes.js';

export const FLOAT_WIDTH: Record<NpyDtype, number> = { c16: 8, c8: 4, f8: 8, f4: 4 };
export const COMPLEX: Record<NpyDtype, boolean> = { c16: true, c8: true, f8: false, f4: false };

/** Stored bytes → complex128 interleaved values. */
export function bytesToComplex(bytes: Uint8Array, dtype: NpyDtype): Float64Array {
  const copy = bytes.slice();
  const floats = FLOAT_WIDTH[dtype] === 8 ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
  if (COMPLEX[dtype]) return Float64Array.from(floats);
  const out = new Float64Array(2 * floats.length);
  for (let i = 0; i < floats.length; i++) out[2 * i] = floats[i];
  return out;
}

/** complex128 interleaved values → stored bytes (imaginary parts dropped for real dtypes). */
export function complexToBytes(values: Float64Array, dtype: NpyDtype): Uint8Array {
  let floats: Float64Array | Float32Array;
  if (COMPLEX[dtype]) floats = FLOAT_WIDTH[dtype] === 8 ? Float64Array.from(values) : Float32Array.from(values);
  else {
    floats = FLOAT_WIDTH[dtype] === 8 ? new Float64Array(values.length / 2) : new Float32Array(values.length / 2);
    for (let i = 0; i < floats.length; i++) floats[i] = values[2 * i];
  }
  return new Uint8Array(floats.buffer);
}

export interface Residual {
  exact: boolean;
  /** Compressed shuffled XOR; empty when exact. */
  payload: Uint8Array;
}

export function encodeResidual(actual: Uint8Array, predicted: Uint8Array, width: number, compressor: BlockCompressor): Residual {
  const x = new Uint8Array(actual.length);
  let any = 0;
  for (let i = 0; i < x.length; i++) any |= x[i] = actual[i] ^ predicted[i];
  if (any === 0) return { exact: true, payload: new Uint8Array(0) };
  return { exact: false, payload: compressor.compress(shuffleBytes(x, width)) };
}

export function applyResidual(predicted: Uint8Array, r: Residual, width: number, compressor: BlockCompressor): Uint8Array {
  if (r.exact) return predicted;
  const x = unshuffleBytes(compressor.decompress(r.payload, predicted.length), width);
  const out = new Uint8Array(predicted.length);
  for (let i = 0; i < out.length; i++) out[i] = predicted[i] ^ x[i];
  return out;
}
