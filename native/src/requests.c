/* Request capture: each low-level op copies what it needs out of libfuse's
 * buffer (reused for the next request) into a qfs_req and hands it to the JS
 * handler; JS answers through replies.c, at once or when its work is done. */
#include "qfs_native.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static qfs_req *new_req(fuse_req_t req, int op, fuse_ino_t ino) {
  qfs_req *r = calloc(1, sizeof *r);
  if (!r) {
    fuse_reply_err(req, ENOMEM);
    return NULL;
  }
  const struct fuse_ctx *ctx = fuse_req_ctx(req);
  r->op = op;
  r->req = req;
  r->session = fuse_req_userdata(req);
  r->ino = ino;
  r->uid = ctx->uid;
  r->gid = ctx->gid;
  r->pid = ctx->pid;
  r->umask = ctx->umask;
  return r;
}

static char *dup_bytes(const char *src, size_t len) {
  char *p = malloc(len + 1);
  if (p) {
    memcpy(p, src, len);
    p[len] = 0;
  }
  return p;
}

static void set_name(qfs_req *r, const char *name) {
  r->name_len = strlen(name);
  r->name = dup_bytes(name, r->name_len);
}

static void set_name2(qfs_req *r, const char *name) {
  r->name2_len = strlen(name);
  r->name2 = dup_bytes(name, r->name2_len);
}

static void set_fi(qfs_req *r, struct fuse_file_info *fi) {
  if (fi) {
    r->has_fh = 1;
    r->fh = fi->fh;
    if (!r->flags) r->flags = fi->flags;
  }
}

void qfs_dispatch(qfs_req *r) {
  qfs_session *s = r->session;
  qfs_call_js(s->env, s->handler_now, NULL, r);
}

static void ll_init(void *userdata, struct fuse_conn_info *conn) {
  /* Large requests: libfuse's buffer holds 256 pages, so writes and reads of
   * up to 1 MiB arrive whole when the kernel supports max_pages. */
  conn->max_write = 1024 * 1024;
  if (conn->capable & FUSE_CAP_EXPORT_SUPPORT) conn->want |= FUSE_CAP_EXPORT_SUPPORT;
  /* O_TRUNC arrives with open, not as a separate truncate before it. */
  if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC) conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
  /* The daemon keeps setuid/setgid bits right itself on write and chown. */
  conn->want &= ~FUSE_CAP_HANDLE_KILLPRIV;
}

static void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
  qfs_req *r = new_req(req, OP_LOOKUP, parent);
  if (!r) return;
  set_name(r, name);
  qfs_dispatch(r);
}

static void ll_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
  qfs_req *r = new_req(req, OP_FORGET, ino);
  fuse_reply_none(req);
  if (!r) return;
  r->nforgets = 1;
  r->forgets = malloc(sizeof *r->forgets);
  r->forgets[0].ino = ino;
  r->forgets[0].nlookup = nlookup;
  qfs_dispatch(r);
}

static void ll_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets) {
  qfs_req *r = new_req(req, OP_FORGET, 0);
  fuse_reply_none(req);
  if (!r) return;
  r->nforgets = count;
  r->forgets = malloc(count * sizeof *forgets);
  memcpy(r->forgets, forgets, count * sizeof *forgets);
  qfs_dispatch(r);
}

static void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_GETATTR, ino);
  if (!r) return;
  set_fi(r, fi);
  qfs_dispatch(r);
}

static void ll_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
                       struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_SETATTR, ino);
  if (!r) return;
  r->st = *attr;
  r->to_set = to_set;
  set_fi(r, fi);
  qfs_dispatch(r);
}

static void ll_readlink(fuse_req_t req, fuse_ino_t ino) {
  qfs_req *r = new_req(req, OP_READLINK, ino);
  if (r) qfs_dispatch(r);
}

static void ll_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev) {
  qfs_req *r = new_req(req, OP_MKNOD, parent);
  if (!r) return;
  set_name(r, name);
  r->mode = mode;
  r->rdev = rdev;
  qfs_dispatch(r);
}

static void ll_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode) {
  qfs_req *r = new_req(req, OP_MKDIR, parent);
  if (!r) return;
  set_name(r, name);
  r->mode = mode;
  qfs_dispatch(r);
}

