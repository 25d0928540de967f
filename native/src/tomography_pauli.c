/* The Pauli transform of pauli-basis.ts, cache-blocked: the per-qubit maps
 * on the 2×2 blocks of each qubit are the same, applied in the same order
 * (qubit 0 first) with the same operations, so the results are identical; only
 * the traversal differs. Qubits 0..LOW_QUBITS−1 stay inside tiles of
 * 2^LOW_QUBITS × 2^LOW_QUBITS entries (16 KiB); the others pair rows and
 * columns 2^LOW_QUBITS apart and are done on gathered tiles of such rows and
 * columns. Three passes over the matrix instead of n. */
#include "tomography_pauli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "parallel_range.h"

#define LOW_QUBITS 5
/* Columns gathered together for the high qubits: one 64-byte line of complex doubles. */
#define LINE 4

typedef struct {
  int low, high;
  size_t dim, side;
} layout;

static layout layout_of(int n) {
  layout l;
  l.low = n < LOW_QUBITS ? n : LOW_QUBITS;
  l.high = n - l.low;
  l.dim = (size_t)1 << n;
  l.side = (size_t)1 << l.low;
  return l;
}

/* One 2×2 block (a = row bit 0, column bit 0; b: column bit set; c: row bit set; e: both). */
static inline void quad(double *a, double *b, double *c, double *e, int to_pauli) {
  const double ar = a[0], ai = a[1], br = b[0], bi = b[1], cr = c[0], ci = c[1], er = e[0], ei = e[1];
  if (to_pauli) {
    /* Tr(Iρ) = ρ00 + ρ11, Tr(Xρ) = ρ01 + ρ10, Tr(Yρ) = i(ρ01 − ρ10), Tr(Zρ) = ρ00 − ρ11 */
    a[0] = ar + er, a[1] = ai + ei;
    b[0] = br + cr, b[1] = bi + ci;
    c[0] = ci - bi, c[1] = br - cr;
    e[0] = ar - er, e[1] = ai - ei;
  } else {
    /* (I, X, Y, Z) → ρ00 = (I+Z)/2, ρ01 = (X − iY)/2, ρ10 = (X + iY)/2, ρ11 = (I−Z)/2 */
    a[0] = (ar + er) / 2, a[1] = (ai + ei) / 2;
    b[0] = (br + ci) / 2, b[1] = (bi - cr) / 2;
    c[0] = (br - ci) / 2, c[1] = (bi + cr) / 2;
    e[0] = (ar - er) / 2, e[1] = (ai - ei) / 2;
  }
}

/*
 * Qubits q = 0..count−1 in turn on a tile whose entry (i, j) is at
 * t + 2(i·stride + j) (2^rows_log rows, 2^cols_log columns): qubit q pairs
 * row bit q with column bit col_bit0 + q.
 */
static void tile_transform(double *t, size_t stride, int rows_log, int cols_log, int col_bit0, int count, int to_pauli) {
  const size_t rows = (size_t)1 << rows_log, cols = (size_t)1 << cols_log;
  for (int q = 0; q < count; q++) {
    const size_t rbit = (size_t)1 << q, cbit = (size_t)1 << (col_bit0 + q);
    for (size_t i0 = 0; i0 < rows; i0 += 2 * rbit) {
      for (size_t i = i0; i < i0 + rbit; i++) {
        double *ra = t + 2 * i * stride, *rc = t + 2 * (i + rbit) * stride;
        for (size_t j0 = 0; j0 < cols; j0 += 2 * cbit) {
          for (size_t j = j0; j < j0 + cbit; j++) quad(ra + 2 * j, ra + 2 * (j + cbit), rc + 2 * j, rc + 2 * (j + cbit), to_pauli);
        }
      }
    }
  }
}

/* ρ_rc = ψ_r conj(ψ_c) on a tile: x the tile's rows' amplitudes, y its columns'. */
static void outer_tile(double *t, layout l, const double *x, const double *y) {
  for (size_t i = 0; i < l.side; i++) {
    const double xr = x[2 * i], xi = x[2 * i + 1];
    double *row = t + 2 * i * l.dim;
    for (size_t j = 0; j < l.side; j++) {
      row[2 * j] = xr * y[2 * j] + xi * y[2 * j + 1];
      row[2 * j + 1] = xi * y[2 * j] - xr * y[2 * j + 1];
    }
  }
}

/* Tile (ti, tj) of the low qubits: rows ti·side.., columns tj·side... */
static double *tile_at(double *m, layout l, size_t ti, size_t tj) {
  return m + 2 * (ti * l.side * l.dim + tj * l.side);
}

/* One job's matrix, source and direction, shared by the threads of each pass. */
typedef struct {
  double *m;
  layout l;
  /* Low pass: fill each tile with |ψ⟩⟨ψ| first. */
  const double *psi;
  int to_pauli;
  /* Permutation: the 4^n expectations, written (gather) or read (scatter). */
  double *pauli;
  const double *expectations;
  /* A pass whose buffer could not be allocated. */
  int failed;
} job;

