# shellcheck shell=bash
# Helpers shared by the load harnesses (load.sh, static.sh, styles.sh, latency.sh, client-load.sh, db.sh, ws.sh,
# idle.sh); each sources it right after `set -euo pipefail` with: source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It only defines variables and functions. A harness then sets its defaults and its USAGE lines, defines
# `harness_option` for its own options and calls `parse_options "$@"`; it calls setup_workdir before it starts any
# process, and from then on every process started through start_java or run_tracked is stopped by its PID on exit
# or signal.

SCRIPT=${BASH_SOURCE[1]}                # the harness that sourced this file
PROG=${SCRIPT##*/}                      # its name, the prefix of its messages
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SQUALL_JAR=${SQUALL_JAR:-$ROOT/samples/target/squall-samples.jar}   # overridable, to compare two builds
BENCH_JAR=${BENCH_JAR:-$HERE/target/benchmarks.jar}

START_TIMEOUT_S=30      # a server must accept connections within this
STOP_TIMEOUT_S=10       # then SIGKILL
WRK_GRACE_S=30          # wrk's own limit is its duration plus this
JVM_FLAGS=${JAVA_OPTS:--Xms1g -Xmx1g}
CLK_TCK=$(getconf CLK_TCK)
STARTED_PIDS=()         # what cleanup stops
WORK=""

# Prints "PROG: $*" on stderr and exits 1.
die() { echo "$PROG: $*" >&2; exit 1; }

# The command line, for the results' "command" line (sourced without arguments, this file sees the harness's).
# shellcheck disable=SC2034 # ARGS is the harness's
ARGS="$*"

# The run every harness starts from; it changes what differs before parse_options: REPS interleaved repetitions,
# each WARMUP_S seconds of warm-up then DURATION_S measured, the server pinned to CPU list SERVER_CPUS and wrk to
# WRK_CPUS, every server it compares (ONLY: just that one).
REPS=3
WARMUP_S=5
RECONNECT_S=3           # a second warm-up pass on new connections; see measure_run
DURATION_S=10
SERVER_CPUS=0
WRK_CPUS=1
ONLY=""

# What --quick (a smoke test) sets REPS, WARMUP_S and DURATION_S to; a harness may change them before
# parse_options. Its usage line says so.
QUICK_REPS=1
QUICK_WARMUP_S=2
QUICK_RECONNECT_S=1
QUICK_DURATION_S=3

# The harness's option lines for its usage text, after its header comment; it sets them before parse_options.
USAGE=()

# Prints the harness's header comment (its lines 2-10), the start of its usage text.
usage_header() { sed -n '2,10p' "$SCRIPT" | sed 's/^# \{0,1\}//'; }

# Prints the usage text: the header comment, then the lines of USAGE.
usage() {
  usage_header
  printf '%s\n' "${USAGE[@]}"
}

# Prints the complaint about option $1 and the usage on stderr and exits 2.
bad_option() {
  echo "$PROG: unknown or malformed option '$1'" >&2
  usage >&2
  exit 2
}

# Handles option $1 shared by the harnesses: --quick (sets REPS, WARMUP_S and DURATION_S to the QUICK_ values),
# --reps=N (sets REPS), --port=N (sets PORT), -h|--help (prints the usage and exits 0); anything else is a
# bad_option.
common_option() {
  # shellcheck disable=SC2034 # the settings are the harness's
  case $1 in
    --quick) REPS=$QUICK_REPS; WARMUP_S=$QUICK_WARMUP_S; RECONNECT_S=$QUICK_RECONNECT_S; DURATION_S=$QUICK_DURATION_S ;;
    --reps=[1-9]|--reps=[1-9][0-9]) REPS=${1#--reps=} ;;
    --port=[1-9][0-9]*) PORT=${1#--port=} ;;
    -h|--help) usage; exit 0 ;;
    *) bad_option "$1" ;;
  esac
}