static void name_op(fuse_req_t req, int op, fuse_ino_t parent, const char *name) {
  qfs_req *r = new_req(req, op, parent);
  if (!r) return;
  set_name(r, name);
  qfs_dispatch(r);
}

static void ll_unlink(fuse_req_t req, fuse_ino_t parent, const char *name) {
  name_op(req, OP_UNLINK, parent, name);
}

static void ll_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name) {
  name_op(req, OP_RMDIR, parent, name);
}

static void ll_symlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name) {
  qfs_req *r = new_req(req, OP_SYMLINK, parent);
  if (!r) return;
  set_name(r, name);
  set_name2(r, link);
  qfs_dispatch(r);
}

static void ll_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
                      const char *newname, unsigned int flags) {
  qfs_req *r = new_req(req, OP_RENAME, parent);
  if (!r) return;
  set_name(r, name);
  set_name2(r, newname);
  r->ino2 = newparent;
  r->flags = flags;
  qfs_dispatch(r);
}

static void ll_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname) {
  qfs_req *r = new_req(req, OP_LINK, ino);
  if (!r) return;
  set_name(r, newname);
  r->ino2 = newparent;
  qfs_dispatch(r);
}

static void fi_op(fuse_req_t req, int op, fuse_ino_t ino, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, op, ino);
  if (!r) return;
  set_fi(r, fi);
  qfs_dispatch(r);
}

static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  fi_op(req, OP_OPEN, ino, fi);
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_READ, ino);
  if (!r) return;
  r->size = size;
  r->off = off;
  set_fi(r, fi);
  qfs_dispatch(r);
}

static void ll_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_WRITE, ino);
  if (!r) return;
  r->data = malloc(size ? size : 1);
  if (!r->data) {
    free(r);
    fuse_reply_err(req, ENOMEM);
    return;
  }
  memcpy(r->data, buf, size);
  r->data_len = size;
  r->off = off;
  set_fi(r, fi);
  r->flags = fi->writepage ? 1 : 0;
  qfs_dispatch(r);
}

static void ll_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  fi_op(req, OP_FLUSH, ino, fi);
}

static void ll_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  fi_op(req, OP_RELEASE, ino, fi);
}

static void ll_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_FSYNC, ino);
  if (!r) return;
  set_fi(r, fi);
  r->flags = datasync;
  qfs_dispatch(r);
}

static void ll_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  fi_op(req, OP_OPENDIR, ino, fi);
}

static void dir_read(fuse_req_t req, int op, fuse_ino_t ino, size_t size, off_t off,
                     struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, op, ino);
  if (!r) return;
  r->size = size;
  r->off = off;
  set_fi(r, fi);
  qfs_dispatch(r);
}

static void ll_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  dir_read(req, OP_READDIR, ino, size, off, fi);
}

static void ll_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                           struct fuse_file_info *fi) {
  dir_read(req, OP_READDIRPLUS, ino, size, off, fi);
}

static void ll_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  fi_op(req, OP_RELEASEDIR, ino, fi);
}

static void ll_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_FSYNCDIR, ino);
  if (!r) return;
  set_fi(r, fi);
  r->flags = datasync;
  qfs_dispatch(r);
}

static void ll_statfs(fuse_req_t req, fuse_ino_t ino) {
  qfs_req *r = new_req(req, OP_STATFS, ino);
  if (r) qfs_dispatch(r);
}

static const char CAPABILITY_XATTR[] = "security.capability";

static void ll_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
                        size_t size, int flags) {
  /* Set before JS stores it, so no later getxattr is answered here. */
  if (strcmp(name, CAPABILITY_XATTR) == 0) ((qfs_session *)fuse_req_userdata(req))->capability_xattrs = 1;
  qfs_req *r = new_req(req, OP_SETXATTR, ino);
  if (!r) return;
  set_name(r, name);
  r->data = dup_bytes(value, size);
  r->data_len = size;
  r->flags = flags;
  qfs_dispatch(r);
}

static void ll_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size) {
  qfs_session *s = fuse_req_userdata(req);
  if (!s->capability_xattrs && strcmp(name, CAPABILITY_XATTR) == 0) {
    fuse_reply_err(req, ENODATA); /* asked before each write(2): answered without JS */
    return;
  }
  qfs_req *r = new_req(req, OP_GETXATTR, ino);
  if (!r) return;
  set_name(r, name);
  r->size = size;
  qfs_dispatch(r);
}

