#!/usr/bin/env bash
# Publishes the newest load figures for the site: copies the newest benchmarks/results/*-SUITE.tsv (written by
# load.sh and static.sh; results/ is ignored by git) to benchmarks/published/SUITE.tsv, the snapshot the site's
# Benchmarks page shows when a checkout has no fresh results (a fresh clone). Commit the files it changed.
#
#   benchmarks/load.sh && benchmarks/static.sh    # on a quiet machine
#   benchmarks/publish.sh                         # then: git add benchmarks/published && git commit
#
# Each file keeps the run's date, machine, commit and the command that reproduces it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITES=(load static)

if [[ $# -gt 0 ]]; then
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  [[ $1 == -h || $1 == --help ]] && exit 0
  exit 2
fi

mkdir -p "$HERE/published"
for suite in "${SUITES[@]}"; do
  newest=""
  for f in "$HERE"/results/*-"$suite".tsv; do
    [[ -f $f && ( -z $newest || ${f##*/} > ${newest##*/} ) ]] && newest=$f
  done
  if [[ -z $newest ]]; then
    echo "publish.sh: no results/*-$suite.tsv yet (run benchmarks/$suite.sh); published/$suite.tsv kept"
    continue
  fi
  cp "$newest" "$HERE/published/$suite.tsv"
  echo "publish.sh: published/$suite.tsv <- results/${newest##*/}"
done
