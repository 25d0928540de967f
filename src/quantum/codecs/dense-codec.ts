// Dense: every element's bytes, byte-plane shuffled and compressed by the
// supplied compressor (LZ4), or stored as they are when that does not pay.
// Always applies; the last resort.

import { shuffleBytes, unshuffleBytes } from './byte-planes.js';
import { ByteReader, ByteWriter } from './byte-stream.js';
import { FLOAT_WIDTH } from './element-bytes.js';
import { ELEMENT_SIZE, type StateCodec } from './state-codec-types.js';

export const denseCodec: StateCodec = {
  id: 5,
  name: 'dense',
  encode(data, layout, ctx) {
    const packed = ctx.compressor.compress(shuffleBytes(data, FLOAT_WIDTH[layout.dtype]));
    if (packed.length >= data.length) return new ByteWriter().u8(0).bytes(data).finish();
    return new ByteWriter().u8(1).bytes(packed).finish();
  },
  decode(payload, layout, ctx) {
    const r = new ByteReader(payload);
    const compressed = r.u8() === 1;
    const body = r.rest();
    if (!compressed) return Uint8Array.from(body);
    return unshuffleBytes(ctx.compressor.decompress(body, layout.elements * ELEMENT_SIZE[layout.dtype]), FLOAT_WIDTH[layout.dtype]);
  },
};
