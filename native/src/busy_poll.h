/* Busy polling around requests: keeps CPUs from halting for a short window
 * after each request and reply (see busy_poll.c). */
#ifndef QFS_BUSY_POLL_H
#define QFS_BUSY_POLL_H
#include <stdint.h>

/* Starts the spinning threads, once per process; a window of 0 starts none. */
void qfs_busy_poll_start(int64_t window_us);
/* A request arrived or a reply is going out: spin for another window. */
void qfs_busy_poll_kick(void);

#endif
