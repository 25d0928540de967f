// Quantum-aware storage of a state array (a parsed .npy). Codecs are tried in
// order — sparse, product state, stabilizer state, exact MPS, dense+LZ4 for
// vectors; sparse, Hermitian half, dense+LZ4 for matrices — and the first
// whose decoding gives back the very same element bytes is kept. Lossy forms
// (truncated MPS, low rank) are used only when asked for, with their fidelity.
//
// Container (little-endian), version 1:
//   "QST" | version u8 | codec id u8 | dtype u8 (0 c16, 1 c8, 2 f8, 3 f4)
//   | flags u8 (1: Fortran order, 2: original .npy header kept, 4: lossy)
//   | ndim u8 | ndim × u32 shape
//   | [flag 2: .npy version u8, header length u32, header bytes]
//   | [flag 4: fidelity f64] | codec payload

import { elementCount, type NpyArray, type NpyDtype } from '../npy/npy-array.js';
import type { BlockCompressor } from './block-compressor.js';
import { ByteReader, ByteWriter } from './byte-stream.js';
import { CodecError } from './codec-error.js';
import { denseCodec } from './dense-codec.js';
import { hermitianHalfCodec } from './hermitian-half-codec.js';
import { lz4Block } from './lz4-block.js';
import { decodeLowRank, decodeTruncatedMps, encodeLowRank, encodeTruncatedMps, LOW_RANK_ID, TRUNCATED_MPS_ID } from './lossy-codecs.js';
import { modelCodec } from './model-codec.js';
import { mpsModel } from './mps-model.js';
import { productStateModel } from './product-state-model.js';
import { sparseCodec } from './sparse-codec.js';
import { stabilizerStateModel } from './stabilizer-state-model.js';
import { ELEMENT_SIZE, type CodecContext, type StateCodec, type StateLayout } from './state-codec-types.js';

export const CONTAINER_VERSION = 1;
const MAGIC = [0x51, 0x53, 0x54]; // "QST"
const DTYPES: NpyDtype[] = ['c16', 'c8', 'f8', 'f4'];

export type LossyRequest =
  | { kind: 'mps'; maxBond: number; cutoff?: number }
  | { kind: 'low-rank'; rank: number };

export interface EncodeOptions {
  /** Byte compressor for the dense and residual parts (default: the pure-TS LZ4 block codec). */
  compressor?: BlockCompressor;
  lossy?: LossyRequest;
}

export interface EncodedState {
  codec: string;
  bytes: Uint8Array;
  /** Present for lossy encodings. */
  fidelity?: number;
}

const VECTOR_CODECS: StateCodec[] = [sparseCodec, modelCodec(productStateModel), modelCodec(stabilizerStateModel), modelCodec(mpsModel), denseCodec];
const HALF_INNER: StateCodec[] = [sparseCodec, denseCodec];
const MATRIX_CODECS: StateCodec[] = [sparseCodec, hermitianHalfCodec(HALF_INNER), denseCodec];
const OTHER_CODECS: StateCodec[] = [sparseCodec, denseCodec];
const ALL = [...VECTOR_CODECS, ...MATRIX_CODECS];
const LOSSY_NAMES: Record<number, string> = { [TRUNCATED_MPS_ID]: 'mps-truncated', [LOW_RANK_ID]: 'low-rank' };

export function classifyState(shape: readonly number[], dtype: NpyDtype): StateLayout {
  const elements = elementCount(shape);
  const isPow2 = (x: number): boolean => x >= 1 && Number.isInteger(Math.log2(x));
  if (shape.length === 1 && isPow2(shape[0])) return { dtype, kind: 'vector', numQubits: Math.log2(shape[0]), elements };
  if (shape.length === 2 && shape[0] === shape[1] && isPow2(shape[0])) return { dtype, kind: 'matrix', numQubits: Math.log2(shape[0]), elements };
  return { dtype, kind: 'other', numQubits: 0, elements };
}

