#!/usr/bin/env bash
# Load harness: Squall's `hello` sample against Vert.x 5 (VertxHello) and Netty 4.2 (NettyHello), in one run.
# See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/load.sh                 # 2 interleaved repetitions, 5 s + 3 s (new connections) warm-up + 10 s measured per run: ~6 min
#   benchmarks/load.sh --quick         # 1 repetition, 2 s warm-up + 3 s measured: a smoke test
#   benchmarks/load.sh --only=vertx    # one server only (squall | vertx | netty)
#   benchmarks/load.sh --tests=json --reps=8   # some of the tests (plaintext,json,pipelined), more repetitions
#   benchmarks/load.sh --only=squall --server-cpus=0,1 --squall-args="--loops=2 --accept=reuseport"
# Needs: wrk (apt-get install -y wrk), taskset, 2+ CPUs, and the jars: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPS=2
WITH_BARE=""           # also run hello-bare (the same routes on the bare HttpServer), to measure the web layer
PORT=18080
CONNECTIONS=256
PIPELINE_DEPTH=16
SQUALL_ARGS=${SQUALL_ARGS:-}   # more arguments for `hello`, after the harness's own (the later one wins)
TESTS=(plaintext json pipelined)

USAGE=(
  "Options: --quick  --only=squall|vertx|netty  --reps=N (default $REPS)  --port=N (default $PORT)  --with-bare"
  "         --tests=LIST: some of plaintext,json,pipelined (default all three), e.g. --tests=json --reps=8"
  "         --with-bare: also run Squall's hello-bare (hello's routes on the bare HttpServer) and report hello/hello-bare"
  "         --server-cpus=LIST (default $SERVER_CPUS)  --wrk-cpus=LIST (default $WRK_CPUS): taskset CPU lists, e.g. 0,1 or 0-3"
  "         --squall-args=\"ARGS\": more options for Squall's hello (default \$SQUALL_ARGS), e.g. \"--loops=2 --accept=reuseport\""
  "JVM flags for both servers: \$JAVA_OPTS (default: $JVM_FLAGS)."
)

harness_option() {
  case $1 in
    --only=squall|--only=vertx|--only=netty) ONLY=${1#--only=} ;;
    --with-bare) WITH_BARE=1 ;;
    --tests=*)
      IFS=, read -r -a TESTS <<<"${1#--tests=}"
      for t in "${TESTS[@]}"; do
        [[ $t == plaintext || $t == json || $t == pipelined ]] || die "--tests takes plaintext, json, pipelined (comma-separated), got '$t'"
      done
      ((${#TESTS[@]} > 0)) || die "--tests needs at least one of plaintext, json, pipelined"
      ;;
    --server-cpus=*) SERVER_CPUS=${1#--server-cpus=} ;;
    --wrk-cpus=*) WRK_CPUS=${1#--wrk-cpus=} ;;
    --squall-args=*) SQUALL_ARGS=${1#--squall-args=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools wrk taskset timeout
require_two_cpus "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
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
find_java
if [[ (-z $ONLY || $ONLY == squall) && ! -f $SQUALL_JAR ]] || [[ $ONLY != squall && ! -f $BENCH_JAR ]]; then
  die "the jars are not built; run: mvn -q -B package -DskipTests"
fi
require_free_port
setup_workdir load

# Starts server $1 (squall | bare | vertx | netty) pinned to SERVER_CPUS, log in WORK; sets SERVER_PID.
start_server() {
  local log=$WORK/$1-$RUN.log
  case $1 in
    squall) start_squall "$1" "$log" "$SERVER_CPUS" hello "${SQUALL_EXTRA[@]+"${SQUALL_EXTRA[@]}"}" ;;
    bare)   start_squall "$1" "$log" "$SERVER_CPUS" hello-bare "${SQUALL_EXTRA[@]+"${SQUALL_EXTRA[@]}"}" ;;
    vertx)  start_vertx "$1" "$log" "$SERVER_CPUS" ;;
    netty)  start_netty "$1" "$log" "$SERVER_CPUS" ;;
  esac
}

declare -A LABEL=([plaintext]="plaintext, $CONNECTIONS conn" [json]="json, $CONNECTIONS conn"
                  [pipelined]="plaintext, $CONNECTIONS conn, pipeline $PIPELINE_DEPTH")
declare -A NAME=([squall]=Squall [vertx]=Vert.x [netty]=Netty [bare]=Squall-bare)
declare -A URL_PATH=([plaintext]=/plaintext [json]=/json [pipelined]=/plaintext)
declare -A DEPTH=([plaintext]=1 [json]=1 [pipelined]=$PIPELINE_DEPTH)
declare -A ANSWER=([plaintext]='Hello, World!' [json]='{"message":"Hello, World!"}' [pipelined]='Hello, World!')

# Dies unless server $1 answers test $2's path with the expected body (a fast 404 would be no benchmark).
check_answer() {
  command -v curl >/dev/null 2>&1 || return 0
  expect_body "$1" "${URL_PATH[$2]}" "${ANSWER[$2]}"
}

