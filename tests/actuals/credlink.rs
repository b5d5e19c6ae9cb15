//! The credlink synthetic month (examples/credlink_cur.rs) reconciled with the credlink
//! estimate through `costplan compare`. Expected figures are derived here from the generator's
//! inputs (its constants and month plans) and from the hand computation of the estimate in
//! examples/credlink/README.md, never copied from an output.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use super::credlink_cur::{self as cur, MonthPlan};

pub fn write_billing(dir: &Path) {
    cur::write_all(dir, None).expect("generator writes both months");
}

fn compare(dir: &Path, basis: &str, extra: &[&str]) -> Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = assert_cmd::Command::cargo_bin("costplan")
        .unwrap()
        .args(["compare", "--path", &format!("{root}/examples/credlink")])
        .args(["--scenario", "credlink-100k", "--from", "cur", "--month", "2026-10"])
        .args(["--basis", basis, "--format", "json", "--quiet"])
        .arg("--actuals")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["schema_version"], 1, "the compare JSON is versioned");
    rec
}

fn dec_of(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not a decimal: {v}"))
}

/// `(estimate, actual, delta)` of the row `key` in `section`.
fn row(rec: &Value, section: &str, key: &str) -> (Decimal, Decimal, Decimal) {
    let r = rec[section]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no `{key}` in {section}: {}", rec[section]));
    (dec_of(&r["estimate"]), dec_of(&r["actual"]), dec_of(&r["delta"]))
}

/// NAT data per gateway in the estimate (README): image pulls 6,000 MB + S3 80,000 KB + logs
/// 70,000 KB, split over two gateways.
fn estimated_nat_gb() -> Decimal {
    (dec!(6000) / dec!(1024) + dec!(80000) / dec!(1048576) + dec!(70000) / dec!(1048576)) / dec!(2)
}

/// Fargate on demand for a month of `plan` (2 tasks of 0.25 vCPU / 0.5 GB in the estimate).
fn fargate_on_demand(hours: Decimal, tasks: Decimal) -> Decimal {
    hours * tasks * (cur::TASK_VCPU * cur::FARGATE_VCPU_HOUR + cur::TASK_GB * cur::FARGATE_GB_HOUR)
}

fn days(plan: &MonthPlan) -> Decimal {
    Decimal::from(plan.through)
}

