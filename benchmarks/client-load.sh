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

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SQUALL_JAR=$ROOT/samples/target/squall-samples.jar
BENCH_JAR=$HERE/target/benchmarks.jar

REPS=3
WARMUP_S=15
DURATION_S=10
SERVER=vertx
PORT=18090
CONCURRENCY=64
SERVER_CPU=0
CLIENT_CPU=1
START_TIMEOUT_S=30
STOP_TIMEOUT_S=10
CLIENT_GRACE_S=30
JVM_FLAGS=${JAVA_OPTS:--Xms1g -Xmx1g}
CLIENTS=(squall vertx jdk)

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "Options: --quick  --server=vertx|squall  --reps=N  --concurrency=N (default $CONCURRENCY)  --port=N (default $PORT)."
  echo "JVM flags for the server and the clients: \$JAVA_OPTS (default: $JVM_FLAGS)."
}

for arg in "$@"; do
  case $arg in
    --quick) REPS=1; WARMUP_S=3; DURATION_S=5 ;;
    --server=squall|--server=vertx) SERVER=${arg#--server=} ;;
    --reps=[1-9]|--reps=[1-9][0-9]) REPS=${arg#--reps=} ;;
    --concurrency=[1-9]*) CONCURRENCY=${arg#--concurrency=} ;;
    --port=[1-9][0-9]*) PORT=${arg#--port=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "client-load.sh: unknown or malformed option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "client-load.sh: $*" >&2; exit 1; }

command -v taskset >/dev/null 2>&1 || die "taskset is not installed; install it with: apt-get install -y util-linux"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is not installed"
[[ $(nproc --all) -ge 2 ]] || die "needs 2 CPUs (server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU)"
JAVA=$("$ROOT/squall" --print-java)
[[ -f $BENCH_JAR ]] || die "benchmarks/target/benchmarks.jar is not built; run: mvn -q -B package -DskipTests"
[[ $SERVER == vertx || -f $SQUALL_JAR ]] || die "samples/target/squall-samples.jar is not built; run: mvn -q -B package -DskipTests"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$PORT; pass --port=N"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/squall-client-load.XXXXXX")
SERVER_PID=""

wait_gone() {
  local i
  for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

cleanup() {
  if [[ -n $SERVER_PID ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait_gone "$SERVER_PID" || kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One server for the whole run, pinned to SERVER_CPU: every client meets the same, equally warm server.
# shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
case $SERVER in
  squall) taskset -c "$SERVER_CPU" "$JAVA" $JVM_FLAGS -jar "$SQUALL_JAR" hello --port="$PORT" \
            --address=127.0.0.1 --loops=1 >"$WORK/server.log" 2>&1 & ;;
  vertx)  taskset -c "$SERVER_CPU" "$JAVA" $JVM_FLAGS --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
            dev.squall.benchmarks.VertxHello --port="$PORT" --address=127.0.0.1 >"$WORK/server.log" 2>&1 & ;;
esac
SERVER_PID=$!
for ((i = 0; i < START_TIMEOUT_S * 10; i++)); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the $SERVER server exited"; }
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || die "the $SERVER server did not listen within ${START_TIMEOUT_S}s"
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
     "$SERVER server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU"
RUN=0
for client in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  # shellcheck disable=SC2086
  line=$(timeout --kill-after=5 $((WARMUP_S + DURATION_S + CLIENT_GRACE_S)) taskset -c "$CLIENT_CPU" \
    "$JAVA" $JVM_FLAGS --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" dev.squall.benchmarks.ClientThroughput \
    --client="$client" --url="$URL" --concurrency="$CONCURRENCY" --warmup="$WARMUP_S" --duration="$DURATION_S" \
    2>"$WORK/client-$RUN.err" | grep '^client=') || { tail -n 30 "$WORK/client-$RUN.err" >&2; die "$client run failed"; }
  rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
  cpu=$(sed -E 's/.* cpu_us_per_req=([0-9.]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$line")
  alloc=$(sed -E 's/.* alloc_bytes_per_req=([0-9]+).*/\1/' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\n' "$client" "$rps" "$cpu" "$errors" "$alloc" >>"$RESULTS"
  printf '  [%2d/%d] %-7s %9s rps  %7s CPU us/req  %6s B/req%s\n' "$RUN" "${#ORDER[@]}" "$client" "$rps" "$cpu" "$alloc" \
    "$( ((errors > 0)) && echo "  ($errors errors)")"
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }' "$RESULTS" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'; }
declare -A NAME=([squall]="Squall AsyncHttpClient" [vertx]="Vert.x WebClient" [jdk]="JDK HttpClient")

REPORT=$WORK/report.md
{
  echo "# HTTP clients: Squall vs Vert.x vs JDK — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s) per client: $CONCURRENCY GETs of /plaintext kept in flight over keep-alive,"
  echo "${WARMUP_S}s warm-up then ${DURATION_S}s measured, a fresh client process per run pinned to CPU $CLIENT_CPU;"
  echo "one $SERVER server for all runs pinned to CPU $SERVER_CPU. CPU = client process CPU time per request."
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
  echo "Machine: $(nproc --all) CPUs, $(uname -sr); $("$JAVA" -version 2>&1 | head -n 1);" \
       "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/clients-$(date -u +%Y%m%dT%H%M%SZ).md
cp "$REPORT" "$OUT"
echo
cat "$REPORT"
echo
echo "Written to ${OUT#"$ROOT"/}"
