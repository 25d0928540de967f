// LZ4 block format (no frame), compatible with liblz4's LZ4_compress_default
// output for decoding: sequences of [token][literal length+][literals]
// [offset u16 LE][match length+]. Greedy matching over a 4-byte hash table;
// the last 5 bytes are always literals and no match starts in the last 12.

import type { BlockCompressor } from './block-compressor.js';

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const HASH_BITS = 16;

export class Lz4Error extends Error {
  override readonly name = 'Lz4Error';
}

export function lz4CompressBlock(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n + Math.ceil(n / 255) + 16);
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let op = 0, anchor = 0, ip = 0;
  const limit = n - MF_LIMIT;
  const read32 = (i: number): number => src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24);
  const hash = (v: number): number => Math.imul(v, 2654435761) >>> (32 - HASH_BITS);
  while (ip < limit) {
    const seq = read32(ip);
    const h = hash(seq);
    const ref = table[h];
    table[h] = ip;
    if (ref < 0 || ip - ref > 0xffff || read32(ref) !== seq) {
      ip++;
      continue;
    }
    let len = MIN_MATCH;
    const maxLen = n - LAST_LITERALS - ip;
    while (len < maxLen && src[ref + len] === src[ip + len]) len++;
    op = writeSequence(out, op, src, anchor, ip - anchor, ip - ref, len);
    ip += len;
    anchor = ip;
  }
  op = writeLiterals(out, op, src, anchor, n - anchor);
  return out.slice(0, op);
}

function writeLength(out: Uint8Array, op: number, rest: number): number {
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

function writeSequence(out: Uint8Array, op: number, src: Uint8Array, from: number, litLen: number, offset: number, matchLen: number): number {
  const ml = matchLen - MIN_MATCH;
  out[op++] = (Math.min(litLen, 15) << 4) | Math.min(ml, 15);
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  out.set(src.subarray(from, from + litLen), op);
  op += litLen;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (ml >= 15) op = writeLength(out, op, ml - 15);
  return op;
}

function writeLiterals(out: Uint8Array, op: number, src: Uint8Array, from: number, litLen: number): number {
  out[op++] = Math.min(litLen, 15) << 4;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  out.set(src.subarray(from, from + litLen), op);
  return op + litLen;
}

export function lz4DecompressBlock(src: Uint8Array, rawLength: number): Uint8Array {
  const out = new Uint8Array(rawLength);
  let ip = 0, op = 0;
  const readLength = (base: number): number => {
    let len = base;
    if (base === 15) {
      let b: number;
      do {
        if (ip >= src.length) throw new Lz4Error('truncated length');
        b = src[ip++];
        len += b;
      } while (b === 255);
    }
    return len;
  };
  while (ip < src.length) {
    const token = src[ip++];
    const litLen = readLength(token >>> 4);
    if (ip + litLen > src.length || op + litLen > rawLength) throw new Lz4Error('literals overrun');
    out.set(src.subarray(ip, ip + litLen), op);
    ip += litLen;
    op += litLen;
    if (ip >= src.length) break;
    if (ip + 2 > src.length) throw new Lz4Error('truncated offset');
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new Lz4Error('bad match offset');
    const matchLen = readLength(token & 15) + MIN_MATCH;
    if (op + matchLen > rawLength) throw new Lz4Error('match overrun');
    for (let i = 0; i < matchLen; i++, op++) out[op] = out[op - offset];
  }
  if (op !== rawLength) throw new Lz4Error(`decoded ${op} bytes, expected ${rawLength}`);
  return out;
}

/** The pure-TypeScript LZ4 block codec as a BlockCompressor. */
export const lz4Block: BlockCompressor = { compress: lz4CompressBlock, decompress: lz4DecompressBlock };