/* Rows of tiles [from, to) of the low qubits; with psi, each tile is first filled (in cache) with its entries of |ψ⟩⟨ψ|. */
static void low_qubits(void *context, size_t from, size_t to) {
  job *j = context;
  const layout l = j->l;
  const size_t tiles = l.dim / l.side;
  for (size_t ti = from; ti < to; ti++) {
    for (size_t tj = 0; tj < tiles; tj++) {
      double *t = tile_at(j->m, l, ti, tj);
      if (j->psi) outer_tile(t, l, j->psi + 2 * ti * l.side, j->psi + 2 * tj * l.side);
      tile_transform(t, l.dim, l.low, l.low, 0, l.low, j->to_pauli);
    }
  }
}

/*
 * The high qubits on gathered tiles, row offsets r in [from, to): for each
 * group of LINE columns c.., the rows r + side·i and columns c + s + side·h,
 * all i and h, with qubit low + q on local row bit q and column bit
 * log2(group) + q.
 */
static void high_qubits(void *context, size_t from, size_t to) {
  job *j = context;
  const layout l = j->l;
  double *m = j->m;
  const size_t group = l.side < LINE ? l.side : LINE, rows = (size_t)1 << l.high, cols = rows * group;
  int group_log = 0;
  while (((size_t)1 << group_log) < group) group_log++;
  double *buf = malloc(2 * sizeof(double) * rows * cols);
  if (!buf) {
    j->failed = 1;
    return;
  }
  for (size_t r = from; r < to; r++) {
    for (size_t c = 0; c < l.side; c += group) {
      for (size_t i = 0; i < rows; i++) {
        const double *src = m + 2 * ((r + l.side * i) * l.dim + c);
        for (size_t h = 0; h < rows; h++) memcpy(buf + 2 * (i * cols + h * group), src + 2 * l.side * h, 2 * sizeof(double) * group);
      }
      tile_transform(buf, cols, l.high, l.high + group_log, group_log, l.high, j->to_pauli);
      for (size_t i = 0; i < rows; i++) {
        double *dst = m + 2 * ((r + l.side * i) * l.dim + c);
        for (size_t h = 0; h < rows; h++) memcpy(dst + 2 * l.side * h, buf + 2 * (i * cols + h * group), 2 * sizeof(double) * group);
      }
    }
  }
  free(buf);
}

/* Bit k of x moved to bit 2k, for x < 2^bits. */
static void spread_bits(size_t *t, int bits) {
  t[0] = 0;
  for (size_t x = 1; x < ((size_t)1 << bits); x++) t[x] = (t[x >> 1] << 2) | (x & 1);
}

/*
 * Pauli p = 2·spread(row) + spread(column) sits at (row, column): moved
 * between p order and the matrix's real parts one low tile (a block of 4^low
 * consecutive p) at a time, for the rows of tiles [from, to).
 */
static void permute(void *context, size_t from, size_t to) {
  job *j = context;
  const layout l = j->l;
  size_t lo[1 << LOW_QUBITS], hi[1 << (QFS_PAULI_MAX_QUBITS - LOW_QUBITS)];
  spread_bits(lo, l.low);
  spread_bits(hi, l.high);
  const size_t tiles = (size_t)1 << l.high;
  for (size_t ti = from; ti < to; ti++) {
    for (size_t tj = 0; tj < tiles; tj++) {
      const size_t block = (2 * hi[ti] + hi[tj]) << (2 * l.low);
      double *t = tile_at(j->m, l, ti, tj);
      for (size_t i = 0; i < l.side; i++) {
        double *row = t + 2 * i * l.dim;
        if (j->pauli) {
          double *pr = j->pauli + block + 2 * lo[i];
          for (size_t c = 0; c < l.side; c++) pr[lo[c]] = row[2 * c];
        } else {
          const double *pr = j->expectations + block + 2 * lo[i];
          for (size_t c = 0; c < l.side; c++) row[2 * c] = pr[lo[c]], row[2 * c + 1] = 0;
        }
      }
    }
  }
}

static const char *run(job *j, int threads) {
  const size_t tile_rows = j->l.dim / j->l.side;
  if (!j->to_pauli) qfs_parallel_range(permute, j, (size_t)1 << j->l.high, threads);
  qfs_parallel_range(low_qubits, j, tile_rows, threads);
  if (j->l.high > 0) qfs_parallel_range(high_qubits, j, j->l.side, threads);
  if (j->to_pauli) qfs_parallel_range(permute, j, (size_t)1 << j->l.high, threads);
  return j->failed ? "out of memory for the Pauli transform" : NULL;
}

const char *qfs_pauli_from_density(double *work, int n, double *out, int threads) {
  job j = {.m = work, .l = layout_of(n), .to_pauli = 1, .pauli = out};
  return run(&j, threads);
}

const char *qfs_pauli_from_state(const double *psi, int n, double *work, double *out, int threads) {
  job j = {.m = work, .l = layout_of(n), .psi = psi, .to_pauli = 1, .pauli = out};
  return run(&j, threads);
}

const char *qfs_density_from_pauli(const double *expectations, int n, double *rho, int threads) {
  job j = {.m = rho, .l = layout_of(n), .to_pauli = 0, .expectations = expectations};
  return run(&j, threads);
}
