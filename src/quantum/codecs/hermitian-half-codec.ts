// Density matrices are Hermitian: the strict lower triangle is the conjugate
// of the upper one, so only the upper triangle (with the diagonal) is stored
// — half the bytes for free — then compressed by the sparse or dense codec.
// The lower triangle is rebuilt by negating imaginary parts; how a zero
// imaginary part is mirrored (negated to −0 or copied) is the policy that
// matches more entries, and entries that still differ bit for bit are stored
// as exceptions. Complex dtypes only.

import { ByteReader, ByteWriter } from './byte-stream.js';
import { CodecError } from './codec-error.js';
import { FLOAT_WIDTH } from './element-bytes.js';
import { ELEMENT_SIZE, type CodecContext, type StateCodec, type StateLayout } from './state-codec-types.js';

type ZeroPolicy = 0 | 1; // 0: −imag always; 1: a ±0 imaginary part is copied

export function hermitianHalfCodec(inner: StateCodec[]): StateCodec {
  return {
    id: 6,
    name: 'hermitian-half',
    encode(data, layout, ctx) {
      if (layout.kind !== 'matrix' || (layout.dtype !== 'c16' && layout.dtype !== 'c8')) return undefined;
      const d = 2 ** layout.numQubits, size = ELEMENT_SIZE[layout.dtype];
      const half = upperTriangle(data, d, size);
      let best: { policy: ZeroPolicy; exceptions: number[] } | undefined;
      for (const policy of [0, 1] as const) {
        const mirrored = mirror(half, d, size, layout.dtype, policy);
        const exceptions: number[] = [];
        for (let e = 0; e < d * d; e++) {
          if (!sameElement(data, mirrored, e, size)) {
            exceptions.push(e);
            if (exceptions.length > (d * d) / 8) break;
          }
        }
        if (!best || exceptions.length < best.exceptions.length) best = { policy, exceptions };
        if (exceptions.length === 0) break; // nothing to gain from the other policy
      }
      if (!best || best.exceptions.length > (d * d) / 8) return undefined;
      const halfLayout: StateLayout = { dtype: layout.dtype, kind: 'other', numQubits: 0, elements: half.length / size };
      const w = new ByteWriter().u8(best.policy).varint(best.exceptions.length);
      let prev = 0;
      for (const e of best.exceptions) {
        w.varint(e - prev).bytes(data.subarray(e * size, (e + 1) * size));
        prev = e;
      }
      for (const codec of inner) {
        const payload = codec.encode(half, halfLayout, ctx);
        if (payload) return w.u8(codec.id).bytes(payload).finish();
      }
      return undefined;
    },
    decode(payload, layout, ctx: CodecContext) {
      const d = 2 ** layout.numQubits, size = ELEMENT_SIZE[layout.dtype];
      const r = new ByteReader(payload);
      const policy = r.u8() as ZeroPolicy;
      const count = r.varint();
      const exceptions: [number, Uint8Array][] = [];
      let prev = 0;
      for (let i = 0; i < count; i++) {
        prev += r.varint();
        exceptions.push([prev, r.bytes(size)]);
      }
      const innerId = r.u8();
      const codec = inner.find((c) => c.id === innerId);
      if (!codec) throw new CodecError(`unknown inner codec ${innerId}`);
      const halfLayout: StateLayout = { dtype: layout.dtype, kind: 'other', numQubits: 0, elements: (d * (d + 1)) / 2 };
      const out = mirror(codec.decode(r.rest(), halfLayout, ctx), d, size, layout.dtype, policy);
      for (const [e, bytes] of exceptions) out.set(bytes, e * size);
      return out;
    },
  };
}

function upperTriangle(data: Uint8Array, d: number, size: number): Uint8Array {
  const out = new Uint8Array(((d * (d + 1)) / 2) * size);
  let o = 0;
  for (let i = 0; i < d; i++) {
    out.set(data.subarray((i * d + i) * size, (i * d + d) * size), o);
    o += (d - i) * size;
  }
  return out;
}

/** Full matrix bytes from the upper triangle. */
function mirror(half: Uint8Array, d: number, size: number, dtype: 'c16' | 'c8' | 'f8' | 'f4', policy: ZeroPolicy): Uint8Array {
  const out = new Uint8Array(d * d * size);
  let o = 0;
  for (let i = 0; i < d; i++) {
    out.set(half.subarray(o, o + (d - i) * size), (i * d + i) * size);
    o += (d - i) * size;
  }
  const width = FLOAT_WIDTH[dtype];
  const signByte = 2 * width - 1; // top byte of the imaginary part (little-endian)
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) {
    const src = (i * d + j) * size, dst = (j * d + i) * size;
    out.copyWithin(dst, src, src + size);
    let zero = true;
    for (let b = width; b < 2 * width; b++) if ((out[dst + b] & (b === signByte ? 0x7f : 0xff)) !== 0) zero = false;
    if (!(zero && policy === 1)) out[dst + signByte] ^= 0x80;
  }
  return out;
}

function sameElement(a: Uint8Array, b: Uint8Array, e: number, size: number): boolean {
  for (let i = e * size; i < (e + 1) * size; i++) if (a[i] !== b[i]) return false;
  return true;
}
