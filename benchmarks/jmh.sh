#!/usr/bin/env bash
# Runs Squall's JMH benchmarks on a JDK 21+ (found as ../squall finds it). Arguments go to JMH:
#   benchmarks/jmh.sh                          # every benchmark
#   benchmarks/jmh.sh HttpHeadersBenchmark     # a regex over benchmark names
#   benchmarks/jmh.sh -l                       # list them;  -h for JMH's options
#   ... -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler   # bytes and CPU ns per op (see README)
# Build first: mvn -q -B package -DskipTests
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=$HERE/target/benchmarks.jar
JAVA=$("$HERE/../squall" --print-java)
if [[ ! -f $JAR ]]; then
  echo "jmh.sh: $JAR is not built yet; run: mvn -q -B package -DskipTests" >&2
  exit 2
fi
# The forks run with -cp, so the jar manifest's Add-Opens does not reach them: pass the flag that lets
# coroutines run on the loop thread (benchmarks that compare with the hand-off force it with a @Param).
exec "$JAVA" -jar "$JAR" -jvmArgsPrepend --add-opens=java.base/java.lang=ALL-UNNAMED "$@"
