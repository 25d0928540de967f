/* Module entry: registers the session, reply and lz4 functions. */
#include "qfs_native.h"

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"mount", NULL, qfs_mount, NULL, NULL, NULL, napi_default, NULL},
    {"unmount", NULL, qfs_unmount, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, qfs_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  qfs_register_replies(env, exports);
  qfs_register_lz4(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
