// Shared helpers for the engine tests.

import type { Circuit, GateOp, Op } from '../../../../src/quantum/circuit.js';
import { createRng } from '../../../../src/quantum/sim/rng.js';

export const gate = (name: string, qubits: number[], params: number[] = [], extra: Partial<GateOp> = {}): GateOp => ({
  kind: 'gate', name, qubits, params, ...extra,
});

export const circuit = (numQubits: number, ops: Op[], numClbits = 0): Circuit => ({ numQubits, numClbits, ops });

/** Largest |a_i − b_i| over interleaved complex entries. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]));
  return m;
}

/** |<a|b>|² for interleaved vectors. */
export function overlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let re = 0, im = 0;
  for (let i = 0; i < a.length; i += 2) {
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
  }
  return re * re + im * im;
}

/** Complex matrix from rows of [re, im] pairs. */
export function cmat(rows: [number, number][][]): Float64Array {
  return Float64Array.from(rows.flat(2));
}

/** A seeded random n×n Hermitian matrix, interleaved complex, row-major. */
export function randomHermitian(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    const re = rng.next() - 0.5, im = i === j ? 0 : rng.next() - 0.5;
    a[2 * (i * n + j)] = re; a[2 * (i * n + j) + 1] = im;
    a[2 * (j * n + i)] = re; a[2 * (j * n + i) + 1] = -im;
  }
  return a;
}
