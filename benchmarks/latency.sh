#!/usr/bin/env bash
# Latency under load: p50/p99/p99.9 of Squall's `hello` against Vert.x 5 (VertxHello) and Netty 4.2 (NettyHello)
# at 256 and at 4,096 connections, in one run. See benchmarks/README.md. Loopback only; every step is bounded in
# time; it stops only what it started.
#
#   benchmarks/latency.sh                       # 2 interleaved repetitions, 5 s + 3 s (new connections) warm-up + 10 s each: ~4.5 minutes
#   benchmarks/latency.sh --quick               # 1 repetition, 2 s warm-up + 3 s: a smoke test
#   benchmarks/latency.sh --connections=256     # one connection count (a comma-separated list)
#
# Needs: wrk (apt-get install -y wrk), taskset, 2+ CPUs, an open-files limit above 4,096 + 1,000, and the jars:
# mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPS=2
PORT=18084
COUNTS=256,4096
URL_PATH=/plaintext
CONNECTIONS=256        # run_wrk's, set per test

USAGE=(
  "Options: --quick  --only=squall|vertx|netty  --reps=N (default $REPS)  --connections=N,M (default $COUNTS)  --port=N (default $PORT)"
  "JVM flags for every server: \$JAVA_OPTS (default: $JVM_FLAGS)."
)

harness_option() {
  case $1 in
    --only=squall|--only=vertx|--only=netty) ONLY=${1#--only=} ;;
    --connections=[1-9]*) COUNTS=${1#--connections=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools wrk taskset timeout curl
require_two_cpus "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
find_java
[[ -f $SQUALL_JAR && -f $BENCH_JAR ]] || die "the jars are not built; run: mvn -q -B package -DskipTests"
IFS=, read -r -a COUNT_LIST <<<"$COUNTS"
MOST=0
for n in "${COUNT_LIST[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "--connections takes numbers, got '$n'"
  ((n > MOST)) && MOST=$n
done
require_open_files_for "$MOST"   # wrk and the server inherit it
require_free_port
setup_workdir latency

# wrk's --latency shows p50/p75/p90/p99 only; this prints its whole histogram's p50, p99 and p99.9 (in µs).
cat >"$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("PERCENTILES_US %d %d %d %d\n",
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
LUA

declare -A NAME=([squall]=Squall [vertx]=Vert.x [netty]=Netty)

interleave_servers squall vertx netty

RESULTS=$WORK/results.tsv   # connections server rps p50_ms p99_ms p999_ms max_ms errors cpu_us
: >"$RESULTS"
RUN=0
TOTAL=$(( ${#COUNT_LIST[@]} * ${#ORDER[@]} ))
echo "latency.sh: $TOTAL runs (${REPS} repetition(s), ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up + ${DURATION_S}s each), GET $URL_PATH," \
     "server on CPU $SERVER_CPUS, wrk -t1 on CPU $WRK_CPUS, java $JAVA"
for CONNECTIONS in "${COUNT_LIST[@]}"; do
  for server in "${ORDER[@]}"; do
    RUN=$((RUN + 1))
    start_hello_server "$server"
    expect_body "$server" "$URL_PATH" 'Hello, World!'
    measure_run "http://127.0.0.1:$PORT$URL_PATH" 1 -s "$WORK/percentiles.lua"
    read -r p50 p99 p999 max < <(awk '$1 == "PERCENTILES_US" { printf "%.3f %.3f %.3f %.3f\n", $2 / 1000, $3 / 1000, $4 / 1000, $5 / 1000 }' "$WORK/wrk-$RUN.txt")
    [[ -n ${p999:-} ]] || die "no percentiles in wrk's output: $(cat "$WORK/wrk-$RUN.txt")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CONNECTIONS" "$server" "$RUN_RPS" "$p50" "$p99" "$p999" "$max" "$RUN_ERRORS" "$RUN_CPU_US" >>"$RESULTS"
    printf '  [%2d/%d] %5s conn %-7s %9s rps  p50 %8s ms  p99 %8s ms  p99.9 %8s ms  %6s CPU us/req%s\n' "$RUN" "$TOTAL" \
      "$CONNECTIONS" "${NAME[$server]}" "$RUN_RPS" "$p50" "$p99" "$p999" "$RUN_CPU_US" \
      "$( ((RUN_ERRORS > 0)) && echo "  ($RUN_ERRORS errors/non-2xx)")"
  done
done

# Median of column $3 for connection count $1 and server $2.
col() { awk -F'\t' -v n="$1" -v s="$2" -v c="$3" '$1 == n && $2 == s { print $c }' "$RESULTS" | median; }

REPORT=$WORK/report.md
{
  echo "# Latency under load: Squall vs Vert.x vs Netty — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "\`GET $URL_PATH\`, \`wrk -t1 -cN\` (closed loop: each connection sends its next request when the answer"
  echo "came) pinned to CPU $WRK_CPUS; a fresh server per run pinned to CPU $SERVER_CPUS with one event loop; medians of"
  echo "$REPS run(s) of ${DURATION_S}s after ${WARMUP_S}s + ${RECONNECT_S}s (new connections) of warm-up. Percentiles from wrk's whole latency histogram."
  echo "Ratios are Squall/peer: below 1 is better for latency, above 1 for rps."
  echo
  echo "| conn | server | rps | p50 ms | p99 ms | p99.9 ms | max ms | CPU µs/req | errors |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${COUNT_LIST[@]}"; do
    for s in squall vertx netty; do
      [[ -z $ONLY || $ONLY == "$s" ]] || continue
      echo "| $n | ${NAME[$s]} | $(col "$n" "$s" 3) | $(col "$n" "$s" 4) | $(col "$n" "$s" 5) | $(col "$n" "$s" 6)" \
           "| $(col "$n" "$s" 7) | $(col "$n" "$s" 9) | $(col "$n" "$s" 8) |"
    done
    if [[ -z $ONLY ]]; then
      for peer in vertx netty; do
        echo "| $n | **Squall/${NAME[$peer]}** | **$(ratio "$(col "$n" squall 3)" "$(col "$n" $peer 3)")**" \
             "| **$(ratio "$(col "$n" squall 4)" "$(col "$n" $peer 4)")** | **$(ratio "$(col "$n" squall 5)" "$(col "$n" $peer 5)")**" \
             "| **$(ratio "$(col "$n" squall 6)" "$(col "$n" $peer 6)")** | | | |"
      done
    fi
  done
  echo
  echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr); $(java_version);" \
       "$(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2); commit $(commit_id); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/latency-$(date -u +%Y%m%dT%H%M%SZ).md
{
  cat "$REPORT"
  echo
  echo "## Raw wrk output of every measured run"
  print_raw_runs " connections, "
} >"$OUT"
show_report "$REPORT" "$OUT"
