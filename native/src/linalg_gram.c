/* G = M Mᴴ by BLAS zherk (level 3, on every core OpenBLAS has), then the
 * eigenvalues by the reduction of linalg_eigen.c. M's layout is already
 * column-major, BLAS's own, and zherk writes G's upper triangle, the one the
 * reduction reads. */
#include "linalg_gram.h"

#include <complex.h>
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
