/* N-API binding of the LAPACK Hermitian eigensolver (module qfs_linalg), each
 * call synchronous or on the libuv thread pool. Context-aware and without
 * process-wide state, so worker threads may load it too: a reduction lives in
 * the JS object that holds it and is freed with it.
 *
 *   hermitianReduce(a: Float64Array, n) -> { values: Float64Array, reduction: object }
 *   hermitianReduceAsync(a, n) -> Promise<same>
 *   hermitianTopVectors(reduction, k) -> Float64Array (2n·k)
 *   hermitianTopVectorsAsync(reduction, k) -> Promise<Float64Array>
 *   gramEigenvalues(m: Float64Array, rows, cols) -> Float64Array (rows, ascending)
 *   weightedOuterSum(vectors: Float64Array, weights: Float64Array, n) -> Float64Array (2n²)
 *
 * `a` is copied before the call returns, so the caller may reuse it at once.
 * The tomography kernel's functions are defined by tomography_binding.c. */
#include <node_api.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linalg_eigen.h"
#include "linalg_gram.h"
#include "tomography_binding.h"

#define CHECK(env, call)                                                 \
  do {                                                                   \
    if ((call) != napi_ok) {                                             \
      napi_throw_error((env), NULL, "qfs_linalg: N-API call failed: " #call); \
      return NULL;                                                       \
    }                                                                    \
  } while (0)

/* Marks the objects that hold a reduction, so no other object is taken for one. */
static const napi_type_tag reduction_tag = {0x7166735f6c696e61ULL, 0x6c675f7265647563ULL};

/* Largest n whose 2n² doubles still have an int index (LAPACK's). */
#define MAX_DIM 32768

static napi_value new_float64_array(napi_env env, size_t length, double **data) {
  napi_value buffer, array;
  void *raw = NULL;
  CHECK(env, napi_create_arraybuffer(env, length * sizeof(double), &raw, &buffer));
  CHECK(env, napi_create_typedarray(env, napi_float64_array, length, buffer, 0, &array));
  *data = raw;
  return array;
}

/* Reads (a, n); throws and returns NULL when they are not an n×n complex matrix. */
static qfs_reduction *reduction_from_args(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool is_typed = false;
  if (argc < 2 || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed) {
    napi_throw_type_error(env, NULL, "qfs_linalg: expected (a: Float64Array, n: number)");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *data;
  CHECK(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL));
  double dn = NAN;
  if (type != napi_float64_array || napi_get_value_double(env, argv[1], &dn) != napi_ok) {
    napi_throw_type_error(env, NULL, "qfs_linalg: expected (a: Float64Array, n: number)");
    return NULL;
  }
  if (!(dn >= 1 && dn <= MAX_DIM && dn == floor(dn)) || length != 2 * (size_t)dn * (size_t)dn) {
    napi_throw_range_error(env, NULL, "qfs_linalg: a must hold an n×n complex matrix (2n² interleaved doubles), 1 ≤ n ≤ 32768");
    return NULL;
  }
  qfs_reduction *r = qfs_reduction_new((int)dn);
  if (!r) {
    napi_throw_error(env, NULL, "qfs_linalg: out of memory for the reduction");
    return NULL;
  }
  memcpy(r->a, data, length * sizeof(double));
  return r;
}

static void finalize_reduction(napi_env env, void *data, void *hint) {
  qfs_reduction *r = data;
  int64_t total;
  napi_adjust_external_memory(env, -(int64_t)qfs_reduction_bytes(r->n), &total);
  qfs_reduction_free(r);
}

/* { values, reduction }: the object handed back owns r from here on. */
static napi_value reduction_result(napi_env env, qfs_reduction *r, napi_value values) {
  napi_value handle, result;
  int64_t total;
  if (napi_create_object(env, &handle) != napi_ok || napi_wrap(env, handle, r, finalize_reduction, NULL, NULL) != napi_ok) {
    qfs_reduction_free(r);
    napi_throw_error(env, NULL, "qfs_linalg: could not wrap the reduction");
    return NULL;
  }
  napi_adjust_external_memory(env, (int64_t)qfs_reduction_bytes(r->n), &total);
  CHECK(env, napi_type_tag_object(env, handle, &reduction_tag));
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_set_named_property(env, result, "values", values));
  CHECK(env, napi_set_named_property(env, result, "reduction", handle));
  return result;
}

static napi_value reduce_sync(napi_env env, napi_callback_info info) {
  qfs_reduction *r = reduction_from_args(env, info);
  if (!r) return NULL;
  double *values;
  napi_value array = new_float64_array(env, r->n, &values);
  if (!array) {
    qfs_reduction_free(r);
    return NULL;
  }
  const char *err = qfs_hermitian_reduce(r, values);
  if (err) {
    qfs_reduction_free(r);
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  return reduction_result(env, r, array);
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  /* reduce: owns r until complete; vectors: borrows it, held alive by handle_ref. */
  qfs_reduction *r;
  napi_ref handle_ref;
  /* The output array, made on the JS thread and out of JS reach until resolved. */
  napi_ref out_ref;
  double *out;
  int k;
  const char *err;
} job;

static void reject(napi_env env, napi_deferred deferred, const char *message) {
  napi_value msg, error;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, NULL, msg, &error);
  napi_reject_deferred(env, deferred, error);
}

