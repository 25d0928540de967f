#!/usr/bin/env bash
# QFS benchmark: in one run on this machine, measures
#   (a) the local disk directly (a directory under /tmp),
#   (b) libfuse3's own `passthrough` example (built here from the Debian
#       package's examples) mounted with -o allow_other,default_permissions
#       over a directory under /tmp: the FUSE floor,
#   (c) QFS on a fresh data dir, mounted in the background,
# and prints each figure next to its references from the same run, QFS as a
# ratio, beside the targets of the issues. Nothing is asserted.
#
# Sections (BENCH_ONLY picks some):
#   files    issue 2: sequential write of one big file (dd bs=1M from a random
#            file generated beforehand and held in the page cache,
#            conv=fsync: the time includes fsync and close), sequential read
#            of it after dropping the page cache, create+write+close of many
#            4 KiB files, stat(2) of each, `ls -lR`.
#   copy     issue 3: `cp -r` of the circuit corpus into /circuits of a fresh
#            QFS mount (each circuit parsed and indexed at close) vs disk and
#            passthrough, files/s; then checks that QFS indexed them.
#   latency  issue 3: warm open+read+close of a random 10 KiB circuit, and
#            open+write+close of a new or rewritten one (on QFS, close commits
#            and indexes it), p50/p95/p99 timed inside one node process;
#            disk and passthrough also with fsync before close (the disk's is
#            the durable reference: passthrough's fsync is a stub);
#            then where a QFS commit's time goes (in-process, no FUSE).
#   parse    issue 3: in-process parse throughput of the corpus, MB/s.
#   search   issue 3: `qfs search` latency per query kind over
#            BENCH_SEARCH_CIRCUITS indexed circuits, the CLI's wall time, and
#            listing /circuits/.search/<query>/ on a mount of that data dir.
#   states   issue 4: QFT-20 simulation, 10-qubit tomography through
#            /states/capture vs in-process, stored/raw bytes of a mix of 10-20
#            qubit states (Haar-random apart), 20-qubit checkpoint write and
#            cold read vs the disk, and the tomography's stage breakdown.
#
# Environment:
#   BENCH_ONLY     comma-separated sections to run: files, copy, latency,
#                  parse, search, circuits (= those four), states; default all
#   BENCH_SIZE_MB  size of the big file in MiB (default 1024)
#   BENCH_FILES    number of small files (default 10000)
#   BENCH_QFS_DIR  QFS checkout to run (default: this one; must be built)
#   BENCH_REPEAT   rounds of the small-file and cp -r figures, median kept (default 3)
#   BENCH_STAGE_TIMEOUT  seconds one QFS measurement may take before the
#                  daemon is taken for hung and killed (default 180)
#   BENCH_KEEP     1 keeps the work directory (not the mounts) for inspection
#   BENCH_CORPUS   circuit corpus to copy and parse (default ../shared/corpus
#                  next to this checkout); when absent, copy and parse are
#                  skipped with a message
#   BENCH_LAT_OPS  timed operations per latency figure (default 1000)
#   BENCH_SEARCH_CIRCUITS  circuits indexed for the search figures (default 100000)
#   BENCH_SEARCH_DATA  a data dir that keeps those circuits across runs:
#                  populated when absent or empty, reused when it holds the
#                  same count (default: a temporary one, removed on exit)
#
# Run as root: dropping the page cache (/proc/sys/vm/drop_caches) and
# allow_other need it. Without root the script still runs, but reads may be
# served from the page cache and the figures say so.
# Every mount and temporary directory is removed on exit, failure included.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HELPERS=$ROOT/scripts/bench
QFS_DIR=$(cd "${BENCH_QFS_DIR:-$ROOT}" && pwd)
SIZE_MB=${BENCH_SIZE_MB:-1024}
NFILES=${BENCH_FILES:-10000}
FILE_SIZE=4096
STAGE_TIMEOUT=${BENCH_STAGE_TIMEOUT:-180}
REPEAT=${BENCH_REPEAT:-3}
ONLY=${BENCH_ONLY:-all}
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus}
LAT_OPS=${BENCH_LAT_OPS:-1000}
SEARCH_N=${BENCH_SEARCH_CIRCUITS:-100000}
SEARCH_DATA=${BENCH_SEARCH_DATA:-}
CIRCUIT_SIZE=10240   # the issue's "10 KiB circuit"
CAT_FILES=200        # distinct circuits the warm reads pick from
CATPROC_OPS=300      # reads by a cat process each
POLL_US=1000         # busy-polling window of the opt-in rows, us
BASE=/tmp/qfsbench
PT_SRC_DIR=/usr/share/doc/libfuse3-dev/examples
PT_BIN=$BASE/passthrough

