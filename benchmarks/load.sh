#!/usr/bin/env bash
# Load harness: Squall's `hello` sample against a Vert.x 5 reference server (VertxHello), in one run.
# See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/load.sh                 # 3 interleaved repetitions, 5 s warm-up + 10 s measured per run
#   benchmarks/load.sh --quick         # 1 repetition, 2 s warm-up + 3 s measured: a smoke test
#   benchmarks/load.sh --only=vertx    # one server only (squall | vertx)
#   benchmarks/load.sh --only=squall --server-cpus=0,1 --squall-args="--loops=2 --accept=reuseport"
#
# Needs: wrk (apt-get install -y wrk), taskset, 2+ CPUs, and the jars: mvn -q -B package -DskipTests
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SQUALL_JAR=$ROOT/samples/target/squall-samples.jar
BENCH_JAR=$HERE/target/benchmarks.jar

REPS=3
WARMUP_S=5
DURATION_S=10
ONLY=""
WITH_BARE=""           # also run hello-bare (the same routes on the bare HttpServer), to measure the web layer
PORT=18080
CONNECTIONS=256
PIPELINE_DEPTH=16
SERVER_CPUS=0          # taskset CPU lists
WRK_CPUS=1
SQUALL_ARGS=${SQUALL_ARGS:-}   # more arguments for `hello`, after the harness's own (the later one wins)
START_TIMEOUT_S=30      # a server must accept connections within this
STOP_TIMEOUT_S=10       # then SIGKILL
WRK_GRACE_S=30          # wrk's own limit is its duration plus this
JVM_FLAGS=${JAVA_OPTS:--Xms1g -Xmx1g}

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "Options: --quick  --only=squall|vertx  --reps=N  --port=N (default $PORT)  --with-bare"
  echo "         --with-bare: also run Squall's hello-bare (hello's routes on the bare HttpServer) and report hello/hello-bare"
  echo "         --server-cpus=LIST (default $SERVER_CPUS)  --wrk-cpus=LIST (default $WRK_CPUS): taskset CPU lists, e.g. 0,1 or 0-3"
  echo "         --squall-args=\"ARGS\": more options for Squall's hello (default \$SQUALL_ARGS), e.g. \"--loops=2 --accept=reuseport\""
  echo "JVM flags for both servers: \$JAVA_OPTS (default: $JVM_FLAGS)."
}

