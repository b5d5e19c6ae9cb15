#!/usr/bin/env python3
"""Sample bills for examples/credlink: September and October 2026 of the prod stack
(us-east-1) as a CUR 2.0 CSV export and as a FOCUS 1.0 CSV export, so that `costplan actuals`,
`compare` and `report` run out of the box:

    costplan report --month 2026-10 --path examples/credlink \\
        --from cur --actuals 'examples/credlink/sample-bills/cur/*/*.csv'

Regenerate (deterministic: the same files every time, nothing but the standard library):

    python3 scripts/gen_credlink_bills.py --out examples/credlink/sample-bills

Small on purpose: one line per day for what is billed by the hour or the byte (NAT gateways,
public IPv4, the ALB, Fargate, RDS, ElastiCache, data transfer), one line on the first day for
what is billed by the month, a tax line and a credit. Prices are the us-east-1 on-demand list
prices of the bundled snapshot; tags carry the Terraform address (`user:costplan:address`) and
`user:team`/`user:env` on most lines. September has one Redis node and less traffic than
October, so `report` shows movers. (The fuller generator with commitments and Parquet is
`cargo run --example credlink_cur`, which needs the `polars` feature.)
"""
import argparse
import csv
import json
import os
import sys
from decimal import Decimal as D

ACCOUNT = "123456789012"
REGION = "us-east-1"
ADDRESS_TAG = "user:costplan:address"

# (product, usage type, unit, quantity per hour, price, address, team): billed every hour.
HOURLY = [
    ("AmazonEC2", "USE1-NatGateway-Hours", "Hrs", D(1), D("0.045"), "module.vpc.aws_nat_gateway.this[0]", "platform"),
    ("AmazonEC2", "USE1-NatGateway-Hours", "Hrs", D(1), D("0.045"), "module.vpc.aws_nat_gateway.this[1]", "platform"),
    ("AmazonVPC", "USE1-PublicIPv4:InUseAddress", "Hrs", D(3), D("0.005"), "aws_lb.api", "platform"),
    ("AWSELB", "USE1-LoadBalancerUsage", "Hrs", D(1), D("0.0225"), "aws_lb.api", "platform"),
    ("AmazonECS", "USE1-Fargate-vCPU-Hours:perCPU", "hours", D("0.5"), D("0.04048"), "aws_ecs_service.api", "api"),
    ("AmazonECS", "USE1-Fargate-GB-Hours", "hours", D(1), D("0.004445"), "aws_ecs_service.api", "api"),
    ("AmazonRDS", "USE1-Multi-AZUsage:db.t4g.micro", "Hrs", D(1), D("0.032"), "aws_db_instance.this", "data"),
]
# Redis nodes: per node-hour.
REDIS = ("AmazonElastiCache", "USE1-NodeUsage:cache.t4g.micro", "Hrs", D("0.016"), "aws_elasticache_replication_group.this", "data")
# (product, usage type, unit, quantity per day, price, address, team): traffic, scaled per month.
DAILY = [
    ("AmazonEC2", "USE1-NatGateway-Bytes", "GB", D("0.2"), D("0.045"), "module.vpc.aws_nat_gateway.this[0]", "platform"),
    ("AWSELB", "USE1-LCUUsage", "LCU-Hrs", D(6), D("0.008"), "aws_lb.api", "platform"),
    ("AWSDataTransfer", "USE1-DataTransfer-Out-Bytes", "GB", D(2), D("0.09"), "aws_lb.api", "platform"),
]
# Billed once a month, on the first day.
MONTHLY = [
    ("AmazonRDS", "USE1-RDS:Multi-AZ-GP3-Storage", "GB-Mo", D(20), D("0.23"), "aws_db_instance.this", "data"),
    ("AmazonS3", "USE1-TimedStorage-ByteHrs", "GB-Mo", D("0.5"), D("0.023"), "aws_s3_bucket.proofs", "api"),
    ("AmazonECR", "USE1-TimedStorage-ByteHrs", "GB-Mo", D("1.5"), D("0.10"), "aws_ecr_repository.api", "api"),
    ("AmazonCloudWatch", "USE1-DataProcessing-Bytes", "GB", D("0.08"), D("0.50"), "aws_cloudwatch_log_group.api", "api"),
    ("AmazonCloudWatch", "USE1-CW:AlarmMonitorUsage", "Alarms", D(11), D("0.10"), None, ""),
    ("AWSKMS", "USE1-KMS-Keys", "Keys", D(1), D("1.00"), "aws_kms_key.rds", "data"),
    ("AWSSecretsManager", "USE1-AWSSecretsManager-Secrets", "Secrets", D(3), D("0.40"), None, "data"),
    ("awswaf", "USE1-WebACL", "WebACL", D(1), D("5.00"), "aws_wafv2_web_acl.api", "platform"),
    ("awswaf", "USE1-Rule", "Rules", D(6), D("1.00"), "aws_wafv2_web_acl.api", "platform"),
]
TAX = D("2.50")
CREDIT = D("-5.00")
# month -> (days, redis nodes, traffic factor)
MONTHS = {"2026-09": (30, 1, D(1)), "2026-10": (31, 2, D("1.5"))}

