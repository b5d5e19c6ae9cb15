#!/usr/bin/env bash
# Benchmark: cold `costplan estimate` (a new process each run, no cache beside it).
#   1. examples/credlink with the credlink-100k scenario: many runs, the median wall time
#      (hyperfine when installed, else a timed loop). Target (release): under 50 ms.
#   2. the synthetic 20,000-instance monorepo of bench/gen_monorepo.py: wall time and peak RSS
#      per run (/usr/bin/time). Target (release): under 2 s and under 500 MB.
#
# Usage: bench/estimate.sh [CREDLINK_RUNS] [MONOREPO_RUNS]   (defaults 50 and 3)
# The binary is $COSTPLAN_BIN when set (e.g. a debug build, to try the script), else a release
# build made here without polars (estimate does not use it). Figures from a debug binary are
# not the targets' figures.
set -euo pipefail
cd "$(dirname "$0")/.."
credlink_runs="${1:-50}"
monorepo_runs="${2:-3}"

. bench/lib.sh
costplan_bin --no-default-features

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The estimate must succeed before it is timed (a failing run would be fast and wrong).
credlink=(estimate --path examples/credlink --scenario credlink-100k --format json)
"$bin" "${credlink[@]}" > "$work/credlink.json"

median_ms() { # prints the median of the numbers (seconds) on stdin, in ms
    sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "%.1f", m * 1000 }'
}

echo "== credlink: $credlink_runs cold runs of: costplan ${credlink[*]}"
if command -v hyperfine > /dev/null; then
    hyperfine --shell=none --warmup 3 --runs "$credlink_runs" --style basic \
        --export-json "$work/hyperfine.json" "$bin ${credlink[*]}" > /dev/null
    median="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms (mean %.1f ms, min %.1f ms, max %.1f ms)" % (r["median"]*1e3, r["mean"]*1e3, r["min"]*1e3, r["max"]*1e3))' "$work/hyperfine.json")"
    echo "credlink: median $median [hyperfine]"
else
    for _ in $(seq 1 "$credlink_runs"); do
        start="$(date +%s%N)"
        "$bin" "${credlink[@]}" > /dev/null
        end="$(date +%s%N)"
        echo "$(( end - start ))e-9"
    done > "$work/credlink.times"
    echo "credlink: median $(median_ms < "$work/credlink.times") ms [timed loop]"
fi
echo "credlink target (release): under 50 ms"

echo "== monorepo (bench/gen_monorepo.py): $monorepo_runs cold runs"
python3 bench/gen_monorepo.py "$work/monorepo" > /dev/null
mono=(estimate --path "$work/monorepo" --format json)
"$bin" "${mono[@]}" > "$work/mono.json"
python3 - "$work/mono.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print(f"monorepo: {s['resources']} resources: {s['estimated']} estimated, {s['free']} free, "
      f"{s['not_supported']} not supported; total ${float(r['totals']['monthly']):,.2f}/month")
EOF
: > "$work/mono.times"
for i in $(seq 1 "$monorepo_runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "${mono[@]}" > /dev/null
    read -r wall rss_kb < "$work/time"
    echo "$wall" >> "$work/mono.times"
    echo "run $i: wall ${wall} s, peak RSS $((rss_kb / 1024)) MB"
done
echo "monorepo: median wall $(median_ms < "$work/mono.times") ms (target (release): under 2 s, under 500 MB)"
