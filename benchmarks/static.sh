#!/usr/bin/env bash
# Static files under load: Squall's StaticFileHandler against Vert.x web's StaticHandler, one fresh server per run,
# interleaved, in one run. See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only
# what it started.
#
#   benchmarks/static.sh                  # a 4 KiB and a 1 MiB file, 3 repetitions, 5 s warm-up + 10 s each
#   benchmarks/static.sh --quick          # 1 repetition, 2 s warm-up + 3 s: a smoke test
#   benchmarks/static.sh --only=squall    # one server only (squall | vertx)
#
# Needs: wrk, taskset, 2+ CPUs, and the benchmarks jar: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=18082
CONNECTIONS=64
PIPELINE_DEPTH=1

USAGE=("Options: --quick  --only=squall|vertx  --reps=N  --port=N (default $PORT). JVM flags: \$JAVA_OPTS (default: $JVM_FLAGS).")

harness_option() {
  case $1 in
    --only=squall|--only=vertx) ONLY=${1#--only=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools wrk taskset timeout curl head
require_two_cpus "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
find_java
[[ -f $BENCH_JAR ]] || die "the benchmarks jar is not built; run: mvn -q -B package -DskipTests"
require_free_port
setup_workdir static

FILES=$WORK/files
mkdir -p "$FILES"
head -c 4096 /dev/urandom >"$FILES/4k.bin"
head -c 1048576 /dev/urandom >"$FILES/1m.bin"

start_server() { # $1 server, $2 log
  if [[ $1 == squall ]]; then
    start_java "Squall" "$2" "$SERVER_CPUS" -cp "$BENCH_JAR" dev.squall.benchmarks.SquallStatic \
      --port="$PORT" --dir="$FILES"
  else
    start_java "Vert.x" "$2" "$SERVER_CPUS" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
      dev.squall.benchmarks.VertxStatic --port="$PORT" --dir="$FILES"
  fi
}

SERVERS=(squall vertx)
[[ -n $ONLY ]] && SERVERS=("$ONLY")
ORDER=()
for ((rep = 0; rep < REPS; rep++)); do
  for file in 4k.bin 1m.bin; do
    if ((rep % 2 == 0)); then
      for s in "${SERVERS[@]}"; do ORDER+=("$file:$s"); done
    else
      for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do ORDER+=("$file:${SERVERS[$i]}"); done
    fi
  done
done

RESULTS=$WORK/results.tsv   # key(file:server) rps cpu_us_per_req errors
: >"$RESULTS"
RUN=0
echo "static.sh: ${#ORDER[@]} runs, ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up + ${DURATION_S}s each, wrk -t1 -c$CONNECTIONS;" \
     "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS"
for key in "${ORDER[@]}"; do
  RUN=$((RUN + 1))
  file=${key%%:*}
  server=${key##*:}
  start_server "$server" "$WORK/server-$RUN.log"
  size=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT/static/$file")
  [[ $size == "$(stat -c %s "$FILES/$file")" ]] || die "$server served $size bytes of /static/$file"
  measure_run "http://127.0.0.1:$PORT/static/$file" "$PIPELINE_DEPTH"
  printf '%s\t%s\t%s\t%s\n' "$key" "$RUN_RPS" "$RUN_CPU_US" "$RUN_ERRORS" >>"$RESULTS"
  printf '  [%2d/%d] %-8s %-7s %9s rps  %8s CPU us/req%s\n' "$RUN" "${#ORDER[@]}" "$file" "$server" "$RUN_RPS" \
    "$RUN_CPU_US" "$( ((RUN_ERRORS > 0)) && echo "  ($RUN_ERRORS errors/non-2xx)")"
done

col() { column_median "$RESULTS" "$1" "$2"; }
echo
echo "Medians of $REPS run(s). Squall/Vert.x: rps above 1 is faster, CPU below 1 is cheaper."
printf '%-8s %12s %12s %8s %14s %14s %8s\n' file 'Squall rps' 'Vert.x rps' ratio 'Squall CPU us' 'Vert.x CPU us' ratio
for file in 4k.bin 1m.bin; do
  sr=$(col "$file:squall" 2); vr=$(col "$file:vertx" 2)
  sc=$(col "$file:squall" 3); vc=$(col "$file:vertx" 3)
  printf '%-8s %12s %12s %8s %14s %14s %8s\n' "$file" "${sr:--}" "${vr:--}" "$(ratio "$sr" "$vr")" \
    "${sc:--}" "${vc:--}" "$(ratio "$sc" "$vc")"
done
echo
echo "Machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java_version);" \
     "commit $(commit_id); JVM flags: $JVM_FLAGS"

# The medians for the site's charts (benchmarks/publish.sh copies the newest to benchmarks/published/).
mkdir -p "$HERE/results"
OUT=$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)-static.tsv
declare -A FILE_LABEL=([4k.bin]="4 KiB file" [1m.bin]="1 MiB file")
declare -A SERVER_NAME=([squall]=Squall [vertx]=Vert.x)
for file in 4k.bin 1m.bin; do
  for server in squall vertx; do
    rps=$(col "$file:$server" 2); cpu=$(col "$file:$server" 3)
    if [[ -n $rps && -n $cpu ]]; then printf '%s\t%s\t%s\t%s\n' "${FILE_LABEL[$file]}" "${SERVER_NAME[$server]}" "$rps" "$cpu"; fi
  done
done | write_site_tsv "$OUT" "Static files: Squall vs Vert.x web" "benchmarks/static.sh${ARGS:+ $ARGS}"
echo "Written to ${OUT#"$ROOT"/}"
