//! Synthetic CUR 2.0 billing data for `examples/credlink` (prod, us-east-1): two months, as an
//! AWS Data Export would deliver them, for trying `costplan compare` and `costplan report`
//! without an AWS account, and for the tests that reconcile the data with the estimate.
//!
//! ```sh
//! cargo run --example credlink_cur -- --out examples/credlink/billing
//! cargo run --example credlink_cur -- --out /tmp/billing --through 2026-10-15   # month to date
//! ```
//!
//! writes `OUT/2026-09/credlink-2026-09.csv.gz` (the previous month, gzip CSV with the tags as a
//! JSON column) and `OUT/2026-10/credlink-2026-10.parquet` (the month, Parquet with the tags as
//! a map), each written to a temporary file and renamed.
//!
//! What is in it (every figure below is a constant or a [`MonthPlan`] field, so that tests
//! derive their expectations from the same inputs):
//! - daily lines for everything billed by the hour or by the byte (NAT gateways, public IPv4,
//!   the ALB, Fargate, RDS, ElastiCache nodes, data transfer), one line on the first day for
//!   what is billed by the month (storage, keys, secrets, alarms, dashboards, WAF, Route 53);
//! - real usage-type names with the `USE1-` prefix (data transfer unprefixed, as AWS bills
//!   us-east-1), ARNs as resource ids (the S3 bucket by name, as CUR has it);
//! - tags `user:costplan:address` (the Terraform address), `user:team` and `user:env` on most
//!   lines; untagged spend: custom metrics, cross-AZ data transfer, a Route 53 zone, the
//!   commitment fees, tax and a credit;
//! - commitments: an RDS reservation (partial upfront: `DiscountedUsage` lines at $0 on the
//!   invoice and the effective rate amortised, plus the monthly `RIFee`) in both months, and a
//!   Compute Savings Plan from October on (`SavingsPlanCoveredUsage` + `SavingsPlanNegation`
//!   lines for Fargate, and the hourly commitment as `SavingsPlanRecurringFee`), so the invoice
//!   and amortised totals differ;
//! - September differs: one Redis node, Fargate on demand, less traffic (movers).

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal_macros::dec;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
/// The address tag as CUR 2.0 names it (`costplan` finds it as `costplan:address`).
pub const ADDRESS_TAG: &str = "user:costplan:address";

// us-east-1 on-demand list prices (the bundled snapshot's), per unit.
pub const NAT_HOUR: Decimal = dec!(0.045);
pub const NAT_GB: Decimal = dec!(0.045);
pub const IPV4_HOUR: Decimal = dec!(0.005);
pub const ALB_HOUR: Decimal = dec!(0.0225);
pub const LCU_HOUR: Decimal = dec!(0.008);
pub const DT_OUT_GB: Decimal = dec!(0.09);
pub const DT_REGIONAL_GB: Decimal = dec!(0.01);
pub const FARGATE_VCPU_HOUR: Decimal = dec!(0.04048);
pub const FARGATE_GB_HOUR: Decimal = dec!(0.004445);
pub const RDS_MULTI_AZ_HOUR: Decimal = dec!(0.036);
pub const RDS_GP3_MULTI_AZ_GB_MONTH: Decimal = dec!(0.23);
pub const REDIS_NODE_HOUR: Decimal = dec!(0.017);
pub const REDIS_BACKUP_GB_MONTH: Decimal = dec!(0.085);

// Commitments.
/// Savings Plan rate as a share of the on-demand Fargate rate.
pub const SP_RATE_SHARE: Decimal = dec!(0.8);
/// Savings Plan commitment, $ per hour.
pub const SP_COMMITMENT_HOUR: Decimal = dec!(0.02);
/// RDS reservation (partial upfront): recurring fee and amortised upfront fee, $ per hour.
pub const RI_RECURRING_HOUR: Decimal = dec!(0.012);
pub const RI_UPFRONT_HOUR: Decimal = dec!(0.012);

