/* The setting-tree walk of src/quantum/tomography/setting-tree.ts with the
 * visitor of settings-kernel.ts, in C and on several threads.
 *
 * The top UNIT_LEVEL levels cut the tree into 3^UNIT_LEVEL pieces (units);
 * threads take units in turn, and each unit leaves its folded table at level
 * UNIT_LEVEL in a slot of its own. The calling thread then folds the units up
 * to the root in tree order. Nothing depends on which thread ran a unit: each
 * last-level node draws from its own stream (tomography_rng.h), the folded
 * sums are integers (exact in any order), and a setting's moments are summed
 * inside the setting in the reference's fixed order (eight lanes).
 *
 * Every floating-point expression is the TypeScript one, in the same order
 * and with no fused multiply-add (-ffp-contract=off), so that the draws and
 * moments are bit-identical to the reference; where the loops differ (a
 * threshold computed once per node, a first fold that assigns instead of
 * adding to zero), the values are the same. */
#include "tomography_settings.h"

#include <float.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tomography_rng.h"

/* 27 units: fine enough that two threads end together even when one core is busy elsewhere. */
#define UNIT_LEVEL 3
/* Guide buckets per outcome. Any power of two gives the same draws (see draw_setting). */
#define GUIDE_PER_OUTCOME 2
#define MAX_SOURCES 2
/* The hot vector loops, also compiled for AVX2 and chosen when the library
 * loads: the same IEEE additions and multiplications four doubles at a time
 * (no FMA), so the results do not change. */
#define VECTOR_LOOPS __attribute__((target_clones("avx2", "default")))
/* 2^-960: the least probability mass a node may have (LastQubitSampler's MIN_MASS). */
#define QFS_MIN_MASS 0x1p-960

typedef struct {
  int32_t outcome;
  uint32_t count;
} record;

struct qfs_settings_counts {
  size_t settings;
  int units;
  /* Per setting: its records, a range of its unit's buffer. */
  uint32_t *length;
  size_t *start;
  uint16_t *unit;
  /* Per unit: the records of its settings, in visit order. */
  record **records;
  size_t *records_length;
};

/* What the threads share: the input, the units' slots, the outputs. */
typedef struct {
  const qfs_settings_input *in;
  int n, last, level, sources, units;
  size_t half;
  double *unit_up;
  size_t unit_size;
  double *moments;
  qfs_settings_counts *counts;
  atomic_int next_unit;
  atomic_int failed;
} walk;

/* One thread's tables and sampler. */
typedef struct {
  walk *w;
  /* down[s][j]: source s at level j; down[s][0] is the input. */
  double *down[MAX_SOURCES][QFS_SETTINGS_MAX_QUBITS];
  /* up[j] for the levels below the units'. */
  double *up[QFS_SETTINGS_MAX_QUBITS];
  double *cdf;
  /* Per basis b, (I + B)/2 of each outcome: below it in the outcome's interval, qubit n−1 reads 0. */
  double *threshold;
  uint32_t *guide;
  /* Counts of the setting being drawn, int32 so that they convert to double as vectors. */
  int32_t *hist;
  int guide_shift;
  /* The down tables of levels 1..ready belong to the prefix digits[0..ready−1]. */
  int digits[QFS_SETTINGS_MAX_QUBITS];
  int ready;
  /* The current unit's count records. */
  record *records;
  size_t records_length, records_capacity;
  void *block;
  pthread_t thread;
  int started;
} worker;

static size_t power(size_t base, int exponent) {
  size_t p = 1;
  while (exponent-- > 0) p *= base;
  return p;
}

/* Entries of a level-j table: 2^j outcomes × 4^(n−j) Pauli digits. */
static size_t level_size(int n, int j) {
  return power(2, j) * power(4, n - j);
}

/* Level j → j+1 choosing basis digit−1 for qubit j: (I, B) → (I + B, I − B). */
VECTOR_LOOPS static void split(const double *restrict parent, double *restrict child, size_t rests, size_t b, size_t digit) {
  for (size_t r = 0; r < rests; r++) {
    const double *restrict p0 = parent + r * 4 * b, *restrict pb = p0 + digit * b;
    double *restrict c0 = child + r * 2 * b, *restrict c1 = c0 + b;
    for (size_t o = 0; o < b; o++) {
      const double id = p0[o], bv = pb[o];
      c0[o] = id + bv;
      c1[o] = id - bv;
    }
  }
}

/*
 * Level j+1 → j: I += f0 + f1, B = f0 − f1; the first child (`first`)
 * assigns I instead of adding to the reference's zeroed table, which is the
 * same (the sums are integers, never −0) and spares zeroing it.
 */
