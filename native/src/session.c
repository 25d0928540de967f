/* Session lifecycle: create and mount a libfuse3 low-level session, serve it
 * from the JS thread's event loop, unmount and tear down. Mount errors come
 * back to JS as exceptions carrying libfuse's own message.
 *
 * libuv polls /dev/fuse and the JS thread reads the requests itself, as
 * many as are queued per wake-up: no FUSE thread copies each one and wakes
 * the JS thread for it. A lone request's round trip is no faster this way,
 * but under load a commit through the mount was (same-run comparisons). */
#include "qfs_native.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_log[1024];

/* libfuse reports mount problems through its log; keep the last line so the
 * JS side can show it, and pass everything on to stderr for the daemon log. */
static void capture_log(enum fuse_log_level level, const char *fmt, va_list ap) {
  char line[1024];
  vsnprintf(line, sizeof line, fmt, ap);
  size_t n = strlen(line);
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
  pthread_mutex_lock(&log_lock);
  memcpy(last_log, line, n + 1);
  pthread_mutex_unlock(&log_lock);
  if (level <= FUSE_LOG_NOTICE) fprintf(stderr, "libfuse: %s\n", line);
}

const char *qfs_last_log(void) { return last_log; }

/* At most this many requests per wake-up, so timers and I/O completions
 * (commits waiting for their fdatasync) are not starved by a busy mount. */
enum { REQUESTS_PER_WAKEUP = 64 };

static void free_poll(uv_handle_t *h) { free(h); }

static void stop_polling(qfs_session *s) {
  if (!s->poll) return;
  uv_poll_stop(s->poll);
  uv_close((uv_handle_t *)s->poll, free_poll);
  s->poll = NULL;
}

/* Tells JS the session is over (unmounted, or the connection aborted). */
static void report_exit(qfs_session *s, int result) {
  stop_polling(s);
  s->loop_result = result;
  qfs_req *r = calloc(1, sizeof *r);
  if (!r) return;
  r->op = OP_EXIT;
  r->flags = result;
  r->session = s;
  qfs_call_js(s->env, s->handler_now, NULL, r);
}

/* /dev/fuse is readable: read and dispatch what the kernel has queued, inside
 * one callback scope, so promises settled by the handlers run before return. */
static void on_readable(uv_poll_t *h, int status, int events) {
  qfs_session *s = h->data;
  napi_env env = s->env;
  napi_handle_scope hs;
  napi_callback_scope cs;
  napi_value resource;
  if (napi_open_handle_scope(env, &hs) != napi_ok) return;
  napi_create_object(env, &resource);
  if (napi_open_callback_scope(env, resource, s->async, &cs) != napi_ok) {
    napi_close_handle_scope(env, hs);
    return;
  }
  napi_get_reference_value(env, s->handler, &s->handler_now);
  qfs_busy_poll_kick();
  int res = status < 0 ? status : 1;
  for (int i = 0; res > 0 && i < REQUESTS_PER_WAKEUP; i++) {
    res = fuse_session_receive_buf(s->se, &s->buf);
    if (res == -EAGAIN) break; /* drained: wait for the next wake-up */
    if (res == -EINTR) {
      res = 1;
      continue;
    }
    if (res > 0) fuse_session_process_buf(s->se, &s->buf);
  }
  if (res == -EAGAIN) res = 1;
  /* The kernel dropped the connection (ENODEV sets exited), or reading failed. */
  if (res <= 0 || fuse_session_exited(s->se)) report_exit(s, res < 0 ? res : 0);
  s->handler_now = NULL;
  /* Runs queued microtasks, which may close the session: s is not touched after. */
  napi_close_callback_scope(env, cs);
  napi_close_handle_scope(env, hs);
}

static void session_finalize(napi_env env, void *data, void *hint) {
  /* The JS object died: unless close() was called, the event loop may still
   * poll the session, so leak it rather than free it under the poll. */
  qfs_session *s = data;
  if (s->closed) free(s);
}

static napi_value throw_mount_error(napi_env env, const char *what) {
  char msg[1200];
  pthread_mutex_lock(&log_lock);
  snprintf(msg, sizeof msg, "%s%s%s", what, last_log[0] ? ": " : "", last_log);
  pthread_mutex_unlock(&log_lock);
  napi_throw_error(env, "EMOUNT", msg);
  return NULL;
}

/* Undoes a mount whose session never started serving, and throws. */
static napi_value abandon_mount(napi_env env, qfs_session *s, const char *why) {
  fuse_session_unmount(s->se);
  fuse_session_destroy(s->se);
  free(s->mountpoint);
  free(s);
  napi_throw_error(env, NULL, why);
  return NULL;
}

/* An option of mount()'s options object, if given. */
static void option_bool(napi_env env, napi_value opts, const char *name, bool *out) {
  napi_value v;
  if (opts && napi_get_named_property(env, opts, name, &v) == napi_ok) napi_get_value_bool(env, v, out);
}

static void option_int64(napi_env env, napi_value opts, const char *name, int64_t *out) {
  napi_value v;
  if (opts && napi_get_named_property(env, opts, name, &v) == napi_ok) napi_get_value_int64(env, v, out);
}

/* mount(mountpoint, args, handler, { capabilityXattrs = true, busyPollUs = 0,
 * loopSpinUs = 0 }) -> session; capabilityXattrs says whether any inode may
 * have a security.capability xattr, busyPollUs is the window of
 * busy_poll.c, loopSpinUs that of loop_spin.c. */
