#!/usr/bin/env bash
# QFS benchmark (issue 2): in one run on this machine, measures
#   (a) the local disk directly (a directory under /tmp),
#   (b) libfuse3's own `passthrough` example (built here from the Debian
#       package's examples) mounted with -o allow_other,default_permissions
#       over a directory under /tmp: the FUSE floor,
#   (c) QFS on a fresh data dir, mounted in the background,
# and prints MB/s or ops/s for each, with QFS as a percentage of (b) next to
# the targets of the issue. Nothing is asserted.
#
# Figures: sequential write of one big file (dd bs=1M from a random file
# generated beforehand and held in the page cache, conv=fsync: the time
# includes fsync and close), sequential read of it after dropping the page
# cache, create+write+close of many 4 KiB files, stat(2) of each, `ls -lR`.
#
# Environment:
#   BENCH_SIZE_MB  size of the big file in MiB (default 1024)
#   BENCH_FILES    number of small files (default 10000)
#   BENCH_QFS_DIR  QFS checkout to run (default: this one; must be built)
#   BENCH_REPEAT   rounds of the small-file figures, median kept (default 3)
#   BENCH_STAGE_TIMEOUT  seconds one QFS measurement may take before the
#                  daemon is taken for hung and killed (default 180)
#   BENCH_KEEP     1 keeps the work directory (not the mounts) for inspection
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
BASE=/tmp/qfsbench
PT_SRC_DIR=/usr/share/doc/libfuse3-dev/examples
PT_BIN=$BASE/passthrough

[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_SIZE_MB must be a positive integer" >&2; exit 2; }
[[ $NFILES =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_FILES must be a positive integer" >&2; exit 2; }
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_REPEAT must be a positive integer" >&2; exit 2; }
[[ $STAGE_TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_STAGE_TIMEOUT must be a positive integer" >&2; exit 2; }

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

# ------------------------------------------------------------------------ run
T_START=$(now)
[ "$IS_ROOT" = 1 ] || log "not root: the page cache cannot be dropped; reads may come from memory"
build_passthrough

log "generating $SIZE_MB MiB of random data in $RAND"
node "$HELPERS/mkrandom.mjs" "$RAND" "$SIZE_MB"

# (a) local disk
bench_fs disk "$DISK_DIR"
rm -rf "$DISK_DIR"

# (b) libfuse passthrough, mirroring / ; the files live in $PT_BACK
log "mounting passthrough at $PT_MP"
"$PT_BIN" -f -o "$(mount_opts)" "$PT_MP" 2>"$WORK/passthrough.log" &
PT_PID=$!
wait_mounted "$PT_MP" "$PT_PID" || { cat "$WORK/passthrough.log" >&2; die "passthrough did not mount"; }
bench_fs pt "$PT_MP$PT_BACK"
umount_pt
rm -rf "$PT_BACK"

# (c) QFS, fresh data dir
log "mounting QFS ($QFS_DIR) at $QFS_MP, data $QFS_DATA"
qfs_mount || die "QFS did not mount"
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
if [ -z "$QFS_DEATHS" ]; then
  QFS_STATE="The QFS daemon stayed up for the whole run"
else
  QFS_STATE="THE QFS DAEMON FAILED: $QFS_DEATHS (mounted again each time; figures marked err hit the dead mount)"
fi
umount_qfs
T_END=$(now)

# ---------------------------------------------------------------------- table
ratio() {  # <qfs> <pt>
  awk -v q="$1" -v p="$2" 'BEGIN { if (q == "err" || p == "err" || p + 0 == 0) print "-"; else printf "%.0f%%", 100 * q / p }'
}
met() {  # <qfs> <pt> <target%>
  [ "$3" = - ] && { echo -; return; }
  awk -v q="$1" -v p="$2" -v t="$3" 'BEGIN { if (q == "err" || p == "err" || p + 0 == 0) print "-"; else print (100 * q / p >= t ? "yes" : "NO") }'
}

echo
echo "QFS benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(uname -r), $(nproc) CPUs, node $(node -v), libfuse $(pkg-config --modversion fuse3)"
echo "big file ${SIZE_MB} MiB, ${NFILES} files of ${FILE_SIZE} B; MB/s = 10^6 bytes/s; ops/s = files (or ls entries) per second"
echo "disk = $(df -P /tmp | awk 'NR == 2 { print $1 }') at $BASE; passthrough = libfuse example, -o $(mount_opts); QFS = $QFS_DIR"
echo
printf '%-34s %10s %12s %10s %8s %8s %5s\n' figure disk passthrough QFS QFS/pt target met
printf '%-34s %10s %12s %10s %8s %8s %5s\n' ---------------------------------- ---------- ------------ ---------- -------- -------- -----
row() {  # <label> <key> <unit> <target%|->
  local d=${R[disk.$2]} p=${R[pt.$2]} q=${R[qfs.$2]} tgt=$4
  local tt=-
  [ "$tgt" != - ] && tt=">=$tgt%"
  printf '%-34s %10s %12s %10s %8s %8s %5s\n' "$1 ($3)" "$d" "$p" "$q" "$(ratio "$q" "$p")" "$tt" "$(met "$q" "$p" "$tgt")"
}
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
for k in create stat ls; do
  printf '  %-7s disk %-22s passthrough %-22s QFS %s\n' "$k" "${RUNS[disk.$k]:-}" "${RUNS[pt.$k]:-}" "${RUNS[qfs.$k]:-}"
done
echo "  )."
echo "$QFS_STATE. Total time $(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%.0f", b - a }') s."
if [ -n "$QFS_LOG_TAIL" ]; then
  echo "Last lines of the QFS log:"
  printf '%s\n' "$QFS_LOG_TAIL"
fi