for arg in "$@"; do
  case $arg in
    --quick) REPS=1; WARMUP_S=2; DURATION_S=3 ;;
    --only=squall|--only=vertx) ONLY=${arg#--only=} ;;
    --with-bare) WITH_BARE=1 ;;
    --reps=[1-9]|--reps=[1-9][0-9]) REPS=${arg#--reps=} ;;
    --port=[1-9][0-9]*) PORT=${arg#--port=} ;;
    --server-cpus=*) SERVER_CPUS=${arg#--server-cpus=} ;;
    --wrk-cpus=*) WRK_CPUS=${arg#--wrk-cpus=} ;;
    --squall-args=*) SQUALL_ARGS=${arg#--squall-args=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "load.sh: unknown or malformed option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "load.sh: $*" >&2; exit 1; }

command -v wrk >/dev/null 2>&1 || die "wrk is not installed; install it with: apt-get install -y wrk"
command -v taskset >/dev/null 2>&1 || die "taskset is not installed; install it with: apt-get install -y util-linux"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is not installed"
[[ $(nproc --all) -ge 2 ]] || die "needs 2 CPUs (server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS); this machine has $(nproc --all)"
# Prints the CPUs of taskset list $1, one per line.
cpu_set() {
  local part
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
  done
}
for cpus in "$SERVER_CPUS" "$WRK_CPUS"; do
  [[ $cpus =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || die "'$cpus' is not a CPU list; write it as taskset does, e.g. 0,1 or 0-3"
  for cpu in $(cpu_set "$cpus"); do
    ((cpu < $(nproc --all))) || die "CPU list $cpus names CPU $cpu; this machine has CPUs 0-$(($(nproc --all) - 1))"
  done
  taskset -c "$cpus" true 2>/dev/null || die "cannot pin to CPU(s) $cpus (is the process limited to fewer CPUs?)"
done
# shellcheck disable=SC2206 # the extra arguments are a space-separated list, as on a command line
SQUALL_EXTRA=($SQUALL_ARGS)
for a in "${SQUALL_EXTRA[@]+"${SQUALL_EXTRA[@]}"}"; do
  [[ $a == --* ]] || die "--squall-args takes hello's options (--name=value ...), got '$a'"
  [[ $a == --port=* || $a == --address=* ]] && die "--squall-args cannot change $a: the harness sets it (use --port=N)"
done
SHARED_CPUS=$(comm -12 <(cpu_set "$SERVER_CPUS" | sort -u) <(cpu_set "$WRK_CPUS" | sort -u) | paste -sd, -)
JAVA=$("$ROOT/squall" --print-java)
if [[ $ONLY != vertx && ! -f $SQUALL_JAR ]] || [[ $ONLY != squall && ! -f $BENCH_JAR ]]; then
  die "the jars are not built; run: mvn -q -B package -DskipTests"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$PORT; pass --port=N"
fi
CLK_TCK=$(getconf CLK_TCK)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/squall-load.XXXXXX")
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do
    wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Returns 0 once process $1 is gone, 1 if it is still there after STOP_TIMEOUT_S.
wait_gone() {
  local i
  for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# wrk sends PIPELINE_DEPTH requests per write with this script (args after `--`: the depth).
cat >"$WORK/pipeline.lua" <<'LUA'
init = function(args)
  local depth = tonumber(args[1]) or 1
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
LUA

# Starts server $1 (squall | vertx) pinned to SERVER_CPUS; sets SERVER_PID.
start_server() {
  local name=$1 log=$WORK/$1-$RUN.log
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  case $name in
    squall|bare)
            local sample=hello
            [[ $name == bare ]] && sample=hello-bare
            taskset -c "$SERVER_CPUS" "$JAVA" $JVM_FLAGS -jar "$SQUALL_JAR" "$sample" \
              --port="$PORT" --address=127.0.0.1 --loops=1 "${SQUALL_EXTRA[@]+"${SQUALL_EXTRA[@]}"}" >"$log" 2>&1 & ;;
    vertx)  taskset -c "$SERVER_CPUS" "$JAVA" $JVM_FLAGS --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
              dev.squall.benchmarks.VertxHello --port="$PORT" --address=127.0.0.1 >"$log" 2>&1 & ;;
  esac
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  local i
  for ((i = 0; i < START_TIMEOUT_S * 10; i++)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "--- $log" >&2; tail -n 30 "$log" >&2
      die "$name exited before it listened on 127.0.0.1:$PORT"
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "--- $log" >&2; tail -n 30 "$log" >&2
  die "$name did not listen on 127.0.0.1:$PORT within ${START_TIMEOUT_S}s"
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  if ! wait_gone "$SERVER_PID"; then
    echo "load.sh: pid $SERVER_PID ignored SIGTERM for ${STOP_TIMEOUT_S}s; killing it" >&2
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait_gone "$SERVER_PID" || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  local kept=() pid
  for pid in "${STARTED_PIDS[@]}"; do [[ $pid == "$SERVER_PID" ]] || kept+=("$pid"); done
  STARTED_PIDS=("${kept[@]+"${kept[@]}"}")
}

# Dies unless server $1 answers test $2's path with the expected body (a fast 404 would be no benchmark).
check_answer() {
  command -v curl >/dev/null 2>&1 || return 0
  local path=/plaintext expected='Hello, World!' body
  [[ $2 == json ]] && { path=/json; expected='{"message":"Hello, World!"}'; }
  body=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT$path" 2>&1) || die "$1: GET $path failed: $body"
  [[ $body == "$expected" ]] || die "$1: GET $path answered '$body', expected '$expected'"
}

# utime + stime of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat; comm may hold spaces).
cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

# Runs wrk for $2 seconds against test $1 (plaintext | json | pipelined); output to stdout.
run_wrk() {
  local test=$1 seconds=$2 path script=()
  case $test in
    plaintext) path=/plaintext ;;
    json) path=/json ;;
    pipelined) path=/plaintext; script=(-s "$WORK/pipeline.lua") ;;
  esac
  local extra=()
  [[ $test == pipelined ]] && extra=(-- "$PIPELINE_DEPTH")
  timeout --kill-after=5 $((seconds + WRK_GRACE_S)) taskset -c "$WRK_CPUS" \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "${script[@]+"${script[@]}"}" \
    "http://127.0.0.1:$PORT$path" "${extra[@]+"${extra[@]}"}"
}

