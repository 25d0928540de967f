/* Gram matrices G = M Mᴴ on BLAS: the spectrum of one (Schmidt coefficients,
 * squared, of a state vector reshaped at a cut), and a density matrix
 * rebuilt from weighted eigenvectors. Plain C, no N-API. */
#ifndef QFS_LINALG_GRAM_H
#define QFS_LINALG_GRAM_H

/* m: complex rows×cols, element (a, b) interleaved at index a + rows·b
 * (column-major). Writes the rows eigenvalues of M Mᴴ, ascending, to values.
 * Returns NULL, or a message saying what failed. */
const char *qfs_gram_eigenvalues(const double *m, int rows, int cols, double *values);

/* Σ_j w_j v_j v_jᴴ over k vectors of length n (v_j interleaved at 2n·j,
 * w_j ≥ 0) into out: interleaved row-major n×n, its upper triangle the exact
 * conjugate of the lower, a real diagonal. Returns NULL, or what failed. */
const char *qfs_weighted_outer_sum(const double *vectors, const double *weights, int n, int k, double *out);

#endif
