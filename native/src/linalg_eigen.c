/* Hermitian eigen-decomposition on LAPACK (OpenBLAS's, which blocks zhetrd
 * onto level-3 BLAS and uses every core): zhetrd + dsterf for the spectrum,
 * then zstemr + zunmtr for the vectors of the largest eigenvalues only. A
 * density-matrix projection keeps a handful of them, and the reduction is
 * nearly all of the cost.
 *
 * The caller's matrix is interleaved (re, im) and row-major. Read as
 * column-major it is Aᵀ = conj(A), whose upper triangle is A's lower one:
 * LAPACK works on conj(A) with uplo = 'U', which has A's eigenvalues and the
 * conjugates of its eigenvectors. */
#include "linalg_eigen.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

typedef double _Complex zcomplex;

/* Debian's OpenBLAS 0.3.21 (zgemv_n vectorised by gcc 12) reads up to three
 * strides past the end of a strided vector, i.e. past the last column of a
 * matrix or workspace: a crash when that lands on an unmapped page, as it does
 * on worker threads. Every complex buffer handed to LAPACK carries that slack. */
static zcomplex *lapack_buffer(size_t count, int n) {
  return calloc(count + 4 * (size_t)n + 8, sizeof(zcomplex));
}

/* Fortran LAPACK; gfortran passes the lengths of character arguments last. */
extern void zhetrd_(const char *uplo, const int *n, zcomplex *a, const int *lda, double *d, double *e, zcomplex *tau,
                    zcomplex *work, const int *lwork, int *info, size_t uplo_len);
extern void dsterf_(const int *n, double *d, double *e, int *info);
extern void zstemr_(const char *jobz, const char *range, const int *n, double *d, double *e, const double *vl,
                    const double *vu, const int *il, const int *iu, int *m, double *w, zcomplex *z, const int *ldz,
                    const int *nzc, int *isuppz, int *tryrac, double *work, const int *lwork, int *iwork,
                    const int *liwork, int *info, size_t jobz_len, size_t range_len);
extern void zunmtr_(const char *side, const char *uplo, const char *trans, const int *m, const int *n,
                    const zcomplex *a, const int *lda, const zcomplex *tau, zcomplex *c, const int *ldc, zcomplex *work,
                    const int *lwork, int *info, size_t side_len, size_t uplo_len, size_t trans_len);

size_t qfs_reduction_bytes(int n) {
  return sizeof(zcomplex) * ((size_t)n * n + (size_t)n + 8 * (size_t)n + 16) + sizeof(double) * 2 * (size_t)n;
}

qfs_reduction *qfs_reduction_new(int n) {
  qfs_reduction *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->n = n;
  r->a = (double *)lapack_buffer((size_t)n * n, n);
  r->tau = (double *)lapack_buffer((size_t)n, n);
  r->d = malloc(sizeof(double) * n);
  r->e = calloc(n, sizeof(double));
  if (!r->a || !r->tau || !r->d || !r->e) {
    qfs_reduction_free(r);
    return NULL;
  }
  return r;
}

void qfs_reduction_free(qfs_reduction *r) {
  if (!r) return;
  free(r->a);
  free(r->tau);
  free(r->d);
  free(r->e);
  free(r);
}

const char *qfs_hermitian_reduce(qfs_reduction *r, double *values) {
  const int n = r->n;
  int info = 0, lwork = -1;
  zcomplex query;
  zhetrd_("U", &n, (zcomplex *)r->a, &n, r->d, r->e, (zcomplex *)r->tau, &query, &lwork, &info, 1);
  lwork = (int)creal(query);
  zcomplex *work = lapack_buffer(lwork > 1 ? lwork : 1, n);
  if (!work) return "out of memory for the zhetrd workspace";
  zhetrd_("U", &n, (zcomplex *)r->a, &n, r->d, r->e, (zcomplex *)r->tau, work, &lwork, &info, 1);
  free(work);
  if (info != 0) return "zhetrd rejected its arguments";

  double *e = malloc(sizeof(double) * n);
  if (!e) return "out of memory for dsterf";
  memcpy(values, r->d, sizeof(double) * n);
  memcpy(e, r->e, sizeof(double) * n);
  dsterf_(&n, values, e, &info);
  free(e);
  return info == 0 ? NULL : "dsterf did not converge";
}

