/* Loop spinning. For a short window after each reply to a waiting caller
 * (replies.c: not after a release or a forget), the daemon's event loop
 * polls without blocking (an active idle handle makes libuv poll with a
 * zero timeout), so the next request of a client sending
 * them back to back finds the daemon's thread running instead of asleep on
 * a CPU that halted: waking a halted CPU is most of a round trip on a
 * virtual machine. It is what the kernel's haltpoll idle governor does
 * (200 us by default), for this one thread, where a host turned that off.
 * The thread keeps its normal priority: other processes get the CPU from it
 * as from any other, and after the window it sleeps in epoll as before. */
#include <uv.h>

#include "loop_spin.h"
#include "monotonic.h"

/* A window longer than this is no longer "after a request": one second. */
#define MAX_WINDOW_US 1000000

static uv_idle_t idle;
static int64_t window_ns; /* 0: off; set once */
static int64_t deadline_ns;
static int spinning;

static void on_idle(uv_idle_t *h) {
  if (qfs_now_ns() < deadline_ns) return;
  uv_idle_stop(h);
  spinning = 0;
}

void qfs_loop_spin_start(uv_loop_t *loop, int64_t window_us) {
  if (window_us <= 0 || window_ns) return; /* the first mount's window holds for the process */
  if (window_us > MAX_WINDOW_US) window_us = MAX_WINDOW_US;
  if (uv_idle_init(loop, &idle) != 0) return;
  uv_unref((uv_handle_t *)&idle); /* never what keeps the process alive */
  window_ns = window_us * 1000;
}

void qfs_loop_spin_kick(void) {
  if (!window_ns) return;
  deadline_ns = qfs_now_ns() + window_ns;
  if (!spinning && uv_idle_start(&idle, on_idle) == 0) spinning = 1;
}
