/* Loop spinning: the event loop polls without blocking for a short window
 * after each reply to a waiting caller (see loop_spin.c). Event-loop thread only. */
#ifndef QFS_LOOP_SPIN_H
#define QFS_LOOP_SPIN_H
#include <stdint.h>
#include <uv.h>

/* Sets up the idle handle on `loop`, once per process; a window of 0 sets up nothing. */
void qfs_loop_spin_start(uv_loop_t *loop, int64_t window_us);
/* A reply to a waiting caller is going out: poll without blocking for another window. */
void qfs_loop_spin_kick(void);

#endif
