//! Small billing fixtures generated in the test: one month (2026-10) of a Fargate/RDS/NAT stack
//! with Savings Plan and RDS reservation lines (so invoice and amortised totals differ), a credit,
//! a tax line, and one September line outside the month.
//!
//! Expected 2026-10 totals (credits excluded):
//! invoice 10 + 5 - 5 + 0 + 4 + 35.04 + 2.5 = 51.54;
//! amortized 10 + 3 + 0 + 4.2 + 0.8 + 35.04 + 2.5 = 55.54;
//! list 10 + 5 + 0 + 6 + 35.04 = 56.04 (RIFee and tax lines have no list cost).

#![allow(dead_code)]

use std::path::Path;

pub struct Row {
    pub start: &'static str,
    pub line_type: &'static str,
    pub product: &'static str,
    pub usage_type: &'static str,
    pub operation: &'static str,
    pub resource: &'static str,
    pub amount: &'static str,
    pub unit: &'static str,
    pub unblended: &'static str,
    pub list: &'static str,
    pub sp_effective: &'static str,
    pub ri_effective: &'static str,
    pub ri_unused_upfront: &'static str,
    pub ri_unused_recurring: &'static str,
    pub team: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
const fn row(
    start: &'static str,
    line_type: &'static str,
    product: &'static str,
    usage_type: &'static str,
    resource: &'static str,
    amount: &'static str,
    unit: &'static str,
    unblended: &'static str,
    list: &'static str,
    team: Option<&'static str>,
) -> Row {
    Row {
        start,
        line_type,
        product,
        usage_type,
        operation: "",
        resource,
        amount,
        unit,
        unblended,
        list,
        sp_effective: "",
        ri_effective: "",
        ri_unused_upfront: "",
        ri_unused_recurring: "",
        team,
    }
}

pub fn rows() -> Vec<Row> {
    let oct = "2026-10-01T00:00:00Z";
    let mut v = vec![
        row(
            oct,
            "Usage",
            "AmazonECS",
            "EU-Fargate-vCPU-Hours:perCPU",
            "arn:aws:ecs:eu-west-1:111122223333:task/web/1",
            "250",
            "hours",
            "10.0",
            "10.0",
            Some("payments"),
        ),
        row(
            oct,
            "SavingsPlanCoveredUsage",
            "AmazonECS",
            "EU-Fargate-GB-Hours",
            "arn:aws:ecs:eu-west-1:111122223333:task/web/1",
            "1000",
            "hours",
            "5.0",
            "5.0",
            Some("payments"),
        ),
        row(
            oct,
            "SavingsPlanNegation",
            "AmazonECS",
            "EU-Fargate-GB-Hours",
            "arn:aws:ecs:eu-west-1:111122223333:task/web/1",
            "",
            "",
            "-5.0",
            "",
            Some("payments"),
        ),
        row(
            oct,
            "DiscountedUsage",
            "AmazonRDS",
            "EU-InstanceUsage:db.r6g.large",
            "arn:aws:rds:eu-west-1:111122223333:db:main",
            "730",
            "Hrs",
            "0",
            "6.0",
            Some("platform"),
        ),
        row(
            oct,
            "RIFee",
            "AmazonRDS",
            "EU-HeavyUsage:db.r6g.large",
            "arn:aws:rds:eu-west-1:111122223333:ri:r1",
            "730",
            "Hrs",
            "4.0",
            "",
            None,
        ),
        row(
            "2026-10-15T00:00:00Z",
            "Usage",
            "AmazonEC2",
            "EU-NatGateway-Hours",
            "arn:aws:ec2:eu-west-1:111122223333:natgateway/nat-1",
            "730",
            "Hrs",
            "35.04",
            "35.04",
            Some("platform"),
        ),
        row(oct, "Credit", "AmazonEC2", "EU-NatGateway-Hours", "", "", "", "-10", "", None),
        row(oct, "Tax", "AmazonEC2", "", "", "", "", "2.5", "", None),
        row(
            "2026-09-30T23:00:00Z",
            "Usage",
            "AmazonS3",
            "EU-TimedStorage-ByteHrs",
            "bucket-a",
            "100",
            "GB-Mo",
            "100",
            "100",
            Some("payments"),
        ),
    ];
    v[0].operation = "FargateTask";
    v[1].sp_effective = "3.0";
    v[3].ri_effective = "4.2";
    v[4].ri_unused_upfront = "0.3";
    v[4].ri_unused_recurring = "0.5";
    v
}

/// The CUR 2.0 columns the fixtures write: the ones costplan reads
/// (`costplan::actuals::cur::CUR2_COLUMNS`) and three real exports have that it does not read,
/// where Data Exports put them (the malformed-file tests edit `unblended,net_unblended`).
pub fn cur2_columns() -> Vec<&'static str> {
    let mut columns = vec!["bill_billing_period_start_date"];
    for &c in costplan::actuals::cur::CUR2_COLUMNS {
        columns.push(c);
        match c {
            "line_item_usage_start_date" => columns.push("line_item_usage_end_date"),
            "line_item_unblended_cost" => columns.push("line_item_net_unblended_cost"),
            _ => {}
        }
    }
    columns
}

