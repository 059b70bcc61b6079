#!/usr/bin/env bash
# Database benchmark: TechEmpower's "single query" (/db) and "fortunes" tests, Squall's `bench` sample (JDBC on
# virtual threads through HikariCP) against Vert.x 5 with its reactive vertx-pg-client, on one PostgreSQL.
# See benchmarks/README.md. Loopback only; every step is bounded in time; it stops only what it started.
#
#   benchmarks/db.sh                 # 3 interleaved repetitions, 5 s warm-up + 10 s measured per run
#   benchmarks/db.sh --quick         # 1 repetition, 2 s warm-up + 3 s measured: a smoke test
#   benchmarks/db.sh --reps=5 --pool-size=8
#
# Needs: wrk, taskset, Debian's postgresql (initdb, pg_ctl, psql), and the jars: mvn -q -B package -DskipTests
set -euo pipefail

# shellcheck source=benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=18080
PG_PORT=18432
CONNECTIONS=256
POOL_SIZE=16
DB_CPUS=1               # PostgreSQL, beside wrk: both servers face the same database on the same CPU
VERTX_JAR=$ROOT/benchmarks-db/target/benchmarks-db.jar

USAGE=(
  "Options: --quick  --reps=N  --port=N (default $PORT)  --pg-port=N (default $PG_PORT)"
  "         --pool-size=N: database connections of each server (default $POOL_SIZE)"
  "         --connections=N: wrk connections (default $CONNECTIONS)"
  "         --server-cpus=LIST (default $SERVER_CPUS)  --wrk-cpus=LIST (default $WRK_CPUS)  --db-cpus=LIST (default $DB_CPUS)"
  "JVM flags for both servers: \$JAVA_OPTS (default: $JVM_FLAGS)."
)

harness_option() {
  case $1 in
    --pg-port=[1-9][0-9]*) PG_PORT=${1#--pg-port=} ;;
    --pool-size=[1-9]*) POOL_SIZE=${1#--pool-size=} ;;
    --connections=[1-9]*) CONNECTIONS=${1#--connections=} ;;
    --server-cpus=*) SERVER_CPUS=${1#--server-cpus=} ;;
    --wrk-cpus=*) WRK_CPUS=${1#--wrk-cpus=} ;;
    --db-cpus=*) DB_CPUS=${1#--db-cpus=} ;;
    *) return 1 ;;
  esac
}
parse_options "$@"

require_tools wrk taskset timeout curl
require_two_cpus "server on CPU $SERVER_CPUS, wrk on CPU $WRK_CPUS, PostgreSQL on CPU $DB_CPUS"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $PG_BIN && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] ||
  die "PostgreSQL is not installed; install it with: apt-get install -y postgresql"
command -v psql >/dev/null 2>&1 || die "psql is not installed; install it with: apt-get install -y postgresql-client"
find_java
[[ -f $SQUALL_JAR && -f $VERTX_JAR ]] || die "the jars are not built; run: mvn -q -B package -DskipTests"
require_free_port
setup_workdir db

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
AS_PG=()
if [[ $(id -u) == 0 ]]; then
  AS_PG=(runuser -u postgres --)
  chown postgres: "$WORK"
fi
PGDATA=$WORK/pgdata
stop_postgres() {
  if [[ -f $PGDATA/postmaster.pid ]]; then
    "${AS_PG[@]+"${AS_PG[@]}"}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 20 stop >/dev/null 2>&1 || true
  fi
}
trap 'stop_postgres; cleanup' EXIT

echo "db.sh: starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT, CPU(s) $DB_CPUS"
"${AS_PG[@]+"${AS_PG[@]}"}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 ||
  die "initdb failed: $(tail -n 20 "$WORK/initdb.log")"
taskset -c "$DB_CPUS" "${AS_PG[@]+"${AS_PG[@]}"}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w -t 30 \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB -c synchronous_commit=off" \
  start >/dev/null || die "PostgreSQL did not start: $(tail -n 20 "$WORK/postgres.log")"