# Parses the command line $@, left to right (a later option wins): each argument goes to the harness's own
# `harness_option ARG` (which returns 1 for an argument it does not take) and, when not taken, to common_option.
parse_options() {
  local arg
  for arg in "$@"; do
    harness_option "$arg" || common_option "$arg"
  done
}

# Dies unless every command $@ is installed, saying which package brings it.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case $tool in
      wrk) die "wrk is not installed; install it with: apt-get install -y wrk" ;;
      taskset) die "taskset is not installed; install it with: apt-get install -y util-linux" ;;
      timeout) die "timeout (coreutils) is not installed" ;;
      *) die "$tool is not installed" ;;
    esac
  done
}

# Dies unless the machine has 2+ CPUs; $1 says what runs where, for the message.
require_two_cpus() {
  [[ $(nproc --all) -ge 2 ]] || die "needs 2 CPUs ($1); this machine has $(nproc --all)"
}

# Sets JAVA to a JDK 21+'s java, found as ../squall finds it (exits with squall's message if there is none).
find_java() { JAVA=$("$ROOT/squall" --print-java); }

# Returns 0 if something accepts connections on 127.0.0.1:$PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# Raises this shell's open-files limit (which the processes it starts inherit) so that a client and a server can
# each hold $1 connections, with 1,000 descriptors to spare; dies, saying what to do, if the hard limit is lower.
require_open_files_for() {
  local needed=$(($1 + 1000))
  (($(ulimit -n) >= needed)) && return 0
  ulimit -n "$needed" 2>/dev/null \
    || die "the open-files limit is $(ulimit -n) (hard $(ulimit -Hn)); $1 connections need $needed: raise it or pass --connections=N"
}

# Dies if 127.0.0.1:$PORT is already taken.
require_free_port() {
  if port_open; then die "something already listens on 127.0.0.1:$PORT; pass --port=N"; fi
}

# Creates the temp directory WORK (named squall-$1.XXXXXX) and installs the traps that run cleanup on exit,
# Ctrl-C or SIGTERM (exit status 130).
setup_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/squall-$1.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# The exit trap: SIGTERM to every process in STARTED_PIDS, SIGKILL to those still there after STOP_TIMEOUT_S,
# then removes WORK. Only those PIDs: never anything by name.
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do
    wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  done
  [[ -z $WORK ]] || rm -rf "$WORK"
}

# Returns 0 once process $1 is gone, 1 if it is still there after STOP_TIMEOUT_S.
wait_gone() {
  local i
  for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# Removes PID $1 from STARTED_PIDS (it has been reaped).
forget_pid() {
  local kept=() pid
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  STARTED_PIDS=("${kept[@]+"${kept[@]}"}")
}

# Stops process $1 (one the harness started): SIGTERM, SIGKILL with a warning if it is still there after
# STOP_TIMEOUT_S, reaps it and forgets it.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  if ! wait_gone "$1"; then
    echo "$PROG: pid $1 ignored SIGTERM for ${STOP_TIMEOUT_S}s; killing it" >&2
    kill -KILL "$1" 2>/dev/null || true
    wait_gone "$1" || true
  fi
  wait "$1" 2>/dev/null || true
  forget_pid "$1"
}

# Runs command $@ in the background as a started process (so that the traps stop it: a signal interrupts the
# wait, where a foreground command would run on to its end), waits for it and returns its exit status.
# Output goes where the caller's redirections send it; call it directly, not inside $(...).
run_tracked() {
  "$@" &
  local pid=$! rc=0
  STARTED_PIDS+=("$pid")
  wait "$pid" || rc=$?
  forget_pid "$pid"
  return "$rc"
}