/// The value of `column` on row `r`, by name so that headers and values cannot drift apart.
fn cur2_value(r: &Row, column: &str) -> String {
    let tags = || {
        r.team
            .map(|t| format!("{{\"user:Team\":\"{t}\",\"user:env\":\"prod\"}}"))
            .unwrap_or_default()
    };
    match column {
        "bill_billing_period_start_date" => "2026-10-01T00:00:00Z".into(),
        "line_item_usage_start_date" | "line_item_usage_end_date" => r.start.into(),
        "line_item_line_item_type" => r.line_type.into(),
        "line_item_usage_account_id" => "111122223333".into(),
        "line_item_product_code" => r.product.into(),
        "line_item_usage_type" => r.usage_type.into(),
        "line_item_operation" => r.operation.into(),
        "line_item_resource_id" => r.resource.into(),
        "line_item_usage_amount" => r.amount.into(),
        "line_item_currency_code" => "USD".into(),
        "line_item_unblended_cost" | "line_item_net_unblended_cost" => r.unblended.into(),
        "pricing_unit" => r.unit.into(),
        "pricing_public_on_demand_cost" => r.list.into(),
        "product_region_code" => "eu-west-1".into(),
        "savings_plan_savings_plan_effective_cost" => r.sp_effective.into(),
        // The fixtures' Savings Plan lines carry no commitment figures.
        "savings_plan_total_commitment_to_date" | "savings_plan_used_commitment" => String::new(),
        "reservation_effective_cost" => r.ri_effective.into(),
        "reservation_unused_amortized_upfront_fee_for_billing_period" => r.ri_unused_upfront.into(),
        "reservation_unused_recurring_fee" => r.ri_unused_recurring.into(),
        "resource_tags" => tags(),
        other => panic!("the fixtures have no value for CUR column `{other}`"),
    }
}

/// CUR 2.0 CSV (tags as a JSON object, as Data Exports write them in CSV).
pub fn write_cur2_csv(path: &Path, columns: &[&str]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(columns).unwrap();
    for r in rows() {
        let record: Vec<String> = columns.iter().map(|c| cur2_value(&r, c)).collect();
        w.write_record(record).unwrap();
    }
    w.flush().unwrap();
}

