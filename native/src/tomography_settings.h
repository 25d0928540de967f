/* Full Pauli tomography's simulated measurement, natively and on several
 * threads: the walk over all 3^n settings, multinomial shots at each setting
 * and their fold back into Pauli parity sums. The same computation, bit for
 * bit, as the TypeScript reference (typescriptSettingsKernel in
 * src/quantum/tomography/settings-kernel.ts). Plain C, no N-API:
 * tomography_binding.c binds it for JavaScript. */
#ifndef QFS_TOMOGRAPHY_SETTINGS_H
#define QFS_TOMOGRAPHY_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

/* 4^13 Pauli strings still have an int index, and 3^13 settings a uint32 one. */
#define QFS_SETTINGS_MAX_QUBITS 13
#define QFS_SETTINGS_MAX_THREADS 64

typedef struct {
  int n;
  /* Per setting, 1 to INT32_MAX. */
  uint32_t shots;
  /* Seeds the per-node shot streams (qfs_shot_stream_seed). */
  uint32_t stream_base;
  /* 4^n Pauli expectations of the measured state (readout error included). */
  const double *table;
  /* 4^n F_lin weights, or NULL: no moments. */
  const double *weights;
  int keep_counts;
  /* Threads to walk on (the caller's one included); results do not depend on it. */
  int threads;
} qfs_settings_input;

/* The counts of every setting, sparse, gathered per piece of the tree. */
typedef struct qfs_settings_counts qfs_settings_counts;

/* Writes `sums` (4^n: per Pauli string, its parity summed over all shots of
 * all compatible settings, an integer) and, when weights are given, `moments`
 * (2·3^n: per setting s, Σ_o c_o·x_o and Σ_o c_o·x_o² over its outcome counts
 * c_o, x_o the outcome's F_lin weight). With keep_counts, *counts receives the
 * counts (free with qfs_settings_counts_free). Returns NULL, or what failed. */
const char *qfs_settings_run(const qfs_settings_input *in, double *sums, double *moments, qfs_settings_counts **counts);

/* Number of (outcome, count) records over all settings. */
size_t qfs_settings_counts_total(const qfs_settings_counts *c);

/* Setting s's records go to [offsets[s], offsets[s+1]) of outcomes/counts, in
 * outcome order; offsets has 3^n + 1 entries. An empty range: not measured. */
void qfs_settings_counts_copy(const qfs_settings_counts *c, uint32_t *offsets, int32_t *outcomes, double *counts);

void qfs_settings_counts_free(qfs_settings_counts *c);

#endif
