/* Runs fn over [0, count) cut into `threads` contiguous pieces, one per
 * thread, the caller's thread taking the first; returns when all are done. A
 * thread that cannot be started leaves its piece to the caller. */
#ifndef QFS_PARALLEL_RANGE_H
#define QFS_PARALLEL_RANGE_H

#include <stddef.h>

typedef void (*qfs_range_fn)(void *context, size_t from, size_t to);

void qfs_parallel_range(qfs_range_fn fn, void *context, size_t count, int threads);

#endif