# Reads wrk output on stdin; prints "requests rps p50_ms p99_ms errors".
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END {
      if (requests == "" || rps == "") exit 1
      printf "%d %.0f %.3f %.3f %d\n", requests, rps, p50, p99, errors
    }'
}

TESTS=(plaintext json pipelined)
declare -A LABEL=([plaintext]="plaintext, $CONNECTIONS conn" [json]="json, $CONNECTIONS conn"
                  [pipelined]="plaintext, $CONNECTIONS conn, pipeline $PIPELINE_DEPTH")
declare -A NAME=([squall]=Squall [vertx]=Vert.x [bare]=Squall-bare)

# The order of servers within a test: S V | V S | S V | ... so that neither always goes first.
ORDER=()
for ((rep = 1; rep <= REPS; rep++)); do
  if ((rep % 2 == 1)); then pair=(squall vertx); else pair=(vertx squall); fi
  if [[ -n $WITH_BARE ]]; then
    if ((rep % 2 == 1)); then pair=(squall vertx bare); else pair=(bare vertx squall); fi
  fi
  for s in "${pair[@]}"; do
    [[ -z $ONLY || $ONLY == "$s" || ($ONLY == squall && $s == bare) ]] && ORDER+=("$s")
  done
done

RESULTS=$WORK/results.tsv   # test server requests rps p50 p99 errors cpu_us_per_req
: >"$RESULTS"
RUN=0
TOTAL=$(( ${#TESTS[@]} * ${#ORDER[@]} ))
echo "load.sh: $TOTAL runs (${REPS} repetition(s), ${WARMUP_S}s warm-up + ${DURATION_S}s each)," \
     "server on CPU(s) $SERVER_CPUS, wrk on CPU(s) $WRK_CPUS, java $JAVA"
[[ -n $SQUALL_ARGS ]] && echo "load.sh: Squall runs as: hello --loops=1 $SQUALL_ARGS (the later option wins)"
[[ -n $SHARED_CPUS ]] && echo "load.sh: note: server and wrk share CPU(s) $SHARED_CPUS; wrk's load generation competes with the server there"
for test in "${TESTS[@]}"; do
  for server in "${ORDER[@]}"; do
    RUN=$((RUN + 1))
    start_server "$server"
    check_answer "$server" "$test"
    run_wrk "$test" "$WARMUP_S" >"$WORK/warmup-$RUN.txt" 2>&1 || die "warm-up wrk failed: $(cat "$WORK/warmup-$RUN.txt")"
    before=$(cpu_ticks "$SERVER_PID")
    run_wrk "$test" "$DURATION_S" >"$WORK/wrk-$RUN.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-$RUN.txt")"
    after=$(cpu_ticks "$SERVER_PID")
    stop_server
    parsed=$(parse_wrk <"$WORK/wrk-$RUN.txt") || die "cannot read wrk's output: $(cat "$WORK/wrk-$RUN.txt")"
    read -r requests rps p50 p99 errors <<<"$parsed"
    cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$server" "$requests" "$rps" "$p50" "$p99" "$errors" "$cpu_us" >>"$RESULTS"
    printf '  [%2d/%d] %-38s %-11s %9s rps  p50 %7s ms  p99 %7s ms  %6s CPU us/req%s\n' "$RUN" "$TOTAL" \
      "${LABEL[$test]}" "${NAME[$server]}" "$rps" "$p50" "$p99" "$cpu_us" \
      "$( ((errors > 0)) && echo "  ($errors errors/non-2xx)")"
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Median of column $3 for test $1 and server $2. Latency columns (5, 6) skip zeros: wrk prints 0.00us
# percentiles when its coordinated-omission correction overflows its histogram (latencies near its
# timeout, e.g. on an overloaded machine), and a 0 would pass for the best latency in the table.
col() {
  awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$1 == t && $2 == s && !((c == 5 || c == 6) && $c == 0) { print $c }' \
    "$RESULTS" | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'; }
fmt() { [[ -n $1 ]] && printf '%s' "$1" || printf -- '-'; }

REPORT=$WORK/report.md
{
  echo "# Squall vs Vert.x — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s) per server and test; ${WARMUP_S}s warm-up then ${DURATION_S}s measured, a fresh"
  echo "server process per run pinned to CPU(s) $SERVER_CPUS (Squall \`hello --loops=1${SQUALL_ARGS:+ $SQUALL_ARGS}\`,"
  echo "Vert.x one event loop), \`wrk -t1 -c$CONNECTIONS --latency\` pinned to CPU(s) $WRK_CPUS$([[ -n $SHARED_CPUS ]] && echo " (shared: $SHARED_CPUS)")."
  echo "CPU = server utime+stime per request."
  echo "Ratios are Squall/Vert.x: above 1 is better for rps, below 1 is better for CPU."
  echo
  echo "| test | server | rps | p50 ms | p99 ms | CPU µs/req | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for test in "${TESTS[@]}"; do
    for server in squall vertx bare; do
      [[ $server != bare || -n $WITH_BARE ]] || continue
      [[ -z $ONLY || $ONLY == "$server" || ($ONLY == squall && $server == bare) ]] || continue
      echo "| ${LABEL[$test]} | ${NAME[$server]} | $(fmt "$(col "$test" $server 4)") | $(fmt "$(col "$test" $server 5)")" \
           "| $(fmt "$(col "$test" $server 6)") | $(fmt "$(col "$test" $server 8)") | $(fmt "$(col "$test" $server 7)") |"
    done
    if [[ -z $ONLY ]]; then
      echo "| ${LABEL[$test]} | **Squall/Vert.x** | **$(ratio "$(col "$test" squall 4)" "$(col "$test" vertx 4)")** | | |" \
           "**$(ratio "$(col "$test" squall 8)" "$(col "$test" vertx 8)")** | |"
    fi
    if [[ -n $WITH_BARE && $ONLY != vertx ]]; then
      echo "| ${LABEL[$test]} | **hello/hello-bare** | **$(ratio "$(col "$test" squall 4)" "$(col "$test" bare 4)")** | | |" \
           "**$(ratio "$(col "$test" squall 8)" "$(col "$test" bare 8)")** | |"
    fi
  done
  echo
  echo "Every run, in order:"
  echo
  echo '```'
  printf '%-10s %-7s %10s %10s %9s %9s %7s %11s\n' test server requests rps p50_ms p99_ms errors cpu_us/req
  awk -F'\t' '{ printf "%-10s %-7s %10s %10s %9s %9s %7s %11s\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$RESULTS"
  echo '```'
  echo
  echo "Machine: $(nproc --all) CPUs, $(uname -sr); $("$JAVA" -version 2>&1 | head -n 1); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2);" \
       "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).md
{
  cat "$REPORT"
  echo
  echo "## Raw wrk output of every measured run"
  echo
  echo "(Percentiles of 0.00us mean wrk's histogram overflowed, with latencies near its timeout; such runs"
  echo "are left out of the latency medians.)"
  for ((i = 1; i <= RUN; i++)); do
    echo
    echo "Run $i: $(awk -F'\t' -v n="$i" 'NR == n { print $1 ", " $2 }' "$RESULTS")"
    echo
    echo '```'
    cat "$WORK/wrk-$i.txt"
    echo '```'
  done
} >"$OUT"
echo
cat "$REPORT"
echo
echo "Written to ${OUT#"$ROOT"/}"