static void finish_job(napi_env env, job *j) {
  if (j->handle_ref) napi_delete_reference(env, j->handle_ref);
  napi_delete_reference(env, j->out_ref);
  napi_delete_async_work(env, j->work);
  free(j);
}

/* Queues j; on failure throws, releases j and returns NULL (r stays the caller's). */
static napi_value queue_job(napi_env env, job *j, const char *name, napi_async_execute_callback execute,
                            napi_async_complete_callback complete, napi_value out) {
  napi_value promise, resource_name;
  if (napi_create_reference(env, out, 1, &j->out_ref) != napi_ok ||
      napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
      napi_create_async_work(env, NULL, resource_name, execute, complete, j, &j->work) != napi_ok ||
      napi_queue_async_work(env, j->work) != napi_ok) {
    napi_throw_error(env, NULL, "qfs_linalg: could not queue the work");
    if (j->out_ref) napi_delete_reference(env, j->out_ref);
    if (j->handle_ref) napi_delete_reference(env, j->handle_ref);
    free(j);
    return NULL;
  }
  return promise;
}

static void reduce_execute(napi_env env, void *data) {
  job *j = data;
  j->err = qfs_hermitian_reduce(j->r, j->out);
}

static void reduce_complete(napi_env env, napi_status status, void *data) {
  job *j = data;
  napi_value values, result = NULL;
  if (status != napi_ok || j->err) {
    qfs_reduction_free(j->r);
    reject(env, j->deferred, j->err ? j->err : "qfs_linalg: the reduction was cancelled");
  } else if (napi_get_reference_value(env, j->out_ref, &values) == napi_ok &&
             (result = reduction_result(env, j->r, values)) != NULL) {
    napi_resolve_deferred(env, j->deferred, result);
  } else {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_reject_deferred(env, j->deferred, exception);
  }
  finish_job(env, j);
}

static napi_value reduce_async(napi_env env, napi_callback_info info) {
  qfs_reduction *r = reduction_from_args(env, info);
  if (!r) return NULL;
  job *j = calloc(1, sizeof *j);
  napi_value array = j ? new_float64_array(env, r->n, &j->out) : NULL;
  if (!array) {
    if (!j) napi_throw_error(env, NULL, "qfs_linalg: out of memory");
    free(j);
    qfs_reduction_free(r);
    return NULL;
  }
  j->r = r;
  napi_value promise = queue_job(env, j, "qfs-linalg-reduce", reduce_execute, reduce_complete, array);
  if (!promise) qfs_reduction_free(r);
  return promise;
}

/* Reads (reduction, k); throws and returns NULL unless k is an integer in [0, n]. */
static qfs_reduction *vectors_args(napi_env env, napi_callback_info info, napi_value *handle, int *k) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_valuetype t = napi_undefined;
  bool tagged = false;
  void *data = NULL;
  if (argc < 2 || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_object ||
      napi_check_object_type_tag(env, argv[0], &reduction_tag, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, argv[0], &data) != napi_ok) {
    napi_throw_type_error(env, NULL, "qfs_linalg: expected (reduction from hermitianReduce, count: number)");
    return NULL;
  }
  qfs_reduction *r = data;
  double dk = NAN;
  napi_get_value_double(env, argv[1], &dk);
  if (!(dk >= 0 && dk <= r->n && dk == floor(dk))) {
    napi_throw_range_error(env, NULL, "qfs_linalg: count must be an integer from 0 to n");
    return NULL;
  }
  *handle = argv[0];
  *k = (int)dk;
  return r;
}

