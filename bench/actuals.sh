#!/usr/bin/env bash
# Benchmark (not a test): costplan's month aggregation of a CUR 2.0 Parquet file against DuckDB
# running the equivalent SQL on the same file, in the same run.
#
#   bench/actuals.sh [ROWS]        (default 10,000,000 rows)
#
# Prints both wall times, the ratio costplan/duckdb (target <= 1.0) and costplan's peak RSS
# (target <= 2 GB). Needs python3 (a venv with duckdb from PyPI is created under $TMPDIR) and GNU
# time. The binary is $COSTPLAN_BIN when set (e.g. a debug build, to try the script on a small
# ROWS), else a release build with default features (polars) made here. Figures from a debug
# binary are not the targets' figures.
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${1:-10000000}"
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

# costplan: month aggregation by service, usage type and resource (invoice basis), CSV out.
/usr/bin/time -f "%e %M" -o "$work/costplan.time" \
    "$bin" actuals --from cur "$file" --month 2026-10 \
    --group-by service,usage-type-raw,resource --format csv --quiet > "$work/costplan.csv"
read -r cp_secs cp_kb < "$work/costplan.time"

# DuckDB: the same aggregation (credits and refunds excluded, exact decimal sums).
"$venv/bin/python" - "$file" "$work/duckdb.time" <<'PY'
import sys, time, duckdb
path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
t = time.perf_counter()
rows = con.execute(f"""
  SELECT strftime(line_item_usage_start_date, '%Y-%m') AS period, line_item_currency_code,
         line_item_product_code, line_item_usage_type, line_item_resource_id,
         sum(CAST(line_item_unblended_cost AS DECIMAL(38,12))) AS cost
  FROM read_parquet('{path}')
  WHERE line_item_usage_start_date >= TIMESTAMP '2026-10-01' AND line_item_usage_start_date < TIMESTAMP '2026-11-01'
    AND line_item_line_item_type NOT IN ('Credit', 'Refund')
  GROUP BY ALL ORDER BY cost DESC
""").fetchall()
secs = time.perf_counter() - t
open(out, "w").write(f"{secs:.3f} {len(rows)}\n")
PY
read -r db_secs db_rows < "$work/duckdb.time"
cp_rows=$(($(wc -l < "$work/costplan.csv") - 1))

echo "rows in file:        $rows ($(du -h "$file" | cut -f1))"
echo "groups:              costplan $cp_rows, duckdb $db_rows"
echo "costplan:            ${cp_secs}s, peak RSS $((cp_kb / 1024)) MB"
echo "duckdb:              ${db_secs}s (threads: default, in-process)"
python3 -c "print(f'ratio costplan/duckdb: {float(\"$cp_secs\")/float(\"$db_secs\"):.2f} (target <= 1.0)')"