VECTOR_LOOPS static void fold(const double *restrict child, double *restrict parent, size_t rests, size_t b, size_t digit, int first) {
  for (size_t r = 0; r < rests; r++) {
    double *restrict p0 = parent + r * 4 * b, *restrict pb = p0 + digit * b;
    const double *restrict c0 = child + r * 2 * b, *restrict c1 = c0 + b;
    if (first) {
      for (size_t o = 0; o < b; o++) {
        const double f0 = c0[o], f1 = c1[o];
        p0[o] = f0 + f1;
        pb[o] = f0 - f1;
      }
    } else {
      for (size_t o = 0; o < b; o++) {
        const double f0 = c0[o], f1 = c1[o];
        p0[o] += f0 + f1;
        pb[o] = f0 - f1;
      }
    }
  }
}

/* Per basis b, (I + B)/2 of each outcome. */
VECTOR_LOOPS static void thresholds(const double *restrict t, size_t half, double *restrict out) {
  for (int b = 0; b < 3; b++) {
    const double *restrict tb = t + (size_t)(b + 1) * half;
    double *restrict th = out + (size_t)b * half;
    for (size_t o = 0; o < half; o++) th[o] = (t[o] + tb[o]) / 2;
  }
}

/*
 * The node's cumulative table of qubits 0..n−2, its thresholds and its guide
 * (LastQubitSampler.prepare). 0: no mass (or an unusable one). A usable total
 * is finite and far from underflow, so that every u = r·total/2^32 stays
 * below it, and the searches below stop inside the table without bounds
 * checks.
 */
static int prepare_node(worker *k, const double *t) {
  const size_t half = k->w->half, buckets = GUIDE_PER_OUTCOME * half;
  double *cdf = k->cdf;
  double sum = 0;
  cdf[0] = 0;
  for (size_t o = 0; o < half; o++) {
    const double p = t[o];
    if (p > 0) sum += p;
    cdf[o + 1] = sum;
  }
  if (!(sum >= QFS_MIN_MASS && sum <= DBL_MAX)) return 0;
  thresholds(t, half, k->threshold);
  const double step = sum / (double)buckets;
  for (size_t g = 0, o = 0; g < buckets; g++) {
    const double at = (double)g * step;
    while (cdf[o + 1] <= at) o++;
    k->guide[g] = (uint32_t)o;
  }
  return 1;
}

/*
 * Histogram of `shots` draws for basis b of the last qubit
 * (LastQubitSampler.draw). Outcome o of the other qubits is the first whose
 * interval ends past u, whatever the guide's size: the guide only says where
 * to start looking (at or before o, as g·step ≤ u), so the draws are the
 * reference's. The histogram starts zeroed (sweep_setting clears it).
 */
static void draw_setting(worker *k, int b, qfs_xoshiro128 *rng) {
  const size_t half = k->w->half;
  const uint32_t high = (uint32_t)half;
  const double *cdf = k->cdf, *threshold = k->threshold + (size_t)b * half;
  const uint32_t *guide = k->guide;
  int32_t *hist = k->hist;
  const int shift = k->guide_shift;
  const double scale = k->cdf[half] / 4294967296.0;
  for (uint32_t s = k->w->in->shots; s > 0; s--) {
    const uint32_t r = qfs_xoshiro128_next(rng);
    const double u = (double)r * scale;
    uint32_t o = guide[r >> shift];
    /* Written as arithmetic: the outcomes are random, a branch would mispredict. */
    o += (uint32_t)(cdf[o + 1] <= u);
    while (cdf[o + 1] <= u) o++;
    const uint32_t one = (uint32_t)(u - cdf[o] >= threshold[o]);
    hist[o + (high & (0u - one))]++;
  }
}

/*
 * A setting's histogram into the node's `up` (I += f0 + f1 unless `first`,
 * which assigns; B = f0 − f1), and, with weights wt, its moments Σ c·x and
 * Σ c·x² (x the outcome's F_lin weight) into out: each summed in eight lanes,
 * outcome o in lane 4·[o ≥ half] + (o mod 4), added as
 * ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), the reference's order
 * (empty outcomes add ±0, which changes no lane). Clears the histogram.
 */
