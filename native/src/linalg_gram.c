/* G = M Mᴴ by BLAS zherk (level 3, on every core OpenBLAS has). For the
 * spectrum, the eigenvalues follow by the reduction of linalg_eigen.c: M's
 * layout is already column-major, BLAS's own, and zherk writes G's upper
 * triangle, the one the reduction reads. */
#include "linalg_gram.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg_eigen.h"

typedef double _Complex zcomplex;

extern void zherk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
                   const zcomplex *a, const int *lda, const double *beta, zcomplex *c, const int *ldc, size_t uplo_len,
                   size_t trans_len);

const char *qfs_gram_eigenvalues(const double *m, int rows, int cols, double *values) {
  qfs_reduction *r = qfs_reduction_new(rows);
  /* A copy with slack after it: OpenBLAS may read a little past a matrix's end (see linalg_eigen.c). */
  zcomplex *a = calloc((size_t)rows * cols + 4 * (size_t)(rows > cols ? rows : cols) + 8, sizeof(zcomplex));
  if (!r || !a) {
    qfs_reduction_free(r);
    free(a);
    return "out of memory for the Gram matrix";
  }
  memcpy(a, m, sizeof(zcomplex) * (size_t)rows * cols);
  const double one = 1, zero = 0;
  zherk_("U", "N", &rows, &cols, &one, a, &rows, &zero, (zcomplex *)r->a, &rows, 1, 1);
  free(a);
  const char *err = qfs_hermitian_reduce(r, values);
  qfs_reduction_free(r);
  return err;
}

const char *qfs_weighted_outer_sum(const double *vectors, const double *weights, int n, int k, double *out) {
  if (k == 0) {
    memset(out, 0, 2 * sizeof(double) * (size_t)n * n);
    return NULL;
  }
  /* A = [√w_j v_j], column-major n×k; ρ = A Aᴴ. */
  zcomplex *a = calloc((size_t)n * k + 4 * (size_t)n + 8, sizeof(zcomplex));
  zcomplex *c = calloc((size_t)n * n + 4 * (size_t)n + 8, sizeof(zcomplex));
  if (!a || !c) {
    free(a);
    free(c);
    return "out of memory for the outer products";
  }
  const zcomplex *v = (const zcomplex *)vectors;
  for (int j = 0; j < k; j++) {
    const double s = sqrt(weights[j] > 0 ? weights[j] : 0);
    for (int i = 0; i < n; i++) a[(size_t)j * n + i] = s * v[(size_t)j * n + i];
  }
  const double one = 1, zero = 0;
  zherk_("U", "N", &n, &k, &one, a, &n, &zero, c, &n, 1, 1);
  /* c[r + n·col] = ρ_r,col for r ≤ col: row-major (r, col) takes it, (col, r) its conjugate. */
  zcomplex *o = (zcomplex *)out;
  for (size_t col = 0; col < (size_t)n; col++) {
    for (size_t r = 0; r < col; r++) {
      const zcomplex x = c[r + (size_t)n * col];
      o[r * n + col] = x;
      o[col * n + r] = conj(x);
    }
    out[2 * (col * n + col)] = creal(c[col + (size_t)n * col]);
    out[2 * (col * n + col) + 1] = 0;
  }
  free(a);
  free(c);
  return NULL;
}
