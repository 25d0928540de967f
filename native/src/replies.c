/* Replies: JS answers a request by calling one of these with the request
 * handle it received. Each consumes the request; JS guarantees one answer. */
#include "qfs_native.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

static fuse_req_t req_of(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return (fuse_req_t)(uintptr_t)d;
}

/* Every reply to a waiting caller starts here: the caller is about to be
 * woken and will likely send its next request soon, so the daemon keeps
 * polling (loop_spin.c) and the CPUs from halting (busy_poll.c) a while
 * longer. */
static fuse_req_t get_req(napi_env env, napi_value v) {
  qfs_busy_poll_kick();
  qfs_loop_spin_kick();
  return req_of(env, v);
}

static double get_f64(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

static int get_f64_array(napi_env env, napi_value v, double **out, size_t *len) {
  napi_typedarray_type type;
  void *data;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, &data, &ab, &off) != napi_ok || type != napi_float64_array)
    return -1;
  *out = data;
  return 0;
}

static void fill_stat(struct stat *st, const double *a) {
  memset(st, 0, sizeof *st);
  st->st_ino = (ino_t)a[A_INO];
  st->st_mode = (mode_t)a[A_MODE];
  st->st_nlink = (nlink_t)a[A_NLINK];
  st->st_uid = (uid_t)a[A_UID];
  st->st_gid = (gid_t)a[A_GID];
  st->st_rdev = (dev_t)a[A_RDEV];
  st->st_size = (off_t)a[A_SIZE];
  st->st_blocks = (blkcnt_t)a[A_BLOCKS];
  st->st_blksize = (blksize_t)a[A_BLKSIZE];
  st->st_atim.tv_sec = (time_t)a[A_ATIME];
  st->st_atim.tv_nsec = (long)a[A_ATIME_NS];
  st->st_mtim.tv_sec = (time_t)a[A_MTIME];
  st->st_mtim.tv_nsec = (long)a[A_MTIME_NS];
  st->st_ctim.tv_sec = (time_t)a[A_CTIME];
  st->st_ctim.tv_nsec = (long)a[A_CTIME_NS];
}

static void fill_entry(struct fuse_entry_param *e, const double *a, double attr_to, double entry_to) {
  memset(e, 0, sizeof *e);
  e->ino = (fuse_ino_t)a[A_INO];
  e->generation = 1;
  fill_stat(&e->attr, a);
  e->attr_timeout = attr_to;
  e->entry_timeout = entry_to;
}

/* Open-reply flag bits, shared with src/fuse/native.ts. */
enum { OPEN_DIRECT_IO = 1, OPEN_KEEP_CACHE = 2, OPEN_NONSEEKABLE = 4, OPEN_CACHE_DIR = 8, OPEN_NOFLUSH = 16 };

static void fill_fi(struct fuse_file_info *fi, double fh, double flags) {
  memset(fi, 0, sizeof *fi);
  int f = (int)flags;
  fi->fh = (uint64_t)fh;
  fi->direct_io = (f & OPEN_DIRECT_IO) != 0;
  fi->keep_cache = (f & OPEN_KEEP_CACHE) != 0;
  fi->nonseekable = (f & OPEN_NONSEEKABLE) != 0;
  fi->cache_readdir = (f & OPEN_CACHE_DIR) != 0;
  fi->noflush = (f & OPEN_NOFLUSH) != 0;
}

#define ARGS(n)                                                    \
  size_t argc = (n);                                               \
  napi_value argv[(n)];                                            \
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL))

static napi_value result_int(napi_env env, int v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}

/* replyErr(req, errno) */
static napi_value reply_err(napi_env env, napi_callback_info info) {
  ARGS(2);
  return result_int(env, fuse_reply_err(get_req(env, argv[0]), (int)get_f64(env, argv[1])));
}

/* replyEntry(req, attr: Float64Array, attrTimeout, entryTimeout) */
static napi_value reply_entry(napi_env env, napi_callback_info info) {
  ARGS(4);
  double *a;
  size_t n;
  fuse_req_t req = get_req(env, argv[0]);
  if (get_f64_array(env, argv[1], &a, &n) || n < A_LEN) return result_int(env, fuse_reply_err(req, EIO));
  struct fuse_entry_param e;
  fill_entry(&e, a, get_f64(env, argv[2]), get_f64(env, argv[3]));
  return result_int(env, fuse_reply_entry(req, &e));
}

