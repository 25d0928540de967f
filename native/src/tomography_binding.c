/* N-API binding of the tomography settings kernel (tomography_settings.c),
 * part of module qfs_linalg:
 *
 *   tomographySettings(table, weights, n, shots, streamBase, keepCounts, threads)
 *     -> { sums: Float64Array(4^n), moments?: Float64Array(2·3^n),
 *          offsets?: Uint32Array(3^n + 1), outcomes?: Int32Array, counts?: Float64Array }
 *
 * table and weights (or null) are Float64Array(4^n). The call is synchronous
 * (the caller is typically a worker thread already) and runs on `threads`
 * threads, the calling one included.
 *
 *   pauliExpectations(rho: Float64Array(2·4^n), n, threads) -> Float64Array(4^n)
 *   pauliExpectationsOfState(psi: Float64Array(2·2^n), n, threads) -> Float64Array(4^n)
 *   densityFromPauli(expectations: Float64Array(4^n), n, threads) -> Float64Array(2·4^n)
 *
 * The Pauli transforms of pauli-basis.ts (tomography_pauli.c); inputs are
 * only read. */
#include "tomography_binding.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tomography_pauli.h"
#include "tomography_settings.h"

#define ARGS 7

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value type_error(napi_env env) {
  napi_throw_type_error(env, NULL,
                        "qfs_linalg: expected (table: Float64Array, weights: Float64Array | null, n, shots, streamBase, "
                        "keepCounts: boolean, threads)");
  return NULL;
}

/* A Float64Array of `length` entries, or NULL (without throwing) when v is not one. */
static const double *float64_arg(napi_env env, napi_value v, size_t length) {
  bool typed = false;
  napi_typedarray_type type;
  size_t got;
  void *data;
  if (napi_is_typedarray(env, v, &typed) != napi_ok || !typed) return NULL;
  if (napi_get_typedarray_info(env, v, &type, &got, &data, NULL, NULL) != napi_ok) return NULL;
  return type == napi_float64_array && got == length ? data : NULL;
}

/* An integer in [lo, hi], or -1. */
static double integer_arg(napi_env env, napi_value v, double lo, double hi) {
  double x = NAN;
  if (napi_get_value_double(env, v, &x) != napi_ok || !(x >= lo && x <= hi && x == floor(x))) return -1;
  return x;
}

static napi_value typed_array(napi_env env, napi_typedarray_type type, size_t length, size_t bytes, void **data) {
  napi_value buffer, array;
  if (napi_create_arraybuffer(env, length * bytes, data, &buffer) != napi_ok ||
      napi_create_typedarray(env, type, length, buffer, 0, &array) != napi_ok) {
    return NULL;
  }
  return array;
}

static int set(napi_env env, napi_value object, const char *name, napi_value value) {
  return value && napi_set_named_property(env, object, name, value) == napi_ok;
}

/* Moves the counts into { offsets, outcomes, counts } of result; frees them. */
static int counts_result(napi_env env, napi_value result, qfs_settings_counts *c, size_t settings) {
  const size_t total = qfs_settings_counts_total(c);
  void *offsets, *outcomes, *counts;
  napi_value a = total <= UINT32_MAX ? typed_array(env, napi_uint32_array, settings + 1, sizeof(uint32_t), &offsets) : NULL;
  napi_value b = a ? typed_array(env, napi_int32_array, total, sizeof(int32_t), &outcomes) : NULL;
  napi_value d = b ? typed_array(env, napi_float64_array, total, sizeof(double), &counts) : NULL;
  if (d) qfs_settings_counts_copy(c, offsets, outcomes, counts);
  qfs_settings_counts_free(c);
  return set(env, result, "offsets", a) && set(env, result, "outcomes", b) && set(env, result, "counts", d);
}