// Fargate task size (compute.tf): 256 CPU units, 512 MiB.
pub const TASK_VCPU: Decimal = dec!(0.25);
pub const TASK_GB: Decimal = dec!(0.5);

/// One quantity billed by the month: (product, usage type, unit, quantity, price, Terraform
/// address or none, team).
pub type Monthly = (
    &'static str,
    &'static str,
    &'static str,
    Decimal,
    Decimal,
    Option<&'static str>,
    &'static str,
);

/// Monthly quantities, billed on the first day.
#[rustfmt::skip]
pub const MONTHLY: &[Monthly] = &[
    ("AmazonRDS", "USE1-RDS:Multi-AZ-GP3-Storage", "GB-Mo", dec!(20), RDS_GP3_MULTI_AZ_GB_MONTH, Some("aws_db_instance.this"), "data"),
    ("AmazonElastiCache", "USE1-BackupUsage", "GB-Mo", dec!(0.6), REDIS_BACKUP_GB_MONTH, Some("aws_elasticache_replication_group.this"), "data"),
    ("AmazonS3", "USE1-TimedStorage-ByteHrs", "GB-Mo", dec!(0.5), dec!(0.023), Some("aws_s3_bucket.proofs"), "api"),
    ("AmazonS3", "USE1-Requests-Tier1", "Requests", dec!(45000), dec!(0.000005), Some("aws_s3_bucket.proofs"), "api"),
    ("AmazonS3", "USE1-Requests-Tier2", "Requests", dec!(42000), dec!(0.0000004), Some("aws_s3_bucket.proofs"), "api"),
    ("AmazonECR", "USE1-TimedStorage-ByteHrs", "GB-Mo", dec!(1.5), dec!(0.10), Some("aws_ecr_repository.api"), "api"),
    ("AmazonCloudWatch", "USE1-DataProcessing-Bytes", "GB", dec!(0.08), dec!(0.50), Some("aws_cloudwatch_log_group.api"), "api"),
    ("AmazonCloudWatch", "USE1-TimedStorage-ByteHrs", "GB-Mo", dec!(0.07), dec!(0.03), Some("aws_cloudwatch_log_group.api"), "api"),
    ("AmazonCloudWatch", "USE1-DataProcessing-Bytes", "GB", dec!(0.25), dec!(0.50), Some("module.vpc.aws_cloudwatch_log_group.flow_logs"), "platform"),
    ("AmazonCloudWatch", "USE1-TimedStorage-ByteHrs", "GB-Mo", dec!(0.2), dec!(0.03), Some("module.vpc.aws_cloudwatch_log_group.flow_logs"), "platform"),
    ("AmazonCloudWatch", "USE1-DashboardsUsageHour", "Dashboards", dec!(1), dec!(3.00), Some("aws_cloudwatch_dashboard.operations"), "platform"),
    ("AmazonCloudWatch", "USE1-DashboardsUsageHour", "Dashboards", dec!(1), dec!(3.00), Some("aws_cloudwatch_dashboard.business"), "api"),
    // Custom metrics carry no resource id and no tag in CUR.
    ("AmazonCloudWatch", "USE1-CW:MetricMonitorUsage", "Metrics", dec!(5), dec!(0.30), None, ""),
    ("AWSKMS", "USE1-KMS-Keys", "Keys", dec!(1), dec!(1.00), Some("aws_kms_key.rds"), "data"),
    ("AWSKMS", "USE1-KMS-Keys", "Keys", dec!(1), dec!(1.00), Some("aws_kms_key.proofs"), "api"),
    ("AWSSecretsManager", "USE1-AWSSecretsManager-Secrets", "Secrets", dec!(1), dec!(0.40), Some("aws_secretsmanager_secret.db"), "data"),
    ("AWSSecretsManager", "USE1-AWSSecretsManager-Secrets", "Secrets", dec!(1), dec!(0.40), Some("aws_secretsmanager_secret.redis"), "data"),
    ("AWSSecretsManager", "USE1-AWSSecretsManager-Secrets", "Secrets", dec!(1), dec!(0.40), Some("aws_secretsmanager_secret.signing_key"), "api"),
    ("awswaf", "USE1-WebACL", "WebACL", dec!(1), dec!(5.00), Some("aws_wafv2_web_acl.api"), "platform"),
    ("awswaf", "USE1-Rule", "Rules", dec!(6), dec!(1.00), Some("aws_wafv2_web_acl.api"), "platform"),
    ("awswaf", "USE1-Request", "Requests", dec!(0.1), dec!(0.60), Some("aws_wafv2_web_acl.api"), "platform"),
    // Not in the Terraform: a hosted zone made by hand.
    ("AmazonRoute53", "HostedZone", "HostedZone", dec!(1), dec!(0.50), None, ""),
];