/* replyCreate(req, attr, attrTimeout, entryTimeout, fh, openFlags) */
static napi_value reply_create(napi_env env, napi_callback_info info) {
  ARGS(6);
  double *a;
  size_t n;
  fuse_req_t req = get_req(env, argv[0]);
  if (get_f64_array(env, argv[1], &a, &n) || n < A_LEN) return result_int(env, fuse_reply_err(req, EIO));
  struct fuse_entry_param e;
  struct fuse_file_info fi;
  fill_entry(&e, a, get_f64(env, argv[2]), get_f64(env, argv[3]));
  fill_fi(&fi, get_f64(env, argv[4]), get_f64(env, argv[5]));
  return result_int(env, fuse_reply_create(req, &e, &fi));
}

/* replyAttr(req, attr, timeout) */
static napi_value reply_attr(napi_env env, napi_callback_info info) {
  ARGS(3);
  double *a;
  size_t n;
  fuse_req_t req = get_req(env, argv[0]);
  if (get_f64_array(env, argv[1], &a, &n) || n < A_LEN) return result_int(env, fuse_reply_err(req, EIO));
  struct stat st;
  fill_stat(&st, a);
  return result_int(env, fuse_reply_attr(req, &st, get_f64(env, argv[2])));
}

/* replyOpen(req, fh, openFlags) */
static napi_value reply_open(napi_env env, napi_callback_info info) {
  ARGS(3);
  struct fuse_file_info fi;
  fill_fi(&fi, get_f64(env, argv[1]), get_f64(env, argv[2]));
  return result_int(env, fuse_reply_open(get_req(env, argv[0]), &fi));
}

/* replyWrite(req, count) */
static napi_value reply_write(napi_env env, napi_callback_info info) {
  ARGS(2);
  return result_int(env, fuse_reply_write(get_req(env, argv[0]), (size_t)get_f64(env, argv[1])));
}

/* replyBuf(req, buffer?) — an empty or missing buffer answers with no data. */
static napi_value reply_buf(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_req_t req = get_req(env, argv[0]);
  void *data = NULL;
  size_t len = 0;
  bool is_buf = false;
  if (argc > 1) napi_is_buffer(env, argv[1], &is_buf);
  if (is_buf) napi_get_buffer_info(env, argv[1], &data, &len);
  return result_int(env, fuse_reply_buf(req, data, len));
}

/* replyReadlink(req, target: Buffer) */
static napi_value reply_readlink(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_req_t req = get_req(env, argv[0]);
  void *data;
  size_t len;
  if (napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) return result_int(env, fuse_reply_err(req, EIO));
  char *s = malloc(len + 1);
  if (!s) return result_int(env, fuse_reply_err(req, ENOMEM));
  memcpy(s, data, len);
  s[len] = 0;
  int r = fuse_reply_readlink(req, s);
  free(s);
  return result_int(env, r);
}

/* replyStatfs(req, [bsize, frsize, blocks, bfree, bavail, files, ffree, favail, namemax]) */
static napi_value reply_statfs(napi_env env, napi_callback_info info) {
  ARGS(2);
  fuse_req_t req = get_req(env, argv[0]);
  double *a;
  size_t n;
  if (get_f64_array(env, argv[1], &a, &n) || n < 9) return result_int(env, fuse_reply_err(req, EIO));
  struct statvfs sv;
  memset(&sv, 0, sizeof sv);
  sv.f_bsize = (unsigned long)a[0];
  sv.f_frsize = (unsigned long)a[1];
  sv.f_blocks = (fsblkcnt_t)a[2];
  sv.f_bfree = (fsblkcnt_t)a[3];
  sv.f_bavail = (fsblkcnt_t)a[4];
  sv.f_files = (fsfilcnt_t)a[5];
  sv.f_ffree = (fsfilcnt_t)a[6];
  sv.f_favail = (fsfilcnt_t)a[7];
  sv.f_namemax = (unsigned long)a[8];
  return result_int(env, fuse_reply_statfs(req, &sv));
}

/* replyXattr(req, size) — the size-probe answer of getxattr/listxattr. */
static napi_value reply_xattr(napi_env env, napi_callback_info info) {
  ARGS(2);
  return result_int(env, fuse_reply_xattr(get_req(env, argv[0]), (size_t)get_f64(env, argv[1])));
}

/* replyLseek(req, offset) */
static napi_value reply_lseek(napi_env env, napi_callback_info info) {
  ARGS(2);
  return result_int(env, fuse_reply_lseek(get_req(env, argv[0]), (off_t)get_f64(env, argv[1])));
}