psql_run() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql_run -d postgres -c "CREATE DATABASE hello_world"
psql_run -d hello_world <<'SQL'
CREATE TABLE world (id integer PRIMARY KEY, randomnumber integer NOT NULL DEFAULT 0);
INSERT INTO world (id, randomnumber) SELECT x, 1 + floor(random() * 10000)::int FROM generate_series(1, 10000) x;
CREATE TABLE fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL);
INSERT INTO fortune (id, message) VALUES
 (1, 'fortune: No such file or directory'),
 (2, 'A computer scientist is someone who fixes things that aren''t broken.'),
 (3, 'After enough decimal places, nobody gives a damn.'),
 (4, 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1'),
 (5, 'A computer program does what you tell it to do, not what you want it to do.'),
 (6, 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen'),
 (7, 'Any program that runs right is obsolete.'),
 (8, 'A list is only as strong as its weakest link. — Donald Knuth'),
 (9, 'Feature: A bug with seniority.'),
 (10, 'Computers make very fast, very accurate mistakes.'),
 (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
 (12, 'フレームワークのベンチマーク');
ANALYZE;
SQL

start_server() {
  local log=$WORK/$1-$RUN.log
  case $1 in
    squall) start_squall squall "$log" "$SERVER_CPUS" bench --pool-size="$POOL_SIZE" \
              --db="jdbc:postgresql://127.0.0.1:$PG_PORT/hello_world?user=postgres" ;;
    vertx)  start_java vertx "$log" "$SERVER_CPUS" --enable-native-access=ALL-UNNAMED -Dvertx.disableContextTimings=true \
              -Dvertx.threadChecks=false -Dvertx.disableTCCL=true -Dio.netty.buffer.checkBounds=false \
              -Dio.netty.buffer.checkAccessible=false -cp "$VERTX_JAR" \
              dev.squall.benchmarks.db.VertxDb --port="$PORT" --address=127.0.0.1 --pool-size="$POOL_SIZE" \
              --db="postgresql://postgres@127.0.0.1:$PG_PORT/hello_world" ;;
  esac
}

# Dies unless server $1 answers test $2 as TechEmpower expects (a fast error page would be no benchmark).
check_answer() {
  local body
  case $2 in
    db) body=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/db" 2>&1) || die "$1: GET /db failed: $body"
        [[ $body =~ ^\{\"id\":[0-9]+,\"randomNumber\":[0-9]+\}$ ]] || die "$1: GET /db answered '$body'" ;;
    fortunes) body=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/fortunes" 2>&1) || die "$1: GET /fortunes failed: $body"
        [[ $body == *"&lt;script&gt;"* && $body == *"Additional fortune added at request time."* ]] ||
          die "$1: GET /fortunes answered '$body'" ;;
  esac
}

TESTS=(db fortunes)
declare -A LABEL=([db]="/db (single query), $CONNECTIONS conn" [fortunes]="/fortunes, $CONNECTIONS conn")
declare -A NAME=([squall]=Squall [vertx]=Vert.x)
ORDER=()
for ((rep = 1; rep <= REPS; rep++)); do
  if ((rep % 2 == 1)); then ORDER+=(squall vertx); else ORDER+=(vertx squall); fi
done

RESULTS=$WORK/results.tsv
: >"$RESULTS"
# Where each server's CPU goes: the CPU of each kind of thread during the measured run (before/after snapshots).
THREADS=$WORK/threads.tsv   # test server thread-kind ticks requests run
: >"$THREADS"
BEFORE_MEASURE='eval thread_ticks "$SERVER_PID" >"$WORK/threads-before.tsv"'
AFTER_MEASURE='eval thread_ticks "$SERVER_PID" >"$WORK/threads-after.tsv"'
# Adds the measured run's CPU per thread kind to THREADS (after record_run: RUN_REQUESTS is known).
record_threads() {
  awk -F'\t' -v t="$1" -v s="$2" -v n="$RUN_REQUESTS" -v r="$RUN" 'NR == FNR { before[$1] += $2; next } { after[$1] += $2 }
    END { for (k in after) if (after[k] - before[k] > 0) printf "%s\t%s\t%s\t%d\t%d\t%d\n", t, s, k, after[k] - before[k], n, r }' \
    "$WORK/threads-before.tsv" "$WORK/threads-after.tsv" >>"$THREADS"
}
RUN=0
TOTAL=$(( ${#TESTS[@]} * ${#ORDER[@]} ))
echo "db.sh: $TOTAL runs (${REPS} repetition(s), ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up + ${DURATION_S}s each), server on CPU(s)" \
     "$SERVER_CPUS, wrk on CPU(s) $WRK_CPUS, PostgreSQL on CPU(s) $DB_CPUS, pool $POOL_SIZE, java $JAVA"
for test in "${TESTS[@]}"; do
  for server in "${ORDER[@]}"; do
    RUN=$((RUN + 1))
    start_server "$server"
    check_answer "$server" "$test"
    measure_run "http://127.0.0.1:$PORT/$test" 1 --latency
    record_run "$test" "$server" "${LABEL[$test]}" 34 "${NAME[$server]}" 7
    record_threads "$test" "$server"
  done
done


REPORT=$WORK/report.md
{
  echo "# Squall vs Vert.x on PostgreSQL — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "Medians of $REPS run(s) per server and test; ${WARMUP_S}s + ${RECONNECT_S}s (new connections) warm-up then ${DURATION_S}s measured, a fresh server"
  echo "process per run pinned to CPU(s) $SERVER_CPUS (Squall \`bench --loops=1 --pool-size=$POOL_SIZE\`: JDBC in"
  echo "\`offLoop\` through HikariCP; Vert.x one event loop, vertx-pg-client pool $POOL_SIZE), \`wrk -t1 -c$CONNECTIONS\`"
  echo "on CPU(s) $WRK_CPUS, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on CPU(s) $DB_CPUS."
  echo "CPU = server utime+stime per request. Ratios are Squall/Vert.x: above 1 is better for rps, below 1 for CPU."
  echo
  echo "| test | server | rps | p50 ms | p99 ms | CPU µs/req | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for test in "${TESTS[@]}"; do
    for server in squall vertx; do
      echo "| ${LABEL[$test]} | ${NAME[$server]} | $(fmt "$(col "$test" $server 4)") | $(fmt "$(col "$test" $server 5)")" \
           "| $(fmt "$(col "$test" $server 6)") | $(fmt "$(col "$test" $server 8)") | $(fmt "$(col "$test" $server 7)") |"
    done
    echo "| ${LABEL[$test]} | **Squall/Vert.x** | **$(ratio "$(col "$test" squall 4)" "$(col "$test" vertx 4)")** | | |" \
         "**$(ratio "$(col "$test" squall 8)" "$(col "$test" vertx 8)")** | |"
  done
  echo
  echo "Where the server's CPU goes: CPU µs per request by kind of thread, summed over all runs (threads under 2% left out)."
  echo "Squall: \`squall-loop-\` is the event loop (HTTP, handler, template); virtual threads (the JDBC calls in \`offLoop\`:"
  echo "HikariCP, the PostgreSQL driver, its socket I/O) run on \`squall-offloop-\` carriers (coroutines on the loop thread)"
  echo "or \`ForkJoinPool-\` carriers; \`C2/C1 CompilerThre\` is the JIT, \`GC Thread#\`/\`G1 ...\` the collector."
  echo
  echo '```'
  awk -F'\t' -v hz="$CLK_TCK" '
    { ts = $1 "\t" $2; ticks[ts "\t" $3] += $4; total[ts] += $4; if (!($6 in counted)) { counted[$6] = 1; reqs[ts] += $5 } }
    END {
      for (key in ticks) {
        split(key, p, "\t"); ts = p[1] "\t" p[2]
        if (ticks[key] >= 0.02 * total[ts] && reqs[ts] > 0)
          printf "%s\t%s\t%.2f\t%-9s %-7s %-16s %8.2f us/req %5.1f%%\n", p[1], p[2], ticks[key] * 1e6 / hz / reqs[ts],
            p[1], p[2], p[3], ticks[key] * 1e6 / hz / reqs[ts], 100 * ticks[key] / total[ts]
      }
    }' "$THREADS" | sort -t$'\t' -k1,1 -k2,2 -k3,3gr | cut -f4
  echo '```'
  echo
  print_runs
  echo
  echo "Machine: $(nproc --all) CPUs, $(uname -sr); $(java_version); commit $(commit_id); JVM flags: $JVM_FLAGS"
} >"$REPORT"

mkdir -p "$HERE/results"
OUT=$HERE/results/db-$(date -u +%Y%m%dT%H%M%SZ).md
cp "$REPORT" "$OUT"
show_report "$REPORT" "$OUT"
