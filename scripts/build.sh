#!/usr/bin/env bash
# Builds the native libfuse3 binding (when its sources changed) and the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."
addon=native/build/Release/qfs_native.node
if [ ! -f "$addon" ] || [ -n "$(find native/src native/binding.gyp -newer "$addon" 2>/dev/null)" ]; then
  echo "build: native binding"
  npx --no-install node-gyp rebuild --directory native >/dev/null
fi
echo "build: tsc"
npx --no-install tsc -p tsconfig.json
