{
  "targets": [
    {
      "target_name": "qfs_native",
      "sources": [
        "src/module.c",
        "src/session.c",
        "src/requests.c",
        "src/replies.c",
        "src/lz4.c",
        "src/busy_poll.c", "src/loop_spin.c"
      ],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-pthread", "<!@(pkg-config --cflags fuse3)"],
      "ldflags": ["-pthread"],
      "libraries": ["<!@(pkg-config --libs fuse3)", "-llz4"],
      "defines": ["FUSE_USE_VERSION=35", "NAPI_VERSION=8", "_FILE_OFFSET_BITS=64"]
    },
    {
      "target_name": "qfs_linalg",
      "sources": [
        "src/linalg_module.c",
        "src/linalg_eigen.c",
        "src/linalg_gram.c",
        "src/parallel_range.c",
        "src/tomography_binding.c",
        "src/tomography_pauli.c",
        "src/tomography_settings.c"
      ],
      "cflags": ["-O3", "-Wall", "-Wextra", "-Wno-unused-parameter", "-ffp-contract=off", "-pthread"],
      "ldflags": ["-pthread"],
      "libraries": ["-lopenblas"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
