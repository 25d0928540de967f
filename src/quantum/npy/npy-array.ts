// In-memory form of a .npy array. Complex elements are interleaved (re, im)
// in `data`, in the file's own element order (C or Fortran), so that reading
// and writing back reproduces the file byte for byte.

export type NpyDtype = 'c16' | 'c8' | 'f8' | 'f4';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  /** Float64Array for c16/f8, Float32Array for c8/f4; complex interleaved. */
  data: Float64Array | Float32Array;
  /**
   * The header exactly as read (version and padded dict bytes). The writer
   * reuses it while it still describes the array, so files from any numpy
   * version round-trip byte for byte; otherwise it writes numpy's current layout.
   */
  header?: { version: number; raw: Uint8Array };
}

export const ITEM_SIZE: Record<NpyDtype, number> = { c16: 16, c8: 8, f8: 8, f4: 4 };
export const IS_COMPLEX: Record<NpyDtype, boolean> = { c16: true, c8: true, f8: false, f4: false };

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The array as complex128 values, interleaved, in C (row-major) order. */
export function toComplexC(a: NpyArray): Float64Array {
  const n = elementCount(a.shape);
  const out = new Float64Array(2 * n);
  const complex = IS_COMPLEX[a.dtype];
  const src = a.data;
  const at = (k: number, part: 0 | 1): number => (complex ? src[2 * k + part] : part === 0 ? src[k] : 0);
  if (!a.fortranOrder || a.shape.length < 2) {
    for (let k = 0; k < n; k++) {
      out[2 * k] = at(k, 0);
      out[2 * k + 1] = at(k, 1);
    }
    return out;
  }
  // Fortran order: the first index varies fastest in the file.
  const dims = a.shape;
  const idx = new Array<number>(dims.length).fill(0);
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let d = 0; d < dims.length; d++) c = c * dims[d] + idx[d];
    out[2 * c] = at(f, 0);
    out[2 * c + 1] = at(f, 1);
    for (let d = 0; d < dims.length; d++) {
      if (++idx[d] < dims[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** A complex128 C-order array. */
export function complexArray(shape: number[], data: Float64Array): NpyArray {
  return { dtype: 'c16', shape: [...shape], fortranOrder: false, data };
}
