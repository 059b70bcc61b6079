#!/usr/bin/env bash
# Idle keep-alive connections: live heap and resident memory per connection of Squall's `hello`, Netty
# (NettyHello) and Vert.x (VertxHello), in one run. See benchmarks/README.md. Loopback only; every step is
# bounded in time; it stops only what it started.
#
#   benchmarks/idle.sh                      # 15,000 connections, 1 repetition (--reps=N for more): ~3 min quiet
#   benchmarks/idle.sh --connections=5000 --reps=1
#   benchmarks/idle.sh --only=squall        # one server only (squall | netty | vertx)
#
# Needs: taskset, jcmd (the JDK's), an open-files limit above the connection count, and the jars:
# mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPS=1
CONNECTIONS=15000
PORT=18083
CLIENT_CPUS=1
URL_PATH=/plaintext
CLIENT_TIMEOUT_S=600     # opening the connections and holding them

USAGE=(
  "Options: --connections=N (default $CONNECTIONS)  --only=squall|netty|vertx  --reps=N (default $REPS)  --port=N (default $PORT)"
  "JVM flags for every server: \$JAVA_OPTS (default: $JVM_FLAGS)."
)

harness_option() {
  case $1 in
    --quick) bad_option "$1" ;; # nothing here is timed: the connection count sets the run's length
    --connections=[1-9]*) CONNECTIONS=${1#--connections=} ;;
    --only=squall|--only=netty|--only=vertx) ONLY=${1#--only=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools taskset timeout
require_two_cpus "server on CPU $SERVER_CPUS, clients on CPU $CLIENT_CPUS"
find_java
JCMD=$(dirname "$JAVA")/jcmd
[[ -x $JCMD ]] || die "no jcmd next to $JAVA; a JDK (not a JRE) is needed"
[[ -f $SQUALL_JAR && -f $BENCH_JAR ]] || die "the jars are not built; run: mvn -q -B package -DskipTests"
require_open_files_for "$CONNECTIONS"
require_free_port
setup_workdir idle

declare -A NAME=([squall]=Squall [netty]=Netty [vertx]=Vert.x)

# Prints the live heap of process $1 in bytes: the total of a class histogram, which a full GC precedes.
# Writes the histogram to file $2.
live_heap() {
  timeout 60 "$JCMD" "$1" GC.class_histogram >"$2" 2>&1 || die "jcmd GC.class_histogram failed: $(tail -n 3 "$2")"
  awk '$1 == "Total" { print $3 }' "$2"
}

# Prints the resident set size of process $1 in bytes.
rss_bytes() { awk '$1 == "VmRSS:" { print $2 * 1024 }' "/proc/$1/status"; }

# Runs the clients (IdleClients) against the server: $1 source address, $2 "hold" (keep them open until
# release_clients) or "close" (close them at once). Sets CLIENT_PID for "hold"; dies if they fail.
run_clients() {
  local fifo=$WORK/clients-$RUN.in out=$WORK/clients-$RUN.out
  rm -f "$fifo"
  mkfifo "$fifo"
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  timeout --kill-after=5 "$CLIENT_TIMEOUT_S" taskset -c "$CLIENT_CPUS" "$JAVA" -Xmx512m -cp "$BENCH_JAR" \
    dev.squall.benchmarks.IdleClients "$PORT" "$CONNECTIONS" "$URL_PATH" "$1" <"$fifo" >"$out" 2>&1 &
  CLIENT_PID=$!
  STARTED_PIDS+=("$CLIENT_PID")
  exec 8>"$fifo"              # the clients' stdin: they close their connections when it ends
  local i
  for ((i = 0; i < CLIENT_TIMEOUT_S * 10; i++)); do
    grep -q '^READY' "$out" 2>/dev/null && break
    kill -0 "$CLIENT_PID" 2>/dev/null || die "the clients failed: $(tail -n 5 "$out")"
    sleep 0.1
  done
  grep -q '^READY' "$out" || die "the clients did not open $CONNECTIONS connections within ${CLIENT_TIMEOUT_S}s"
  [[ $2 == hold ]] || release_clients
}

# Tells the clients to close their connections and waits for them to exit.
release_clients() {
  exec 8>&-
  wait "$CLIENT_PID" 2>/dev/null || true
  forget_pid "$CLIENT_PID"
}

# Waits until the server's live connections are gone: its descriptor count stops falling (10 s at most).
settle() {
  local last=-1 now i
  for ((i = 0; i < 100; i++)); do
    now=$(find "/proc/$SERVER_PID/fd" -maxdepth 1 2>/dev/null | wc -l)
    ((now == last)) && return 0
    last=$now
    sleep 0.1
  done
}

interleave_servers squall netty vertx

RESULTS=$WORK/results.tsv   # server heap_bytes_per_conn rss_bytes_per_conn
: >"$RESULTS"
RUN=0
echo "idle.sh: ${#ORDER[@]} runs of $CONNECTIONS idle keep-alive connections (one GET $URL_PATH each), server on CPU $SERVER_CPUS," \
     "clients on CPU $CLIENT_CPUS, java $JAVA, JVM flags: $JVM_FLAGS"
for server in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  start_hello_server "$server"
  # Warm-up: the same connections opened, used and closed once, so that class loading, the JIT and the young
  # generation's first pass are in the baseline, not in the figure.
  run_clients "127.0.0.$((2 * RUN))" close
  settle
  heap0=$(live_heap "$SERVER_PID" "$WORK/histo-$RUN-before.txt")
  rss0=$(rss_bytes "$SERVER_PID")
  run_clients "127.0.0.$((2 * RUN + 1))" hold
  heap1=$(live_heap "$SERVER_PID" "$WORK/histo-$RUN-after.txt")
  rss1=$(rss_bytes "$SERVER_PID")
  release_clients
  stop_server
  heap=$(awk -v a="$heap1" -v b="$heap0" -v n="$CONNECTIONS" 'BEGIN { printf "%.0f", (a - b) / n }')
  rss=$(awk -v a="$rss1" -v b="$rss0" -v n="$CONNECTIONS" 'BEGIN { printf "%.0f", (a - b) / n }')
  printf '%s\t%s\t%s\n' "$server" "$heap" "$rss" >>"$RESULTS"
  printf '  [%d/%d] %-7s %6s B heap/conn  %6s B RSS/conn\n' "$RUN" "${#ORDER[@]}" "${NAME[$server]}" "$heap" "$rss"
done

# Prints the classes that grew most between histograms $1 and $2, in bytes and objects per connection.
histogram_growth() {
  awk -v n="$CONNECTIONS" '
    FNR == NR && $1 ~ /^[0-9]+:$/ { before[$4] = $3; nbefore[$4] = $2; next }
    $1 ~ /^[0-9]+:$/ { d = $3 - before[$4]; if (d > 8 * n) printf "%9.1f %7.2f  %s\n", d / n, ($2 - nbefore[$4]) / n, $4 }
  ' "$1" "$2" | sort -rn | head -n 25
}

col() { column_median "$RESULTS" "$1" "$2"; }
REPORT=$WORK/report.md
{
  echo "# Idle keep-alive connections: Squall vs Netty vs Vert.x — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "$CONNECTIONS connections that each made one \`GET $URL_PATH\` and stay open; medians of $REPS run(s) per server,"
  echo "a fresh server per run pinned to CPU $SERVER_CPUS with one event loop. Heap: live heap (the total of"
  echo "\`jcmd GC.class_histogram\`, after a full GC) with the connections open minus the same after a warm-up round"
  echo "of as many connections opened and closed; RSS: \`VmRSS\` at the same two moments. Per connection; lower is"
  echo "better; ratios are Squall/peer (below 1: Squall holds less)."
  echo
  echo "| server | heap B/conn | RSS B/conn |"
  echo "|---|---:|---:|"
  for s in squall netty vertx; do
    [[ -z $ONLY || $ONLY == "$s" ]] || continue
    echo "| ${NAME[$s]} | $(col "$s" 2) | $(col "$s" 3) |"
  done
  if [[ -z $ONLY ]]; then
    echo "| **Squall/Netty** | **$(ratio "$(col squall 2)" "$(col netty 2)")** | **$(ratio "$(col squall 3)" "$(col netty 3)")** |"
    echo "| **Squall/Vert.x** | **$(ratio "$(col squall 2)" "$(col vertx 2)")** | **$(ratio "$(col squall 3)" "$(col vertx 3)")** |"
  fi
  echo
  echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr); $(java_version);" \
       "commit $(commit_id); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/idle-$(date -u +%Y%m%dT%H%M%SZ).md
{
  cat "$REPORT"
  echo
  echo "## What grew, per connection (the last run of each server)"
  for s in squall netty vertx; do
    last=$(awk -F'\t' -v s="$s" '$1 == s { n = NR } END { print n }' "$RESULTS")
    [[ -n $last ]] || continue
    echo
    echo "${NAME[$s]} (run $last): bytes/conn, objects/conn, class"
    echo
    echo '```'
    histogram_growth "$WORK/histo-$last-before.txt" "$WORK/histo-$last-after.txt"
    echo '```'
  done
} >"$OUT"
show_report "$REPORT" "$OUT"