/// gzip a file (CUR exports are `.csv.gz`).
pub fn gzip(src: &Path, dst: &Path) {
    let status = std::process::Command::new("gzip")
        .arg("-c")
        .arg(src)
        .stdout(std::fs::File::create(dst).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Legacy CUR CSV: `lineItem/...` names and one `resourceTags/user:Team` column.
pub fn write_legacy_csv(path: &Path) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record([
        "identity/LineItemId",
        "lineItem/UsageStartDate",
        "lineItem/LineItemType",
        "lineItem/UsageAccountId",
        "lineItem/ProductCode",
        "lineItem/UsageType",
        "lineItem/Operation",
        "lineItem/ResourceId",
        "lineItem/UsageAmount",
        "lineItem/CurrencyCode",
        "lineItem/UnblendedCost",
        "pricing/unit",
        "pricing/publicOnDemandCost",
        "product/region",
        "savingsPlan/SavingsPlanEffectiveCost",
        "reservation/EffectiveCost",
        "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
        "reservation/UnusedRecurringFee",
        "resourceTags/user:Team",
    ])
    .unwrap();
    for (i, r) in rows().iter().enumerate() {
        w.write_record([
            format!("id{i}").as_str(),
            r.start,
            r.line_type,
            "111122223333",
            r.product,
            r.usage_type,
            r.operation,
            r.resource,
            r.amount,
            "USD",
            r.unblended,
            r.unit,
            r.list,
            "eu-west-1",
            r.sp_effective,
            r.ri_effective,
            r.ri_unused_upfront,
            r.ri_unused_recurring,
            r.team.unwrap_or(""),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// FOCUS: the same month. `version` 1.0 writes the 1.0 columns costplan reads (CSV, nulls as
/// `NULL`, timestamps without `Z`); 1.2 adds later columns and AWS's x_ columns.
pub fn focus_records(version: &str) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut cols = vec![
        "BilledCost",
        "EffectiveCost",
        "ListCost",
        "ContractedCost",
        "BillingAccountId",
        "BillingCurrency",
        "BillingPeriodStart",
        "BillingPeriodEnd",
        "ChargePeriodStart",
        "ChargePeriodEnd",
        "ChargeCategory",
        "ChargeClass",
        "ChargeDescription",
        "PricingQuantity",
        "PricingUnit",
        "ProviderName",
        "PublisherName",
        "InvoiceIssuerName",
        "ServiceCategory",
        "ServiceName",
        "ResourceId",
        "RegionId",
        "SubAccountId",
        "Tags",
    ];
    let v12 = version == "1.2";
    if v12 {
        cols.extend([
            "ConsumedQuantity",
            "ConsumedUnit",
            "x_ServiceCode",
            "x_UsageType",
            "x_Operation",
            "InvoiceId",
            "PricingCurrency",
        ]);
    }
    let null = if v12 { "" } else { "NULL" };
    let mut recs = Vec::new();
    for r in rows() {
        // FOCUS: amortised cost sits in EffectiveCost; Savings Plan negation lines do not exist,
        // commitment purchases are ChargeCategory Purchase.
        if r.line_type == "SavingsPlanNegation" {
            continue;
        }
        let (category, billed, effective) = match r.line_type {
            "SavingsPlanCoveredUsage" => ("Usage", "0", r.sp_effective),
            "DiscountedUsage" => ("Usage", r.unblended, r.ri_effective),
            "RIFee" => ("Purchase", r.unblended, "0.8"),
            "Credit" => ("Credit", r.unblended, r.unblended),
            "Tax" => ("Tax", r.unblended, r.unblended),
            _ => ("Usage", r.unblended, r.unblended),
        };
        let start = r.start.trim_end_matches('Z').replace('T', " ");
        let tags =
            r.team.map(|t| format!("{{\"Team\":\"{t}\"}}")).unwrap_or_else(|| null.to_string());
        let service_name = match r.product {
            "AmazonECS" => "Amazon Elastic Container Service",
            "AmazonRDS" => "Amazon Relational Database Service",
            "AmazonS3" => "Amazon Simple Storage Service",
            _ => "Amazon Elastic Compute Cloud",
        };
        let or_null = |s: &str| if s.is_empty() { null.to_string() } else { s.to_string() };
        let mut rec = vec![
            billed.to_string(),
            effective.to_string(),
            or_null(r.list),
            or_null(r.list),
            "999988887777".into(),
            "USD".into(),
            "2026-10-01 00:00:00".into(),
            "2026-11-01 00:00:00".into(),
            start.clone(),
            start,
            category.into(),
            null.into(),
            "desc".into(),
            or_null(r.amount),
            or_null(r.unit),
            "AWS".into(),
            "AWS".into(),
            "AWS".into(),
            "Compute".into(),
            service_name.into(),
            or_null(r.resource),
            "eu-west-1".into(),
            "111122223333".into(),
            tags,
        ];
        if v12 {
            rec.extend([
                or_null(r.amount),
                or_null(r.unit),
                r.product.to_string(),
                or_null(r.usage_type),
                or_null(r.operation),
                "INV-1".into(),
                "USD".into(),
            ]);
        }
        recs.push(rec);
    }
    (cols, recs)
}

pub fn write_focus_csv(path: &Path, version: &str) {
    let (cols, recs) = focus_records(version);
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&cols).unwrap();
    for r in recs {
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
}