VECTOR_LOOPS static void sweep_setting(worker *k, int b, int first, double *restrict up, const double *restrict wt, double *out) {
  const size_t half = k->w->half;
  int32_t *restrict lo = k->hist, *restrict hi = k->hist + half;
  double *restrict ub = up + (size_t)(b + 1) * half;
  const double *restrict wb = wt ? wt + (size_t)(b + 1) * half : NULL;
  const double scale = 1.0 / (double)(2 * half);
  double m1[8] = {0}, m2[8] = {0};
  if (wb && half >= 4) {
    /* Lanes by o mod 4 in each half: vectors of four, no index arithmetic. */
    for (size_t o = 0; o < half; o += 4) {
      for (int l = 0; l < 4; l++) {
        const double c0 = lo[o + l], c1 = hi[o + l];
        const double x0 = (wt[o + l] + wb[o + l]) * scale, x1 = (wt[o + l] - wb[o + l]) * scale;
        const double y0 = c0 * x0, y1 = c1 * x1;
        m1[l] += y0;
        m2[l] += y0 * x0;
        m1[4 + l] += y1;
        m2[4 + l] += y1 * x1;
      }
    }
  } else if (wb) {
    for (size_t o = 0; o < 2 * half; o++) {
      const size_t rest = o & (half - 1), lane = (o < half ? 0 : 4) + (o & 3);
      const double c = k->hist[o], x = (o < half ? wt[rest] + wb[rest] : wt[rest] - wb[rest]) * scale;
      m1[lane] += c * x;
      m2[lane] += c * x * x;
    }
  }
  if (wb) {
    out[0] = ((m1[0] + m1[1]) + (m1[2] + m1[3])) + ((m1[4] + m1[5]) + (m1[6] + m1[7]));
    out[1] = ((m2[0] + m2[1]) + (m2[2] + m2[3])) + ((m2[4] + m2[5]) + (m2[6] + m2[7]));
  }
  if (first) {
    for (size_t o = 0; o < half; o++) {
      const double f0 = lo[o], f1 = hi[o];
      up[o] = f0 + f1;
      ub[o] = f0 - f1;
      lo[o] = hi[o] = 0;
    }
  } else {
    for (size_t o = 0; o < half; o++) {
      const double f0 = lo[o], f1 = hi[o];
      up[o] += f0 + f1;
      ub[o] = f0 - f1;
      lo[o] = hi[o] = 0;
    }
  }
}

static int keep_setting_counts(worker *k, size_t setting) {
  const size_t half = k->w->half;
  if (k->records_capacity - k->records_length < 2 * half) {
    size_t cap = k->records_capacity ? 2 * k->records_capacity : 16 * half;
    record *grown = realloc(k->records, sizeof(record) * cap);
    if (!grown) return 0;
    k->records = grown;
    k->records_capacity = cap;
  }
  const size_t start = k->records_length;
  for (size_t o = 0; o < 2 * half; o++) {
    if (!k->hist[o]) continue;
    k->records[k->records_length].outcome = (int32_t)o;
    k->records[k->records_length++].count = (uint32_t)k->hist[o];
  }
  qfs_settings_counts *c = k->w->counts;
  c->start[setting] = start;
  c->length[setting] = (uint32_t)(k->records_length - start);
  return 1;
}

/* The three settings below a last-level node: shots, fold into `up`, moments, counts. */
static int visit_node(worker *k, uint32_t setting, double *up) {
  walk *w = k->w;
  const size_t half = w->half, per_basis = power(3, w->n - 1);
  const double *t = k->down[0][w->last], *wt = w->sources > 1 ? k->down[1][w->last] : NULL;
  if (!prepare_node(k, t)) { /* no probability mass: measured, nothing seen */
    memset(up, 0, sizeof(double) * 4 * half);
    return 1;
  }
  qfs_xoshiro128 rng = qfs_xoshiro128_seeded(qfs_shot_stream_seed(w->in->stream_base, setting));
  for (int b = 0; b < 3; b++) {
    const size_t s = setting + (size_t)b * per_basis;
    draw_setting(k, b, &rng);
    if (w->counts && !keep_setting_counts(k, s)) return 0;
    sweep_setting(k, b, b == 0, up, wt, wt ? w->moments + 2 * s : NULL);
  }
  return 1;
}

/* Depth-first below level j (≥ the units' level); `acc` takes level j's folded table. */
static int descend(worker *k, int j, uint32_t setting, double *acc) {
  walk *w = k->w;
  if (j == w->last) return visit_node(k, setting, acc);
  const size_t b = power(2, j), rests = power(4, w->n - j - 1);
  const uint32_t stride = (uint32_t)power(3, j);
  for (int basis = 0; basis < 3; basis++) {
    for (int s = 0; s < w->sources; s++) split(k->down[s][j], k->down[s][j + 1], rests, b, basis + 1);
    if (!descend(k, j + 1, setting + basis * stride, k->up[j + 1])) return 0;
    fold(k->up[j + 1], acc, rests, b, basis + 1, basis == 0);
  }
  return 1;
}