static napi_value settings_sync(napi_env env, napi_callback_info info) {
  size_t argc = ARGS;
  napi_value argv[ARGS];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < ARGS) return type_error(env);
  const double n = integer_arg(env, argv[2], 1, QFS_SETTINGS_MAX_QUBITS);
  if (n < 0) {
    napi_throw_range_error(env, NULL, "qfs_linalg: n must be an integer from 1 to 13");
    return NULL;
  }
  const size_t paulis = (size_t)1 << (2 * (int)n);
  size_t settings = 1;
  for (int k = 0; k < (int)n; k++) settings *= 3;
  napi_valuetype weights_type;
  bool keep = false;
  if (napi_typeof(env, argv[1], &weights_type) != napi_ok || napi_get_value_bool(env, argv[5], &keep) != napi_ok) {
    return type_error(env);
  }
  const int has_weights = weights_type != napi_null && weights_type != napi_undefined;
  qfs_settings_input in = {
    .n = (int)n,
    .table = float64_arg(env, argv[0], paulis),
    .weights = has_weights ? float64_arg(env, argv[1], paulis) : NULL,
    .keep_counts = keep,
  };
  const double shots = integer_arg(env, argv[3], 1, INT32_MAX);
  const double base = integer_arg(env, argv[4], 0, UINT32_MAX);
  const double threads = integer_arg(env, argv[6], 1, QFS_SETTINGS_MAX_THREADS);
  if (!in.table || (has_weights && !in.weights) || shots < 0 || base < 0 || threads < 0) {
    napi_throw_range_error(env, NULL,
                           "qfs_linalg: table and weights must be Float64Array(4^n); shots from 1 to 2^31 − 1; streamBase a "
                           "32-bit unsigned integer; threads from 1 to 64");
    return NULL;
  }
  in.shots = (uint32_t)shots;
  in.stream_base = (uint32_t)base;
  in.threads = (int)threads;

  napi_value result, sums_array, moments_array = NULL;
  void *sums, *moments = NULL;
  if (napi_create_object(env, &result) != napi_ok) return fail(env, "qfs_linalg: could not create the result");
  sums_array = typed_array(env, napi_float64_array, paulis, sizeof(double), &sums);
  if (has_weights) moments_array = typed_array(env, napi_float64_array, 2 * settings, sizeof(double), &moments);
  if (!sums_array || (has_weights && !moments_array)) return fail(env, "qfs_linalg: out of memory for the sums");

  qfs_settings_counts *counts = NULL;
  const char *err = qfs_settings_run(&in, sums, moments, keep ? &counts : NULL);
  if (err) return fail(env, err);
  if (!set(env, result, "sums", sums_array) || (moments_array && !set(env, result, "moments", moments_array))) {
    qfs_settings_counts_free(counts);
    return fail(env, "qfs_linalg: could not build the result");
  }
  if (counts && !counts_result(env, result, counts, settings)) return fail(env, "qfs_linalg: out of memory for the counts");
  return result;
}

enum pauli_op { FROM_DENSITY, FROM_STATE, TO_DENSITY };

/* (input, n) for one of the Pauli transforms: the output, or NULL having thrown. */
static napi_value pauli_transform(napi_env env, napi_callback_info info, enum pauli_op op) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return fail(env, "qfs_linalg: expected (values: Float64Array, n, threads)");
  const double n = integer_arg(env, argv[1], 1, QFS_PAULI_MAX_QUBITS);
  const double threads = integer_arg(env, argv[2], 1, QFS_SETTINGS_MAX_THREADS);
  if (threads < 0) {
    napi_throw_range_error(env, NULL, "qfs_linalg: threads must be an integer from 1 to 64");
    return NULL;
  }
  const size_t dim = n < 0 ? 0 : (size_t)1 << (int)n, paulis = dim * dim;
  const size_t in_length = op == FROM_STATE ? 2 * dim : op == FROM_DENSITY ? 2 * paulis : paulis;
  const double *in = n < 0 ? NULL : float64_arg(env, argv[0], in_length);
  if (!in) {
    napi_throw_range_error(env, NULL,
                           "qfs_linalg: expected a Float64Array of 2·4^n (density matrix), 2·2^n (state) or 4^n "
                           "(expectations) doubles, 1 ≤ n ≤ 12");
    return NULL;
  }
  void *out;
  napi_value array = typed_array(env, napi_float64_array, op == TO_DENSITY ? 2 * paulis : paulis, sizeof(double), &out);
  if (!array) return fail(env, "qfs_linalg: out of memory for the Pauli transform");
  const char *err = NULL;
  if (op == TO_DENSITY) {
    err = qfs_density_from_pauli(in, (int)n, out, (int)threads);
  } else {
    double *work = malloc(2 * sizeof(double) * paulis);
    if (!work) return fail(env, "qfs_linalg: out of memory for the Pauli transform");
    if (op == FROM_DENSITY) {
      memcpy(work, in, 2 * sizeof(double) * paulis);
      err = qfs_pauli_from_density(work, (int)n, out, (int)threads);
    } else {
      err = qfs_pauli_from_state(in, (int)n, work, out, (int)threads);
    }
    free(work);
  }
  return err ? fail(env, err) : array;
}

static napi_value from_density(napi_env env, napi_callback_info info) {
  return pauli_transform(env, info, FROM_DENSITY);
}

static napi_value from_state(napi_env env, napi_callback_info info) {
  return pauli_transform(env, info, FROM_STATE);
}

static napi_value to_density(napi_env env, napi_callback_info info) {
  return pauli_transform(env, info, TO_DENSITY);
}

napi_status qfs_tomography_define(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"tomographySettings", NULL, settings_sync, NULL, NULL, NULL, napi_default, NULL},
    {"pauliExpectations", NULL, from_density, NULL, NULL, NULL, napi_default, NULL},
    {"pauliExpectationsOfState", NULL, from_state, NULL, NULL, NULL, napi_default, NULL},
    {"densityFromPauli", NULL, to_density, NULL, NULL, NULL, napi_default, NULL},
  };
  return napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