/* Largest first and conjugated back: the columns came out ascending, for conj(A). */
static void reverse_and_conjugate(double *z, int n, int k) {
  const size_t col = 2 * (size_t)n;
  for (int i = 0, j = k - 1; i <= j; i++, j--) {
    double *p = z + col * i, *q = z + col * j;
    for (size_t t = 0; t < col; t += 2) {
      const double pr = p[t], pi = p[t + 1];
      p[t] = q[t];
      p[t + 1] = -q[t + 1];
      if (p != q) {
        q[t] = pr;
        q[t + 1] = -pi;
      }
    }
  }
}

/* Eigenvectors of T for eigenvalues il..iu (1-based, ascending) into z (n×k, column-major). */
static const char *tridiagonal_vectors(const qfs_reduction *r, int k, zcomplex *z) {
  const int n = r->n, il = n - k + 1, iu = n, nzc = k;
  const double vl = 0, vu = 0;
  int m = 0, tryrac = 1, info = 0, lwork = -1, liwork = -1, iquery = 0;
  double query = 0;
  double *d = malloc(sizeof(double) * n), *e = malloc(sizeof(double) * n), *w = malloc(sizeof(double) * n);
  int *isuppz = malloc(sizeof(int) * 2 * (size_t)k);
  double *work = NULL;
  int *iwork = NULL;
  const char *err = NULL;
  if (!d || !e || !w || !isuppz) {
    err = "out of memory for zstemr";
    goto done;
  }
  memcpy(d, r->d, sizeof(double) * n);
  memcpy(e, r->e, sizeof(double) * n);
  zstemr_("V", "I", &n, d, e, &vl, &vu, &il, &iu, &m, w, z, &n, &nzc, isuppz, &tryrac, &query, &lwork, &iquery,
          &liwork, &info, 1, 1);
  lwork = (int)query;
  liwork = iquery;
  work = malloc(sizeof(double) * (lwork > 1 ? lwork : 1));
  iwork = malloc(sizeof(int) * (liwork > 1 ? liwork : 1));
  if (!work || !iwork) {
    err = "out of memory for the zstemr workspace";
    goto done;
  }
  zstemr_("V", "I", &n, d, e, &vl, &vu, &il, &iu, &m, w, z, &n, &nzc, isuppz, &tryrac, work, &lwork, iwork, &liwork,
          &info, 1, 1);
  if (info != 0 || m != k) err = "zstemr failed to compute the eigenvectors";
done:
  free(d);
  free(e);
  free(w);
  free(isuppz);
  free(work);
  free(iwork);
  return err;
}

const char *qfs_hermitian_top_vectors(const qfs_reduction *r, int k, double *out) {
  const int n = r->n;
  if (k <= 0) return NULL;
  zcomplex *z = lapack_buffer((size_t)n * k, n);
  if (!z) return "out of memory for the eigenvectors";
  const char *err = tridiagonal_vectors(r, k, z);
  int info = 0, lwork = -1;
  zcomplex query, *work = NULL;
  if (!err) {
    zunmtr_("L", "U", "N", &n, &k, (const zcomplex *)r->a, &n, (const zcomplex *)r->tau, z, &n, &query, &lwork, &info,
            1, 1, 1);
    lwork = (int)creal(query);
    work = lapack_buffer(lwork > 1 ? lwork : 1, n);
    if (!work) err = "out of memory for the zunmtr workspace";
  }
  if (!err) {
    zunmtr_("L", "U", "N", &n, &k, (const zcomplex *)r->a, &n, (const zcomplex *)r->tau, z, &n, work, &lwork, &info,
            1, 1, 1);
    if (info != 0) err = "zunmtr rejected its arguments";
  }
  if (!err) {
    memcpy(out, z, sizeof(zcomplex) * (size_t)n * k);
    reverse_and_conjugate(out, n, k);
  }
  free(work);
  free(z);
  return err;
}
