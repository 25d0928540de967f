#include "parallel_range.h"

#include <pthread.h>

#define MAX_THREADS 64

typedef struct {
  qfs_range_fn fn;
  void *context;
  size_t from, to;
  pthread_t thread;
  int started;
} piece;

static void *run_piece(void *arg) {
  piece *p = arg;
  p->fn(p->context, p->from, p->to);
  return NULL;
}

void qfs_parallel_range(qfs_range_fn fn, void *context, size_t count, int threads) {
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  if ((size_t)threads > count) threads = (int)count;
  if (threads <= 1) {
    if (count > 0) fn(context, 0, count);
    return;
  }
  piece pieces[MAX_THREADS];
  for (int t = 0; t < threads; t++) {
    pieces[t] = (piece){.fn = fn, .context = context, .from = count * t / threads, .to = count * (t + 1) / threads};
  }
  for (int t = 1; t < threads; t++) pieces[t].started = pthread_create(&pieces[t].thread, NULL, run_piece, &pieces[t]) == 0;
  fn(context, pieces[0].from, pieces[0].to);
  for (int t = 1; t < threads; t++) {
    if (pieces[t].started) pthread_join(pieces[t].thread, NULL);
    else fn(context, pieces[t].from, pieces[t].to);
  }
}
