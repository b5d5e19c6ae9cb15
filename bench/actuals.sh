#!/usr/bin/env bash
# Benchmark (not a test): costplan's month aggregation of a CUR 2.0 Parquet file against DuckDB
# running the equivalent SQL on the same file, in the same run.
#
#   bench/actuals.sh [ROWS] [RUNS]     (default 10,000,000 rows, 3 runs of each)
#
# Each tool runs RUNS times, alternately; the medians are compared. Prints every wall time, the
# ratio costplan/duckdb (target <= 1.0) and costplan's peak RSS (target <= 2 GB). Needs python3
# (a venv with duckdb from PyPI is created under $TMPDIR) and GNU time. The binary is
# $COSTPLAN_BIN when set (e.g. a debug build, to try the script on a small ROWS), else a release
# build with default features (polars) made here. Figures from a debug binary are not the
# targets' figures.
#
# "Equivalent" means the same result: `costplan actuals --group-by service,usage-type-raw,resource`
# prints per month, currency, service, usage type and resource the invoice cost and the usage
# quantity with its unit, credits and refunds left out. The SQL computes exactly that (its rows
# are compared with costplan's CSV below). A second query, cost only and no unit, is timed too
# and its ratio printed for reference: it is less work than costplan's output needs.
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${1:-10000000}"
runs="${2:-3}"
work="${TMPDIR:-/tmp}/costplan-bench-actuals"
venv="$work/venv"
file="$work/cur-$rows.parquet"
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check duckdb
fi
if [ ! -f "$file" ]; then
    "$venv/bin/python" scripts/gen_cur.py --rows "$rows" --month 2026-10 --out "$file"
fi

. bench/lib.sh
costplan_bin

costplan_once() {
    /usr/bin/time -f "%e %M" -o "$work/costplan.time" \
        "$bin" actuals --from cur "$file" --month 2026-10 \
        --group-by service,usage-type-raw,resource --format csv --quiet > "$work/costplan.csv"
    cat "$work/costplan.time" >> "$work/costplan.times"
}

# DuckDB, in one process per run (like costplan); QUERY is `full` (costplan's output) or
# `cost` (cost only). Appends "seconds rows" to $work/duckdb-QUERY.times.
duckdb_once() {
    "$venv/bin/python" - "$file" "$1" "$work" <<'PY'
import csv, sys, time
from decimal import Decimal
import duckdb
path, query, work = sys.argv[1], sys.argv[2], sys.argv[3]
usage = """, pricing_unit,
         sum(CAST(line_item_usage_amount AS DECIMAL(38,12))) AS usage""" if query == "full" else ""
sql = f"""
  SELECT strftime(line_item_usage_start_date, '%Y-%m') AS period, line_item_currency_code,
         line_item_product_code, line_item_usage_type, line_item_resource_id,
         sum(CAST(line_item_unblended_cost AS DECIMAL(38,12))) AS cost{usage}
  FROM read_parquet('{path}')
  WHERE line_item_usage_start_date >= TIMESTAMP '2026-10-01' AND line_item_usage_start_date < TIMESTAMP '2026-11-01'
    AND line_item_line_item_type NOT IN ('Credit', 'Refund')
  GROUP BY ALL ORDER BY cost DESC
"""
con = duckdb.connect()
t = time.perf_counter()
rows = con.execute(sql).fetchall()
secs = time.perf_counter() - t
with open(f"{work}/duckdb-{query}.times", "a") as f:
    f.write(f"{secs:.3f} {len(rows)}\n")
if query == "full":
    # The same numbers as costplan's CSV, group by group.
    ours = {}
    with open(f"{work}/costplan.csv") as f:
        for r in csv.DictReader(f):
            key = (r["period"], r["service"], r["usage_type_raw"], r["resource"])
            ours[key] = (Decimal(r["cost"]), Decimal(r["usage_quantity"] or "0"), r["usage_unit"])
    theirs = {(r[0], r[2], r[3], r[4]): (r[5], r[7], r[6]) for r in rows}
    if ours != theirs:
        diff = [k for k in theirs if ours.get(k) != theirs[k]][:3]
        sys.exit(f"costplan and DuckDB disagree ({len(ours)} vs {len(theirs)} groups), e.g. {diff}")
PY
}

rm -f "$work/costplan.times" "$work/duckdb-full.times" "$work/duckdb-cost.times"
for _ in $(seq "$runs"); do
    costplan_once
    duckdb_once full
    duckdb_once cost
done

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
all() { cut -d' ' -f1 | tr '\n' ' '; }
cp_secs=$(median < "$work/costplan.times")
cp_kb=$(cut -d' ' -f2 "$work/costplan.times" | sort -n | tail -1)
full_secs=$(median < "$work/duckdb-full.times")
cost_secs=$(median < "$work/duckdb-cost.times")
cp_rows=$(($(wc -l < "$work/costplan.csv") - 1))
db_rows=$(head -1 "$work/duckdb-full.times" | cut -d' ' -f2)

echo "rows in file:        $rows ($(du -h "$file" | cut -f1)), $runs run(s) of each"
echo "groups:              costplan $cp_rows, duckdb $db_rows (same sums, checked)"
echo "costplan:            median ${cp_secs}s [$(all < "$work/costplan.times")], peak RSS $((cp_kb / 1024)) MB"
echo "duckdb (same output): median ${full_secs}s [$(all < "$work/duckdb-full.times")]"
echo "duckdb (cost only):  median ${cost_secs}s [$(all < "$work/duckdb-cost.times")]"
python3 -c "print(f'ratio costplan/duckdb: {$cp_secs/$full_secs:.2f} (target <= 1.0); against the cost-only query: {$cp_secs/$cost_secs:.2f}')"
