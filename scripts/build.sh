#!/usr/bin/env bash
# Builds the native addons (when their sources changed) and the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."
# One node-gyp project, two addons (libfuse3 binding, LAPACK eigensolver):
# rebuild when either is missing or older than any source.
stale=
for addon in native/build/Release/qfs_native.node native/build/Release/qfs_linalg.node; do
  if [ ! -f "$addon" ] || [ -n "$(find native/src native/binding.gyp -newer "$addon" 2>/dev/null)" ]; then stale=1; fi
done
if [ -n "$stale" ]; then
  echo "build: native binding"
  npx --no-install node-gyp rebuild --directory native >/dev/null
fi
echo "build: tsc"
npx --no-install tsc -p tsconfig.json
