#!/usr/bin/env bash
# Handler styles under load: the `styles` sample's routes, one fresh server per run, interleaved, in one run.
# See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/styles.sh                              # plain vs coroutine vs Kotlin suspend, no wait and one wait; 3 reps
#   benchmarks/styles.sh --routes=plain/plaintext,coroutine/plaintext --reps=5
#   benchmarks/styles.sh --pipeline=16                # 16 requests per write (a wrk Lua script)
#   benchmarks/styles.sh --quick                      # 1 repetition, 2 s warm-up + 3 s: a smoke test
#
# Needs: wrk, taskset, 2+ CPUs, and the samples jar: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUTES=plain/plaintext,coroutine/plaintext,suspend/plaintext,async/wait,coroutine/wait,suspend/wait
PORT=18081
CONNECTIONS=256
PIPELINE_DEPTH=1

USAGE=("Options: --routes=a,b,...  --reps=N  --pipeline=N  --quick  --port=N (default $PORT). JVM flags: \$JAVA_OPTS (default: $JVM_FLAGS).")

harness_option() {
  case $1 in
    --routes=?*) ROUTES=${1#--routes=} ;;
    --pipeline=[1-9]|--pipeline=[1-9][0-9]) PIPELINE_DEPTH=${1#--pipeline=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools wrk taskset timeout curl
require_two_cpus "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
find_java
[[ -f $SQUALL_JAR ]] || die "the samples jar is not built; run: mvn -q -B package -DskipTests"
require_free_port
IFS=, read -r -a ROUTE_LIST <<<"$ROUTES"
for route in "${ROUTE_LIST[@]}"; do
  [[ $route =~ ^(plain|async|coroutine|suspend)/(plaintext|wait)$ && $route != plain/wait ]] \
    || die "unknown route '$route'; the styles sample serves {plain,async,coroutine,suspend}/plaintext and {async,coroutine,suspend}/wait"
done
setup_workdir styles

# Rotating order (A B C D | B C D A | ...) so that no route always runs first or last.
ORDER=()
n=${#ROUTE_LIST[@]}
for ((rep = 0; rep < REPS; rep++)); do
  for ((i = 0; i < n; i++)); do ORDER+=("${ROUTE_LIST[$(((i + rep) % n))]}"); done
done

RESULTS=$WORK/results.tsv   # route rps cpu_us_per_req errors
: >"$RESULTS"
RUN=0
echo "styles.sh: ${#ORDER[@]} runs, ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up + ${DURATION_S}s each, wrk -t1 -c$CONNECTIONS" \
     "pipeline $PIPELINE_DEPTH; server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
for route in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  start_squall "the server" "$WORK/server-$RUN.log" "$SERVER_CPUS" styles
  expect_body "the server" "/$route" "Hello, World!"
  measure_run "http://127.0.0.1:$PORT/$route" "$PIPELINE_DEPTH"
  printf '%s\t%s\t%s\t%s\n' "$route" "$RUN_RPS" "$RUN_CPU_US" "$RUN_ERRORS" >>"$RESULTS"
  printf '  [%2d/%d] %-22s %9s rps  %6s CPU us/req%s\n' "$RUN" "${#ORDER[@]}" "/$route" "$RUN_RPS" "$RUN_CPU_US" \
    "$( ((RUN_ERRORS > 0)) && echo "  ($RUN_ERRORS errors/non-2xx)")"
  if ((RUN_ERRORS > 0)); then grep -E 'Socket errors|Non-2xx' "$WORK/wrk-$RUN.txt" | sed 's/^/         /'; fi
done

col() { column_median "$RESULTS" "$1" "$2"; }
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

# The ratios issue 12 sets goals for: a handler style's server CPU per request over its callback equivalent.
# Prints "label: a/b CPU = ratio (goal)" when both routes ran.
goal_ratio() {
  local a=$1 b=$2 label=$3 goal=$4 ca cb
  [[ ",$ROUTES," == *",$a,"* && ",$ROUTES," == *",$b,"* ]] || return 0
  ca=$(col "$a" 3)
  cb=$(col "$b" 3)
  printf '%-44s %s / %s us = %s  (goal <= %s)\n' "$label" "$ca" "$cb" "$(ratio "$ca" "$cb")" "$goal"
}
echo
echo "Server CPU per request, ratios the goals name:"
goal_ratio coroutine/plaintext plain/plaintext "coroutine no wait / plain" 1.2x
goal_ratio coroutine/wait async/wait "coroutine one await / async chained wait" 1.5x
goal_ratio suspend/plaintext plain/plaintext "Kotlin suspend no wait / plain" 1.2x
goal_ratio suspend/wait async/wait "Kotlin suspend one await / async chained wait" 1.5x
echo
echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java_version);" \
     "commit $(commit_id); JVM flags: $JVM_FLAGS"
