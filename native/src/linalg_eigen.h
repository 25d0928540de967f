/* Hermitian eigen-decomposition on LAPACK in two stages: reduce once (all
 * eigenvalues), then compute the eigenvectors of the largest few on demand.
 * Plain C, no N-API: linalg_module.c binds it for JavaScript. */
#ifndef QFS_LINALG_EIGEN_H
#define QFS_LINALG_EIGEN_H

#include <stddef.h>

/* A complex Hermitian n×n matrix after zhetrd: Q and T = Qᴴ A Q. */
typedef struct {
  int n;
  /* 2n² doubles: the input (interleaved, row-major), overwritten by the reflectors. */
  double *a;
  /* 2n doubles: the reflectors' scalar factors (complex). */
  double *tau;
  /* n doubles each: diagonal and sub-diagonal of T. */
  double *d;
  double *e;
} qfs_reduction;

/* Allocates the buffers of an n×n reduction; NULL when out of memory. */
qfs_reduction *qfs_reduction_new(int n);
void qfs_reduction_free(qfs_reduction *r);
size_t qfs_reduction_bytes(int n);

/* Reduces r->a (filled by the caller) and writes all n eigenvalues, ascending,
 * to values. Returns NULL, or a message saying what failed. */
const char *qfs_hermitian_reduce(qfs_reduction *r, double *values);

/* Writes the unit eigenvectors of the k largest eigenvalues, largest first,
 * vector j interleaved at out[2n·j]. Reads r only, so calls may overlap.
 * Returns NULL, or a message saying what failed. */
const char *qfs_hermitian_top_vectors(const qfs_reduction *r, int k, double *out);

#endif
