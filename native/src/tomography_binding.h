/* The tomography functions of module qfs_linalg, defined on its exports. */
#ifndef QFS_TOMOGRAPHY_BINDING_H
#define QFS_TOMOGRAPHY_BINDING_H

#include <node_api.h>

napi_status qfs_tomography_define(napi_env env, napi_value exports);

#endif