[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_SIZE_MB must be a positive integer" >&2; exit 2; }
[[ $NFILES =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_FILES must be a positive integer" >&2; exit 2; }
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_REPEAT must be a positive integer" >&2; exit 2; }
[[ $STAGE_TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_STAGE_TIMEOUT must be a positive integer" >&2; exit 2; }
[[ $LAT_OPS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_LAT_OPS must be a positive integer" >&2; exit 2; }
[[ $SEARCH_N =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_SEARCH_CIRCUITS must be a positive integer" >&2; exit 2; }
SECTIONS=,
for sec in ${ONLY//,/ }; do
  case $sec in
    all) SECTIONS+=files,copy,latency,parse,search,states, ;;
    circuits) SECTIONS+=copy,latency,parse,search, ;;
    files | copy | latency | parse | search | states) SECTIONS+=$sec, ;;
    *) echo "bench: BENCH_ONLY: unknown section '$sec' (files, copy, latency, parse, search, circuits, states, all)" >&2; exit 2 ;;
  esac
done
want() { [[ $SECTIONS == *,$1,* ]]; }

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# ---------------------------------------------------------------- prerequisites
for tool in gcc pkg-config fusermount3 mountpoint dd node; do
  command -v "$tool" >/dev/null || die "'$tool' not found (scripts/setup.sh installs what QFS needs; gcc comes with g++)"
done
pkg-config --exists fuse3 || die "libfuse3-dev not installed (run scripts/setup.sh)"
[ -f "$QFS_DIR/dist/cli/index.js" ] && [ -f "$QFS_DIR/native/build/Release/qfs_native.node" ] ||
  die "QFS is not built in $QFS_DIR (run scripts/setup.sh or npm run build)"

mkdir -p "$BASE"
WORK=$(mktemp -d "$BASE/run.XXXXXX")
RAND=$WORK/random.bin
DISK_DIR=$WORK/disk
PT_BACK=$WORK/pt-backing
PT_MP=$WORK/pt-mnt
QFS_MP=$WORK/qfs-mnt
QFS_DATA=$WORK/qfs-data
mkdir -p "$DISK_DIR" "$PT_BACK" "$PT_MP" "$QFS_MP"
PT_PID=
QFS_PID=
QFS_LOG_TAIL=

is_mounted() { grep -qs " $1 " /proc/self/mounts; }

umount_pt() {
  if is_mounted "$PT_MP"; then
    fusermount3 -u "$PT_MP" 2>/dev/null || fusermount3 -u -z "$PT_MP" 2>/dev/null || umount -l "$PT_MP" 2>/dev/null || true
  fi
  if [ -n "$PT_PID" ]; then
    kill "$PT_PID" 2>/dev/null || true
    wait "$PT_PID" 2>/dev/null || true
    PT_PID=
  fi
}

umount_qfs() {
  if [ -z "$QFS_PID" ] && [ -f "$QFS_DATA/daemon.pid" ]; then QFS_PID=$(cat "$QFS_DATA/daemon.pid" 2>/dev/null || true); fi
  if is_mounted "$QFS_MP"; then
    timeout 60 node "$QFS_DIR/bin/qfs.js" umount "$QFS_MP" >/dev/null 2>&1 ||
      fusermount3 -u "$QFS_MP" 2>/dev/null || fusermount3 -u -z "$QFS_MP" 2>/dev/null || umount -l "$QFS_MP" 2>/dev/null || true
  fi
  if [ -n "$QFS_PID" ]; then
    # The daemon exits by itself once unmounted; give it time to commit.
    for _ in $(seq 100); do kill -0 "$QFS_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$QFS_PID" 2>/dev/null; then
      kill -TERM "$QFS_PID" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$QFS_PID" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$QFS_PID" 2>/dev/null || true
    fi
    QFS_PID=
  fi
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  guard_stop
  umount_qfs
  umount_pt
  if is_mounted "$PT_MP" || is_mounted "$QFS_MP"; then
    # Never recurse into a live mount (the passthrough mirrors /).
    log "a mount under $WORK is still present; leaving $WORK in place"
  elif [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $WORK"
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ utilities
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
# cat_processes <dir> <files> <ops> -> "p50 p95 p99 n" (ms): one `cat` process
# per read of c<k>.qasm, as a shell script reads, each timed from the shell
# ($EPOCHREALTIME: no process to read the clock). Spawning cat is part of it.
cat_processes() {
  local dir=$1 files=$2 ops=$3 i t0 t1
  for ((i = 0; i < ops; i++)); do
    t0=$EPOCHREALTIME
    cat "$dir/c$(printf %05d $((RANDOM % files))).qasm" >/dev/null || return 1
    t1=$EPOCHREALTIME
    echo "$t0 $t1"
  done | awk '{ print ($2 - $1) * 1000 }' | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    printf "%.3f %.3f %.3f %d\n", v[int(NR * 0.5) + 1], v[int(NR * 0.95) + 1], v[int(NR * 0.99) + 1], NR }'
}

DROPPED=0
drop_caches() {
  sync
  if [ "$IS_ROOT" = 1 ] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then DROPPED=1; else DROPPED=0; fi
}

declare -A R     # R[<fs>.<figure>] = value (MB/s or ops/s) or "err"
declare -A RUNS  # the rounds behind a median, for the log

median() {  # values... -> their median, or err if any is err
  printf '%s\n' "$@" | sort -n | awk '/err/ { bad = 1 } { v[NR] = $1 } END {
    if (bad || NR == 0) print "err"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# mbps <bytes> <seconds>
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
opsps() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

qfs_mount() {
  local args=(mount "$QFS_MP" --data "$QFS_DATA" --daemon)
  [[ $(mount_opts) == allow_other* ]] && args+=(--allow-other)
  node "$QFS_DIR/bin/qfs.js" "${args[@]}" >/dev/null || return 1
  QFS_PID=$(cat "$QFS_DATA/daemon.pid")
  is_mounted "$QFS_MP"
}
# Alive and not a zombie (a dead daemon may linger unreaped under a subreaper).
qfs_alive() {
  [ -n "$QFS_PID" ] && [ -r "/proc/$QFS_PID/stat" ] &&
    [ "$(sed 's/^.*) \(.\).*/\1/' "/proc/$QFS_PID/stat" 2>/dev/null)" != Z ] &&
    is_mounted "$QFS_MP" && [ -d "$QFS_MP/circuits" ]
}

# Called before each measurement. For QFS: if the daemon has died (or hung
# and was killed by the watchdog) since the previous one, note it and mount
# again (same data dir) so that the remaining figures are still measured; the
# ones that hit the dead mount show "err". Each QFS measurement runs under a
# watchdog: a request the daemon never answers would otherwise block forever.
QFS_DEATHS=
LAST_STAGE=
GUARD_PID=
stage() {  # <fs> <stage>
  # qfs_alive touches the mount: it runs under the previous stage's watchdog.
  if [ "$1" = qfs ] && [ -n "$LAST_STAGE" ] && ! qfs_alive; then
    guard_stop
    local how=died
    [ -e "$WORK/hung" ] && how="hung (killed after ${STAGE_TIMEOUT} s)"
    rm -f "$WORK/hung"
    QFS_DEATHS+="${QFS_DEATHS:+, }$how during '$LAST_STAGE'"
    log "qfs: the daemon $how during '$LAST_STAGE'; mounting again"
    umount_qfs
    qfs_mount || log "qfs: mounting again failed"
  fi
  guard_stop
  LAST_STAGE=$2
  [ "$1" = qfs ] && [ "$2" != end ] && guard_start
  return 0
}

# The watchdog is a separate bash process (not a subshell, which would
# inherit this script's traps) told to stop through a file, not a signal.
guard_start() {
  local pid=$QFS_PID
  [ -n "$pid" ] || return 0
  rm -f "$WORK/guard.stop"
  bash -c 'for ((i = 0; i < $1 * 10; i++)); do [ -e "$2" ] && exit 0; sleep 0.1; done
    echo "bench: qfs: no progress for $1 s; killing the daemon (pid $3)" >&2
    : >"$4"; kill -KILL "$3" 2>/dev/null' guard "$STAGE_TIMEOUT" "$WORK/guard.stop" "$pid" "$WORK/hung" &
  GUARD_PID=$!
}

guard_stop() {
  if [ -n "$GUARD_PID" ]; then
    : >"$WORK/guard.stop"
    wait "$GUARD_PID" 2>/dev/null || true
    GUARD_PID=
  fi
  return 0
}

# Runs the five measurements on directory $2 (through the filesystem named $1).
bench_fs() {
  local fs=$1 dir=$2 t0 t1 out n s
  local bytes=$((SIZE_MB * 1048576))

  log "$fs: sequential write of $SIZE_MB MiB"
  stage "$fs" write
  cat "$RAND" >/dev/null  # source in the page cache: the write measures the target only
  t0=$(now)
  if dd if="$RAND" of="$dir/big" bs=1M conv=fsync status=none; then
    t1=$(now); R[$fs.write]=$(mbps "$bytes" "$(elapsed "$t0" "$t1")")
  else
    R[$fs.write]=err
  fi

  log "$fs: sequential read"
  stage "$fs" read
  drop_caches
  t0=$(now)
  if [ "${R[$fs.write]}" != err ] && dd if="$dir/big" of=/dev/null bs=1M status=none; then
    t1=$(now); R[$fs.read]=$(mbps "$bytes" "$(elapsed "$t0" "$t1")")
  else
    R[$fs.read]=err
  fi

  # The small-file figures are short and noisy: each runs REPEAT times on a
  # fresh tree and the median is kept ("err" if any round failed).
  local r c st ls
  local entries=$((NFILES + (NFILES + 999) / 1000))
  local -a creates=() stats=() lss=()
  for ((r = 1; r <= REPEAT; r++)); do
    log "$fs: create+write+close of $NFILES files of $FILE_SIZE bytes (round $r/$REPEAT)"
    stage "$fs" create
    c=err st=err ls=err
    sync  # no writeback of earlier figures' data during this one
    if out=$(node "$HELPERS/smallfiles.mjs" create "$dir/small$r" "$NFILES" "$FILE_SIZE"); then
      read -r n s <<<"$out"; c=$(opsps "$n" "$s")
    fi

    log "$fs: stat of each file (round $r/$REPEAT)"
    stage "$fs" stat
    drop_caches
    if [ "$c" != err ] && out=$(node "$HELPERS/smallfiles.mjs" stat "$dir/small$r" "$NFILES" "$FILE_SIZE"); then
      read -r n s <<<"$out"; st=$(opsps "$n" "$s")
    fi

    log "$fs: ls -lR (round $r/$REPEAT)"
    stage "$fs" ls
    drop_caches
    t0=$(now)
    if [ "$c" != err ] && (cd "$dir" && ls -lR "small$r" >/dev/null); then
      t1=$(now); ls=$(opsps "$entries" "$(elapsed "$t0" "$t1")")
    fi
    creates+=("$c") stats+=("$st") lss+=("$ls")
  done
  R[$fs.create]=$(median "${creates[@]}")
  R[$fs.stat]=$(median "${stats[@]}")
  R[$fs.ls]=$(median "${lss[@]}")
  RUNS[$fs.create]="${creates[*]}" RUNS[$fs.stat]="${stats[*]}" RUNS[$fs.ls]="${lss[*]}"
}

# ---------------------------------------------------------- passthrough build
# Built at every run from the system package's example (the FUSE floor of
# DESIGN.md section 5), so it always matches the installed libfuse3.
build_passthrough() {
  local src=$WORK/ptsrc f
  mkdir -p "$src"
  for f in passthrough.c passthrough_helpers.h; do
    if [ -f "$PT_SRC_DIR/$f" ]; then cp "$PT_SRC_DIR/$f" "$src/$f"
    elif [ -f "$PT_SRC_DIR/$f.gz" ]; then zcat "$PT_SRC_DIR/$f.gz" >"$src/$f"
    else die "$PT_SRC_DIR/$f not found (Debian package libfuse3-dev)"; fi
  done
  log "building libfuse's passthrough example into $PT_BIN"
  rm -f "$PT_BIN"
  # shellcheck disable=SC2046
  (cd "$src" && gcc -Wall passthrough.c $(pkg-config fuse3 --cflags --libs) \
    -DHAVE_UTIMENSAT -DHAVE_SETXATTR -DHAVE_POSIX_FALLOCATE -o "$PT_BIN")
}

wait_mounted() {  # <mountpoint> <pid>
  for _ in $(seq 100); do
    is_mounted "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

mount_opts() {
  if [ "$IS_ROOT" = 1 ] || grep -qs '^[[:space:]]*user_allow_other' /etc/fuse.conf; then
    echo allow_other,default_permissions
  else
    echo default_permissions
  fi
}

mount_pt() {
  log "mounting passthrough at $PT_MP"
  "$PT_BIN" -f -o "$(mount_opts)" "$PT_MP" 2>"$WORK/passthrough.log" &
  PT_PID=$!
  wait_mounted "$PT_MP" "$PT_PID" || { cat "$WORK/passthrough.log" >&2; die "passthrough did not mount"; }
}

# Unmounts QFS and mounts it again on data dir $1 (created when absent).
qfs_remount_on() {
  # Still under the previous stage's watchdog: a hung daemon cannot block this.
  if [ -n "$QFS_PID" ] && [ -n "$LAST_STAGE" ] && ! qfs_alive; then
    local how=died
    [ -e "$WORK/hung" ] && how="hung (killed after ${STAGE_TIMEOUT} s)"
    rm -f "$WORK/hung"
    QFS_DEATHS+="${QFS_DEATHS:+, }$how during '$LAST_STAGE'"
  fi
  guard_stop
  umount_qfs
  QFS_DATA=$1
  LAST_STAGE=  # a new mount: nothing to check for the previous stage
  log "mounting QFS ($QFS_DIR) at $QFS_MP, data $QFS_DATA"
  qfs_mount || { log "qfs: mounting on $QFS_DATA failed"; return 1; }
}

qfs_state() {
  if [ -z "$QFS_DEATHS" ]; then
    echo "The QFS daemon stayed up for the whole section"
  else
    echo "THE QFS DAEMON FAILED: $QFS_DEATHS (mounted again each time; figures marked err hit the dead mount)"
  fi
}

ratio() {  # <qfs> <pt>
  awk -v q="$1" -v p="$2" 'BEGIN { if (q == "err" || p == "err" || p + 0 == 0) print "-"; else printf "%.0f%%", 100 * q / p }'
}
met() {  # <qfs> <pt> <target%>
  [ "$3" = - ] && { echo -; return; }
  awk -v q="$1" -v p="$2" -v t="$3" 'BEGIN { if (q == "err" || p == "err" || p + 0 == 0) print "-"; else print (100 * q / p >= t ? "yes" : "NO") }'
}
row() {  # <label> <key> <unit> <target%|->
  local d=${R[disk.$2]:-err} p=${R[pt.$2]:-err} q=${R[qfs.$2]:-err} tgt=$4
  local tt=-
  [ "$tgt" != - ] && tt=">=$tgt%"
  printf '%-34s %10s %12s %10s %8s %8s %5s\n' "$1 ($3)" "$d" "$p" "$q" "$(ratio "$q" "$p")" "$tt" "$(met "$q" "$p" "$tgt")"
}
table_head() {
  printf '%-34s %10s %12s %10s %8s %8s %5s\n' figure disk passthrough QFS QFS/pt target met
  printf '%-34s %10s %12s %10s %8s %8s %5s\n' ---------------------------------- ---------- ------------ ---------- -------- -------- -----
}

# ================================================================ files (issue 2)
files_section() {
  local t0 t1
  log "generating $SIZE_MB MiB of random data in $RAND"
  node "$HELPERS/mkrandom.mjs" "$RAND" "$SIZE_MB"

  # (a) local disk
  mkdir -p "$DISK_DIR"
  bench_fs disk "$DISK_DIR"
  rm -rf "$DISK_DIR"

  # (b) libfuse passthrough, mirroring / ; the files live in $PT_BACK
  mount_pt
  mkdir -p "$PT_BACK"
  bench_fs pt "$PT_MP$PT_BACK"
  umount_pt
  rm -rf "$PT_BACK"

  # (c) QFS, fresh data dir
  qfs_remount_on "$WORK/qfs-data" || die "QFS did not mount"
  QFS_DIRIN=$QFS_MP/circuits/bench
  mkdir "$QFS_DIRIN"
  bench_fs qfs "$QFS_DIRIN"

  # Sequential read again with QFS's own chunk cache cold: drop_caches clears
  # the kernel's page cache but not the decoded chunks QFS keeps in its process.
  log "qfs: remount, then sequential read with an empty chunk cache"
  stage qfs coldread
  R[qfs.coldread]=err
  if [ "${R[qfs.write]}" != err ]; then
    guard_stop
    umount_qfs
    if qfs_mount; then
      guard_start
      drop_caches
      t0=$(now)
      if dd if="$QFS_DIRIN/big" of=/dev/null bs=1M status=none; then
        t1=$(now); R[qfs.coldread]=$(mbps "$((SIZE_MB * 1048576))" "$(elapsed "$t0" "$t1")")
      fi
    else
      log "qfs: mounting again failed"
    fi
  fi
  stage qfs end
  R[disk.coldread]=${R[disk.read]}
  R[pt.coldread]=${R[pt.read]}
  [ -n "$QFS_DEATHS" ] && QFS_LOG_TAIL=$(tail -n 5 "$QFS_DATA/qfs.log" 2>/dev/null || true)
  QFS_CACHE=$(cd "$QFS_DIR" && node -e "import('./dist/config.js').then(m => console.log(m.loadConfig(process.argv[1]).cacheBytes / 1048576))" "$QFS_DATA" 2>/dev/null || echo '?')
  QFS_STATE=$(qfs_state)
  umount_qfs
  rm -f "$RAND"
}

files_table() {
  echo
  echo "Files (issue 2): big file ${SIZE_MB} MiB, ${NFILES} files of ${FILE_SIZE} B; MB/s = 10^6 bytes/s; ops/s = files (or ls entries) per second"
  echo
  table_head
  row "seq write ${SIZE_MB} MiB, fsync" write MB/s 50
  row "seq read" read MB/s 70
  row "seq read, QFS remounted *" coldread MB/s -
  row "create+write+close 4 KiB" create ops/s 30
  row "stat" stat ops/s 50
  row "ls -lR" ls ops/s -
  echo
  if [ "$DROPPED" = 1 ]; then
    echo "Reads, stat and ls -lR ran after 'echo 3 > /proc/sys/vm/drop_caches' (page, dentry and inode caches empty)."
  else
    echo "WARNING: the page cache could not be dropped (not root): reads may have been served from memory."
  fi
  echo "QFS keeps its own cache of decoded chunks in the daemon (cacheBytes = ${QFS_CACHE} MiB), which drop_caches does not"
  echo "clear: 'seq read' may partly hit it. * The second read ran after unmounting and remounting QFS (cache empty);"
  echo "  its disk and passthrough columns repeat their 'seq read' (already cold) and it has no target."
  echo "Small-file figures are the median of $REPEAT rounds, each on a fresh tree of $NFILES files (ops/s per round:"
  local k
  for k in create stat ls; do
    printf '  %-7s disk %-22s passthrough %-22s QFS %s\n' "$k" "${RUNS[disk.$k]:-}" "${RUNS[pt.$k]:-}" "${RUNS[qfs.$k]:-}"
  done
  echo "  )."
  echo "$QFS_STATE."
  if [ -n "$QFS_LOG_TAIL" ]; then
    echo "Last lines of the QFS log:"
    printf '%s\n' "$QFS_LOG_TAIL"
  fi
}

# ============================================================= circuits (issue 3)
declare -A L  # L[<fs>.<figure>] = "p50 p95 p99 n" in ms, or err
CORPUS_OK=0
[ -d "$CORPUS" ] && CORPUS=$(cd "$CORPUS" && pwd) && CORPUS_OK=1
circuit_files() { find "$CORPUS" -type f \( -name '*.qasm' -o -name '*.qasm2' -o -name '*.qasm3' -o -name '*.braket.json' \); }
QFS_CLI=("node" "$QFS_DIR/bin/qfs.js")

# copy_rate <src> <dst> [qfs mount] -> files/s of `cp -r`, or err. On QFS a
# close hands the circuit to the background commit (parse, index, version), so
# the clock stops only once a search lists them all: listing .search waits for
# every closed circuit's commit.
copy_rate() {
  local t0 t1
  sync  # no writeback of earlier figures' data during this one
  t0=$(now)
  cp -r "$1" "$2" || { echo err; return 0; }
  if [ -n "${3:-}" ]; then ls "$3/circuits/.search/valid=1" >/dev/null || { echo err; return 0; }; fi
  t1=$(now)
  opsps "$N_CORPUS" "$(elapsed "$t0" "$t1")"
}

copy_section() {
  local r ptdir=$PT_MP$PT_BACK plain=$WORK/corpus-plain
  local -a d=() p=() q=() dp=() pp=() qp=()
  N_CORPUS=$(find "$CORPUS" -type f | wc -l)
  N_CIRCUITS=$(circuit_files | wc -l)
  # The control: the same bytes with the circuit files renamed *.txt, which
  # QFS neither parses nor commits at each close.
  cp -r "$CORPUS" "$plain"
  find "$plain" -type f \( -name '*.qasm' -o -name '*.qasm2' -o -name '*.qasm3' -o -name '*.braket.json' \) -exec mv {} {}.txt \;
  # Rounds alternate the filesystems so that load from elsewhere on the
  # machine hits them alike; QFS gets a fresh data dir for every copy.
  for ((r = 1; r <= REPEAT; r++)); do
    find "$CORPUS" "$plain" -type f -exec cat {} + >/dev/null  # the sources in the page cache
    log "disk: cp -r of the corpus, $N_CORPUS files, and of its *.txt control (round $r/$REPEAT)"
    d+=("$(copy_rate "$CORPUS" "$DISK_DIR/cp$r")")
    dp+=("$(copy_rate "$plain" "$DISK_DIR/plain$r")")
    log "pt: cp -r of the corpus and of the control (round $r/$REPEAT)"
    p+=("$(copy_rate "$CORPUS" "$ptdir/cp$r")")
    pp+=("$(copy_rate "$plain" "$ptdir/plain$r")")
    log "qfs: cp -r of the control, then of the corpus, each into /circuits of a fresh mount (round $r/$REPEAT)"
    qfs_remount_on "$WORK/qfs-plain$r" || true
    stage qfs copy-plain
    qp+=("$(copy_rate "$plain" "$QFS_MP/circuits/corpus")")
    qfs_remount_on "$WORK/qfs-copy$r" || true
    stage qfs copy
    q+=("$(copy_rate "$CORPUS" "$QFS_MP/circuits/corpus" "$QFS_MP")")
  done
  R[disk.copy]=$(median "${d[@]}") R[pt.copy]=$(median "${p[@]}") R[qfs.copy]=$(median "${q[@]}")
  R[disk.plain]=$(median "${dp[@]}") R[pt.plain]=$(median "${pp[@]}") R[qfs.plain]=$(median "${qp[@]}")
  RUNS[disk.copy]="${d[*]}" RUNS[pt.copy]="${p[*]}" RUNS[qfs.copy]="${q[*]}"

  # The figure is only real if QFS parsed and indexed what it stored.
  log "qfs: checking that the copied circuits are indexed"
  stage qfs copy-check
  local sample
  sample=$(cd "$CORPUS" && find . -type f -name '*.qasm' | sort | head -n 1 || true)
  sample=${sample#./}
  INDEXED=$("${QFS_CLI[@]}" search --data "$QFS_DATA" 2>/dev/null | wc -l || true)
  INDEXED_VALID=$("${QFS_CLI[@]}" search --data "$QFS_DATA" valid=1 2>/dev/null | wc -l || true)
  SAMPLE_QUBITS=$(getfattr --only-values -n user.qfs.qubits "$QFS_MP/circuits/corpus/$sample" 2>/dev/null || echo none)
  SAMPLE_EXPECTED=$(cd "$QFS_DIR" && node --input-type=module -e "
    const { parseCircuit } = await import('./dist/quantum/parse-circuit.js');
    const { readFileSync } = await import('node:fs');
    console.log(parseCircuit(readFileSync(process.argv[1], 'utf8'), process.argv[1]).metrics.qubits);" "$CORPUS/$sample" 2>/dev/null || echo '?')
  SAMPLE=$sample
  stage qfs end
}

latency_section() {
  local fs dir mode ptdir=$PT_MP$PT_BACK out
  [ -n "$QFS_PID" ] || qfs_remount_on "$WORK/qfs-latency" || true
  for fs in disk pt qfs; do
    case $fs in disk) dir=$DISK_DIR ;; pt) dir=$ptdir ;; qfs) dir=$QFS_MP/circuits ;; esac
    log "$fs: warm open+read+close of random $CIRCUIT_SIZE-byte circuits ($LAT_OPS ops over $CAT_FILES files)"
    stage "$fs" cat
    L[$fs.cat]=err
    # On QFS the reads start once the new circuits are committed (a stat of .search waits for that).
    if node "$HELPERS/mkcircuits.mjs" "$dir/cat" "$CAT_FILES" "$CIRCUIT_SIZE" &&
      { [ "$fs" != qfs ] || stat "$dir/.search" >/dev/null; } &&
      out=$(node "$HELPERS/readlat.mjs" "$dir/cat" "$CAT_FILES" "$LAT_OPS"); then L[$fs.cat]=$out; fi
    L[$fs.catproc]=err
    if out=$(cat_processes "$dir/cat" "$CAT_FILES" "$CATPROC_OPS"); then L[$fs.catproc]=$out; fi
    for mode in new rewrite; do
      log "$fs: open+write+close of a $mode $CIRCUIT_SIZE-byte circuit ($LAT_OPS ops)"
      stage "$fs" "commit-$mode"
      L[$fs.$mode]=err
      if [ "$fs" = qfs ]; then
        # The figure: each close followed by a stat of .search, which waits for the commit.
        if out=$(node "$HELPERS/commitlat.mjs" "$dir/commit-$mode" "$mode" "$LAT_OPS" "$CIRCUIT_SIZE" "after=$dir/.search"); then L[$fs.$mode]=$out; fi
        log "$fs: the same, close alone"
        stage "$fs" "commit-$mode-close"
        L[$fs.$mode.close]=err
        if out=$(node "$HELPERS/commitlat.mjs" "$dir/commit-$mode-close" "$mode" "$LAT_OPS" "$CIRCUIT_SIZE"); then L[$fs.$mode.close]=$out; fi
      elif out=$(node "$HELPERS/commitlat.mjs" "$dir/commit-$mode" "$mode" "$LAT_OPS" "$CIRCUIT_SIZE"); then L[$fs.$mode]=$out; fi
      log "$fs: the same with fsync before close"
      stage "$fs" "commit-$mode-fsync"
      L[$fs.$mode.fsync]=err
      if out=$(node "$HELPERS/commitlat.mjs" "$dir/commit-$mode-fsync" "$mode" "$LAT_OPS" "$CIRCUIT_SIZE" fsync); then L[$fs.$mode.fsync]=$out; fi
    done
  done
  # The same QFS figures on the same data dir with busy polling on (opt-in),
  # then with loop spinning off: what the waking of halted CPUs costs here,
  # and (the cat processes) what spinning at idle priority costs others.
  local variant key setting
  for variant in poll:QFS_BUSY_POLL_US=$POLL_US nospin:QFS_LOOP_SPIN_US=0; do
    key=${variant%%:*} setting=${variant#*:}
    log "qfs: warm cat and commits again with $setting"
    stage qfs end
    umount_qfs
    dir=$QFS_MP/circuits
    export "${setting?}"
    qfs_mount || { unset "${setting%%=*}"; continue; }
    unset "${setting%%=*}"
    stage qfs "cat-$key"
    L[qfs.cat.$key]=err L[qfs.catproc.$key]=err
    if out=$(node "$HELPERS/readlat.mjs" "$dir/cat" "$CAT_FILES" "$LAT_OPS"); then L[qfs.cat.$key]=$out; fi
    if out=$(cat_processes "$dir/cat" "$CAT_FILES" "$CATPROC_OPS"); then L[qfs.catproc.$key]=$out; fi
    for mode in new rewrite; do
      stage qfs "commit-$mode-$key"
      L[qfs.$mode.$key]=err
      if out=$(node "$HELPERS/commitlat.mjs" "$dir/commit-$mode-$key" "$mode" "$LAT_OPS" "$CIRCUIT_SIZE" "after=$dir/.search"); then L[qfs.$mode.$key]=$out; fi
    done
    stage qfs end
    umount_qfs
    LAST_STAGE=  # unmounted on purpose: nothing for the next check to find alive
  done
  qfs_mount || log "qfs: mounting again failed"
  log "qfs: where a commit's time goes (in-process, no FUSE; $LAT_OPS new circuits)"
  PHASES=$(node "$HELPERS/commitphases.mjs" "$QFS_DIR" "$WORK/qfs-phases" "$LAT_OPS" "$CIRCUIT_SIZE" || echo err)
}

parse_section() {
  log "parse throughput of $CORPUS (in-process, at least 2 s)"
  PARSE=$(node "$HELPERS/parserate.mjs" "$QFS_DIR" "$CORPUS" 2 || echo err)
}

# wall_ms <command...> -> its wall time in ms (output discarded), or err
wall_ms() {
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || { echo err; return 0; }
  t1=$(now)
  awk -v s="$(elapsed "$t0" "$t1")" 'BEGIN { printf "%.1f", s * 1000 }'
}

search_section() {
  local data=${SEARCH_DATA:-$WORK/search-data} out i q
  local -a cli=() bare=() load=()
  SEARCH_HOW=
  if [ "$(cat "$data/bench-populated" 2>/dev/null)" = "$SEARCH_N" ]; then
    SEARCH_HOW="reused from $data (populated by an earlier run)"
  elif [ -e "$data" ] && [ -n "$(ls -A "$data")" ]; then
    SEARCH_SKIP="$data is not empty and holds no $SEARCH_N bench circuits; remove it or set BENCH_SEARCH_DATA elsewhere"
    return 0
  else
    log "populating $data with $SEARCH_N indexed circuits (in-process; takes a while)"
    out=$(node "$HELPERS/populate.mjs" "$QFS_DIR" "$data" "$SEARCH_N") || { SEARCH_SKIP="populating $data failed"; return 0; }
    echo "$SEARCH_N" >"$data/bench-populated"
    SEARCH_HOW="populated in $(awk -v s="${out#* }" 'BEGIN { printf "%.0f", s }') s"
  fi

  log "search: timing queries in-process"
  SEARCH_ROWS=$(node "$HELPERS/searchlat.mjs" "$QFS_DIR" "$data" 20 "$WORK/plans.txt" 5 || echo err)
  OPEN_MS=$(awk -F'\t' '$1 == "open" { print $2 }' <<<"$SEARCH_ROWS")
  SEARCH_LOAD=$(awk -F'\t' '$1 == "open" { print $3 }' <<<"$SEARCH_ROWS")
  SEARCH_ROWS=$(grep -v '^open' <<<"$SEARCH_ROWS" || true)

  # The CLI as a shell script runs it: a node process per search. Its parts:
  # node itself, loading QFS (qfs --version), then opening the data dir and
  # searching.
  log "search: wall time of the qfs search CLI"
  CLI_QUERY='author=user07,qubits=2..10'
  for i in 1 2 3 4 5; do
    bare+=("$(wall_ms node -e 0)")
    load+=("$(wall_ms "${QFS_CLI[@]}" --version)")
    cli+=("$(wall_ms "${QFS_CLI[@]}" search --data "$data" "$CLI_QUERY")")
  done
  CLI_MS=$(median "${cli[@]}") BARE_MS=$(median "${bare[@]}") LOAD_MS=$(median "${load[@]}")
  CLI_HITS=$("${QFS_CLI[@]}" search --data "$data" "$CLI_QUERY" 2>/dev/null | wc -l || true)

  log "search: listing /circuits/.search/<query>/ on a mount of $data"
  LS_ROWS=
  if qfs_remount_on "$data"; then
    for q in "$CLI_QUERY" tag=vqe qubits=4..8; do
      stage qfs search-ls
      out=$(node "$HELPERS/listlat.mjs" "$QFS_MP/circuits/.search/$q" 5 || echo err)
      LS_ROWS+="$q $out"$'\n'
    done
    stage qfs end
  fi
  umount_qfs
}

# lat_row <label> <key>: p50 p95 p99, QFS's p95 as a multiple of this row's,
# and for QFS rows the target and whether it is met.
lat_row() {
  local fig=${2#*.}
  local base=${fig%.fsync}
  local v=${L[$2]:-err} q=${L[qfs.${base%.close}]:-err} target=${3:-}
  local p50=- p95=- p99=- n=- x=- m=-
  [ "$v" != err ] && read -r p50 p95 p99 n <<<"$v"
  [ "$q" != err ] && [ "$v" != err ] && [[ $2 != qfs.* ]] &&
    x=$(awk -v a="$(cut -d' ' -f2 <<<"$q")" -v b="$p95" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
  if [ -n "$target" ]; then
    [ "$p95" != - ] && m=$(awk -v a="$p95" -v t="$target" 'BEGIN { print (a < t ? "yes" : "NO") }')
    target="p95<$target"
  else
    target=-
  fi
  printf '  %-40s %8s %8s %8s %12s %9s %5s\n' "$1" "$p50" "$p95" "$p99" "$x" "$target" "$m"
}

circuits_table() {
  echo
  echo "Circuits (issue 3): corpus $CORPUS"
  if want copy; then
    echo
    if [ "$CORPUS_OK" = 0 ]; then
      echo "cp -r: SKIPPED, no corpus at $CORPUS (set BENCH_CORPUS)."
    else
      table_head
      row "cp -r corpus, $N_CORPUS files" copy files/s 50
      row "control: *.txt names" plain files/s -
      echo
      echo "Median of $REPEAT rounds (files/s per round: disk ${RUNS[disk.copy]}; passthrough ${RUNS[pt.copy]}; QFS ${RUNS[qfs.copy]})."
      echo "Each QFS round copies into /circuits of a fresh data dir and mount; every close of a circuit file there"
      echo "queues it as a version of its own, committed at once in the background (parse, mostly on the parser thread; index,"
      echo "one transaction per batch, carrying copies of its small records; the segments are fdatasynced in the background);"
      echo "the clock stops when \`ls .search/valid=1\` returns, which waits for all of them."
      echo "Disk and passthrough only cache. The control copies the same bytes with the $N_CIRCUITS circuit files renamed"
      echo "*.txt: no parse and no index (committed in groups, 25 ms after close), and no wait at the end."
      echo "Check: QFS indexed $INDEXED of the corpus's $N_CIRCUITS circuit files ($INDEXED_VALID valid, the rest flagged invalid);"
      echo "  getfattr -n user.qfs.qubits /circuits/corpus/$SAMPLE = $SAMPLE_QUBITS (parser in-process: $SAMPLE_EXPECTED)."
    fi
  fi
  if want latency; then
    echo
    printf '  %-40s %8s %8s %8s %12s %9s %5s\n' "latency, ms" p50 p95 p99 "QFS p95 /" target met
    printf '  %-40s %8s %8s %8s %12s %9s %5s\n' "" "" "" "" "this p95" "" ""
    echo "warm cat of a random ${CIRCUIT_SIZE}-byte circuit (open+read+close; $LAT_OPS ops over $CAT_FILES files)"
    lat_row disk disk.cat
    lat_row passthrough pt.cat
    lat_row QFS qfs.cat 1
    lat_row "QFS, busy polling on (opt-in)" qfs.cat.poll
    lat_row "QFS, loop spinning off" qfs.cat.nospin
    echo "the same from a shell: a cat process per read ($CATPROC_OPS reads; spawning cat included)"
    lat_row disk disk.catproc
    lat_row passthrough pt.catproc
    lat_row QFS qfs.catproc
    lat_row "QFS, busy polling on (opt-in)" qfs.catproc.poll
    lat_row "QFS, loop spinning off" qfs.catproc.nospin
    local mode
    for mode in new rewrite; do
      if [ "$mode" = new ]; then echo "commit of a new ${CIRCUIT_SIZE}-byte circuit (open O_CREAT|O_EXCL + write + close; $LAT_OPS ops)"
      else echo "commit of a rewritten ${CIRCUIT_SIZE}-byte circuit (open O_TRUNC of one of 50 + write + close; $LAT_OPS ops)"; fi
      lat_row disk "disk.$mode"
      lat_row "disk, fsync before close (durable)" "disk.$mode.fsync"
      lat_row passthrough "pt.$mode"
      lat_row "passthrough, fsync (a no-op stub there)" "pt.$mode.fsync"
      lat_row "QFS, close + stat .search (committed)" "qfs.$mode" 5
      lat_row "  the same, busy polling on (opt-in)" "qfs.$mode.poll"
      lat_row "  the same, loop spinning off" "qfs.$mode.nospin"
      lat_row "QFS, close alone (commit follows)" "qfs.$mode.close"
      lat_row "QFS, fsync before close (durable)" "qfs.$mode.fsync"
    done
    echo "Each op is timed with hrtime inside one node process (spawning cat alone takes more than 1 ms)."
    echo "The 'busy polling on' rows remount the same data dir with QFS_BUSY_POLL_US=$POLL_US: for that long after each"
    echo "request and reply one thread per CPU spins at SCHED_IDLE instead of letting the CPU halt. That helps a client"
    echo "sending requests back to back, but SCHED_IDLE yields at once only to the daemon's own threads: a process of"
    echo "another session (autogroup) or cgroup woken on a spinning CPU waits for the window to end, as the cat-process"
    echo "rows show. Hence off by default. Loop spinning (loopSpinUs, default 100 us) keeps only the daemon's own"
    echo "thread polling for that long after a reply, at normal priority; the 'loop spinning off' rows remount with"
    echo "QFS_LOOP_SPIN_US=0."
    echo "libfuse's passthrough example answers fsync with a stub (returns 0, syncs nothing): its fsync rows are the FUSE"
    echo "round trip only. The durable reference is the disk with fsync. QFS's close queues the file as a version of"
    echo "its own and returns; the commit starts at once: parse (inline up to 16 KiB), then the metadata, with a copy of the"
    echo "content's compressed record, into SQLite's WAL without syncing it (synchronous=NORMAL; the WAL reaches the disk"
    echo "at the next fsync or background checkpoint). The segment holding the record is fdatasynced in the background"
    echo "about a second later and the copy dropped; a data dir opened after a crash writes back any record its segment"
    echo "lost. Bulk content (records of 64 KiB and up) is fdatasynced before its commit instead."
    echo "The QFS figure adds a stat(2) of /circuits/.search after each"
    echo "close: it returns once every closed circuit is committed and indexed, as a search would see it. QFS's fsync"
    echo "also waits for the commit, then fdatasyncs the WAL."
    echo "Where a QFS commit's time goes, in-process without FUSE (the daemon's Vfs on a fresh data dir, ms):"
    if [ "$PHASES" = err ]; then echo "  err"; else
      printf '  %-10s %8s %8s %8s  %s\n' phase p50 p95 p99 ""
      awk '{ d = ""
        if ($1 == "op") d = "create + write + flush + release, then getxattr (waits for the commit)"
        if ($1 == "commit") d = "the commit: seal, then describe, then sql"
        if ($1 == "seal") d = "hash, lz4, append of the block"
        if ($1 == "describe") d = "the index row (parsed inline up to 16 KiB)"
        if ($1 == "parse") d = "(parseCircuit alone on the same text)"
        if ($1 == "sync") d = "fdatasync of the segments, in the background (" $5 " of them)"
        if ($1 == "sql") d = "SQLite transaction: blocks, record copy, circuit row, version"
        printf "  %-10s %8s %8s %8s  %s\n", $1, $2, $3, $4, d }' <<<"$PHASES"
      echo "  The rest of a commit through the mount is FUSE: lookup, create, write, flush, release round trips."
    fi
  fi
  if want parse; then
    echo
    if [ "$CORPUS_OK" = 0 ]; then
      echo "parse throughput: SKIPPED, no corpus at $CORPUS."
    elif [ "$PARSE" = err ]; then
      echo "parse throughput: err"
    else
      local mbs fps nf nb ninv
      read -r mbs fps nf nb ninv <<<"$(head -n 1 <<<"$PARSE")"
      echo "parse throughput of the corpus, in-process (dist/quantum/parse-circuit.js): $mbs MB/s, $fps files/s"
      echo "  ($nf circuit files, $nb bytes, $ninv of them invalid; repeated for at least 2 s). Slowest files:"
      tail -n +2 <<<"$PARSE" | awk '{ printf "    %9s ms %9s B  %s\n", $1, $2, $3 }'
    fi
  fi
  if want search; then
    echo
    if [ -n "${SEARCH_SKIP:-}" ]; then
      echo "qfs search: SKIPPED: $SEARCH_SKIP."
    else
      echo "qfs search over $SEARCH_N indexed circuits: written in-process through the daemon's own Vfs and Committer"
      echo "(create, write, release, setxattr; parse and index at commit, as a mount does, commits grouped); $SEARCH_HOW."
      echo "Timed in-process, p50/p95 of up to 20 runs ($SEARCH_LOAD when they began). 'match': which circuits match"
      echo "(searchInos, what .search lists); 'records': every match's record (searchCircuits); 'cli': what 'qfs search'"
      echo "does before writing (the search with a name per hit, paths from a per-search directory cache, the lines;"
      echo "JSON records for 'json'), and 'first': its time to the first line (output streams). 'process': the CLI as"
      echo "a process, node start-up and module loading included, median of 5: first byte, exit. Target p95 < 20 ms."
      printf '  %-9s %-30s %7s %13s %5s %13s %5s %13s %13s %5s %15s  %s\n' kind query hits "match p50/95" met "records" met "cli" "first" met "process 1st/all" "driven by"
      if [ "$SEARCH_ROWS" = err ]; then echo "  err"; else
        awk -F'\t' '{ printf "  %-9s %-30s %7s %13s %5s %13s %5s %13s %13s %5s %15s  %s\n", $1, $2, $3, $11 "/" $12, ($12 < 20 ? "yes" : "NO"), $4 "/" $5, ($5 < 20 ? "yes" : "NO"), $6 "/" $7, $9 "/" $10, ($7 < 20 ? "yes" : "NO"), $13 "/" $14, $15 }' <<<"$SEARCH_ROWS"
      fi
      echo "'qfs search --data <dir> $CLI_QUERY' as a process ($CLI_HITS hits): $CLI_MS ms wall, median of 5. Of that,"
      echo "  'node -e 0' takes $BARE_MS ms and 'qfs --version' (node + loading QFS's modules) $LOAD_MS ms; opening the data dir"
      echo "  read-only (openDataDir: no quick_check, which the daemon and fsck keep) took ${OPEN_MS:-?} ms in-process; the query"
      echo "  and printing the paths are the rest."
      echo "Listing /circuits/.search/<query>/ (readdir; QFS runs the search at each listing) on a mount of that data dir,"
      echo "and the lookup 'ls -l' adds per entry (lstat of up to 200 entries; QFS re-checks just that entry):"
      if [ -z "$LS_ROWS" ]; then echo "  err (mount failed)"; else
        awk 'NF { if ($2 == "err") printf "  %-30s err\n", $1; else printf "  %-30s p50 %s ms, p95 %s ms (%s listings, %s entries); lstat p50 %s ms, p95 %s ms\n", $1, $2, $3, $5, $6, $7, $8 }' <<<"$LS_ROWS"
      fi
      if [ "$SEARCH_ROWS" != err ] && [ -s "$WORK/plans.txt" ]; then
        local slow
        slow=$(awk -F'\t' '$12 >= 20 || $5 >= 20 { print $1 }' <<<"$SEARCH_ROWS" | tr '\n' ' ')
        if [ -n "$slow" ]; then
          echo "Query plans of the kinds over 20 ms (SQLite EXPLAIN QUERY PLAN):"
          awk -v want=" $slow" '/^[a-z]+ \(/ { show = index(want, " " $1 " ") > 0 } show { print "  " $0 }' "$WORK/plans.txt"
        fi
      fi
    fi
  fi
  echo
  echo "$(qfs_state)."
}

circuits_section() {
  QFS_DEATHS=
  mkdir -p "$DISK_DIR" "$PT_BACK"
  mount_pt
  if want copy && [ "$CORPUS_OK" = 1 ]; then copy_section; fi
  if want latency; then latency_section; fi
  umount_qfs
  umount_pt
  if want parse && [ "$CORPUS_OK" = 1 ]; then parse_section; fi
  if want search; then search_section; fi
  rm -rf "$DISK_DIR" "$PT_BACK"
}

# StateStore (issue 4): simulator, capture through /states/capture, quantum-aware
# compression, checkpoints (scripts/bench/states.mjs) on a fresh QFS, then the
# in-process tomography breakdown (scripts/bench/tomography.mjs).
states_section() {
  echo
  echo "StateStore (issue 4)"
  rm -rf "$QFS_DATA"
  mkdir -p "$QFS_MP" "$DISK_DIR"
  log "states: capture, compression and checkpoints through a fresh QFS mount"
  if qfs_mount; then
    node "$HELPERS/states.mjs" "$QFS_MP" "$DISK_DIR" "$CORPUS/qasmbench" || echo "states figures failed (exit $?)"
  else
    echo "states: QFS did not mount"
  fi
  umount_qfs
  rm -rf "$DISK_DIR"
  echo
  echo "10-qubit Pauli tomography in-process, stage by stage (scripts/bench/tomography.mjs, 1000 shots per setting):"
  node "$HELPERS/tomography.mjs" 1000 || echo "tomography figures failed (exit $?)"
}

# ------------------------------------------------------------------------ run
T_START=$(now)
[ "$IS_ROOT" = 1 ] || log "not root: the page cache cannot be dropped; reads may come from memory"
if [ "$CORPUS_OK" = 0 ] && { want copy || want parse; }; then log "no corpus at $CORPUS: the cp -r and parse figures are skipped"; fi
build_passthrough

echo "QFS benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(uname -r), $(nproc) CPUs, node $(node -v), libfuse $(pkg-config --modversion fuse3)"
echo "disk = $(df -P /tmp | awk 'NR == 2 { print $1 }') at $BASE; passthrough = libfuse example, -o $(mount_opts); QFS = $QFS_DIR"
if want files; then
  files_section
  files_table
fi
if want copy || want latency || want parse || want search; then
  circuits_section
  circuits_table
fi
if want states; then states_section; fi
T_END=$(now)
echo "Total time $(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%.0f", b - a }') s."
