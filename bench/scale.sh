#!/usr/bin/env bash
# Benchmark (not a test): does `costplan estimate` stay linear in the size of its input?
#   1. one .tf file of N resources (log groups with a retention and a KMS key each, every one
#      priced), N = 10k, 20k, 40k, 80k;
#   2. a `terraform show -json` plan (one line, as Terraform writes it) of N entries,
#      N = 10k, 20k, 60k.
# Each size is one cold run of `costplan estimate ... --format json` (wall time and peak RSS by
# GNU time). Printed per size: wall, RSS, the time per 1,000 resources, and the ratio of that to
# the smallest size's in the same run (1.0 is linear; 2.0 at 2x the input is quadratic).
# Targets (release): 80k resources in one file and a 60k-entry plan each <= 2 s and <= 1 GB.
#
# Usage: bench/scale.sh [SIZES_TF] [SIZES_PLAN]   (defaults "10000 20000 40000 80000" and
# "10000 20000 60000"). The binary is $COSTPLAN_BIN when set (e.g. a debug build, to try the
# script), else a release build made here without polars. Debug figures are not the targets'.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes_tf="${1:-10000 20000 40000 80000}"
sizes_plan="${2:-10000 20000 60000}"

. bench/lib.sh
costplan_bin --no-default-features

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$sizes_tf" "$sizes_plan" <<'PY'
import json, os, sys
work, sizes_tf, sizes_plan = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
for n in map(int, sizes_tf):
    d = os.path.join(work, f"tf{n}")
    os.makedirs(d)
    with open(os.path.join(d, "main.tf"), "w") as f:
        f.write('provider "aws" {\n  region = "us-east-1"\n}\n')
        for i in range(n):
            f.write(f'resource "aws_cloudwatch_log_group" "g{i}" {{\n'
                    f'  name              = "g{i}"\n  retention_in_days = 14\n}}\n')
for n in map(int, sizes_plan):
    provider = "registry.terraform.io/hashicorp/aws"
    res = [{"address": f"aws_cloudwatch_log_group.g{i}", "mode": "managed",
            "type": "aws_cloudwatch_log_group", "name": f"g{i}", "provider_name": provider,
            "values": {"name": f"g{i}", "retention_in_days": 14}} for i in range(n)]
    plan = {"format_version": "1.2", "terraform_version": "1.9.0",
            "planned_values": {"root_module": {"resources": res}},
            "resource_changes": [{k: r[k] for k in ("address", "mode", "type", "name", "provider_name")}
                                 | {"change": {"actions": ["create"], "before": None, "after": r["values"]}}
                                 for r in res],
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions":
                              {"region": {"constant_value": "us-east-1"}}}}, "root_module": {}}}
    with open(os.path.join(work, f"plan{n}.json"), "w") as f:
        json.dump(plan, f, separators=(",", ":"))
PY

# measure KIND N ARGS...: one cold run; prints the figures and the ratio to the first size.
first_per_k=""
measure() {
    local kind="$1" n="$2"
    shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" estimate "$@" --format json > "$work/out.json"
    read -r wall rss_kb < "$work/time"
    python3 - "$work/out.json" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if r["summary"]["resources"] != int(sys.argv[2]):
    sys.exit(f"expected {sys.argv[2]} resources, the estimate has {r['summary']['resources']}")
PY
    per_k="$(awk -v w="$wall" -v n="$n" 'BEGIN { printf "%.4f", w / (n / 1000) }')"
    [ -n "$first_per_k" ] || first_per_k="$per_k"
    ratio="$(awk -v a="$per_k" -v b="$first_per_k" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"
    printf "%-5s %6d resources: wall %6.2f s, peak RSS %5d MB, %.3f s per 1k, ratio to smallest %s\n" \
        "$kind" "$n" "$wall" "$((rss_kb / 1024))" "$per_k" "$ratio"
}

echo "== one .tf file"
for n in $sizes_tf; do measure tf "$n" --path "$work/tf$n"; done
echo "== plan JSON"
first_per_k=""
for n in $sizes_plan; do measure plan "$n" --plan "$work/plan$n.json"; done
echo "targets (release): 80k in one file and a 60k plan each <= 2 s and <= 1 GB; ratio ~1.0"
