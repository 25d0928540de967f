// Little-endian byte writer/reader for codec payloads.

import { CodecError } from './codec-error.js';

export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  u8(v: number): this { this.ensure(1); this.buf[this.len++] = v; return this; }
  u32(v: number): this { this.ensure(4); new DataView(this.buf.buffer).setUint32(this.len, v, true); this.len += 4; return this; }
  f64(v: number): this { this.ensure(8); new DataView(this.buf.buffer).setFloat64(this.len, v, true); this.len += 8; return this; }
  varint(v: number): this {
    while (v >= 0x80) { this.u8((v % 0x80) | 0x80); v = Math.floor(v / 0x80); }
    return this.u8(v);
  }
  bytes(b: Uint8Array): this { this.ensure(b.length); this.buf.set(b, this.len); this.len += b.length; return this; }
  /** A length-prefixed block. */
  block(b: Uint8Array): this { return this.u32(b.length).bytes(b); }
  finish(): Uint8Array { return this.buf.slice(0, this.len); }
}

export class ByteReader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new CodecError('truncated state payload');
  }
  u8(): number { this.need(1); return this.buf[this.pos++]; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  f64(): number { this.need(8); const v = this.view.getFloat64(this.pos, true); this.pos += 8; return v; }
  varint(): number {
    let v = 0, scale = 1, b: number;
    do {
      b = this.u8();
      v += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b & 0x80);
    return v;
  }
  bytes(n: number): Uint8Array { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  block(): Uint8Array { return this.bytes(this.u32()); }
  rest(): Uint8Array { return this.bytes(this.buf.length - this.pos); }
  get done(): boolean { return this.pos === this.buf.length; }
}