/* Unit u (its digits read most significant first, as the tree is walked). */
static int run_unit(worker *k, int u) {
  walk *w = k->w;
  const int level = w->level;
  int digits[QFS_SETTINGS_MAX_QUBITS] = {0};
  uint32_t setting = 0;
  for (int j = level - 1, rest = u; j >= 0; j--, rest /= 3) digits[j] = rest % 3;
  for (int j = 0; j < level; j++) setting += (uint32_t)digits[j] * (uint32_t)power(3, j);
  /* Down tables shared with the previous unit's prefix are kept. */
  int from = 0;
  while (from < k->ready && k->digits[from] == digits[from]) from++;
  for (int j = from; j < level; j++) {
    for (int s = 0; s < w->sources; s++) {
      split(k->down[s][j], k->down[s][j + 1], power(4, w->n - j - 1), power(2, j), digits[j] + 1);
    }
    k->digits[j] = digits[j];
  }
  k->ready = level;
  k->records_length = 0;
  if (!descend(k, level, setting, w->unit_up + (size_t)u * w->unit_size)) return 0;
  if (w->counts) {
    /* The unit's records move to the result; the next unit starts a buffer of its own. */
    w->counts->records[u] = k->records;
    w->counts->records_length[u] = k->records_length;
    k->records = NULL;
    k->records_length = k->records_capacity = 0;
  }
  return 1;
}

static void *worker_main(void *arg) {
  worker *k = arg;
  walk *w = k->w;
  while (!atomic_load(&w->failed)) {
    const int u = atomic_fetch_add(&w->next_unit, 1);
    if (u >= w->units) break;
    if (!run_unit(k, u)) atomic_store(&w->failed, 1);
  }
  return NULL;
}

static int worker_init(worker *k, walk *w) {
  memset(k, 0, sizeof *k);
  k->w = w;
  const int n = w->n;
  size_t doubles = 0;
  for (int j = 1; j <= w->last; j++) doubles += (size_t)w->sources * level_size(n, j);
  for (int j = w->level + 1; j <= w->last; j++) doubles += level_size(n, j);
  doubles += w->half + 1 + 3 * w->half;
  const size_t buckets = GUIDE_PER_OUTCOME * w->half;
  k->block = calloc(1, sizeof(double) * doubles + sizeof(uint32_t) * (buckets + 2 * w->half));
  if (!k->block) return 0;
  double *p = k->block;
  for (int s = 0; s < w->sources; s++) {
    k->down[s][0] = (double *)(s == 0 ? w->in->table : w->in->weights);
    for (int j = 1; j <= w->last; j++) {
      k->down[s][j] = p;
      p += level_size(n, j);
    }
  }
  for (int j = w->level + 1; j <= w->last; j++) {
    k->up[j] = p;
    p += level_size(n, j);
  }
  k->cdf = p;
  p += w->half + 1;
  k->threshold = p;
  p += 3 * w->half;
  k->guide = (uint32_t *)p;
  k->hist = (int32_t *)(k->guide + buckets);
  int log2_buckets = 0;
  while (((size_t)1 << log2_buckets) < buckets) log2_buckets++;
  k->guide_shift = 32 - log2_buckets;
  return 1;
}

static void worker_free(worker *k) {
  free(k->block);
  free(k->records);
}

/* Level j's table of the units below `unit` (a node at level j), folded into acc. */
static void fold_units(const walk *w, int j, size_t unit, double *acc, double **tmp) {
  const size_t b = power(2, j), rests = power(4, w->n - j - 1);
  for (int basis = 0; basis < 3; basis++) {
    const size_t child_unit = 3 * unit + basis;
    double *child;
    if (j + 1 == w->level) {
      child = w->unit_up + child_unit * w->unit_size;
    } else {
      child = tmp[j + 1];
      fold_units(w, j + 1, child_unit, child, tmp);
    }
    fold(child, acc, rests, b, basis + 1, basis == 0);
  }
}

static qfs_settings_counts *counts_new(size_t settings, int units) {
  qfs_settings_counts *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->settings = settings;
  c->units = units;
  c->length = calloc(settings, sizeof *c->length);
  c->start = calloc(settings, sizeof *c->start);
  c->unit = calloc(settings, sizeof *c->unit);
  c->records = calloc(units, sizeof *c->records);
  c->records_length = calloc(units, sizeof *c->records_length);
  if (!c->length || !c->start || !c->unit || !c->records || !c->records_length) {
    qfs_settings_counts_free(c);
    return NULL;
  }
  return c;
}

