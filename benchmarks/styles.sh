#!/usr/bin/env bash
# Handler styles under load: the `styles` sample's routes, one fresh server per run, interleaved, in one run.
# See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/styles.sh                              # plain vs coroutine plaintext, async vs coroutine wait; 3 reps
#   benchmarks/styles.sh --routes=plain/plaintext,coroutine/plaintext --reps=5
#   benchmarks/styles.sh --pipeline=16                # 16 requests per write (a wrk Lua script)
#   benchmarks/styles.sh --quick                      # 1 repetition, 2 s warm-up + 3 s: a smoke test
#
# Needs: wrk, taskset, 2+ CPUs, and the samples jar: mvn -q -B package -DskipTests
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SQUALL_JAR=$ROOT/samples/target/squall-samples.jar

ROUTES=plain/plaintext,coroutine/plaintext,async/wait,coroutine/wait
REPS=3
WARMUP_S=5
DURATION_S=10
PORT=18081
CONNECTIONS=256
PIPELINE_DEPTH=1
SERVER_CPU=0
WRK_CPU=1
START_TIMEOUT_S=30
STOP_TIMEOUT_S=10
WRK_GRACE_S=30
JVM_FLAGS=${JAVA_OPTS:--Xms1g -Xmx1g}

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "Options: --routes=a,b,...  --reps=N  --pipeline=N  --quick  --port=N (default $PORT). JVM flags: \$JAVA_OPTS (default: $JVM_FLAGS)."
}

for arg in "$@"; do
  case $arg in
    --quick) REPS=1; WARMUP_S=2; DURATION_S=3 ;;
    --routes=?*) ROUTES=${arg#--routes=} ;;
    --reps=[1-9]|--reps=[1-9][0-9]) REPS=${arg#--reps=} ;;
    --pipeline=[1-9]|--pipeline=[1-9][0-9]) PIPELINE_DEPTH=${arg#--pipeline=} ;;
    --port=[1-9][0-9]*) PORT=${arg#--port=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "styles.sh: unknown or malformed option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "styles.sh: $*" >&2; exit 1; }

command -v wrk >/dev/null 2>&1 || die "wrk is not installed; install it with: apt-get install -y wrk"
command -v taskset >/dev/null 2>&1 || die "taskset is not installed; install it with: apt-get install -y util-linux"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
[[ $(nproc --all) -ge 2 ]] || die "needs 2 CPUs (server on CPU $SERVER_CPU, wrk on CPU $WRK_CPU)"
JAVA=$("$ROOT/squall" --print-java)
[[ -f $SQUALL_JAR ]] || die "the samples jar is not built; run: mvn -q -B package -DskipTests"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$PORT; pass --port=N"
fi
IFS=, read -r -a ROUTE_LIST <<<"$ROUTES"
for route in "${ROUTE_LIST[@]}"; do
  [[ $route =~ ^(plain|async|coroutine)/(plaintext|wait)$ && $route != plain/wait ]] \
    || die "unknown route '$route'; the styles sample serves {plain,async,coroutine}/plaintext and {async,coroutine}/wait"
done
CLK_TCK=$(getconf CLK_TCK)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/squall-styles.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n $SERVER_PID ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait_gone "$SERVER_PID" || kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_gone() {
  local i
  for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

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

start_server() {
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  taskset -c "$SERVER_CPU" "$JAVA" $JVM_FLAGS -jar "$SQUALL_JAR" styles --port="$PORT" --address=127.0.0.1 \
    --loops=1 >"$WORK/server-$RUN.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < START_TIMEOUT_S * 10; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server-$RUN.log" >&2; die "the server exited before it listened"; }
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  die "the server did not listen on 127.0.0.1:$PORT within ${START_TIMEOUT_S}s"
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait_gone "$SERVER_PID" || { kill -KILL "$SERVER_PID" 2>/dev/null || true; wait_gone "$SERVER_PID" || true; }
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

run_wrk() {
  local route=$1 seconds=$2 script=() extra=()
  if ((PIPELINE_DEPTH > 1)); then script=(-s "$WORK/pipeline.lua"); extra=(-- "$PIPELINE_DEPTH"); fi
  timeout --kill-after=5 $((seconds + WRK_GRACE_S)) taskset -c "$WRK_CPU" \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "${script[@]+"${script[@]}"}" \
    "http://127.0.0.1:$PORT/$route" "${extra[@]+"${extra[@]}"}"
}

# Rotating order (A B C D | B C D A | ...) so that no route always runs first or last.
ORDER=()
n=${#ROUTE_LIST[@]}
for ((rep = 0; rep < REPS; rep++)); do
  for ((i = 0; i < n; i++)); do ORDER+=("${ROUTE_LIST[$(((i + rep) % n))]}"); done
done

RESULTS=$WORK/results.tsv   # route rps cpu_us_per_req errors
: >"$RESULTS"
RUN=0
echo "styles.sh: ${#ORDER[@]} runs, ${WARMUP_S}s warm-up + ${DURATION_S}s each, wrk -t1 -c$CONNECTIONS" \
     "pipeline $PIPELINE_DEPTH; server on CPU $SERVER_CPU, wrk on CPU $WRK_CPU"
for route in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  start_server
  body=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/$route" 2>&1) || die "GET /$route failed: $body"
  [[ $body == "Hello, World!" ]] || die "GET /$route answered '$body'"
  run_wrk "$route" "$WARMUP_S" >/dev/null 2>&1 || die "warm-up wrk failed"
  before=$(cpu_ticks "$SERVER_PID")
  run_wrk "$route" "$DURATION_S" >"$WORK/wrk-$RUN.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-$RUN.txt")"
  after=$(cpu_ticks "$SERVER_PID")
  stop_server
  read -r requests rps errors < <(awk '
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%d %.0f %d\n", requests, rps, errors }' "$WORK/wrk-$RUN.txt")
  cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  printf '%s\t%s\t%s\t%s\n' "$route" "$rps" "$cpu_us" "$errors" >>"$RESULTS"
  printf '  [%2d/%d] %-22s %9s rps  %6s CPU us/req%s\n' "$RUN" "${#ORDER[@]}" "/$route" "$rps" "$cpu_us" \
    "$( ((errors > 0)) && echo "  ($errors errors/non-2xx)")"
  if ((errors > 0)); then grep -E 'Socket errors|Non-2xx' "$WORK/wrk-$RUN.txt" | sed 's/^/         /'; fi
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v r="$1" -v c="$2" '$1 == r { print $c }' "$RESULTS" | median; }
echo
echo "Medians of $REPS run(s); ratios against /${ROUTE_LIST[0]} (rps: above 1 is faster; CPU: below 1 is cheaper)."
printf '%-22s %10s %8s %12s %9s\n' route rps ratio 'CPU us/req' ratio
base_rps=$(col "${ROUTE_LIST[0]}" 2)
base_cpu=$(col "${ROUTE_LIST[0]}" 3)
for route in "${ROUTE_LIST[@]}"; do
  rps=$(col "$route" 2)
  cpu=$(col "$route" 3)
  printf '%-22s %10s %8s %12s %9s\n' "/$route" "$rps" "$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')" \
    "$cpu" "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
done
echo
echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -n 1);" \
     "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); JVM flags: $JVM_FLAGS"
