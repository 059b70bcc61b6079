#!/usr/bin/env bash
# WebSocket load harness: Squall's WebSocket server (SquallWebSocket) against Vert.x's (VertxWebSocket), driven
# by one load generator (WebSocketLoad, Vert.x's client) for both. See benchmarks/README.md. Loopback only; every
# step is bounded in time; it stops only what it started.
#
#   benchmarks/ws.sh                   # broadcast to 1,000 sockets, echo with 100, idle memory; 3 reps, ~6 min
#   benchmarks/ws.sh --quick           # 1 repetition, 2 s warm-up + 3 s measured, 2,000 idle sockets
#   benchmarks/ws.sh --reps=5 --no-idle
#
# Needs: taskset, 2+ CPUs, and the benchmarks jar: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=18095
BROADCAST_CLIENTS=1000
ECHO_CLIENTS=100
IDLE_CLIENTS=10000
SIZE=64
WINDOW=16
IDLE=1
CLIENT_CPUS=1
CLIENT_FLAGS=${CLIENT_JAVA_OPTS:--Xms512m -Xmx512m}

USAGE=(
  "Options: --quick  --reps=N  --only=squall|vertx  --no-idle  --port=N (default $PORT)"
  "         --clients=N (broadcast members, default $BROADCAST_CLIENTS)  --echo-clients=K (default $ECHO_CLIENTS)"
  "         --idle-clients=N (default $IDLE_CLIENTS)  --size=BYTES per message (default $SIZE)"
  "         --window=W broadcasts in flight (default $WINDOW)"
  "JVM flags: servers \$JAVA_OPTS (default: $JVM_FLAGS), load generator \$CLIENT_JAVA_OPTS (default: $CLIENT_FLAGS)."
)

harness_option() {
  case $1 in
    --quick) common_option "$1"; IDLE_CLIENTS=2000 ;;
    --only=squall|--only=vertx) ONLY=${1#--only=} ;;
    --no-idle) IDLE="" ;;
    --clients=[1-9]*) BROADCAST_CLIENTS=${1#--clients=} ;;
    --echo-clients=[1-9]*) ECHO_CLIENTS=${1#--echo-clients=} ;;
    --idle-clients=[1-9]*) IDLE_CLIENTS=${1#--idle-clients=} ;;
    --size=[1-9]*) SIZE=${1#--size=} ;;
    --window=[1-9]*) WINDOW=${1#--window=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"
((SIZE >= 10)) || die "--size must be at least 10 (each message starts with a sequence number)"

require_tools taskset timeout
require_two_cpus "server on CPU $SERVER_CPUS, load generator on CPU $CLIENT_CPUS"
find_java
[[ -f $BENCH_JAR ]] || die "the benchmarks jar is not built; run: mvn -q -B package -DskipTests"
# Each process holds one descriptor per socket, plus the JVM's own.
NEEDED_FDS=$(( (IDLE ? IDLE_CLIENTS : BROADCAST_CLIENTS) + 1000 ))
if (( $(ulimit -n) < NEEDED_FDS )); then
  ulimit -n "$NEEDED_FDS" 2>/dev/null || die "needs $NEEDED_FDS open files per process (ulimit -n is $(ulimit -n));" \
    "raise the limit or pass --idle-clients=N / --clients=N"
fi
require_free_port
setup_workdir ws

TESTS=(broadcast echo)
[[ -n $IDLE ]] && TESTS+=(idle)
declare -A NAME=([squall]=Squall [vertx]=Vert.x)
declare -A CLIENTS=([broadcast]=$BROADCAST_CLIENTS [echo]=$ECHO_CLIENTS [idle]=$IDLE_CLIENTS)

# Starts server $1 (squall | vertx) pinned to SERVER_CPUS, log in WORK; sets SERVER_PID.
start_server() {
  local log=$WORK/$1-$RUN.log
  case $1 in
    squall) start_java Squall "$log" "$SERVER_CPUS" -cp "$BENCH_JAR" dev.squall.benchmarks.SquallWebSocket \
              --port="$PORT" --address=127.0.0.1 ;;
    vertx)  start_java Vert.x "$log" "$SERVER_CPUS" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
              dev.squall.benchmarks.VertxWebSocket --port="$PORT" --address=127.0.0.1 ;;
  esac
}

# Runs the load generator for test $1 against SERVER_PID, pinned to CLIENT_CPUS, under `timeout`; its output goes
# to WORK/client-RUN.txt. Sets RESULT_LINE to the figures of its RESULT line; dies with its output if it fails.
run_client() {
  local out=$WORK/client-$RUN.txt limit=$((WARMUP_S + DURATION_S + 90 + ${CLIENTS[$1]} / 100))
  # shellcheck disable=SC2086 # CLIENT_FLAGS is a list of flags
  run_tracked timeout --kill-after=5 "$limit" taskset -c "$CLIENT_CPUS" "$JAVA" $CLIENT_FLAGS \
    --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" dev.squall.benchmarks.WebSocketLoad --mode="$1" \
    --port="$PORT" --clients="${CLIENTS[$1]}" --size="$SIZE" --window="$WINDOW" --warmup="$WARMUP_S" \
    --seconds="$DURATION_S" --server-pid="$SERVER_PID" >"$out" 2>&1 \
    || die "the load generator failed ($1 against $server): $(tail -n 20 "$out")"
  RESULT_LINE=$(awk '$1 == "RESULT" { $1 = ""; print substr($0, 2) }' "$out" | tail -n 1)
  [[ -n $RESULT_LINE ]] || die "no RESULT line from the load generator: $(tail -n 20 "$out")"
}

