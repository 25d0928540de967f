#!/usr/bin/env bash
# Sets everything up and mounts QFS at mountpoints/qfs in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mp=mountpoints/qfs
mkdir -p "$mp"
if grep -q " $(pwd)/$mp " /proc/self/mountinfo; then
  echo "QFS is already mounted at $mp"
else
  node bin/qfs.js mount "$mp" --daemon "$@"
fi
cat <<TRY

Try:
  ls $mp                                  # circuits  qubits  states
  cp ../shared/corpus/openqasm-examples/v2/*.qasm $mp/circuits/
  cat $mp/circuits/teleport.qasm
  getfattr -d $mp/circuits/teleport.qasm            # qubits, depth, gate counts… as user.qfs.*
  setfattr -n user.qfs.tags -v demo $mp/circuits/teleport.qasm
  npx qfs search --qubits 2..4 --tag demo
  ls $mp/circuits/.versions/teleport.qasm/           # hidden, read-only old versions
  echo "circuit=/circuits/teleport.qasm shots=2000 name=tp1" > $mp/states/capture
  ls $mp/states/snapshots/tp1/                       # rho.npy counts.json meta.json
  getfattr -d $mp/states/snapshots/tp1/rho.npy       # kind, qubits, purity, codec, stored bytes…
  npx qfs status                          # files, logical vs stored bytes
  npx qfs fsck                            # consistency check (works while mounted)
  npx qfs umount $mp                      # unmount (pending data is committed first)
TRY
