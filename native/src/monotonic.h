/* The monotonic clock in nanoseconds, for the spinning windows. */
#ifndef QFS_MONOTONIC_H
#define QFS_MONOTONIC_H
#include <stdint.h>
#include <time.h>

static inline int64_t qfs_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

#endif
