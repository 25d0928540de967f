// Sparse: the positions of the elements whose bytes are not all zero
// (delta-varint), then those elements' bytes, byte-plane shuffled and
// compressed. Used when at most a quarter of the elements are non-zero (GHZ,
// W, basis states, most of any state with small support).

import { shuffleBytes, unshuffleBytes } from './byte-planes.js';
import { ByteReader, ByteWriter } from './byte-stream.js';
import { FLOAT_WIDTH } from './element-bytes.js';
import { ELEMENT_SIZE, type StateCodec } from './state-codec-types.js';

export const sparseCodec: StateCodec = {
  id: 1,
  name: 'sparse',
  encode(data, layout, ctx) {
    const size = ELEMENT_SIZE[layout.dtype];
    const nonzero: number[] = [];
    for (let e = 0; e < layout.elements; e++) {
      for (let b = e * size; b < (e + 1) * size; b++) {
        if (data[b] !== 0) {
          nonzero.push(e);
          break;
        }
      }
      if (nonzero.length > layout.elements / 4) return undefined;
    }
    const values = new Uint8Array(nonzero.length * size);
    nonzero.forEach((e, i) => values.set(data.subarray(e * size, (e + 1) * size), i * size));
    const w = new ByteWriter().varint(nonzero.length);
    let prev = 0;
    for (const e of nonzero) {
      w.varint(e - prev);
      prev = e;
    }
    return w.u32(values.length).block(ctx.compressor.compress(shuffleBytes(values, FLOAT_WIDTH[layout.dtype]))).finish();
  },
  decode(payload, layout, ctx) {
    const size = ELEMENT_SIZE[layout.dtype];
    const r = new ByteReader(payload);
    const count = r.varint();
    const idx: number[] = [];
    let prev = 0;
    for (let i = 0; i < count; i++) idx.push((prev += r.varint()));
    const rawLength = r.u32();
    const values = unshuffleBytes(ctx.compressor.decompress(r.block(), rawLength), FLOAT_WIDTH[layout.dtype]);
    const out = new Uint8Array(layout.elements * size);
    idx.forEach((e, i) => out.set(values.subarray(i * size, (i + 1) * size), e * size));
    return out;
  },
};