/// The 11 alarms of monitoring.tf, each billed as one standard alarm.
pub const ALARMS: &[&str] = &[
    "alb_5xx",
    "alb_latency",
    "alb_unhealthy_hosts",
    "ecs_cpu",
    "ecs_memory",
    "rds_connections",
    "rds_cpu",
    "rds_free_storage",
    "redis_cpu",
    "redis_memory",
    "sign_errors",
];
pub const ALARM_MONTH: Decimal = dec!(0.10);

/// Tax and credit lines of the month (untagged).
pub const TAX: Decimal = dec!(2.50);
pub const CREDIT: Decimal = dec!(-5.00);

/// What varies from month to month.
#[derive(Debug, Clone)]
pub struct MonthPlan {
    pub first_day: NaiveDate,
    /// Days in the calendar month.
    pub days: u32,
    /// Days with data (less than `days` for a month in progress).
    pub through: u32,
    pub fargate_tasks: u32,
    /// Fargate covered by the Compute Savings Plan.
    pub savings_plan: bool,
    pub redis_nodes: u32,
    /// GB processed per NAT gateway per day.
    pub nat_gb_per_day: Decimal,
    pub lcu_hours_per_day: Decimal,
    pub dt_out_gb_per_day: Decimal,
    pub dt_regional_gb_per_day: Decimal,
}

impl MonthPlan {
    /// `YYYY-MM`.
    pub fn month(&self) -> String {
        format!("{:04}-{:02}", self.first_day.year(), self.first_day.month())
    }

    /// Calendar hours of the month.
    pub fn hours(&self) -> Decimal {
        Decimal::from(self.days * 24)
    }

    /// Hours with data.
    pub fn hours_through(&self) -> Decimal {
        Decimal::from(self.through * 24)
    }
}

/// September 2026: one Redis node, Fargate on demand, less traffic.
pub fn previous() -> MonthPlan {
    MonthPlan {
        first_day: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default(),
        days: 30,
        through: 30,
        fargate_tasks: 2,
        savings_plan: false,
        redis_nodes: 1,
        nat_gb_per_day: dec!(0.2),
        lcu_hours_per_day: dec!(6),
        dt_out_gb_per_day: dec!(2),
        dt_regional_gb_per_day: dec!(1),
    }
}

/// October 2026, the reported month: a second Redis node, the Savings Plan, more traffic.
pub fn current() -> MonthPlan {
    MonthPlan {
        first_day: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
        days: 31,
        through: 31,
        fargate_tasks: 2,
        savings_plan: true,
        redis_nodes: 2,
        nat_gb_per_day: dec!(0.25),
        lcu_hours_per_day: dec!(8),
        dt_out_gb_per_day: dec!(3),
        dt_regional_gb_per_day: dec!(1.5),
    }
}

/// One CUR 2.0 line (the columns costplan reads, and a few more for realism).
#[derive(Debug, Clone, Default)]
pub struct CurLine {
    pub day: NaiveDate,
    /// Usage end: the next day for daily lines, the month end for monthly ones.
    pub end: NaiveDate,
    pub line_type: &'static str,
    pub product: &'static str,
    pub usage_type: String,
    pub operation: &'static str,
    pub resource: Option<String>,
    pub amount: Decimal,
    pub unit: &'static str,
    pub unblended: Decimal,
    pub list: Option<Decimal>,
    pub sp_effective: Option<Decimal>,
    pub sp_total_commitment: Option<Decimal>,
    pub sp_used_commitment: Option<Decimal>,
    pub ri_effective: Option<Decimal>,
    pub ri_unused_upfront: Option<Decimal>,
    pub ri_unused_recurring: Option<Decimal>,
    /// CUR 2.0 tag keys (`user:team`) → values.
    pub tags: BTreeMap<String, String>,
}