export function encodeState(array: NpyArray, options: EncodeOptions = {}): EncodedState {
  const ctx: CodecContext = { compressor: options.compressor ?? lz4Block };
  // Fortran order matters only to the byte layout; a vector's is the same either way.
  const layout = classifyState(array.shape, array.dtype);
  const data = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  if (options.lossy) return encodeLossy(array, data, layout, options.lossy);
  const candidates = layout.kind === 'vector' ? VECTOR_CODECS : layout.kind === 'matrix' ? MATRIX_CODECS : OTHER_CODECS;
  for (const codec of candidates) {
    const payload = codec.encode(data, layout, ctx);
    if (!payload) continue;
    // Kept only if it reads back bit for bit.
    if (!sameBytes(codec.decode(payload, layout, ctx), data)) continue;
    return { codec: codec.name, bytes: container(array, codec.id, payload) };
  }
  throw new CodecError('no codec reproduced the state exactly');
}

function encodeLossy(array: NpyArray, data: Uint8Array, layout: StateLayout, req: LossyRequest): EncodedState {
  if (req.kind === 'mps') {
    if (layout.kind !== 'vector' || layout.dtype === 'f8' || layout.dtype === 'f4') throw new CodecError('truncated MPS needs a complex state vector');
    const r = encodeTruncatedMps(data, layout, Math.max(1, Math.floor(req.maxBond)), req.cutoff ?? 0);
    return { codec: LOSSY_NAMES[TRUNCATED_MPS_ID], bytes: container(array, TRUNCATED_MPS_ID, r.payload, r.fidelity), fidelity: r.fidelity };
  }
  if (layout.kind !== 'matrix' || layout.dtype === 'f8' || layout.dtype === 'f4') throw new CodecError('low rank needs a complex density matrix');
  const r = encodeLowRank(data, layout, Math.floor(req.rank));
  return { codec: LOSSY_NAMES[LOW_RANK_ID], bytes: container(array, LOW_RANK_ID, r.payload, r.fidelity), fidelity: r.fidelity };
}

export interface DecodedState {
  array: NpyArray;
  codec: string;
  fidelity?: number;
}

export function decodeState(bytes: Uint8Array, options: { compressor?: BlockCompressor } = {}): DecodedState {
  const ctx: CodecContext = { compressor: options.compressor ?? lz4Block };
  const r = new ByteReader(bytes);
  for (const m of MAGIC) if (r.u8() !== m) throw new CodecError('not a QFS state blob (bad magic)');
  const version = r.u8();
  if (version !== CONTAINER_VERSION) throw new CodecError(`unsupported state blob version ${version}`);
  const codecId = r.u8();
  const dtype = DTYPES[r.u8()];
  if (!dtype) throw new CodecError('bad dtype in state blob');
  const flags = r.u8();
  const ndim = r.u8();
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(r.u32());
  let header: NpyArray['header'];
  if (flags & 2) header = { version: r.u8(), raw: Uint8Array.from(r.block()) };
  const fidelity = flags & 4 ? r.f64() : undefined;
  const payload = r.rest();
  const layout = classifyState(shape, dtype);
  let data: Uint8Array;
  let name: string;
  if (codecId === TRUNCATED_MPS_ID) { data = decodeTruncatedMps(payload, layout); name = LOSSY_NAMES[codecId]; }
  else if (codecId === LOW_RANK_ID) { data = decodeLowRank(payload, layout); name = LOSSY_NAMES[codecId]; }
  else {
    const codec = ALL.find((c) => c.id === codecId);
    if (!codec) throw new CodecError(`unknown codec ${codecId}`);
    data = codec.decode(payload, layout, ctx);
    name = codec.name;
  }
  if (data.length !== layout.elements * ELEMENT_SIZE[dtype]) throw new CodecError('decoded size does not match the shape');
  const buf = data.slice().buffer;
  const typed = dtype === 'c16' || dtype === 'f8' ? new Float64Array(buf) : new Float32Array(buf);
  return { array: { dtype, shape, fortranOrder: (flags & 1) !== 0, data: typed, header }, codec: name, fidelity };
}

function container(array: NpyArray, codecId: number, payload: Uint8Array, fidelity?: number): Uint8Array {
  const flags = (array.fortranOrder ? 1 : 0) | (array.header ? 2 : 0) | (fidelity !== undefined ? 4 : 0);
  const w = new ByteWriter();
  for (const m of MAGIC) w.u8(m);
  w.u8(CONTAINER_VERSION).u8(codecId).u8(DTYPES.indexOf(array.dtype)).u8(flags).u8(array.shape.length);
  for (const d of array.shape) w.u32(d);
  if (array.header) w.u8(array.header.version).block(array.header.raw);
  if (fidelity !== undefined) w.f64(fidelity);
  return w.bytes(payload).finish();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
