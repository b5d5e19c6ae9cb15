#!/usr/bin/env python3
"""Generate a synthetic CUR 2.0 Parquet file (one billing month) with DuckDB.

Realistic shape: usage types with region prefixes, ARNs as resource ids, Savings Plan and RI
lines (covered usage, negation, RI fee), credits and tax, and a `resource_tags` map.
Deterministic: the same --rows and --month give the same file.

    python3 scripts/gen_cur.py --rows 10000000 --month 2026-10 --out /tmp/cur.parquet

Needs `duckdb` (pip install duckdb).
"""
import argparse
import os
import sys

import duckdb

SERVICES = [
    ("AmazonECS", "Fargate-vCPU-Hours:perCPU", "hours", 0.04048),
    ("AmazonECS", "Fargate-GB-Hours", "hours", 0.004445),
    ("AmazonRDS", "InstanceUsage:db.r6g.large", "Hrs", 0.258),
    ("AmazonRDS", "RDS:GP3-Storage", "GB-Mo", 0.127),
    ("AmazonElastiCache", "NodeUsage:cache.t4g.small", "Hrs", 0.036),
    ("AmazonEC2", "NatGateway-Hours", "Hrs", 0.048),
    ("AmazonEC2", "NatGateway-Bytes", "GB", 0.048),
    ("AWSELB", "LoadBalancerUsage", "Hrs", 0.0252),
    ("AWSELB", "LCUUsage", "LCU-Hrs", 0.008),
    ("AmazonS3", "TimedStorage-ByteHrs", "GB-Mo", 0.023),
    ("AmazonS3", "Requests-Tier1", "Requests", 0.000005),
    ("AmazonCloudWatch", "DataProcessing-Bytes", "GB", 0.57),
    ("AmazonVPC", "PublicIPv4:InUseAddress", "Hrs", 0.005),
]
PREFIXES = ["EU", "EUC1", "USE2", "USW2", "APS1"]
REGIONS = ["eu-west-1", "eu-central-1", "us-east-2", "us-west-2", "ap-southeast-1"]
TEAMS = ["payments", "platform", "search", "identity", ""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--resources", type=int, default=50_000, help="distinct resource ids")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    year, month = (int(x) for x in a.month.split("-"))
    start = f"{year:04d}-{month:02d}-01"
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    svc = ", ".join(f"('{s}', '{u}', '{unit}', {p})" for s, u, unit, p in SERVICES)
    pre = ", ".join(f"('{p}', '{r}')" for p, r in zip(PREFIXES, REGIONS))
    teams = ", ".join(f"'{t}'" for t in TEAMS)
    tmp = a.out + ".tmp"
    con.execute(f"""
    COPY (
      WITH svc(product, usage_type, unit, price) AS (VALUES {svc}),
      svc_n AS (SELECT row_number() OVER () - 1 AS sid, * FROM svc),
      pre(prefix, region) AS (VALUES {pre}),
      pre_n AS (SELECT row_number() OVER () - 1 AS pid, * FROM pre),
      base AS (
        SELECT i,
               (i % {a.resources}) AS rid,
               ((i % {a.resources}) % {len(SERVICES)}) AS sid,
               ((i % {a.resources}) % {len(PREFIXES)}) AS pid,
               (hash(i) % 1000) / 1000.0 AS r
        FROM range({a.rows}) t(i)
      )
      SELECT
        TIMESTAMP '{start}' + to_hours(CAST(i % 720 AS BIGINT)) AS line_item_usage_start_date,
        TIMESTAMP '{start}' + to_hours(CAST(i % 720 AS BIGINT) + 1) AS line_item_usage_end_date,
        CASE WHEN i % 997 = 0 THEN 'Credit' WHEN i % 991 = 0 THEN 'Tax'
             WHEN s.product = 'AmazonECS' AND i % 3 = 0 THEN 'SavingsPlanCoveredUsage'
             WHEN s.product = 'AmazonECS' AND i % 3 = 1 THEN 'SavingsPlanNegation'
             WHEN s.product = 'AmazonRDS' AND i % 2 = 0 THEN 'DiscountedUsage'
             WHEN s.product = 'AmazonRDS' AND i % 50 = 1 THEN 'RIFee'
             ELSE 'Usage' END AS line_item_line_item_type,
        '1111' || lpad(CAST(rid % 7 AS VARCHAR), 8, '0') AS line_item_usage_account_id,
        s.product AS line_item_product_code,
        p.prefix || '-' || s.usage_type AS line_item_usage_type,
        'Op' || CAST(sid AS VARCHAR) AS line_item_operation,
        'arn:aws:' || lower(s.product) || ':' || p.region || ':111122223333:res/' || CAST(rid AS VARCHAR) AS line_item_resource_id,
        round(1 + r * 10, 6) AS line_item_usage_amount,
        'USD' AS line_item_currency_code,
        round((1 + r * 10) * s.price, 10) AS list_cost,
        CASE line_item_line_item_type WHEN 'SavingsPlanNegation' THEN -list_cost WHEN 'Credit' THEN -list_cost
             WHEN 'DiscountedUsage' THEN 0.0 ELSE list_cost END AS line_item_unblended_cost,
        line_item_unblended_cost AS line_item_net_unblended_cost,
        s.unit AS pricing_unit,
        list_cost AS pricing_public_on_demand_cost,
        p.region AS product_region_code,
        round((1 + r * 10) * s.price * 0.72, 10) AS savings_plan_savings_plan_effective_cost,
        round((1 + r * 10) * s.price * 0.6, 10) AS reservation_effective_cost,
        CAST(0 AS DOUBLE) AS reservation_unused_amortized_upfront_fee_for_billing_period,
        CAST(0 AS DOUBLE) AS reservation_unused_recurring_fee,
        CASE WHEN ([{teams}])[1 + rid % {len(TEAMS)}] = '' THEN MAP {{}}::MAP(VARCHAR, VARCHAR)
             ELSE MAP {{'user:Team': ([{teams}])[1 + rid % {len(TEAMS)}], 'user:env': 'prod'}} END AS resource_tags
      FROM base b JOIN svc_n s USING (sid) JOIN pre_n p USING (pid)
    ) TO '{tmp}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000000)
    """)
    os.replace(tmp, a.out)
    print(f"wrote {a.rows} rows to {a.out} ({os.path.getsize(a.out) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
