// Reading and writing the .npy format (versions 1.0, 2.0 and 3.0), so that a
// file numpy wrote comes back byte for byte.
// Layout: "\x93NUMPY", major, minor, header length (uint16 LE for 1.0, uint32
// LE for 2.0/3.0), the header dict padded with spaces and a final '\n' so the
// data starts on a 64-byte boundary, then the raw little-endian elements.

import { elementCount, IS_COMPLEX, ITEM_SIZE, type NpyArray, type NpyDtype } from './npy-array.js';
import { NpyError } from './npy-error.js';
import { formatHeaderText, parseHeaderText, type NpyHeader } from './npy-header.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10) throw new NpyError(bytes.length < 6 ? 'magic' : 'truncated', `only ${bytes.length} bytes: not a .npy file`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new NpyError('magic', 'missing the \\x93NUMPY magic string');
  }
  const major = bytes[6], minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0) throw new NpyError('version', `unsupported format version ${major}.${minor}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw new NpyError('truncated', 'file ends inside the header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenSize + headerLength;
  if (headerLength === 0) throw new NpyError('header-length', 'header length is zero');
  if (bytes.length < dataStart) {
    throw new NpyError('truncated', `header says ${headerLength} bytes but the file ends after ${bytes.length - 8 - lenSize}`);
  }
  const raw = bytes.subarray(8 + lenSize, dataStart);
  const headerText = major === 3 ? utf8(raw) : latin1(raw);
  const header = parseHeaderText(headerText);
  const { dtype, bigEndian } = parseDescr(header.descr);
  for (const d of header.shape) if (d < 0) throw new NpyError('shape', `negative dimension ${d}`);
  const count = elementCount(header.shape);
  const need = count * ITEM_SIZE[dtype];
  const have = bytes.length - dataStart;
  if (have < need) throw new NpyError('truncated', `data needs ${need} bytes for shape (${header.shape.join(', ')}), file has ${have}`);
  if (have > need) throw new NpyError('trailing-bytes', `${have - need} unexpected bytes after the data`);
  // A copy with its own buffer (Buffer#slice would share the caller's memory and offset).
  const body = Uint8Array.prototype.slice.call(bytes, dataStart, dataStart + need);
  if (bigEndian === LITTLE_ENDIAN_HOST) swapBytes(body, ITEM_SIZE[dtype] / (IS_COMPLEX[dtype] ? 2 : 1));
  const data = dtype === 'c16' || dtype === 'f8' ? new Float64Array(body.buffer) : new Float32Array(body.buffer);
  return {
    dtype,
    shape: header.shape,
    fortranOrder: header.fortranOrder,
    data,
    // A big-endian file is normalised to little-endian, so its header no longer applies.
    header: bigEndian ? undefined : { version: major, raw: Uint8Array.from(raw) },
  };
}

export function writeNpy(a: NpyArray): Uint8Array {
  const count = elementCount(a.shape);
  if (!a.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new NpyError('shape', `bad shape (${a.shape.join(', ')})`);
  const isDouble = a.dtype === 'c16' || a.dtype === 'f8';
  if (isDouble !== a.data instanceof Float64Array) throw new NpyError('array', `dtype ${a.dtype} needs a ${isDouble ? 'Float64Array' : 'Float32Array'}`);
  if (a.data.length !== count * (IS_COMPLEX[a.dtype] ? 2 : 1)) {
    throw new NpyError('array', `shape (${a.shape.join(', ')}) needs ${count} elements, data holds ${a.data.length / (IS_COMPLEX[a.dtype] ? 2 : 1)}`);
  }
  const header: NpyHeader = { descr: `<${a.dtype}`, fortranOrder: a.fortranOrder, shape: a.shape };
  const prefix = a.header && describes(a.header, header) ? rewrap(a.header) : wrapHeader(formatHeaderText(header));
  const out = new Uint8Array(prefix.length + a.data.byteLength);
  out.set(prefix, 0);
  out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), prefix.length);
  if (!LITTLE_ENDIAN_HOST) swapBytes(out.subarray(prefix.length), ITEM_SIZE[a.dtype] / (IS_COMPLEX[a.dtype] ? 2 : 1));
  return out;
}

/** Magic, version, length and the padded header, as numpy's _wrap_header (the oldest version that fits). */
function wrapHeader(text: string): Uint8Array {
  const isLatin1 = /^[\x00-\xff]*$/.test(text);
  const encoded = isLatin1 ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
  const build = (major: number): Uint8Array | undefined => {
    const lenSize = major === 1 ? 2 : 4;
    const hlen = encoded.length + 1;
    const pad = ALIGN - ((MAGIC.length + 2 + lenSize + hlen) % ALIGN);
    const total = hlen + pad;
    if (major === 1 && total > 0xffff) return undefined;
    const out = new Uint8Array(8 + lenSize + total);
    out.set(MAGIC, 0);
    out[6] = major;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (major === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    out.set(encoded, 8 + lenSize);
    out.fill(0x20, 8 + lenSize + encoded.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  };
  if (!isLatin1) return build(3)!;
  return build(1) ?? build(2)!;
}

function parseDescr(descr: string): { dtype: NpyDtype; bigEndian: boolean } {
  const m = /^([<>=|])(c16|c8|f8|f4)$/.exec(descr);
  if (!m) throw new NpyError('dtype', `unsupported dtype '${descr}' (expected <c16, <c8, <f8 or <f4)`);
  const order = m[1];
  return { dtype: m[2] as NpyDtype, bigEndian: order === '>' || (order === '=' && !LITTLE_ENDIAN_HOST) };
}

function describes(kept: { version: number; raw: Uint8Array }, h: NpyHeader): boolean {
  try {
    const text = kept.version === 3 ? new TextDecoder().decode(kept.raw) : latin1(kept.raw);
    const p = parseHeaderText(text);
    return p.descr === h.descr && p.fortranOrder === h.fortranOrder && p.shape.length === h.shape.length && p.shape.every((d, i) => d === h.shape[i]);
  } catch {
    return false;
  }
}

function rewrap(kept: { version: number; raw: Uint8Array }): Uint8Array {
  const lenSize = kept.version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenSize + kept.raw.length);
  out.set(MAGIC, 0);
  out[6] = kept.version;
  const view = new DataView(out.buffer);
  if (lenSize === 2) view.setUint16(8, kept.raw.length, true);
  else view.setUint32(8, kept.raw.length, true);
  out.set(kept.raw, 8 + lenSize);
  return out;
}

function utf8(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new NpyError('header-syntax', 'a version 3.0 header must be UTF-8');
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function swapBytes(b: Uint8Array, width: number): void {
  for (let o = 0; o < b.length; o += width) {
    for (let i = 0, j = width - 1; i < j; i++, j--) {
      const t = b[o + i];
      b[o + i] = b[o + j];
      b[o + j] = t;
    }
  }
}
