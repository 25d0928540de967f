// The contract every state codec meets. Codecs see the array's stored
// element bytes and its layout; a codec that does not apply returns
// undefined from encode and the next one is tried.

import type { NpyDtype } from '../npy/npy-array.js';
import type { BlockCompressor } from './block-compressor.js';

export type StateKind = 'vector' | 'matrix' | 'other';

export interface StateLayout {
  dtype: NpyDtype;
  kind: StateKind;
  /** log2 of the vector length or matrix side; 0 for 'other'. */
  numQubits: number;
  /** Number of elements (complex or real). */
  elements: number;
}

export interface CodecContext {
  compressor: BlockCompressor;
}

export interface StateCodec {
  /** Stable byte stored in the container. */
  id: number;
  name: string;
  encode(data: Uint8Array, layout: StateLayout, ctx: CodecContext): Uint8Array | undefined;
  decode(payload: Uint8Array, layout: StateLayout, ctx: CodecContext): Uint8Array;
}

export const ELEMENT_SIZE: Record<NpyDtype, number> = { c16: 16, c8: 8, f8: 8, f4: 4 };
