/* Shared declarations of the QFS native module: a thin N-API binding to the
 * libfuse3 low-level API (plus lz4). The JS thread reads requests from
 * /dev/fuse when libuv finds it readable, hands each to the JS handler, and
 * JS answers through the reply functions, at once or later. */
#ifndef QFS_NATIVE_H
#define QFS_NATIVE_H

#include <fuse_lowlevel.h>
#include <node_api.h>
#include <pthread.h>
#include <uv.h>
#include <stdint.h>
#include <sys/stat.h>

#include "busy_poll.h"
#include "loop_spin.h"

/* Operation codes seen by JS (mirrored in src/fuse/native.ts). */
enum qfs_op {
  OP_EXIT = 0, OP_LOOKUP, OP_FORGET, OP_GETATTR, OP_SETATTR, OP_READLINK,
  OP_MKNOD, OP_MKDIR, OP_UNLINK, OP_RMDIR, OP_SYMLINK, OP_RENAME, OP_LINK,
  OP_OPEN, OP_READ, OP_WRITE, OP_FLUSH, OP_RELEASE, OP_FSYNC, OP_OPENDIR,
  OP_READDIR, OP_RELEASEDIR, OP_FSYNCDIR, OP_STATFS, OP_SETXATTR,
  OP_GETXATTR, OP_LISTXATTR, OP_REMOVEXATTR, OP_ACCESS, OP_CREATE,
  OP_FALLOCATE, OP_READDIRPLUS, OP_COPY_FILE_RANGE, OP_LSEEK, OP_INIT
};

/* Attribute vector layout exchanged with JS as a Float64Array. */
enum {
  A_INO = 0, A_MODE, A_NLINK, A_UID, A_GID, A_RDEV, A_SIZE, A_BLOCKS,
  A_ATIME, A_ATIME_NS, A_MTIME, A_MTIME_NS, A_CTIME, A_CTIME_NS, A_BLKSIZE,
  A_LEN
};

/* One captured request, owned by whoever holds it; freed after call_js. */
typedef struct qfs_req {
  int op;
  fuse_req_t req;
  struct qfs_session *session; /* taken before any reply frees req */
  uint32_t uid, gid, pid, umask;
  uint64_t ino, ino2;
  char *name; size_t name_len;
  char *name2; size_t name2_len;
  char *data; size_t data_len;
  int has_fh, has_fh2;
  uint64_t fh, fh2;
  int64_t off, off2;
  uint64_t size;
  int64_t flags;
  uint32_t mode;
  uint64_t rdev;
  int to_set;
  struct stat st;
  size_t nforgets;
  struct fuse_forget_data *forgets;
} qfs_req;

struct qfs_session {
  struct fuse_session *se;
  napi_env env;
  napi_ref handler;            /* the JS request handler */
  napi_value handler_now;      /* the handler while requests are dispatched */
  napi_async_context async;
  uv_poll_t *poll;             /* NULL once the session stopped serving */
  struct fuse_buf buf;         /* libfuse's request buffer, reused */
  int loop_result;
  char *mountpoint;
  int closed;
  /* 0 once JS has said no inode has a security.capability xattr: the
   * kernel asks for it before every write(2), and C answers ENODATA
   * without calling JS. Any setxattr of that name sets it back to 1. */
  int capability_xattrs;
};
typedef struct qfs_session qfs_session;

extern const struct fuse_lowlevel_ops qfs_ll_ops;

/* requests.c */
void qfs_dispatch(qfs_req *r);
void qfs_call_js(napi_env env, napi_value js_cb, void *context, void *data);

/* session.c */
napi_value qfs_mount(napi_env env, napi_callback_info info);
napi_value qfs_unmount(napi_env env, napi_callback_info info);
napi_value qfs_close(napi_env env, napi_callback_info info);
const char *qfs_last_log(void);

/* replies.c */
void qfs_register_replies(napi_env env, napi_value exports);

/* lz4.c */
void qfs_register_lz4(napi_env env, napi_value exports);

/* helpers */
#define NAPI_CALL(env, call)                                              \
  do {                                                                    \
    if ((call) != napi_ok) {                                              \
      napi_throw_error((env), NULL, "native call failed: " #call);        \
      return NULL;                                                        \
    }                                                                     \
  } while (0)

#endif