#[test]
fn the_synthetic_month_reconciles_per_service_and_resource() {
    let dir = tempfile::tempdir().unwrap();
    write_billing(dir.path());
    let plan = cur::current();
    let h = plan.hours();
    let d = days(&plan);
    let rec = compare(dir.path(), "invoice", &["--address-tag", "costplan:address"]);
    assert_eq!(rec["hours"], "744");

    // NAT gateway: the hours as estimated, more data processed than the scenario assumed.
    let nat = row(&rec, "by_resource", "module.vpc.aws_nat_gateway.this[0]");
    assert_eq!(nat.1, h * cur::NAT_HOUR + d * plan.nat_gb_per_day * cur::NAT_GB);
    assert_eq!(nat.2, (d * plan.nat_gb_per_day - estimated_nat_gb()) * cur::NAT_GB);

    // Fargate under the Savings Plan: $0 on the invoice (covered usage + negation) ...
    let fargate = fargate_on_demand(h, dec!(2));
    assert_eq!(row(&rec, "by_resource", "aws_ecs_service.api"), (fargate, dec!(0), -fargate));
    // ... and the commitment billed to the plan, which the estimate does not have.
    let commitment = h * cur::SP_COMMITMENT_HOUR;
    assert_eq!(row(&rec, "by_service", "ComputeSavingsPlans"), (dec!(0), commitment, commitment));

    // RDS under the reservation: the instance $0 on the invoice, the storage as estimated; the
    // recurring fee is spend the estimate does not cover.
    let rds = row(&rec, "by_resource", "aws_db_instance.this");
    assert_eq!(rds.1, dec!(20) * cur::RDS_GP3_MULTI_AZ_GB_MONTH);
    assert_eq!(rds.2, -h * cur::RDS_MULTI_AZ_HOUR);
    assert_eq!(row(&rec, "not_estimated", "HeavyUsage").1, h * cur::RI_RECURRING_HOUR);

    // Redis: two nodes and the backup, exactly as estimated.
    assert_eq!(row(&rec, "by_resource", "aws_elasticache_replication_group.this").2, dec!(0));
    assert_eq!(row(&rec, "by_service", "Amazon ElastiCache").2, dec!(0));

    // Load balancer: hours and IPv4 as estimated; LCUs and data transfer out as generated.
    let lb = row(&rec, "by_resource", "aws_lb.api");
    let lcu_est = dec!(245820000) / dec!(1048576) * cur::LCU_HOUR;
    let dt_est = dec!(81970000) / dec!(1048576) * cur::DT_OUT_GB;
    let lcu_act = d * plan.lcu_hours_per_day * cur::LCU_HOUR;
    let dt_act = d * plan.dt_out_gb_per_day * cur::DT_OUT_GB;
    assert_eq!(lb.2, lcu_act - lcu_est + dt_act - dt_est);

    // Spend outside the Terraform and untagged spend.
    assert_eq!(
        row(&rec, "not_estimated", "DataTransfer-Regional-Bytes").1,
        d * plan.dt_regional_gb_per_day * cur::DT_REGIONAL_GB
    );
    assert_eq!(row(&rec, "not_estimated", "HostedZone").1, dec!(0.50));
    let untagged = dec!(5) * dec!(0.30)
        + d * plan.dt_regional_gb_per_day * cur::DT_REGIONAL_GB
        + dec!(0.50)
        + commitment
        + h * cur::RI_RECURRING_HOUR
        + cur::TAX;
    assert_eq!(dec_of(&rec["unmatched_actual"]), untagged);
    // Custom metrics carry no resource in CUR: their filters show as estimated without spend.
    let no_spend: Vec<&str> =
        rec["no_spend"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(
        no_spend.contains(&"aws_cloudwatch_log_metric_filter.api[\"db_errors\"]"),
        "{no_spend:?}"
    );
    assert!(no_spend.contains(&"aws_ecs_service.api"), "{no_spend:?}");

    // The total is every October line but the credit.
    let lines = cur::lines(&plan);
    let invoice: Decimal =
        lines.iter().filter(|l| l.line_type != "Credit").map(|l| l.unblended).sum();
    assert_eq!(dec_of(&rec["total"]["actual"]), invoice);
}

#[test]
fn amortised_basis_spreads_the_commitments() {
    let dir = tempfile::tempdir().unwrap();
    write_billing(dir.path());
    let plan = cur::current();
    let h = plan.hours();
    let invoice = compare(dir.path(), "invoice", &["--address-tag", "costplan:address"]);
    let rec = compare(dir.path(), "amortized", &["--address-tag", "costplan:address"]);

    // Fargate at the Savings Plan rate; the plan's fee amortises to its unused commitment.
    let fargate = fargate_on_demand(h, dec!(2));
    let used = fargate * cur::SP_RATE_SHARE;
    assert_eq!(row(&rec, "by_resource", "aws_ecs_service.api").1, used);
    assert_eq!(
        row(&rec, "by_service", "ComputeSavingsPlans").1,
        h * cur::SP_COMMITMENT_HOUR - used
    );
    // RDS at the reservation's effective rate (recurring + amortised upfront).
    let rds = row(&rec, "by_resource", "aws_db_instance.this");
    assert_eq!(rds.2, h * (cur::RI_RECURRING_HOUR + cur::RI_UPFRONT_HOUR - cur::RDS_MULTI_AZ_HOUR));
    // Totals differ by the upfront fee amortised into the month; the Savings Plan has none.
    assert_eq!(
        dec_of(&rec["total"]["actual"]) - dec_of(&invoice["total"]["actual"]),
        h * cur::RI_UPFRONT_HOUR
    );
}

#[test]
fn a_state_file_matches_arns_by_their_short_ids() {
    let dir = tempfile::tempdir().unwrap();
    write_billing(dir.path());
    let state = dir.path().join("state.json");
    // `terraform show -json` of the state: NAT gateways by their `nat-…` ids (CUR has ARNs),
    // the load balancer by its ARN.
    let resource = |address: &str, values: String| {
        format!(r#"{{"address":"{address}","mode":"managed","values":{values}}}"#)
    };
    let nat0 = cur::resource_id("module.vpc.aws_nat_gateway.this[0]");
    let short = nat0.rsplit('/').next().unwrap();
    let lb = cur::resource_id("aws_lb.api");
    std::fs::write(
        &state,
        format!(
            r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{}],"child_modules":[{{"resources":[{}]}}]}}}}}}"#,
            resource("aws_lb.api", format!(r#"{{"id":"{lb}","arn":"{lb}"}}"#)),
            resource("module.vpc.aws_nat_gateway.this[0]", format!(r#"{{"id":"{short}"}}"#)),
        ),
    )
    .unwrap();
    let rec = compare(dir.path(), "invoice", &["--resource-map", state.to_str().unwrap()]);
    let plan = cur::current();
    let nat = row(&rec, "by_resource", "module.vpc.aws_nat_gateway.this[0]");
    assert_eq!(
        nat.1,
        plan.hours() * cur::NAT_HOUR + days(&plan) * plan.nat_gb_per_day * cur::NAT_GB
    );
    assert!(row(&rec, "by_resource", "aws_lb.api").1 > dec!(0));
    // Everything else is unmatched, and the estimated resources the map lacks have no spend.
    let no_spend = rec["no_spend"].as_array().unwrap();
    assert!(no_spend.iter().any(|v| v == "aws_db_instance.this"), "{no_spend:?}");
}