static void ll_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size) {
  qfs_req *r = new_req(req, OP_LISTXATTR, ino);
  if (!r) return;
  r->size = size;
  qfs_dispatch(r);
}

static void ll_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name) {
  name_op(req, OP_REMOVEXATTR, ino, name);
}

static void ll_access(fuse_req_t req, fuse_ino_t ino, int mask) {
  qfs_req *r = new_req(req, OP_ACCESS, ino);
  if (!r) return;
  r->flags = mask;
  qfs_dispatch(r);
}

static void ll_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
                      struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_CREATE, parent);
  if (!r) return;
  set_name(r, name);
  r->mode = mode;
  r->flags = fi->flags;
  qfs_dispatch(r);
}

static void ll_fallocate(fuse_req_t req, fuse_ino_t ino, int mode, off_t offset, off_t length,
                         struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_FALLOCATE, ino);
  if (!r) return;
  set_fi(r, fi);
  r->flags = mode;
  r->off = offset;
  r->size = (uint64_t)length;
  qfs_dispatch(r);
}

static void ll_copy_file_range(fuse_req_t req, fuse_ino_t ino_in, off_t off_in,
                               struct fuse_file_info *fi_in, fuse_ino_t ino_out, off_t off_out,
                               struct fuse_file_info *fi_out, size_t len, int flags) {
  qfs_req *r = new_req(req, OP_COPY_FILE_RANGE, ino_in);
  if (!r) return;
  set_fi(r, fi_in);
  r->ino2 = ino_out;
  r->has_fh2 = 1;
  r->fh2 = fi_out->fh;
  r->off = off_in;
  r->off2 = off_out;
  r->size = len;
  r->flags = flags;
  qfs_dispatch(r);
}

static void ll_lseek(fuse_req_t req, fuse_ino_t ino, off_t off, int whence, struct fuse_file_info *fi) {
  qfs_req *r = new_req(req, OP_LSEEK, ino);
  if (!r) return;
  set_fi(r, fi);
  r->off = off;
  r->flags = whence;
  qfs_dispatch(r);
}

const struct fuse_lowlevel_ops qfs_ll_ops = {
  .init = ll_init,
  .lookup = ll_lookup,
  .forget = ll_forget,
  .forget_multi = ll_forget_multi,
  .getattr = ll_getattr,
  .setattr = ll_setattr,
  .readlink = ll_readlink,
  .mknod = ll_mknod,
  .mkdir = ll_mkdir,
  .unlink = ll_unlink,
  .rmdir = ll_rmdir,
  .symlink = ll_symlink,
  .rename = ll_rename,
  .link = ll_link,
  .open = ll_open,
  .read = ll_read,
  .write = ll_write,
  .flush = ll_flush,
  .release = ll_release,
  .fsync = ll_fsync,
  .opendir = ll_opendir,
  .readdir = ll_readdir,
  .readdirplus = ll_readdirplus,
  .releasedir = ll_releasedir,
  .fsyncdir = ll_fsyncdir,
  .statfs = ll_statfs,
  .setxattr = ll_setxattr,
  .getxattr = ll_getxattr,
  .listxattr = ll_listxattr,
  .removexattr = ll_removexattr,
  .access = ll_access,
  .create = ll_create,
  .fallocate = ll_fallocate,
  .copy_file_range = ll_copy_file_range,
  .lseek = ll_lseek,
};

/* ---- JS side of the queue ------------------------------------------- */