fn arn(service: &str, rest: &str) -> String {
    format!("arn:aws:{service}:{REGION}:{ACCOUNT}:{rest}")
}

/// The resource id CUR shows for `address`.
pub fn resource_id(address: &str) -> String {
    match address {
        "module.vpc.aws_nat_gateway.this[0]" => arn("ec2", "natgateway/nat-0c1a2b3c4d5e6f701"),
        "module.vpc.aws_nat_gateway.this[1]" => arn("ec2", "natgateway/nat-0c1a2b3c4d5e6f702"),
        "module.vpc.aws_eip.nat[0]" => arn("ec2", "elastic-ip/eipalloc-0a1b2c3d4e5f60001"),
        "module.vpc.aws_eip.nat[1]" => arn("ec2", "elastic-ip/eipalloc-0a1b2c3d4e5f60002"),
        "aws_lb.api" => {
            arn("elasticloadbalancing", "loadbalancer/app/credlink-api/50dc6c495c0c9188")
        }
        "aws_ecs_service.api" => arn("ecs", "service/credlink/credlink-api"),
        "aws_db_instance.this" => arn("rds", "db:credlink-db"),
        "aws_s3_bucket.proofs" => format!("credlink-proofs-{ACCOUNT}"),
        "aws_ecr_repository.api" => arn("ecr", "repository/credlink-api"),
        "aws_cloudwatch_log_group.api" => arn("logs", "log-group:/ecs/credlink-api"),
        "module.vpc.aws_cloudwatch_log_group.flow_logs" => {
            arn("logs", "log-group:/vpc/credlink-flow-logs")
        }
        "aws_wafv2_web_acl.api" => arn("wafv2", "regional/webacl/credlink-api/6f5b1c2d"),
        other => {
            // Keys, secrets, dashboards, alarms: a readable ARN from the address.
            let name = other.rsplit('.').next().unwrap_or(other).replace(['[', ']', '"'], "");
            let kind = other.split('.').next().unwrap_or("resource").trim_start_matches("aws_");
            arn(kind, &format!("{kind}/credlink-{name}"))
        }
    }
}

