#!/usr/bin/env bash
# Client harness: Squall's AsyncHttpClient against the Vert.x 5 web client and the JDK's HttpClient, in one
# run: each keeps N GETs in flight over keep-alive against the same local server. See benchmarks/README.md.
# Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/client-load.sh                  # 3 interleaved repetitions, 15 s warm-up + 10 s measured per run
#   benchmarks/client-load.sh --quick          # 1 repetition, 3 s warm-up + 5 s measured: a smoke test
#   benchmarks/client-load.sh --server=squall  # serve with Squall's hello sample instead of Vert.x
#
# Needs: taskset, 2+ CPUs, and the jars: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP_S=15
SERVER=vertx
PORT=18090
CONCURRENCY=64
CLIENT_CPU=1
CLIENT_GRACE_S=30
CLIENTS=(squall vertx jdk)

QUICK_WARMUP_S=3       # the clients need longer than wrk to warm up
QUICK_DURATION_S=5
USAGE=(
  "Options: --quick  --server=vertx|squall  --reps=N  --concurrency=N (default $CONCURRENCY)  --port=N (default $PORT)."
  "JVM flags for the server and the clients: \$JAVA_OPTS (default: $JVM_FLAGS)."
)

harness_option() {
  case $1 in
    --server=squall|--server=vertx) SERVER=${1#--server=} ;;
    --concurrency=[1-9]*) CONCURRENCY=${1#--concurrency=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools taskset timeout
require_two_cpus "server on CPU $SERVER_CPUS, client on CPU $CLIENT_CPU"
find_java
[[ -f $BENCH_JAR ]] || die "benchmarks/target/benchmarks.jar is not built; run: mvn -q -B package -DskipTests"
[[ $SERVER == vertx || -f $SQUALL_JAR ]] || die "samples/target/squall-samples.jar is not built; run: mvn -q -B package -DskipTests"
require_free_port
setup_workdir client-load

# One server for the whole run, pinned to SERVER_CPUS: every client meets the same, equally warm server.
case $SERVER in
  squall) start_squall "the squall server" "$WORK/server.log" "$SERVER_CPUS" hello ;;
  vertx)  start_vertx "the vertx server" "$WORK/server.log" "$SERVER_CPUS" ;;
esac
URL=http://127.0.0.1:$PORT/plaintext

# The order of clients: rotated every repetition, so that none always goes first.
ORDER=()
for ((rep = 0; rep < REPS; rep++)); do
  for ((k = 0; k < ${#CLIENTS[@]}; k++)); do
    ORDER+=("${CLIENTS[$(( (k + rep) % ${#CLIENTS[@]} ))]}")
  done
done

RESULTS=$WORK/results.tsv   # client rps cpu_us_per_req errors alloc_bytes_per_req
: >"$RESULTS"
echo "client-load.sh: ${#ORDER[@]} runs, $CONCURRENCY GETs in flight, ${WARMUP_S}s warm-up + ${DURATION_S}s each;" \
     "$SERVER server on CPU $SERVER_CPUS, client on CPU $CLIENT_CPU"
RUN=0
for client in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  if ! run_tracked timeout --kill-after=5 $((WARMUP_S + DURATION_S + CLIENT_GRACE_S)) taskset -c "$CLIENT_CPU" \
         "$JAVA" $JVM_FLAGS --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" dev.squall.benchmarks.ClientThroughput \
         --client="$client" --url="$URL" --concurrency="$CONCURRENCY" --warmup="$WARMUP_S" --duration="$DURATION_S" \
         >"$WORK/client-$RUN.out" 2>"$WORK/client-$RUN.err" \
     || ! line=$(grep '^client=' "$WORK/client-$RUN.out"); then
    tail -n 30 "$WORK/client-$RUN.err" >&2; die "$client run failed"
  fi
  rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
  cpu=$(sed -E 's/.* cpu_us_per_req=([0-9.]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$line")
  alloc=$(sed -E 's/.* alloc_bytes_per_req=([0-9]+).*/\1/' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\n' "$client" "$rps" "$cpu" "$errors" "$alloc" >>"$RESULTS"
  printf '  [%2d/%d] %-7s %9s rps  %7s CPU us/req  %6s B/req%s\n' "$RUN" "${#ORDER[@]}" "$client" "$rps" "$cpu" "$alloc" \
    "$( ((errors > 0)) && echo "  ($errors errors)")"
done

col() { column_median "$RESULTS" "$1" "$2"; }
declare -A NAME=([squall]="Squall AsyncHttpClient" [vertx]="Vert.x WebClient" [jdk]="JDK HttpClient")

REPORT=$WORK/report.md
{
  echo "# HTTP clients: Squall vs Vert.x vs JDK — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s) per client: $CONCURRENCY GETs of /plaintext kept in flight over keep-alive,"
  echo "${WARMUP_S}s warm-up then ${DURATION_S}s measured, a fresh client process per run pinned to CPU $CLIENT_CPU;"
  echo "one $SERVER server for all runs pinned to CPU $SERVER_CPUS. CPU = client process CPU time per request."
  echo
  echo "| client | rps | CPU µs/req | allocated B/req | errors |"
  echo "|---|---:|---:|---:|---:|"
  for c in "${CLIENTS[@]}"; do
    echo "| ${NAME[$c]} | $(col "$c" 2) | $(col "$c" 3) | $(col "$c" 5) | $(col "$c" 4) |"
  done
  echo "| **Squall / JDK** | **$(ratio "$(col squall 2)" "$(col jdk 2)")** | **$(ratio "$(col squall 3)" "$(col jdk 3)")** | **$(ratio "$(col squall 5)" "$(col jdk 5)")** | |"
  echo "| **Squall / Vert.x** | **$(ratio "$(col squall 2)" "$(col vertx 2)")** | **$(ratio "$(col squall 3)" "$(col vertx 3)")** | **$(ratio "$(col squall 5)" "$(col vertx 5)")** | |"
  echo
  echo "Above 1 is better for rps, below 1 is better for CPU and allocation. Every run, in order:"
  echo
  echo '```'
  awk -F'\t' '{ printf "%-7s %10s rps %9s us/req %7s B/req %5s errors\n", $1, $2, $3, $5, $4 }' "$RESULTS"
  echo '```'
  echo
  echo "Machine: $(nproc --all) CPUs, $(uname -sr); $(java_version);" \
       "commit $(commit_id); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/clients-$(date -u +%Y%m%dT%H%M%SZ).md
cp "$REPORT" "$OUT"
show_report "$REPORT" "$OUT"