static void set_num(napi_env env, napi_value obj, const char *key, double v) {
  napi_value n;
  napi_create_double(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

static void set_buf(napi_env env, napi_value obj, const char *key, const char *p, size_t len) {
  napi_value b;
  void *dst;
  napi_create_buffer_copy(env, len, p, &dst, &b);
  napi_set_named_property(env, obj, key, b);
}

static void free_external(napi_env env, void *data, void *hint) { free(data); }

static double ts(struct timespec t) { return (double)t.tv_sec; }

void qfs_call_js(napi_env env, napi_value js_cb, void *context, void *data) {
  qfs_req *r = data;
  if (env != NULL && js_cb != NULL) {
    napi_value obj;
    napi_create_object(env, &obj);
    set_num(env, obj, "op", r->op);
    set_num(env, obj, "req", (double)(uintptr_t)r->req);
    set_num(env, obj, "ino", (double)r->ino);
    set_num(env, obj, "uid", r->uid);
    set_num(env, obj, "gid", r->gid);
    set_num(env, obj, "pid", r->pid);
    set_num(env, obj, "umask", r->umask);
    set_num(env, obj, "flags", (double)r->flags);
    set_num(env, obj, "fh", r->has_fh ? (double)r->fh : -1);
    switch (r->op) {
      case OP_READ: case OP_READDIR: case OP_READDIRPLUS: case OP_GETXATTR:
      case OP_LISTXATTR: case OP_FALLOCATE: case OP_LSEEK:
        set_num(env, obj, "size", (double)r->size);
        set_num(env, obj, "off", (double)r->off);
        break;
      case OP_COPY_FILE_RANGE:
        set_num(env, obj, "size", (double)r->size);
        set_num(env, obj, "off", (double)r->off);
        set_num(env, obj, "off2", (double)r->off2);
        set_num(env, obj, "ino2", (double)r->ino2);
        set_num(env, obj, "fh2", (double)r->fh2);
        break;
      case OP_MKNOD:
        set_num(env, obj, "rdev", (double)r->rdev);
        /* fall through */
      case OP_MKDIR: case OP_CREATE:
        set_num(env, obj, "mode", r->mode);
        break;
      case OP_RENAME: case OP_LINK:
        set_num(env, obj, "ino2", (double)r->ino2);
        break;
      case OP_WRITE:
        set_num(env, obj, "off", (double)r->off);
        break;
      case OP_SETATTR: {
        set_num(env, obj, "toSet", r->to_set);
        set_num(env, obj, "mode", r->st.st_mode);
        set_num(env, obj, "attrUid", r->st.st_uid);
        set_num(env, obj, "attrGid", r->st.st_gid);
        set_num(env, obj, "size", (double)r->st.st_size);
        set_num(env, obj, "atime", ts(r->st.st_atim));
        set_num(env, obj, "atimeNs", (double)r->st.st_atim.tv_nsec);
        set_num(env, obj, "mtime", ts(r->st.st_mtim));
        set_num(env, obj, "mtimeNs", (double)r->st.st_mtim.tv_nsec);
        set_num(env, obj, "ctime", ts(r->st.st_ctim));
        set_num(env, obj, "ctimeNs", (double)r->st.st_ctim.tv_nsec);
        break;
      }
      case OP_FORGET: {
        napi_value arr;
        napi_create_array_with_length(env, r->nforgets * 2, &arr);
        for (size_t i = 0; i < r->nforgets; i++) {
          napi_value a, b;
          napi_create_double(env, (double)r->forgets[i].ino, &a);
          napi_create_double(env, (double)r->forgets[i].nlookup, &b);
          napi_set_element(env, arr, (uint32_t)(2 * i), a);
          napi_set_element(env, arr, (uint32_t)(2 * i + 1), b);
        }
        napi_set_named_property(env, obj, "forgets", arr);
        break;
      }
      default:
        break;
    }
    if (r->name) set_buf(env, obj, "name", r->name, r->name_len);
    if (r->name2) set_buf(env, obj, "name2", r->name2, r->name2_len);
    if (r->data) {
      napi_value b;
      /* Hand the copied write payload to JS without a second copy. */
      if (napi_create_external_buffer(env, r->data_len, r->data, free_external, NULL, &b) == napi_ok) {
        r->data = NULL;
      } else {
        void *dst;
        napi_create_buffer_copy(env, r->data_len, r->data, &dst, &b);
      }
      napi_set_named_property(env, obj, "data", b);
    }
    napi_value undefined, result;
    napi_get_undefined(env, &undefined);
    if (napi_call_function(env, undefined, js_cb, 1, &obj, &result) != napi_ok) {
      /* The JS dispatcher catches everything and answers every request
       * exactly once; answering here as well could answer twice. */
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      fprintf(stderr, "qfs: request dispatcher threw (op %d)\n", r->op);
    }
  } else if (r->op != OP_FORGET && r->op != OP_EXIT) {
    fuse_reply_err(r->req, EIO);
  }
  free(r->name);
  free(r->name2);
  free(r->data);
  free(r->forgets);
  free(r);
}
