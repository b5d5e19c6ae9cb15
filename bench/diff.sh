#!/usr/bin/env bash
# Benchmark: `costplan diff` on a generated 60-project monorepo. Target (release): under 10 s.
#
# The monorepo: 60 copies of examples/credlink under services/NN (about 90 resource instances
# each, 5,400 in all) listed in a costplan.yml, alternating prod/staging/dev var files, committed
# to a fresh git repository. The change, committed on top: 10 services run more tasks, 5 switch
# to dev.tfvars, one service is added and one removed. Timed:
#   costplan diff --config costplan.yml --base HEAD~1 --format json
# (both sides of every project estimated, the base materialised from git), and the same with
# --format markdown (the comment must stay under 65,536 characters).
#
# Usage: bench/diff.sh [RUNS]   (default 3)
# The binary is $COSTPLAN_BIN when set (e.g. a debug build, to try the script), else a release
# build made here without polars (diff does not use it). Figures from a debug binary are not the
# target's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
projects=60

. bench/lib.sh
costplan_bin --no-default-features

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/monorepo"
mkdir -p "$repo/services"

envs=(prod staging dev)
{
    echo "version: 1"
    echo "projects:"
    for i in $(seq -w 1 "$projects"); do
        env="${envs[$((10#$i % 3))]}"
        cp -r examples/credlink "$repo/services/$i"
        printf '  - name: svc-%s\n    path: services/%s\n    var_files: [environments/%s.tfvars]\n    scenario: credlink-100k\n' "$i" "$i" "$env"
    done
} > "$repo/costplan.yml"

g() { git -C "$repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main
g add -A
g commit -q -m base

# The change.
for i in $(seq -w 1 10); do
    for env in prod staging dev; do
        sed -i -E 's/^(desired_count|min_capacity) *= *[0-9]+/\1 = 4/' "$repo/services/$i/environments/$env.tfvars"
    done
done
for i in $(seq -w 11 15); do
    python3 - "$repo/costplan.yml" "$i" <<'PY'
import re, sys
path, i = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(rf"(path: services/{i}\n    var_files: \[environments/)[a-z]+(\.tfvars\])", r"\1dev\2", text)
open(path, "w").write(text)
PY
done
cp -r examples/credlink "$repo/services/new"
printf '  - name: svc-new\n    path: services/new\n    var_files: [environments/prod.tfvars]\n    scenario: credlink-100k\n' >> "$repo/costplan.yml"
python3 - "$repo/costplan.yml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
text = re.sub(r"  - name: svc-60\n(    .*\n)+?(?=  - |\Z)", "", text)
open(path, "w").write(text)
PY
rm -rf "$repo/services/60"
g add -A
g commit -q -m change

echo "== $projects projects, $(find "$repo/services" -name '*.tf' | wc -l) .tf files"

# It must succeed (and be right) before it is timed.
(cd "$repo" && "$bin" diff --config costplan.yml --base HEAD~1 --format json) > "$work/diff.json"
python3 - "$work/diff.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
print(f"projects {s['projects']} ({s['projects_changed']} changed), resources +{s['resources_added']} -{s['resources_removed']} ~{s['resources_changed']} ={s['resources_unchanged']}")
print(f"prior ${float(d['prior_monthly_cost']):,.2f} -> proposed ${float(d['proposed_monthly_cost']):,.2f}, delta ${float(d['delta_monthly_cost']):,.2f}")
PY
(cd "$repo" && "$bin" diff --config costplan.yml --base HEAD~1 --format markdown) > "$work/diff.md"
echo "markdown comment: $(wc -c < "$work/diff.md") bytes (limit 65536)"

for format in json markdown; do
    echo "== $runs runs of: costplan diff --config costplan.yml --base HEAD~1 --format $format"
    for r in $(seq "$runs"); do
        (cd "$repo" && /usr/bin/time -f "%e s wall, %M KB peak RSS" "$bin" diff --config costplan.yml --base HEAD~1 --format "$format" > /dev/null) 2>&1 | tail -1
    done
done
git -C "$repo" status --porcelain | grep -q . && { echo "git status is not clean after the runs" >&2; exit 1; }
echo "git status clean after the runs"