fn tags(address: Option<&str>, team: &str) -> BTreeMap<String, String> {
    let mut t = BTreeMap::new();
    if let Some(a) = address {
        t.insert(ADDRESS_TAG.to_string(), a.to_string());
        t.insert("user:env".to_string(), "prod".to_string());
    }
    if !team.is_empty() {
        t.insert("user:team".to_string(), team.to_string());
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn usage(
    day: NaiveDate,
    end: NaiveDate,
    product: &'static str,
    usage_type: &str,
    unit: &'static str,
    amount: Decimal,
    price: Decimal,
    address: Option<&str>,
    team: &str,
) -> CurLine {
    let cost = amount * price;
    CurLine {
        day,
        end,
        line_type: "Usage",
        product,
        usage_type: usage_type.to_string(),
        operation: "",
        resource: address.map(resource_id),
        amount,
        unit,
        unblended: cost,
        list: Some(cost),
        tags: tags(address, team),
        ..Default::default()
    }
}

/// Every line of one month.
pub fn lines(plan: &MonthPlan) -> Vec<CurLine> {
    let mut out = Vec::new();
    let h24 = dec!(24);
    let first = plan.first_day;
    let month_end = first + chrono::Duration::days(i64::from(plan.days));
    for d in 0..plan.through {
        let day = first + chrono::Duration::days(i64::from(d));
        let next = day + chrono::Duration::days(1);
        let u = |product, ut: &str, unit, amount, price, address: Option<&str>, team| {
            usage(day, next, product, ut, unit, amount, price, address, team)
        };
        for i in 0..2 {
            let nat = format!("module.vpc.aws_nat_gateway.this[{i}]");
            let eip = format!("module.vpc.aws_eip.nat[{i}]");
            let mut l = u(
                "AmazonEC2",
                "USE1-NatGateway-Hours",
                "Hrs",
                h24,
                NAT_HOUR,
                Some(&nat),
                "platform",
            );
            l.operation = "NatGateway";
            out.push(l);
            let mut l = u(
                "AmazonEC2",
                "USE1-NatGateway-Bytes",
                "GB",
                plan.nat_gb_per_day,
                NAT_GB,
                Some(&nat),
                "platform",
            );
            l.operation = "NatGateway";
            out.push(l);
            out.push(u(
                "AmazonVPC",
                "USE1-PublicIPv4:InUseAddress",
                "Hrs",
                h24,
                IPV4_HOUR,
                Some(&eip),
                "platform",
            ));
        }
        let alb = Some("aws_lb.api");
        out.push(u("AWSELB", "USE1-LoadBalancerUsage", "Hrs", h24, ALB_HOUR, alb, "platform"));
        out.push(u(
            "AWSELB",
            "USE1-LCUUsage",
            "LCU-Hrs",
            plan.lcu_hours_per_day,
            LCU_HOUR,
            alb,
            "platform",
        ));
        out.push(u(
            "AmazonVPC",
            "USE1-PublicIPv4:InUseAddress",
            "Hrs",
            dec!(48),
            IPV4_HOUR,
            alb,
            "platform",
        ));
        out.push(u(
            "AmazonEC2",
            "DataTransfer-Out-Bytes",
            "GB",
            plan.dt_out_gb_per_day,
            DT_OUT_GB,
            alb,
            "platform",
        ));
        out.push(u(
            "AmazonEC2",
            "DataTransfer-Regional-Bytes",
            "GB",
            plan.dt_regional_gb_per_day,
            DT_REGIONAL_GB,
            None,
            "",
        ));

        // Fargate: on demand, or covered by the Savings Plan (covered usage at the on-demand
        // cost + a negation of it on the invoice; the plan's rate amortised).
        let tasks = Decimal::from(plan.fargate_tasks);
        let svc = Some("aws_ecs_service.api");
        let mut used = Decimal::ZERO;
        for (ut, unit, qty, price) in [
            ("USE1-Fargate-vCPU-Hours:perCPU", "hours", tasks * TASK_VCPU * h24, FARGATE_VCPU_HOUR),
            ("USE1-Fargate-GB-Hours", "hours", tasks * TASK_GB * h24, FARGATE_GB_HOUR),
        ] {
            let mut l = u("AmazonECS", ut, unit, qty, price, svc, "api");
            l.operation = "FargateTask";
            if plan.savings_plan {
                let effective = l.unblended * SP_RATE_SHARE;
                used += effective;
                l.line_type = "SavingsPlanCoveredUsage";
                l.sp_effective = Some(effective);
                let mut neg = l.clone();
                neg.line_type = "SavingsPlanNegation";
                neg.unblended = -l.unblended;
                neg.list = None;
                neg.sp_effective = None;
                out.push(l);
                out.push(neg);
            } else {
                out.push(l);
            }
        }
        if plan.savings_plan {
            let commitment = SP_COMMITMENT_HOUR * h24;
            out.push(CurLine {
                day,
                end: next,
                line_type: "SavingsPlanRecurringFee",
                product: "ComputeSavingsPlans",
                usage_type: "ComputeSP:1yrNoUpfront".into(),
                resource: Some(format!(
                    "arn:aws:savingsplans::{ACCOUNT}:savingsplan/3f2c5a0e-credlink"
                )),
                amount: h24,
                unit: "Hrs",
                unblended: commitment,
                sp_total_commitment: Some(commitment),
                sp_used_commitment: Some(used),
                ..Default::default()
            });
        }

        // RDS Multi-AZ under the reservation: $0 on the invoice, the effective rate amortised.
        let mut l = u(
            "AmazonRDS",
            "USE1-Multi-AZUsage:db.t3.micro",
            "Hrs",
            h24,
            RDS_MULTI_AZ_HOUR,
            Some("aws_db_instance.this"),
            "data",
        );
        l.line_type = "DiscountedUsage";
        l.operation = "CreateDBInstance:0014";
        l.unblended = Decimal::ZERO;
        l.ri_effective = Some(h24 * (RI_RECURRING_HOUR + RI_UPFRONT_HOUR));
        out.push(l);

        for n in 1..=plan.redis_nodes {
            let mut l = u(
                "AmazonElastiCache",
                "USE1-NodeUsage:cache.t3.micro",
                "Hrs",
                h24,
                REDIS_NODE_HOUR,
                Some("aws_elasticache_replication_group.this"),
                "data",
            );
            l.resource = Some(arn("elasticache", &format!("cluster:credlink-redis-00{n}")));
            l.operation = "CreateCacheCluster:0002";
            out.push(l);
        }
    }

    // Billed by the month, on the first day.
    let m = |product, ut: &str, unit, amount, price, address: Option<&str>, team| {
        usage(first, month_end, product, ut, unit, amount, price, address, team)
    };
    for (product, ut, unit, qty, price, address, team) in MONTHLY {
        out.push(m(product, ut, unit, *qty, *price, *address, team));
    }
    for alarm in ALARMS {
        let address = format!("aws_cloudwatch_metric_alarm.this[\"{alarm}\"]");
        out.push(m(
            "AmazonCloudWatch",
            "USE1-CW:AlarmMonitorUsage",
            "Alarms",
            dec!(1),
            ALARM_MONTH,
            Some(&address),
            "platform",
        ));
    }
    // The reservation's monthly recurring fee, fully used (nothing unused to amortise).
    out.push(CurLine {
        day: first,
        end: month_end,
        line_type: "RIFee",
        product: "AmazonRDS",
        usage_type: "USE1-HeavyUsage:db.t3.micro".into(),
        resource: Some(arn("rds", "ri:credlink-db-reservation")),
        amount: plan.hours(),
        unit: "Hrs",
        unblended: RI_RECURRING_HOUR * plan.hours(),
        ri_unused_upfront: Some(Decimal::ZERO),
        ri_unused_recurring: Some(Decimal::ZERO),
        ..Default::default()
    });
    for (line_type, cost) in [("Tax", TAX), ("Credit", CREDIT)] {
        out.push(CurLine {
            day: first,
            end: month_end,
            line_type,
            product: "AmazonEC2",
            usage_type: String::new(),
            unblended: cost,
            ..Default::default()
        });
    }
    out
}

fn f(d: Decimal) -> Option<f64> {
    d.to_f64()
}

fn ts(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_millis()
}

/// Writes `lines` as CUR 2.0 Parquet (costs as doubles, tags as a map) to `path`.
pub fn write_parquet(lines: &[CurLine], path: &Path) -> Result<(), String> {
    let opt = |o: Option<Decimal>| o.and_then(f);
    let s = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let df = df!(
        "line_item_usage_start_date" => lines.iter().map(|l| ts(l.day)).collect::<Vec<i64>>(),
        "line_item_usage_end_date" => lines.iter().map(|l| ts(l.end)).collect::<Vec<i64>>(),
        "line_item_line_item_type" => lines.iter().map(|l| l.line_type).collect::<Vec<_>>(),
        "line_item_usage_account_id" => lines.iter().map(|_| ACCOUNT).collect::<Vec<_>>(),
        "line_item_product_code" => lines.iter().map(|l| l.product).collect::<Vec<_>>(),
        "line_item_usage_type" => lines.iter().map(|l| s(&l.usage_type)).collect::<Vec<_>>(),
        "line_item_operation" => lines.iter().map(|l| s(l.operation)).collect::<Vec<_>>(),
        "line_item_resource_id" => lines.iter().map(|l| l.resource.clone()).collect::<Vec<_>>(),
        "line_item_usage_amount" => lines.iter().map(|l| f(l.amount)).collect::<Vec<_>>(),
        "line_item_currency_code" => lines.iter().map(|_| "USD").collect::<Vec<_>>(),
        "line_item_unblended_cost" => lines.iter().map(|l| f(l.unblended)).collect::<Vec<_>>(),
        "line_item_net_unblended_cost" => lines.iter().map(|l| f(l.unblended)).collect::<Vec<_>>(),
        "pricing_unit" => lines.iter().map(|l| s(l.unit)).collect::<Vec<_>>(),
        "pricing_public_on_demand_cost" => lines.iter().map(|l| opt(l.list)).collect::<Vec<_>>(),
        "product_region_code" => lines.iter().map(|_| REGION).collect::<Vec<_>>(),
        "savings_plan_savings_plan_effective_cost" => lines.iter().map(|l| opt(l.sp_effective)).collect::<Vec<_>>(),
        "savings_plan_total_commitment_to_date" => lines.iter().map(|l| opt(l.sp_total_commitment)).collect::<Vec<_>>(),
        "savings_plan_used_commitment" => lines.iter().map(|l| opt(l.sp_used_commitment)).collect::<Vec<_>>(),
        "reservation_effective_cost" => lines.iter().map(|l| opt(l.ri_effective)).collect::<Vec<_>>(),
        "reservation_unused_amortized_upfront_fee_for_billing_period" => lines.iter().map(|l| opt(l.ri_unused_upfront)).collect::<Vec<_>>(),
        "reservation_unused_recurring_fee" => lines.iter().map(|l| opt(l.ri_unused_recurring)).collect::<Vec<_>>(),
    )
    .map_err(|e| e.to_string())?;
    // resource_tags: a list of {key, value} structs per line, the shape a Parquet map reads as.
    let (mut rid, mut keys, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for (i, l) in lines.iter().enumerate() {
        for (k, v) in &l.tags {
            rid.push(IdxSize::try_from(i).map_err(|e| e.to_string())?);
            keys.push(k.clone());
            values.push(v.clone());
        }
    }
    let tags = df!("rid" => rid, "key" => keys, "value" => values)
        .map_err(|e| e.to_string())?
        .lazy()
        .group_by([col("rid")])
        .agg([as_struct(vec![col("key"), col("value")]).alias("resource_tags")]);
    let ms = DataType::Datetime(TimeUnit::Milliseconds, None);
    let mut df = df
        .lazy()
        .with_row_index("rid", None)
        .with_columns([
            col("line_item_usage_start_date").cast(ms.clone()),
            col("line_item_usage_end_date").cast(ms),
        ])
        .join(tags, [col("rid")], [col("rid")], JoinArgs::new(JoinType::Left))
        .sort(["rid"], Default::default())
        .drop(cols(["rid"]))
        // Every column costplan reads must be there (an error names a missing one), first and
        // in its order; the others after.
        .select(
            costplan::actuals::cur::CUR2_COLUMNS
                .iter()
                .chain(&["line_item_usage_end_date", "line_item_net_unblended_cost"])
                .map(|c| col(*c))
                .collect::<Vec<_>>(),
        )
        .collect()
        .map_err(|e| e.to_string())?;
    write_atomic(path, |file| {
        ParquetWriter::new(file).finish(&mut df).map(|_| ()).map_err(|e| e.to_string())
    })
}

/// Writes `lines` as CUR 2.0 gzip CSV (amounts as decimal text, tags as a JSON object).
pub fn write_csv_gz(lines: &[CurLine], path: &Path) -> Result<(), String> {
    // The columns costplan reads, plus two every export has that it does not.
    let header: Vec<&str> = costplan::actuals::cur::CUR2_COLUMNS
        .iter()
        .copied()
        .chain(["line_item_usage_end_date", "line_item_net_unblended_cost"])
        .collect();
    let text = |d: Decimal| d.normalize().to_string();
    let opt = |o: Option<Decimal>| o.map(text).unwrap_or_default();
    let stamp = |d: NaiveDate| format!("{d}T00:00:00Z");
    write_atomic(path, |file| {
        let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        let mut w = csv::Writer::from_writer(gz);
        w.write_record(&header).map_err(|e| e.to_string())?;
        for l in lines {
            let tags = if l.tags.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&l.tags).map_err(|e| e.to_string())?
            };
            // By column name, so that the header and the values cannot drift apart.
            let value = |column: &str| -> Result<String, String> {
                Ok(match column {
                    "line_item_usage_start_date" => stamp(l.day),
                    "line_item_usage_end_date" => stamp(l.end),
                    "line_item_line_item_type" => l.line_type.to_string(),
                    "line_item_usage_account_id" => ACCOUNT.to_string(),
                    "line_item_product_code" => l.product.to_string(),
                    "line_item_usage_type" => l.usage_type.clone(),
                    "line_item_operation" => l.operation.to_string(),
                    "line_item_resource_id" => l.resource.clone().unwrap_or_default(),
                    "line_item_usage_amount" => text(l.amount),
                    "line_item_currency_code" => "USD".to_string(),
                    "line_item_unblended_cost" | "line_item_net_unblended_cost" => {
                        text(l.unblended)
                    }
                    "pricing_unit" => l.unit.to_string(),
                    "pricing_public_on_demand_cost" => opt(l.list),
                    "product_region_code" => REGION.to_string(),
                    "savings_plan_savings_plan_effective_cost" => opt(l.sp_effective),
                    "savings_plan_total_commitment_to_date" => opt(l.sp_total_commitment),
                    "savings_plan_used_commitment" => opt(l.sp_used_commitment),
                    "reservation_effective_cost" => opt(l.ri_effective),
                    "reservation_unused_amortized_upfront_fee_for_billing_period" => {
                        opt(l.ri_unused_upfront)
                    }
                    "reservation_unused_recurring_fee" => opt(l.ri_unused_recurring),
                    "resource_tags" => tags.clone(),
                    other => return Err(format!("no value for CUR column `{other}`")),
                })
            };
            let record: Vec<String> =
                header.iter().map(|c| value(c)).collect::<Result<_, String>>()?;
            w.write_record(&record).map_err(|e| e.to_string())?;
        }
        let gz = w.into_inner().map_err(|e| e.to_string())?;
        gz.finish().map_err(|e| e.to_string())?.flush().map_err(|e| e.to_string())
    })
}

/// Writes through a temporary file in the same directory, renamed into place when complete.
fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    write(tmp.as_file_mut())?;
    tmp.persist(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

/// Writes both months under `out`; returns the files written.
pub fn write_all(out: &Path, through: Option<NaiveDate>) -> Result<Vec<PathBuf>, String> {
    let prev = previous();
    let mut cur = current();
    if let Some(t) = through {
        if t.year() != cur.first_day.year() || t.month() != cur.first_day.month() {
            return Err(format!("--through {t} must be a day of {}", cur.month()));
        }
        cur.through = t.day();
    }
    let p = out.join(prev.month()).join(format!("credlink-{}.csv.gz", prev.month()));
    write_csv_gz(&lines(&prev), &p)?;
    let c = out.join(cur.month()).join(format!("credlink-{}.parquet", cur.month()));
    write_parquet(&lines(&cur), &c)?;
    Ok(vec![p, c])
}

#[allow(dead_code)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = None;
    let mut through = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--through" => {
                through = it.next().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                if through.is_none() {
                    eprintln!("--through needs a day YYYY-MM-DD of 2026-10");
                    return ExitCode::from(2);
                }
            }
            _ => {
                eprintln!("usage: credlink_cur --out DIR [--through 2026-10-DD]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: credlink_cur --out DIR [--through 2026-10-DD]");
        return ExitCode::from(2);
    };
    match write_all(&out, through) {
        Ok(files) => {
            for f in files {
                println!("wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
