#!/usr/bin/env bash
# Benchmark: wall time and peak RSS of `costplan resources` (release build) on the synthetic
# monorepo written by bench/gen_monorepo.py (200 module calls, ~20,000 instances).
# Targets on a 2-core machine: under 1.5 s and under 500 MB.
# Usage: bench/resources.sh [RUNS]   (default 3 runs; prints each run and the best)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"

# The binary is $COSTPLAN_BIN when set (as in the other bench scripts), else a release build made
# here; `resources` does not use polars, so without it the build is short.
. bench/lib.sh
costplan_bin --no-default-features

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/gen_monorepo.py "$work/monorepo"

instances="$("$bin" resources --path "$work/monorepo" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["instances"]))')"
echo "monorepo: 200 module calls, $instances instances"

best_wall=""
best_rss=""
for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" resources --path "$work/monorepo" --format json > /dev/null
    read -r wall rss_kb < "$work/time"
    rss_mb=$((rss_kb / 1024))
    echo "run $i: wall ${wall} s, peak RSS ${rss_mb} MB"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall="$wall"; fi
    if [ -z "$best_rss" ] || [ "$rss_mb" -lt "$best_rss" ]; then best_rss="$rss_mb"; fi
done
echo "best: wall ${best_wall} s (target < 1.5 s), peak RSS ${best_rss} MB (target < 500 MB)"