static napi_value vectors_sync(napi_env env, napi_callback_info info) {
  napi_value handle;
  int k;
  qfs_reduction *r = vectors_args(env, info, &handle, &k);
  if (!r) return NULL;
  double *out;
  napi_value array = new_float64_array(env, 2 * (size_t)r->n * k, &out);
  if (!array) return NULL;
  const char *err = qfs_hermitian_top_vectors(r, k, out);
  if (err) {
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  return array;
}

static void vectors_execute(napi_env env, void *data) {
  job *j = data;
  j->err = qfs_hermitian_top_vectors(j->r, j->k, j->out);
}

static void vectors_complete(napi_env env, napi_status status, void *data) {
  job *j = data;
  napi_value array;
  if (status != napi_ok || j->err) {
    reject(env, j->deferred, j->err ? j->err : "qfs_linalg: the eigenvector computation was cancelled");
  } else if (napi_get_reference_value(env, j->out_ref, &array) == napi_ok) {
    napi_resolve_deferred(env, j->deferred, array);
  } else {
    reject(env, j->deferred, "qfs_linalg: lost the eigenvector array");
  }
  finish_job(env, j);
}

static napi_value vectors_async(napi_env env, napi_callback_info info) {
  napi_value handle;
  int k;
  qfs_reduction *r = vectors_args(env, info, &handle, &k);
  if (!r) return NULL;
  job *j = calloc(1, sizeof *j);
  napi_value array = j ? new_float64_array(env, 2 * (size_t)r->n * k, &j->out) : NULL;
  if (!array) {
    if (!j) napi_throw_error(env, NULL, "qfs_linalg: out of memory");
    free(j);
    return NULL;
  }
  j->r = r;
  j->k = k;
  if (napi_create_reference(env, handle, 1, &j->handle_ref) != napi_ok) {
    free(j);
    napi_throw_error(env, NULL, "qfs_linalg: could not hold the reduction");
    return NULL;
  }
  return queue_job(env, j, "qfs-linalg-vectors", vectors_execute, vectors_complete, array);
}

/* Eigenvalues of M Mᴴ for a column-major complex rows×cols M (a state vector reshaped at a cut). */
static napi_value gram_sync(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool is_typed = false;
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void *data = NULL;
  double rows = NAN, cols = NAN;
  if (argc < 3 || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok || type != napi_float64_array ||
      napi_get_value_double(env, argv[1], &rows) != napi_ok || napi_get_value_double(env, argv[2], &cols) != napi_ok) {
    napi_throw_type_error(env, NULL, "qfs_linalg: expected (m: Float64Array, rows: number, cols: number)");
    return NULL;
  }
  if (!(rows >= 1 && rows <= MAX_DIM && rows == floor(rows)) || !(cols >= 1 && cols <= INT32_MAX && cols == floor(cols)) ||
      (double)length != 2 * rows * cols) {
    napi_throw_range_error(env, NULL, "qfs_linalg: m must hold a rows×cols complex matrix, 1 ≤ rows ≤ 32768");
    return NULL;
  }
  double *values;
  napi_value array = new_float64_array(env, (size_t)rows, &values);
  if (!array) return NULL;
  const char *err = qfs_gram_eigenvalues(data, (int)rows, (int)cols, values);
  if (err) {
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  return array;
}

/* Σ_j w_j v_j v_jᴴ for k = weights.length vectors of length n (v_j at 2n·j). */
static napi_value outer_sum_sync(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool typed_v = false, typed_w = false;
  napi_typedarray_type tv = napi_int8_array, tw = napi_int8_array;
  size_t lv = 0, lw = 0;
  void *dv = NULL, *dw = NULL;
  double n = NAN;
  if (argc < 3 || napi_is_typedarray(env, argv[0], &typed_v) != napi_ok || !typed_v ||
      napi_is_typedarray(env, argv[1], &typed_w) != napi_ok || !typed_w ||
      napi_get_typedarray_info(env, argv[0], &tv, &lv, &dv, NULL, NULL) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &tw, &lw, &dw, NULL, NULL) != napi_ok || tv != napi_float64_array ||
      tw != napi_float64_array || napi_get_value_double(env, argv[2], &n) != napi_ok) {
    napi_throw_type_error(env, NULL, "qfs_linalg: expected (vectors: Float64Array, weights: Float64Array, n: number)");
    return NULL;
  }
  if (!(n >= 1 && n <= MAX_DIM && n == floor(n)) || lw > n || lv != 2 * (size_t)n * lw) {
    napi_throw_range_error(env, NULL, "qfs_linalg: vectors must hold weights.length vectors of n complex entries, 1 ≤ n ≤ 32768");
    return NULL;
  }
  double *out;
  napi_value array = new_float64_array(env, 2 * (size_t)n * (size_t)n, &out);
  if (!array) return NULL;
  const char *err = qfs_weighted_outer_sum(dv, dw, (int)n, (int)lw, out);
  if (err) {
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  return array;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"hermitianReduce", NULL, reduce_sync, NULL, NULL, NULL, napi_default, NULL},
    {"hermitianReduceAsync", NULL, reduce_async, NULL, NULL, NULL, napi_default, NULL},
    {"hermitianTopVectors", NULL, vectors_sync, NULL, NULL, NULL, napi_default, NULL},
    {"hermitianTopVectorsAsync", NULL, vectors_async, NULL, NULL, NULL, napi_default, NULL},
    {"gramEigenvalues", NULL, gram_sync, NULL, NULL, NULL, napi_default, NULL},
    {"weightedOuterSum", NULL, outer_sum_sync, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  if (qfs_tomography_define(env, exports) != napi_ok) return NULL;
  return exports;
}