ORDER=()
for ((rep = 1; rep <= REPS; rep++)); do
  if ((rep % 2 == 1)); then pair=(squall vertx); else pair=(vertx squall); fi
  for s in "${pair[@]}"; do [[ -z $ONLY || $ONLY == "$s" ]] && ORDER+=("$s"); done
done

RESULTS=$WORK/results.tsv   # test server rate cpu_us p50_us p99_us client_cpu_us   (idle: test server bytes)
: >"$RESULTS"
RUN=0
TOTAL=$(( ${#TESTS[@]} * ${#ORDER[@]} ))
echo "ws.sh: $TOTAL runs ($REPS repetition(s), ${WARMUP_S}s warm-up + ${DURATION_S}s each); broadcast to" \
     "$BROADCAST_CLIENTS sockets ($WINDOW in flight), echo with $ECHO_CLIENTS${IDLE:+, $IDLE_CLIENTS idle sockets};" \
     "$SIZE-byte text messages; server on CPU $SERVER_CPUS, load generator on CPU $CLIENT_CPUS"
for test in "${TESTS[@]}"; do
  for server in "${ORDER[@]}"; do
    RUN=$((RUN + 1))
    start_server "$server"
    run_client "$test"
    stop_server
    printf '%s\t%s\t%s\n' "$test" "$server" "${RESULT_LINE// /$'\t'}" >>"$RESULTS"
    read -r f1 f2 f3 f4 f5 <<<"$RESULT_LINE"
    case $test in
      broadcast) printf '  [%2d/%d] broadcast %-7s %10s msg/s  %7s server CPU us/msg  (load generator %s us/msg)\n' \
                   "$RUN" "$TOTAL" "${NAME[$server]}" "$f1" "$f2" "$f5" ;;
      echo)      printf '  [%2d/%d] echo      %-7s %10s rt/s   %7s server CPU us/rt   p50 %s us  p99 %s us\n' \
                   "$RUN" "$TOTAL" "${NAME[$server]}" "$f1" "$f2" "$f3" "$f4" ;;
      idle)      printf '  [%2d/%d] idle      %-7s %10s bytes of heap per idle WebSocket\n' "$RUN" "$TOTAL" \
                   "${NAME[$server]}" "$f1" ;;
    esac
  done
done

# Median of column $3 for test $1 and server $2.
col() { awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$1 == t && $2 == s { print $c }' "$RESULTS" | median; }
fmt() { [[ -n $1 ]] && printf '%s' "$1" || printf -- '-'; }
# One table row: label $1, test $2, column $3.
row() {
  local a b
  a=$(col "$2" squall "$3"); b=$(col "$2" vertx "$3")
  echo "| $1 | $(fmt "$a") | $(fmt "$b") | **$(ratio "$a" "$b")** |"
}

REPORT=$WORK/report.md
{
  echo "# WebSocket: Squall vs Vert.x — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s); ${WARMUP_S}s warm-up then ${DURATION_S}s measured; a fresh server per run pinned to"
  echo "CPU $SERVER_CPUS (one loop / one event loop), the load generator (Vert.x's WebSocket client, one event loop) on"
  echo "CPU $CLIENT_CPUS; $SIZE-byte text messages. Broadcast: $BROADCAST_CLIENTS members, one of them sending with"
  echo "$WINDOW broadcasts in flight. Echo: $ECHO_CLIENTS sockets, one message in flight each. Server CPU = utime+stime"
  echo "per message delivered (broadcast) or per round trip (echo). Squall/Vert.x: above 1 is better for rates, below"
  echo "1 is better for CPU, latency and memory."
  echo
  echo "| figure | Squall | Vert.x | Squall/Vert.x |"
  echo "|---|---:|---:|---:|"
  row "broadcast: messages delivered/s" broadcast 3
  row "broadcast: server CPU µs/message" broadcast 4
  row "echo: round trips/s" echo 3
  row "echo: p50 round trip µs" echo 5
  row "echo: p99 round trip µs" echo 6
  row "echo: server CPU µs/round trip" echo 4
  [[ -n $IDLE ]] && row "heap bytes per idle WebSocket ($IDLE_CLIENTS open)" idle 3
  echo
  echo "Every run, in order (rate, server CPU µs, p50 µs, p99 µs, load generator CPU µs; idle: bytes):"
  echo
  echo '```'
  awk -F'\t' '{ $1 = $1; print }' OFS='  ' "$RESULTS"
  echo '```'
  echo
  echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java_version); commit $(commit_id);" \
       "server JVM flags: $JVM_FLAGS"
} >"$REPORT"
mkdir -p "$HERE/results"
OUT=$HERE/results/ws-$(date -u +%Y%m%dT%H%M%SZ).md
cp "$REPORT" "$OUT"
show_report "$REPORT" "$OUT"
