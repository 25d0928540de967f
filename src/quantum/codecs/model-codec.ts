// A lossless codec built from a model of the state: the model's parameters
// plus the exact residual between the stored bytes and the model's prediction
// (see element-bytes.ts). The model applies only if it reproduces every value
// to within a relative 1e-9 (1e-5 for single precision); the residual then
// absorbs the last-bit rounding.

import { ByteReader, ByteWriter } from './byte-stream.js';
import { applyResidual, bytesToComplex, complexToBytes, encodeResidual, FLOAT_WIDTH } from './element-bytes.js';
import type { StateCodec, StateLayout } from './state-codec-types.js';

export interface StateModel {
  id: number;
  name: string;
  /** Parameters of a model that fits, or undefined. */
  fit(values: Float64Array, layout: StateLayout): Uint8Array | undefined;
  /** The values the parameters describe. Must be deterministic: encoder and decoder both call it. */
  predict(params: Uint8Array, layout: StateLayout): Float64Array;
}

const FIT_TOLERANCE: Record<number, number> = { 8: 1e-9, 4: 1e-5 };

export function modelCodec(model: StateModel): StateCodec {
  return {
    id: model.id,
    name: model.name,
    encode(data, layout, ctx) {
      const values = bytesToComplex(data, layout.dtype);
      const params = model.fit(values, layout);
      if (!params) return undefined;
      const predicted = model.predict(params, layout);
      if (!closeEnough(values, predicted, FIT_TOLERANCE[FLOAT_WIDTH[layout.dtype]])) return undefined;
      const residual = encodeResidual(data, complexToBytes(predicted, layout.dtype), FLOAT_WIDTH[layout.dtype], ctx.compressor);
      return new ByteWriter().block(params).u8(residual.exact ? 1 : 0).block(residual.payload).finish();
    },
    decode(payload, layout, ctx) {
      const r = new ByteReader(payload);
      const params = r.block();
      const exact = r.u8() === 1;
      const residual = r.block();
      const predicted = complexToBytes(model.predict(params, layout), layout.dtype);
      return applyResidual(predicted, { exact, payload: residual }, FLOAT_WIDTH[layout.dtype], ctx.compressor);
    },
  };
}

function closeEnough(a: Float64Array, b: Float64Array, relative: number): boolean {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  const tol = relative * (scale || 1);
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tol)) return false;
  return true;
}