/* replyDir(req, size, plus, names: Buffer[], attrs: Float64Array (A_LEN per
 * entry), offsets: Float64Array, attrTimeout, entryTimeout) -> entries sent.
 * Entries that do not fit in `size` are left for the next call. */
static napi_value reply_dir(napi_env env, napi_callback_info info) {
  ARGS(8);
  fuse_req_t req = get_req(env, argv[0]);
  size_t size = (size_t)get_f64(env, argv[1]);
  bool plus = false;
  napi_get_value_bool(env, argv[2], &plus);
  uint32_t count;
  double *attrs, *offs;
  size_t na, no;
  if (napi_get_array_length(env, argv[3], &count) != napi_ok || get_f64_array(env, argv[4], &attrs, &na) ||
      get_f64_array(env, argv[5], &offs, &no) || na < (size_t)count * A_LEN || no < count) {
    fuse_reply_err(req, EIO);
    return result_int(env, -1);
  }
  double attr_to = get_f64(env, argv[6]), entry_to = get_f64(env, argv[7]);
  char *buf = malloc(size ? size : 1);
  if (!buf) {
    fuse_reply_err(req, ENOMEM);
    return result_int(env, -1);
  }
  size_t used = 0;
  uint32_t sent = 0;
  for (uint32_t i = 0; i < count; i++) {
    napi_value nv;
    void *nd;
    size_t nl;
    napi_get_element(env, argv[3], i, &nv);
    if (napi_get_buffer_info(env, nv, &nd, &nl) != napi_ok) break;
    char name[1024];
    if (nl >= sizeof name) nl = sizeof name - 1;
    memcpy(name, nd, nl);
    name[nl] = 0;
    size_t need;
    if (plus) {
      struct fuse_entry_param e;
      fill_entry(&e, attrs + (size_t)i * A_LEN, attr_to, entry_to);
      need = fuse_add_direntry_plus(req, buf + used, size - used, name, &e, (off_t)offs[i]);
    } else {
      struct stat st;
      fill_stat(&st, attrs + (size_t)i * A_LEN);
      need = fuse_add_direntry(req, buf + used, size - used, name, &st, (off_t)offs[i]);
    }
    if (need > size - used) break;
    used += need;
    sent++;
  }
  fuse_reply_buf(req, buf, used);
  free(buf);
  return result_int(env, (int)sent);
}

/* replyNone(req) — for requests that take no answer (forget): no caller
 * waits, so nothing keeps polling after it. */
static napi_value reply_none(napi_env env, napi_callback_info info) {
  ARGS(1);
  fuse_reply_none(req_of(env, argv[0]));
  return NULL;
}

/* replyReleased(req) — success for a release or releasedir, which the
 * kernel sends without making close(2) wait for it: nothing keeps polling
 * after it (a shell spawning its next command would find the daemon's
 * thread on the CPU it wants). */
static napi_value reply_released(napi_env env, napi_callback_info info) {
  ARGS(1);
  return result_int(env, fuse_reply_err(req_of(env, argv[0]), 0));
}

void qfs_register_replies(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"replyErr", NULL, reply_err, NULL, NULL, NULL, napi_default, NULL},
    {"replyEntry", NULL, reply_entry, NULL, NULL, NULL, napi_default, NULL},
    {"replyCreate", NULL, reply_create, NULL, NULL, NULL, napi_default, NULL},
    {"replyAttr", NULL, reply_attr, NULL, NULL, NULL, napi_default, NULL},
    {"replyOpen", NULL, reply_open, NULL, NULL, NULL, napi_default, NULL},
    {"replyWrite", NULL, reply_write, NULL, NULL, NULL, napi_default, NULL},
    {"replyBuf", NULL, reply_buf, NULL, NULL, NULL, napi_default, NULL},
    {"replyReadlink", NULL, reply_readlink, NULL, NULL, NULL, napi_default, NULL},
    {"replyStatfs", NULL, reply_statfs, NULL, NULL, NULL, napi_default, NULL},
    {"replyXattr", NULL, reply_xattr, NULL, NULL, NULL, napi_default, NULL},
    {"replyLseek", NULL, reply_lseek, NULL, NULL, NULL, napi_default, NULL},
    {"replyDir", NULL, reply_dir, NULL, NULL, NULL, napi_default, NULL},
    {"replyNone", NULL, reply_none, NULL, NULL, NULL, napi_default, NULL},
    {"replyReleased", NULL, reply_released, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
