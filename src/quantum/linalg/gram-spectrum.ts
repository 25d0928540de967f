// Eigenvalues of a Gram matrix G = M M† (the squared Schmidt coefficients of
// a state vector reshaped at a cut), pluggable so that a native routine (BLAS
// zherk + LAPACK, src/native-linalg.ts) can stand in for the TypeScript one.

import { gramMatrix } from './gram-matrix.js';
import { hermitianEigenvalues } from './hermitian-eigen.js';

/** `m`: complex rows×cols, element (a, b) interleaved at index a + rows·b. Returns the rows eigenvalues, ascending. */
export type GramSpectrum = (m: Float64Array, rows: number, cols: number) => Float64Array;

export const gramSpectrum: GramSpectrum = (m, rows, cols) => hermitianEigenvalues(gramMatrix(m, rows, cols), rows);