napi_value qfs_mount(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "mount(mountpoint, args, handler, options)");
    return NULL;
  }
  napi_value opts = argc > 3 ? argv[3] : NULL;
  bool capability_xattrs = true;
  int64_t busy_poll_us = 0, loop_spin_us = 0;
  option_bool(env, opts, "capabilityXattrs", &capability_xattrs);
  option_int64(env, opts, "busyPollUs", &busy_poll_us);
  option_int64(env, opts, "loopSpinUs", &loop_spin_us);
  char mountpoint[4096];
  size_t mlen;
  NAPI_CALL(env, napi_get_value_string_utf8(env, argv[0], mountpoint, sizeof mountpoint, &mlen));

  uint32_t nargs;
  NAPI_CALL(env, napi_get_array_length(env, argv[1], &nargs));
  char **cargv = calloc(nargs + 1, sizeof(char *));
  for (uint32_t i = 0; i < nargs; i++) {
    napi_value v;
    size_t len;
    napi_get_element(env, argv[1], i, &v);
    napi_get_value_string_utf8(env, v, NULL, 0, &len);
    cargv[i] = malloc(len + 1);
    napi_get_value_string_utf8(env, v, cargv[i], len + 1, &len);
  }
  struct fuse_args args = FUSE_ARGS_INIT((int)nargs, cargv);

  fuse_set_log_func(capture_log);
  pthread_mutex_lock(&log_lock);
  last_log[0] = 0;
  pthread_mutex_unlock(&log_lock);

  qfs_session *s = calloc(1, sizeof *s);
  s->capability_xattrs = capability_xattrs ? 1 : 0;
  s->se = fuse_session_new(&args, &qfs_ll_ops, sizeof qfs_ll_ops, s);
  fuse_opt_free_args(&args);
  for (uint32_t i = 0; i < nargs; i++) free(cargv[i]);
  free(cargv);
  if (!s->se) {
    free(s);
    return throw_mount_error(env, "cannot create FUSE session");
  }
  if (fuse_session_mount(s->se, mountpoint) != 0) {
    fuse_session_destroy(s->se);
    free(s);
    return throw_mount_error(env, "cannot mount");
  }
  s->mountpoint = strdup(mountpoint);

  uv_loop_t *loop;
  s->env = env;
  s->poll = malloc(sizeof *s->poll);
  napi_value name;
  napi_create_string_utf8(env, "qfs-fuse", NAPI_AUTO_LENGTH, &name);
  if (!s->poll || napi_get_uv_event_loop(env, &loop) != napi_ok ||
      napi_create_reference(env, argv[2], 1, &s->handler) != napi_ok ||
      napi_async_init(env, NULL, name, &s->async) != napi_ok) {
    free(s->poll);
    return abandon_mount(env, s, "cannot set up request dispatch");
  }
  /* uv_poll_init makes the descriptor non-blocking: a read past the last
   * queued request returns EAGAIN instead of waiting. */
  if (uv_poll_init(loop, s->poll, fuse_session_fd(s->se)) != 0) {
    free(s->poll);
    return abandon_mount(env, s, "cannot poll /dev/fuse");
  }
  s->poll->data = s;
  if (uv_poll_start(s->poll, UV_READABLE, on_readable) != 0) {
    uv_close((uv_handle_t *)s->poll, free_poll);
    return abandon_mount(env, s, "cannot poll /dev/fuse");
  }

  qfs_busy_poll_start(busy_poll_us);
  qfs_loop_spin_start(loop, loop_spin_us);
  napi_value handle;
  NAPI_CALL(env, napi_create_external(env, s, session_finalize, NULL, &handle));
  return handle;
}

static qfs_session *get_session(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) {
    napi_throw_type_error(env, NULL, "not a QFS session");
    return NULL;
  }
  return p;
}

/* unmount(session, lazy: boolean) -> errno (0 on success). The session keeps
 * serving until the kernel drops the connection, then reports OP_EXIT. */
napi_value qfs_unmount(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  qfs_session *s = get_session(env, argv[0]);
  if (!s) return NULL;
  bool lazy = false;
  if (argc > 1) napi_get_value_bool(env, argv[1], &lazy);
  int err = 0;
  if (!s->closed && s->mountpoint) {
    if (geteuid() == 0) {
      if (umount2(s->mountpoint, lazy ? MNT_DETACH : 0) != 0) err = errno;
    } else {
      pid_t pid = fork();
      if (pid == 0) {
        if (lazy)
          execlp("fusermount3", "fusermount3", "-u", "-z", "-q", s->mountpoint, (char *)NULL);
        else
          execlp("fusermount3", "fusermount3", "-u", "-q", s->mountpoint, (char *)NULL);
        _exit(127);
      }
      int status = 0;
      if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        err = EBUSY;
    }
  }
  napi_value res;
  napi_create_int32(env, err, &res);
  return res;
}

/* close(session): after OP_EXIT, tear the session down (freed with its JS object). */
napi_value qfs_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  qfs_session *s = get_session(env, argv[0]);
  if (!s || s->closed) return NULL;
  stop_polling(s);
  fuse_session_unmount(s->se);
  fuse_session_destroy(s->se);
  free(s->buf.mem);
  s->buf.mem = NULL;
  napi_delete_reference(env, s->handler);
  napi_async_destroy(env, s->async);
  free(s->mountpoint);
  s->mountpoint = NULL;
  s->closed = 1;
  return NULL;
}
