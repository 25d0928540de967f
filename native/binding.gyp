{
  "targets": [
    {
      "target_name": "qfs_native",
      "sources": [
        "src/module.c",
        "src/session.c",
        "src/requests.c",
        "src/replies.c",
        "src/lz4.c"
      ],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "<!@(pkg-config --cflags fuse3)"],
      "libraries": ["<!@(pkg-config --libs fuse3)", "-llz4"],
      "defines": ["FUSE_USE_VERSION=35", "NAPI_VERSION=8", "_FILE_OFFSET_BITS=64"]
    },
    {
      "target_name": "qfs_linalg",
      "sources": [
        "src/linalg_module.c",
        "src/linalg_eigen.c"
      ],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-lopenblas"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