# Starts server $1 (a name for messages): `java $JVM_FLAGS $4...` pinned to CPU list $3, output to file $2;
# sets SERVER_PID and returns once 127.0.0.1:$PORT accepts connections. Dies, with the log's tail, if the
# process exits first or the port does not open within START_TIMEOUT_S.
start_java() {
  local name=$1 log=$2 cpus=$3
  shift 3
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  taskset -c "$cpus" "$JAVA" $JVM_FLAGS "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  local i
  for ((i = 0; i < START_TIMEOUT_S * 10; i++)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "--- $log" >&2; tail -n 30 "$log" >&2
      die "$name exited before it listened on 127.0.0.1:$PORT"
    fi
    port_open && return 0
    sleep 0.1
  done
  echo "--- $log" >&2; tail -n 30 "$log" >&2
  die "$name did not listen on 127.0.0.1:$PORT within ${START_TIMEOUT_S}s"
}

# Starts Squall's sample $4 (hello, hello-bare, styles) with --loops=1 then the options $5... on
# 127.0.0.1:$PORT; $1 name, $2 log file, $3 CPU list as for start_java; sets SERVER_PID.
start_squall() {
  local name=$1 log=$2 cpus=$3 sample=$4
  shift 4
  start_java "$name" "$log" "$cpus" -jar "$SQUALL_JAR" "$sample" --port="$PORT" --address=127.0.0.1 --loops=1 "$@"
}

# Starts the Vert.x reference server (VertxHello, one event loop) on 127.0.0.1:$PORT; $1 name, $2 log file,
# $3 CPU list as for start_java; sets SERVER_PID.
start_vertx() {
  start_java "$1" "$2" "$3" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
    dev.squall.benchmarks.VertxHello --port="$PORT" --address=127.0.0.1
}

# Starts the Netty reference server (NettyHello, one event loop) on 127.0.0.1:$PORT; $1 name, $2 log file,
# $3 CPU list as for start_java; sets SERVER_PID.
start_netty() {
  start_java "$1" "$2" "$3" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" \
    dev.squall.benchmarks.NettyHello --port="$PORT" --address=127.0.0.1
}

# Starts server $1 — squall (the hello sample, one loop), vertx or netty — pinned to SERVER_CPUS, log in
# WORK/$1-RUN.log; sets SERVER_PID.
start_hello_server() {
  local log=$WORK/$1-$RUN.log
  case $1 in
    squall) start_squall "$1" "$log" "$SERVER_CPUS" hello ;;
    vertx)  start_vertx "$1" "$log" "$SERVER_CPUS" ;;
    netty)  start_netty "$1" "$log" "$SERVER_CPUS" ;;
    *) die "unknown server $1" ;;
  esac
}

