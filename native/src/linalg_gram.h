/* Spectrum of a Gram matrix G = M Mᴴ: Schmidt coefficients (squared) of a
 * state vector reshaped at a cut. Plain C, no N-API. */
#ifndef QFS_LINALG_GRAM_H
#define QFS_LINALG_GRAM_H

/* m: complex rows×cols, element (a, b) interleaved at index a + rows·b
 * (column-major). Writes the rows eigenvalues of M Mᴴ, ascending, to values.
 * Returns NULL, or a message saying what failed. */
const char *qfs_gram_eigenvalues(const double *m, int rows, int cols, double *values);

#endif