void qfs_settings_counts_free(qfs_settings_counts *c) {
  if (!c) return;
  if (c->records) {
    for (int u = 0; u < c->units; u++) free(c->records[u]);
  }
  free(c->records);
  free(c->records_length);
  free(c->length);
  free(c->start);
  free(c->unit);
  free(c);
}

size_t qfs_settings_counts_total(const qfs_settings_counts *c) {
  size_t total = 0;
  for (size_t s = 0; s < c->settings; s++) total += c->length[s];
  return total;
}

void qfs_settings_counts_copy(const qfs_settings_counts *c, uint32_t *offsets, int32_t *outcomes, double *counts) {
  size_t at = 0;
  offsets[0] = 0;
  for (size_t s = 0; s < c->settings; s++) {
    if (c->length[s] > 0) {
      const record *r = c->records[c->unit[s]] + c->start[s];
      for (uint32_t i = 0; i < c->length[s]; i++, at++) {
        outcomes[at] = r[i].outcome;
        counts[at] = r[i].count;
      }
    }
    offsets[s + 1] = (uint32_t)at;
  }
}

/* Which unit each setting belongs to: its low `level` base-3 digits, read most significant first. */
static void assign_units(qfs_settings_counts *c, int level) {
  for (size_t s = 0; s < c->settings; s++) {
    size_t u = 0, rest = s;
    for (int j = 0; j < level; j++, rest /= 3) u = 3 * u + rest % 3;
    c->unit[s] = (uint16_t)u;
  }
}

const char *qfs_settings_run(const qfs_settings_input *in, double *sums, double *moments, qfs_settings_counts **counts) {
  const int n = in->n;
  if (n < 1 || n > QFS_SETTINGS_MAX_QUBITS) return "qfs_settings: n out of range";
  if (in->shots < 1 || in->shots > INT32_MAX) return "qfs_settings: shots out of range";
  walk w = {.in = in, .n = n, .last = n - 1, .sources = in->weights ? 2 : 1, .half = power(2, n - 1), .moments = moments};
  w.level = w.last < UNIT_LEVEL ? w.last : UNIT_LEVEL;
  w.units = (int)power(3, w.level);
  w.unit_size = level_size(n, w.level);
  atomic_init(&w.next_unit, 0);
  atomic_init(&w.failed, 0);
  const size_t settings = power(3, n);
  if (moments) memset(moments, 0, sizeof(double) * 2 * settings);
  if (counts) *counts = NULL;
  if (in->keep_counts) {
    w.counts = counts_new(settings, w.units);
    if (!w.counts) return "qfs_settings: out of memory for the counts";
    assign_units(w.counts, w.level);
  }
  /* With the units at the root, the one unit's table is the sums themselves. */
  w.unit_up = w.level == 0 ? sums : malloc(sizeof(double) * w.unit_size * w.units);
  double *tmp[QFS_SETTINGS_MAX_QUBITS] = {NULL};
  int ok = w.unit_up != NULL;
  for (int j = 1; ok && j < w.level; j++) ok = (tmp[j] = malloc(sizeof(double) * level_size(n, j))) != NULL;

  int count = in->threads < 1 ? 1 : in->threads > QFS_SETTINGS_MAX_THREADS ? QFS_SETTINGS_MAX_THREADS : in->threads;
  if (count > w.units) count = w.units;
  worker *workers = ok ? calloc(count, sizeof *workers) : NULL;
  int ready = 0;
  while (workers && ready < count && worker_init(&workers[ready], &w)) ready++;
  if (ready == 0) ok = 0;
  if (ok) {
    for (int t = 1; t < ready; t++) workers[t].started = pthread_create(&workers[t].thread, NULL, worker_main, &workers[t]) == 0;
    worker_main(&workers[0]);
    for (int t = 1; t < ready; t++) {
      if (workers[t].started) pthread_join(workers[t].thread, NULL);
    }
    /* A thread that could not start leaves its share to the others; none is lost. */
    ok = !atomic_load(&w.failed) && atomic_load(&w.next_unit) >= w.units;
    if (ok && w.level > 0) fold_units(&w, 0, 0, sums, tmp);
  }
  for (int t = 0; t < ready; t++) worker_free(&workers[t]);
  free(workers);
  for (int j = 1; j < w.level; j++) free(tmp[j]);
  if (w.level > 0) free(w.unit_up);
  if (!ok) {
    qfs_settings_counts_free(w.counts);
    return "qfs_settings: out of memory";
  }
  if (counts) *counts = w.counts;
  else qfs_settings_counts_free(w.counts);
  return NULL;
}