# Sets ORDER to REPS rounds of servers $@, in that order in odd rounds and reversed in even ones (so that none
# always goes first), keeping only ONLY when it is set.
interleave_servers() {
  local rep i s
  ORDER=()
  for ((rep = 1; rep <= REPS; rep++)); do
    for ((i = 0; i < $#; i++)); do
      if ((rep % 2 == 1)); then s=${*:i+1:1}; else s=${*:$#-i:1}; fi
      if [[ -z ${ONLY:-} || $ONLY == "$s" ]]; then ORDER+=("$s"); fi
    done
  done
}

# Stops the server SERVER_PID (see stop_pid).
stop_server() { stop_pid "$SERVER_PID"; }

# Dies unless GET http://127.0.0.1:$PORT$2 answers body $3; $1 names the server in the message.
expect_body() {
  local body
  body=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT$2" 2>&1) || die "$1: GET $2 failed: $body"
  [[ $body == "$3" ]] || die "$1: GET $2 answered '$body', expected '$3'"
}

# Prints utime + stime of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat; comm may hold spaces).
cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

# Prints $1 clock ticks of CPU per request over $2 requests, in µs with 2 decimals (0.00 for no requests).
cpu_us_per_req() {
  awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}

# Runs wrk for $1 seconds on URL $2, $3 requests per write (a Lua script in WORK when above 1), with the
# further wrk options $4... (e.g. --latency): one thread, CONNECTIONS connections, pinned to CPU list
# WRK_CPUS, under `timeout` (duration + WRK_GRACE_S), as a started process. wrk's output to stdout.
run_wrk() {
  local seconds=$1 url=$2 depth=$3 script=() extra=()
  shift 3
  if ((depth > 1)); then
    [[ -f $WORK/pipeline.lua ]] || write_pipeline_lua "$WORK/pipeline.lua"
    script=(-s "$WORK/pipeline.lua"); extra=(-- "$depth")
  fi
  run_tracked timeout --kill-after=5 $((seconds + WRK_GRACE_S)) taskset -c "$WRK_CPUS" \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "$@" "${script[@]+"${script[@]}"}" "$url" "${extra[@]+"${extra[@]}"}"
}

# Writes to file $1 the wrk Lua script that sends N requests per write (N: its argument after `--`).
write_pipeline_lua() {
  cat >"$1" <<'LUA'
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
}

# Reads wrk output on stdin; prints "requests rps p50_ms p99_ms errors" (errors: socket errors plus non-2xx
# answers; p50/p99 are 0 without --latency); returns 1 if it finds no request count or rate.
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

# One measured run against the server SERVER_PID, which it then stops (a harness may set BEFORE_MEASURE and
# AFTER_MEASURE to commands run, with the server up, right before and after the measured wrk run): run_wrk ($@: its arguments after the
# seconds) for WARMUP_S, then again on new connections for RECONNECT_S (outputs in WORK/warmup-RUN.txt,
# discarded), then for DURATION_S (output in WORK/wrk-RUN.txt). Sets RUN_REQUESTS RUN_RPS RUN_P50 RUN_P99
# RUN_ERRORS (see parse_wrk) and RUN_CPU_US (server CPU µs per request).
# Why two warm-up passes: when the first wrk closes its connections, every server's JIT meets the close path
# for the first time (uncommon traps in the read path) and recompiles the hot path once the next wrk starts.
# With one pass that recompilation fell in the measured 10 s: C2 took 0.6-0.96 µs per request of Squall's
# CPU and 0.3 of Netty's; after the reconnecting pass, 0.02-0.08 for both (benchmarks/README.md).
# Dies, with wrk's output, if wrk fails.
measure_run() {
  local before after parsed
  run_wrk "$WARMUP_S" "$@" >"$WORK/warmup-$RUN.txt" 2>&1 || die "warm-up wrk failed: $(cat "$WORK/warmup-$RUN.txt")"
  if ((RECONNECT_S > 0)); then
    run_wrk "$RECONNECT_S" "$@" >>"$WORK/warmup-$RUN.txt" 2>&1 \
      || die "warm-up wrk (new connections) failed: $(cat "$WORK/warmup-$RUN.txt")"
  fi
  before=$(cpu_ticks "$SERVER_PID")
  ${BEFORE_MEASURE:-:}
  run_wrk "$DURATION_S" "$@" >"$WORK/wrk-$RUN.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-$RUN.txt")"
  after=$(cpu_ticks "$SERVER_PID")
  ${AFTER_MEASURE:-:}
  stop_server
  parsed=$(parse_wrk <"$WORK/wrk-$RUN.txt") || die "cannot read wrk's output: $(cat "$WORK/wrk-$RUN.txt")"
  # shellcheck disable=SC2034 # the results are the harness's to report
  read -r RUN_REQUESTS RUN_RPS RUN_P50 RUN_P99 RUN_ERRORS <<<"$parsed"
  # shellcheck disable=SC2034
  RUN_CPU_US=$(cpu_us_per_req $((after - before)) "$RUN_REQUESTS")
}

# Reads numbers on stdin, one a line; prints their median (nothing for no numbers).
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Prints the median of column $3 over the rows of tab-separated file $1 whose first column is $2.
column_median() { awk -F'\t' -v k="$2" -v c="$3" '$1 == k { print $c }' "$1" | median; }

# Prints $1/$2 as "1.23x", or "-" when either is missing or $2 is 0.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

# Prints the first line of `java -version` of JAVA.
java_version() { "$JAVA" -version 2>&1 | head -n 1; }

# Writes a run's medians to $1 in the form the site plots (site/, benchmarks/publish.sh): "# key: value" lines
# (title $2, date, machine, the reproducing command $3, commit), a header line, then the rows read from stdin,
# "test<TAB>server<TAB>rps<TAB>cpu_us_per_req".
write_site_tsv() {
  {
    echo "# title: $2"
    echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# machine: $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr); $(java_version)"
    echo "# command: $3"
    echo "# commit: $(commit_id)"
    printf 'test\tserver\trps\tcpu_us_per_req\n'
    cat
  } >"$1"
}

# Prints the short commit id of the checkout, or "unknown".
commit_id() { git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown; }

# Prints the raw wrk output of runs 1..RUN (WORK/wrk-N.txt), each under "Run N: " and the first two columns
# of line N of RESULTS joined by $1 (e.g. ", ").
print_raw_runs() {
  local i
  for ((i = 1; i <= RUN; i++)); do
    echo
    echo "Run $i: $(awk -F'\t' -v n="$i" -v sep="$1" 'NR == n { print $1 sep $2 }' "$RESULTS")"
    echo
    echo '```'
    cat "$WORK/wrk-$i.txt"
    echo '```'
  done
}

# Prints report file $1 between blank lines, then where the full report $2 was written (relative to ROOT).
show_report() {
  echo
  cat "$1"
  echo
  echo "Written to ${2#"$ROOT"/}"
}

# Appends the measured run (RUN_* of measure_run) to RESULTS as "test server requests rps p50 p99 errors cpu"
# and prints its progress line: [$RUN/$TOTAL] label $3 (padded to $4) server name $5 (padded to $6).
# $1 test, $2 server.
record_run() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$RUN_REQUESTS" "$RUN_RPS" "$RUN_P50" "$RUN_P99" "$RUN_ERRORS" "$RUN_CPU_US" >>"$RESULTS"
  printf "  [%2d/%d] %-${4}s %-${6}s %9s rps  p50 %7s ms  p99 %7s ms  %6s CPU us/req%s\n" "$RUN" "$TOTAL" \
    "$3" "$5" "$RUN_RPS" "$RUN_P50" "$RUN_P99" "$RUN_CPU_US" \
    "$( ((RUN_ERRORS > 0)) && echo "  ($RUN_ERRORS errors/non-2xx)")"
}

# Median of column $3 of RESULTS for test $1 and server $2. Latency columns (5, 6) skip zeros: wrk prints 0.00us
# percentiles when its coordinated-omission correction overflows its histogram (latencies near its
# timeout, e.g. on an overloaded machine), and a 0 would pass for the best latency in the table.
col() {
  awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$1 == t && $2 == s && !((c == 5 || c == 6) && $c == 0) { print $c }' \
    "$RESULTS" | median
}

# Prints $1, or "-" when it is empty (a table cell).
fmt() { [[ -n $1 ]] && printf '%s' "$1" || printf -- '-'; }

# Prints every run of RESULTS, in order, as a fenced block for the report.
print_runs() {
  echo "Every run, in order:"
  echo
  echo '```'
  printf '%-10s %-7s %10s %10s %9s %9s %7s %11s\n' test server requests rps p50_ms p99_ms errors cpu_us/req
  awk -F'\t' '{ printf "%-10s %-7s %10s %10s %9s %9s %7s %11s\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$RESULTS"
  echo '```'
}

# Prints "thread-kind ticks" for each thread of process $1: its name (/proc/PID/task/TID/comm, at most 15
# characters) without trailing digits, so "squall-loop-1" and "GC Thread#3" count as "squall-loop-", "GC Thread#".
thread_ticks() {
  local task stat name
  for task in /proc/"$1"/task/*; do
    name=$(sed 's/[0-9]*$//' "$task/comm" 2>/dev/null) || continue
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    printf '%s\t%s\n' "$name" $(( ${12} + ${13} ))
  done
}