CUR_COLUMNS = [
    "line_item_usage_start_date", "line_item_line_item_type", "line_item_usage_account_id",
    "line_item_product_code", "line_item_usage_type", "line_item_resource_id",
    "line_item_usage_amount", "line_item_currency_code", "line_item_unblended_cost",
    "pricing_unit", "pricing_public_on_demand_cost", "product_region_code", "resource_tags",
]
FOCUS_COLUMNS = [
    "BilledCost", "EffectiveCost", "ListCost", "BillingAccountId", "BillingCurrency",
    "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "PricingQuantity", "PricingUnit",
    "ProviderName", "ServiceName", "ResourceId", "RegionId", "SubAccountId", "Tags",
    "x_ServiceCode", "x_UsageType",
]
SERVICE_NAMES = {
    "AmazonEC2": "Amazon Elastic Compute Cloud", "AmazonVPC": "Amazon Virtual Private Cloud",
    "AWSELB": "Elastic Load Balancing", "AmazonECS": "Amazon Elastic Container Service",
    "AmazonRDS": "Amazon Relational Database Service", "AmazonElastiCache": "Amazon ElastiCache",
    "AWSDataTransfer": "AWS Data Transfer", "AmazonS3": "Amazon Simple Storage Service",
    "AmazonECR": "Amazon Elastic Container Registry", "AmazonCloudWatch": "AmazonCloudWatch",
    "AWSKMS": "AWS Key Management Service", "AWSSecretsManager": "AWS Secrets Manager",
    "awswaf": "AWS WAF",
}


def money(x):
    return str(x.quantize(D("0.0000000001")).normalize())


def lines(month):
    """(day, line type, product, usage type, unit, quantity, cost, address, team) of a month."""
    days, redis_nodes, traffic = MONTHS[month]
    out = []
    for day in range(1, days + 1):
        for product, usage, unit, per_hour, price, address, team in HOURLY:
            q = per_hour * 24
            out.append((day, "Usage", product, usage, unit, q, q * price, address, team))
        product, usage, unit, price, address, team = REDIS
        q = D(24 * redis_nodes)
        out.append((day, "Usage", product, usage, unit, q, q * price, address, team))
        for product, usage, unit, per_day, price, address, team in DAILY:
            q = per_day * traffic
            out.append((day, "Usage", product, usage, unit, q, q * price, address, team))
    for product, usage, unit, q, price, address, team in MONTHLY:
        out.append((1, "Usage", product, usage, unit, q, q * price, address, team))
    # Tax and the credit are billed against a service (EC2 here, as AWS does), untagged.
    out.append((1, "Tax", "AmazonEC2", "", "", D(0), TAX, None, ""))
    out.append((1, "Credit", "AmazonEC2", "", "", D(0), CREDIT, None, ""))
    return out


def tags(address, team):
    t = {}
    if address:
        t[ADDRESS_TAG] = address
    if team:
        t["user:team"] = team
        t["user:env"] = "prod"
    return t


def arn(product, address):
    return f"arn:aws:{product.lower()}:{REGION}:{ACCOUNT}:{address}" if address else ""


def write_csv(path, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
    os.replace(tmp, path)


def cur_rows(month):
    rows = []
    for day, kind, product, usage, unit, q, cost, address, team in lines(month):
        start = f"{month}-{day:02d}T00:00:00Z"
        usage_line = kind == "Usage"
        rows.append([
            start, kind, ACCOUNT, product, usage, arn(product, address),
            money(q) if usage_line else "", "USD", money(cost), unit,
            money(cost) if usage_line else "", REGION,
            json.dumps(tags(address, team), sort_keys=True, separators=(",", ":")),
        ])
    return rows


def focus_rows(month):
    rows = []
    for day, kind, product, usage, unit, q, cost, address, team in lines(month):
        start = f"{month}-{day:02d} 00:00:00"
        end = f"{month}-{day:02d} 23:59:59"
        usage_line = kind == "Usage"
        t = tags(address, team)
        rows.append([
            money(cost), money(cost), money(cost) if usage_line else "NULL", ACCOUNT, "USD",
            start, end, kind, money(q) if usage_line else "NULL", unit or "NULL", "AWS",
            SERVICE_NAMES[product], arn(product, address) or "NULL",
            REGION, ACCOUNT,
            json.dumps(t, sort_keys=True, separators=(",", ":")) if t else "NULL",
            product, usage or "NULL",
        ])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="directory to write cur/ and focus/ into")
    args = ap.parse_args()
    for month in MONTHS:
        write_csv(os.path.join(args.out, "cur", month, f"credlink-cur-{month}.csv"), CUR_COLUMNS, cur_rows(month))
        write_csv(os.path.join(args.out, "focus", month, f"credlink-focus-{month}.csv"), FOCUS_COLUMNS, focus_rows(month))
    return 0


if __name__ == "__main__":
    sys.exit(main())