# The order of servers within a test: S V N | N V S | S V N | ... so that none always goes first.
ORDER=()
for ((rep = 1; rep <= REPS; rep++)); do
  if ((rep % 2 == 1)); then pair=(squall vertx netty); else pair=(netty vertx squall); fi
  if [[ -n $WITH_BARE ]]; then
    if ((rep % 2 == 1)); then pair=(squall vertx netty bare); else pair=(bare netty vertx squall); fi
  fi
  for s in "${pair[@]}"; do
    [[ -z $ONLY || $ONLY == "$s" || ($ONLY == squall && $s == bare) ]] && ORDER+=("$s")
  done
done

RESULTS=$WORK/results.tsv   # test server requests rps p50 p99 errors cpu_us_per_req
: >"$RESULTS"
RUN=0
TOTAL=$(( ${#TESTS[@]} * ${#ORDER[@]} ))
echo "load.sh: $TOTAL runs (${REPS} repetition(s), ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up + ${DURATION_S}s each)," \
     "server on CPU(s) $SERVER_CPUS, wrk on CPU(s) $WRK_CPUS, java $JAVA"
[[ -n $SQUALL_ARGS ]] && echo "load.sh: Squall runs as: hello --loops=1 $SQUALL_ARGS (the later option wins)"
[[ -n $SHARED_CPUS ]] && echo "load.sh: note: server and wrk share CPU(s) $SHARED_CPUS; wrk's load generation competes with the server there"
for test in "${TESTS[@]}"; do
  for server in "${ORDER[@]}"; do
    RUN=$((RUN + 1))
    start_server "$server"
    check_answer "$server" "$test"
    measure_run "http://127.0.0.1:$PORT${URL_PATH[$test]}" "${DEPTH[$test]}" --latency
    record_run "$test" "$server" "${LABEL[$test]}" 38 "${NAME[$server]}" 11
  done
done

REPORT=$WORK/report.md
{
  echo "# Squall vs Vert.x vs Netty — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s) per server and test; ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up then ${DURATION_S}s measured, a fresh"
  echo "server process per run pinned to CPU(s) $SERVER_CPUS (Squall \`hello --loops=1${SQUALL_ARGS:+ $SQUALL_ARGS}\`,"
  echo "Vert.x and Netty one event loop), \`wrk -t1 -c$CONNECTIONS --latency\` pinned to CPU(s) $WRK_CPUS$([[ -n $SHARED_CPUS ]] && echo " (shared: $SHARED_CPUS)")."
  echo "CPU = server utime+stime per request."
  echo "Ratios are Squall/peer: above 1 is better for rps, below 1 is better for CPU."
  echo
  echo "| test | server | rps | p50 ms | p99 ms | CPU µs/req | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for test in "${TESTS[@]}"; do
    for server in squall vertx netty bare; do
      [[ $server != bare || -n $WITH_BARE ]] || continue
      [[ -z $ONLY || $ONLY == "$server" || ($ONLY == squall && $server == bare) ]] || continue
      echo "| ${LABEL[$test]} | ${NAME[$server]} | $(fmt "$(col "$test" $server 4)") | $(fmt "$(col "$test" $server 5)")" \
           "| $(fmt "$(col "$test" $server 6)") | $(fmt "$(col "$test" $server 8)") | $(fmt "$(col "$test" $server 7)") |"
    done
    if [[ -z $ONLY ]]; then
      for peer in vertx netty; do
        echo "| ${LABEL[$test]} | **Squall/${NAME[$peer]}** | **$(ratio "$(col "$test" squall 4)" "$(col "$test" $peer 4)")** | | |" \
             "**$(ratio "$(col "$test" squall 8)" "$(col "$test" $peer 8)")** | |"
      done
    fi
    if [[ -n $WITH_BARE && (-z $ONLY || $ONLY == squall) ]]; then
      echo "| ${LABEL[$test]} | **hello/hello-bare** | **$(ratio "$(col "$test" squall 4)" "$(col "$test" bare 4)")** | | |" \
           "**$(ratio "$(col "$test" squall 8)" "$(col "$test" bare 8)")** | |"
    fi
  done
  echo
  print_runs
  echo
  echo "Machine: $(nproc --all) CPUs, $(uname -sr); $(java_version); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2);" \
       "commit $(commit_id); JVM flags: $JVM_FLAGS"
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
  print_raw_runs ", "
} >"$OUT"
# The medians again, for the site's charts (benchmarks/publish.sh copies the newest to benchmarks/published/);
# only for a run of all three tests, so that a --tests run never becomes the site's figures.
((${#TESTS[@]} == 3)) && for test in "${TESTS[@]}"; do
  for server in squall vertx netty bare; do
    rps=$(col "$test" $server 4); cpu=$(col "$test" $server 8)
    if [[ -n $rps && -n $cpu ]]; then printf '%s\t%s\t%s\t%s\n' "${LABEL[$test]}" "${NAME[$server]}" "$rps" "$cpu"; fi
  done
done | write_site_tsv "${OUT%.md}-load.tsv" "Hello world: Squall vs Vert.x vs Netty" "benchmarks/load.sh${ARGS:+ $ARGS}"
show_report "$REPORT" "$OUT"
