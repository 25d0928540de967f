/* lz4 block compression from the system liblz4, synchronous and on the libuv
 * thread pool, so that compressing a 1 MiB chunk never stalls the JS loop. */
#include "qfs_native.h"

#include <lz4.h>
#include <stdlib.h>
#include <string.h>

/* lz4Compress(src: Buffer) -> Buffer | null (null when it does not shrink). */
static napi_value compress_sync(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *src;
  size_t len;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], &src, &len));
  int bound = LZ4_compressBound((int)len);
  char *dst = malloc(bound > 0 ? bound : 1);
  int n = dst ? LZ4_compress_default(src, dst, (int)len, bound) : 0;
  napi_value out;
  if (n <= 0 || (size_t)n >= len) {
    free(dst);
    napi_get_null(env, &out);
    return out;
  }
  void *p;
  napi_create_buffer_copy(env, (size_t)n, dst, &p, &out);
  free(dst);
  return out;
}

/* lz4Decompress(src: Buffer, rawLen: number) -> Buffer; throws on bad input. */
static napi_value decompress_sync(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *src;
  size_t len;
  double raw;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], &src, &len));
  NAPI_CALL(env, napi_get_value_double(env, argv[1], &raw));
  napi_value out;
  void *dst;
  NAPI_CALL(env, napi_create_buffer(env, (size_t)raw, &dst, &out));
  int n = LZ4_decompress_safe(src, dst, (int)len, (int)raw);
  if (n != (int)raw) {
    napi_throw_error(env, "EIO", "lz4: corrupt compressed block");
    return NULL;
  }
  return out;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref src_ref;
  const char *src;
  size_t len;
  char *dst;
  int n;
} compress_job;

static void job_execute(napi_env env, void *data) {
  compress_job *j = data;
  int bound = LZ4_compressBound((int)j->len);
  j->dst = malloc(bound > 0 ? bound : 1);
  j->n = j->dst ? LZ4_compress_default(j->src, j->dst, (int)j->len, bound) : 0;
}

static void free_dst(napi_env env, void *data, void *hint) { free(data); }

static void job_complete(napi_env env, napi_status status, void *data) {
  compress_job *j = data;
  napi_value out;
  if (j->n <= 0 || (size_t)j->n >= j->len) {
    free(j->dst);
    napi_get_null(env, &out);
  } else if (napi_create_external_buffer(env, (size_t)j->n, j->dst, free_dst, NULL, &out) != napi_ok) {
    void *p;
    napi_create_buffer_copy(env, (size_t)j->n, j->dst, &p, &out);
    free(j->dst);
  }
  napi_resolve_deferred(env, j->deferred, out);
  napi_delete_reference(env, j->src_ref);
  napi_delete_async_work(env, j->work);
  free(j);
}

/* lz4CompressAsync(src: Buffer) -> Promise<Buffer | null> */
static napi_value compress_async(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  compress_job *j = calloc(1, sizeof *j);
  void *src;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], &src, &j->len));
  j->src = src;
  napi_create_reference(env, argv[0], 1, &j->src_ref);
  napi_value promise, name;
  napi_create_promise(env, &j->deferred, &promise);
  napi_create_string_utf8(env, "qfs-lz4", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, job_execute, job_complete, j, &j->work);
  napi_queue_async_work(env, j->work);
  return promise;
}

void qfs_register_lz4(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"lz4Compress", NULL, compress_sync, NULL, NULL, NULL, napi_default, NULL},
    {"lz4Decompress", NULL, decompress_sync, NULL, NULL, NULL, napi_default, NULL},
    {"lz4CompressAsync", NULL, compress_async, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
