/* Busy polling around requests, off unless asked for (busyPollUs). A CPU
 * with nothing to run halts, and on a virtual machine waking it again costs
 * 0.1 to 1 ms (the host must schedule the vCPU back in): two such wake-ups
 * per FUSE round trip, the daemon's and the caller's, are most of a
 * request's latency there. For a short window after each request and
 * reply, one thread per CPU (up to MAX_SPINNERS) spins instead of letting
 * its CPU halt; when the window passes they sleep on a futex until the next
 * request. A window of 0 starts no threads.
 *
 * The threads run under SCHED_IDLE, but that ranks them only against the
 * daemon's own threads, which do preempt them at once. The scheduler
 * weighs the daemon's group (its session's autogroup, its cgroup) against
 * other groups as a whole: a caller or any other process woken on a
 * spinning CPU waits for the window to end, and a `cat` run per file from
 * a shell took 1.6 to 2.5 ms longer each. Hence off by default: for a
 * machine that does little but serve one client. */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "busy_poll.h"
#include "monotonic.h"

enum { MAX_SPINNERS = 8 };
/* A window longer than this is no longer "after a request": one second. */
#define MAX_WINDOW_US 1000000

static int64_t window_ns;                 /* 0: off; set once, before the threads start */
static _Atomic int64_t deadline_ns;       /* spinners spin until then */
static _Atomic uint32_t wake_generation;  /* futex word: bumped to wake sleepers */
static _Atomic int sleepers;

static void *spin(void *arg) {
  /* Spinning at normal priority would take CPU from real work, and on some
   * other CPU than its own it would keep the wrong one awake: without both
   * settings, this thread does nothing. */
  struct sched_param none = {0};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) != 0) return NULL;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET((int)(intptr_t)arg, &one);
  if (pthread_setaffinity_np(pthread_self(), sizeof one, &one) != 0) return NULL;
  for (;;) {
    uint32_t generation = atomic_load(&wake_generation);
    /* No PAUSE in the loop: hypervisors take a run of PAUSEs for a spinning
     * lock holder and deschedule the vCPU, the very thing to avoid. */
    while (qfs_now_ns() < atomic_load(&deadline_ns)) {
    }
    atomic_fetch_add(&sleepers, 1);
    /* A kick that saw no sleeper moved the deadline before this load. */
    if (qfs_now_ns() >= atomic_load(&deadline_ns))
      syscall(SYS_futex, &wake_generation, FUTEX_WAIT_PRIVATE, generation, NULL, NULL, 0);
    atomic_fetch_sub(&sleepers, 1);
  }
  return NULL;
}

/* One spinner on each CPU this process may run on (its affinity mask, as
 * taskset or a cgroup left it), up to MAX_SPINNERS. */
static void start(void) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  int started = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE && started < MAX_SPINNERS; cpu++) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    started++;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_create(&t, &attr, spin, (void *)(intptr_t)cpu);
    pthread_attr_destroy(&attr);
  }
}

void qfs_busy_poll_start(int64_t window_us) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  if (window_us <= 0 || window_ns) return; /* the first mount's window holds for the process */
  if (window_us > MAX_WINDOW_US) window_us = MAX_WINDOW_US;
  window_ns = window_us * 1000;
  pthread_once(&once, start);
}

void qfs_busy_poll_kick(void) {
  if (!window_ns) return;
  atomic_store(&deadline_ns, qfs_now_ns() + window_ns);
  if (atomic_load(&sleepers)) {
    atomic_fetch_add(&wake_generation, 1);
    syscall(SYS_futex, &wake_generation, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  }
}
