//! Estimate vs actual: puts an estimate ([`crate::model::Report`]) beside actual spend lines for
//! one period, per service, per usage-type family and per resource where lines can be matched to
//! Terraform addresses (by a tag naming the address, e.g. `costplan:address`, or by a map of
//! resource ids to addresses from a plan/state), with delta and percent.
//!
//! Contract:
//! - The estimate is scaled to the calendar hours of the period for hourly components only
//!   (unit containing `hour`); usage-based components (requests, GB) are left as estimated.
//! - Spend the estimate does not cover (data transfer, services not in Terraform) is listed in
//!   `not_estimated`; estimated resources with no matched spend in `no_spend` (only when a
//!   resource mapping was given, otherwise nothing can be matched).
//! - One currency: lines in several currencies are an error, not a sum.
//! - Services are named by the service registry ([`crate::services::display_name`]) on both
//!   sides, so a Cost Explorer name, a CUR code or a FOCUS `ServiceName` meets the estimate's
//!   Price List code of the same service.
//! - Deterministic: rows sorted by key.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::line::{ActualLine, strip_region_prefix};
use super::query::{Basis, normalise_tag_key};
use crate::checked;
use crate::model::{Component, Report};
use crate::services;

/// How actual lines are matched to Terraform addresses.
#[derive(Debug, Clone, Default)]
pub struct MatchOptions {
    /// Tag whose value is the Terraform address (normalised key, e.g. `costplan:address`).
    pub address_tag: Option<String>,
    /// Resource id or ARN → Terraform address (from a plan or state JSON).
    pub resource_ids: BTreeMap<String, String>,
}

/// One compared row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: String,
    pub estimate: Decimal,
    pub actual: Decimal,
    pub delta: Decimal,
    /// `delta / estimate × 100`, `None` when the estimate is zero.
    pub percent: Option<Decimal>,
}

impl Row {
    fn new(key: String, estimate: Decimal, actual: Decimal) -> Result<Row, ReconcileError> {
        let delta = checked::sub(actual, estimate)
            .map_err(|_| ReconcileError::Overflow { what: format!("the difference for {key}") })?;
        // A percentage too large to represent (a tiny estimate) is not shown rather than wrong.
        let percent = (!estimate.is_zero())
            .then(|| {
                checked::div(delta, estimate).and_then(|p| checked::mul(p, Decimal::ONE_HUNDRED))
            })
            .and_then(Result::ok)
            .map(|p| p.round_dp(1).normalize());
        Ok(Row { key, estimate, actual, delta, percent })
    }
}

/// `*map[key] += cost`, naming `what` on overflow.
fn add_to(
    map: &mut BTreeMap<String, Decimal>,
    key: String,
    cost: Decimal,
    what: &str,
) -> Result<(), ReconcileError> {
    let at = format!("the {what} of {key}");
    checked::add_to(map.entry(key).or_default(), cost)
        .map_err(|_| ReconcileError::Overflow { what: at })
}

/// Version of the `costplan compare --format json` document (a [`Reconciliation`]); changes
/// whenever a field is removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub period: String,
    pub basis: Basis,
    pub currency: String,
    /// Calendar hours of the period, and the hours the estimate was computed with.
    pub hours: Decimal,
    pub estimate_hours: Decimal,
    pub total: Row,
    pub by_service: Vec<Row>,
    pub by_usage_family: Vec<Row>,
    pub by_resource: Vec<Row>,
    /// Actual spend in usage-type families the estimate has no component for.
    pub not_estimated: Vec<Row>,
    /// Estimated resources with no matched spend.
    pub no_spend: Vec<String>,
    /// Actual spend that could not be matched to an address (only with a mapping).
    pub unmatched_actual: Decimal,
    /// What the actual side leaves out or counts apart (credits and refunds excluded, and
    /// how much), and the source's own notes; filled by the caller.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Why a comparison cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error(
        "actual spend is in several currencies ({0}) but the estimate is in USD: filter the data to one currency"
    )]
    MixedCurrencies(String),
    #[error("the actual lines have no {0} cost: pick another --basis")]
    NoBasis(Basis),
    /// A sum of spend (or of estimate and spend) too large to compute.
    #[error("{what} overflows: {}; check the billing data and the estimate", checked::Overflow)]
    Overflow { what: String },
}

/// Usage-type family: region prefix stripped, and an instance type or CPU qualifier after `:`
/// dropped: `EUC1-InstanceUsage:db.r6g.large` → `InstanceUsage`,
/// `Fargate-vCPU-Hours:perCPU` → `Fargate-vCPU-Hours`. A `:` that names a namespace stays
/// (`CW:AlarmMonitorUsage`, `RDS:GP3-Storage`, `PublicIPv4:InUseAddress`).
pub fn usage_family(usage_type: &str) -> String {
    let s = strip_region_prefix(usage_type);
    match s.split_once(':') {
        Some((head, qualifier)) if qualifier.contains('.') || qualifier == "perCPU" => {
            head.to_string()
        }
        _ => s.to_string(),
    }
}

fn attribute<'a>(c: &'a Component, key: &str) -> Option<&'a str> {
    c.price_query
        .attributes
        .iter()
        .find(|a| a.key.eq_ignore_ascii_case(key))
        .map(|a| a.value.as_str())
}

/// The usage-type family a component is billed under. Instance components are priced by
/// attributes (instance type, engine), not by usage type, so their family comes from the
/// product family: the family the bill uses for them (`Multi-AZUsage:db.t3.micro` →
/// `Multi-AZUsage`).
pub fn component_family(c: &Component) -> String {
    if let Some(ut) = attribute(c, "usagetype") {
        return usage_family(ut);
    }
    let multi_az = attribute(c, "deploymentOption").is_some_and(|d| d.starts_with("Multi-AZ"));
    match c.price_query.product_family.as_deref() {
        Some("Database Instance") if multi_az => "Multi-AZUsage".into(),
        Some("Database Instance") => "InstanceUsage".into(),
        Some("Cache Instance") => "NodeUsage".into(),
        Some("Compute Instance") => "BoxUsage".into(),
        _ => format!("({})", c.price_query.service),
    }
}

/// The component's monthly cost for `hours` calendar hours.
fn scaled(
    c: &Component,
    hours: Decimal,
    estimate_hours: Decimal,
) -> Result<Decimal, ReconcileError> {
    let cost = c.monthly_cost.unwrap_or_default();
    if c.unit.to_ascii_lowercase().contains("hour") && !estimate_hours.is_zero() {
        checked::mul(cost, hours)
            .and_then(|scaled| checked::div(scaled, estimate_hours))
            .map_err(|_| ReconcileError::Overflow { what: format!("the estimate of {}", c.name) })
    } else {
        Ok(cost)
    }
}

fn rows(
    est: &BTreeMap<String, Decimal>,
    act: &BTreeMap<String, Decimal>,
) -> Result<Vec<Row>, ReconcileError> {
    let keys: BTreeSet<&String> = est.keys().chain(act.keys()).collect();
    keys.into_iter()
        // A free resource with no spend says nothing.
        .filter(|k| {
            !(est.get(*k).is_none_or(|v| v.is_zero()) && act.get(*k).is_none_or(|v| v.is_zero()))
        })
        .map(|k| {
            Row::new(
                k.clone(),
                est.get(k).copied().unwrap_or_default(),
                act.get(k).copied().unwrap_or_default(),
            )
        })
        .collect()
}

fn address_of<'a>(line: &'a ActualLine, opts: &'a MatchOptions) -> Option<&'a str> {
    if let Some(tag) = &opts.address_tag
        && let Some(a) = line.tags.get(&normalise_tag_key(tag))
    {
        return Some(a);
    }
    let id = line.resource_id.as_deref()?;
    if let Some(a) = opts.resource_ids.get(id) {
        return Some(a);
    }
    // CUR ids are often ARNs while state has the short id (or the other way round).
    opts.resource_ids.iter().find_map(|(rid, addr)| {
        let matches = id.ends_with(&format!("/{rid}"))
            || id.ends_with(&format!(":{rid}"))
            || rid.ends_with(&format!("/{id}"))
            || rid.ends_with(&format!(":{id}"));
        matches.then_some(addr.as_str())
    })
}

/// Compares `report` with `lines` (one period, credits already excluded as the user chose).
pub fn reconcile(
    report: &Report,
    lines: &[ActualLine],
    period: &str,
    hours: Decimal,
    basis: Basis,
    opts: &MatchOptions,
) -> Result<Reconciliation, ReconcileError> {
    let currencies: BTreeSet<&str> = lines.iter().map(|l| l.currency.as_str()).collect();
    if currencies.len() > 1 || currencies.iter().any(|c| *c != report.currency) {
        return Err(ReconcileError::MixedCurrencies(
            currencies.into_iter().collect::<Vec<_>>().join(", "),
        ));
    }
    if !lines.is_empty() && lines.iter().all(|l| l.costs.get(basis).is_none()) {
        return Err(ReconcileError::NoBasis(basis));
    }
    let eh = report.hours_per_month;
    let mut est_service: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut est_family: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut est_resource: BTreeMap<String, Decimal> = BTreeMap::new();
    for r in report.resources() {
        for c in r.all_components() {
            let cost = scaled(c, hours, eh)?;
            let service = services::display_name(&c.price_query.service).to_string();
            add_to(&mut est_service, service, cost, "estimate")?;
            add_to(&mut est_family, component_family(c), cost, "estimate")?;
            add_to(&mut est_resource, r.address.clone(), cost, "estimate")?;
        }
    }
    let mut act_service: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut act_family: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut act_resource: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut unmatched = Decimal::ZERO;
    let mapping = opts.address_tag.is_some() || !opts.resource_ids.is_empty();
    for l in lines {
        let Some(cost) = l.costs.get(basis) else { continue };
        let service = l.service.as_deref().map_or("(none)", services::code_of).to_string();
        add_to(
            &mut act_service,
            services::display_name(&service).to_string(),
            cost,
            "actual spend",
        )?;
        let family = l.usage_type.as_deref().map_or_else(|| format!("({service})"), usage_family);
        add_to(&mut act_family, family, cost, "actual spend")?;
        if mapping {
            match address_of(l, opts) {
                Some(a) => add_to(&mut act_resource, a.to_string(), cost, "actual spend")?,
                None => {
                    checked::add_to(&mut unmatched, cost).map_err(|_| ReconcileError::Overflow {
                        what: "the actual spend not matched to a resource".into(),
                    })?
                }
            }
        }
    }
    let not_estimated = act_family
        .iter()
        .filter(|(k, v)| !est_family.contains_key(*k) && !v.is_zero())
        .map(|(k, v)| Row::new(k.clone(), Decimal::ZERO, *v))
        .collect::<Result<_, _>>()?;
    let no_spend = if mapping {
        est_resource
            .iter()
            .filter(|(a, e)| !e.is_zero() && act_resource.get(*a).is_none_or(|v| v.is_zero()))
            .map(|(a, _)| a.clone())
            .collect()
    } else {
        Vec::new()
    };
    let total_of = |m: &BTreeMap<String, Decimal>, what: &str| {
        checked::sum(m.values().copied())
            .map_err(|_| ReconcileError::Overflow { what: format!("the total {what}") })
    };
    let total = Row::new(
        "total".into(),
        total_of(&est_service, "estimate")?,
        total_of(&act_service, "actual spend")?,
    )?;
    Ok(Reconciliation {
        period: period.to_string(),
        basis,
        currency: report.currency.clone(),
        hours,
        estimate_hours: eh,
        total,
        by_service: rows(&est_service, &act_service)?,
        by_usage_family: rows(&est_family, &act_family)?,
        by_resource: if mapping { rows(&est_resource, &act_resource)? } else { Vec::new() },
        not_estimated,
        no_spend,
        unmatched_actual: unmatched,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actuals::line::Costs;
    use rust_decimal_macros::dec;

    fn component(service: &str, usage_type: &str, unit: &str, cost: &str) -> String {
        format!(
            r#"{{"name":"c","unit":"{unit}","quantity":"1","usage_based":false,"price":"1","monthly_cost":"{cost}",
            "price_status":{{"status":"found"}},
            "price_query":{{"service":"{service}","region":"eu-west-1","attributes":[{{"key":"usagetype","op":"usage_type_suffix","value":"{usage_type}"}}],"term":{{"type":"on_demand"}}}}}}"#
        )
    }

    fn resource(addr: &str, comps: Vec<String>) -> String {
        format!(
            r#"{{"address":"{addr}","resource_type":"t","location":{{"file":"main.tf","line":1}},"bucket":"estimated","components":[{}],"monthly_cost":"0"}}"#,
            comps.join(",")
        )
    }

    fn report_of(resources: &[String]) -> Report {
        let json = format!(
            r#"{{"schema_version":1,"currency":"USD","hours_per_month":"730","inputs":{{}},"pricing_sources":[],
            "projects":[{{"name":"main","resources":[{}],"totals":{{"monthly":"0","upfront":"0","by_service":{{}},"by_resource":{{}}}},"summary":{{"resources":2,"estimated":2,"free":0,"not_supported":0,"price_not_found":0,"usage_unknown":0}}}}],
            "totals":{{"monthly":"0","upfront":"0","by_service":{{}},"by_resource":{{}}}},
            "summary":{{"resources":2,"estimated":2,"free":0,"not_supported":0,"price_not_found":0,"usage_unknown":0}},"warnings":[]}}"#,
            resources.join(",")
        );
        Report::from_json(&json).unwrap()
    }

    fn report() -> Report {
        report_of(&[
            resource(
                "aws_nat_gateway.main",
                vec![component("AmazonEC2", "NatGateway-Hours", "hours", "32.85")],
            ),
            resource(
                "aws_db_instance.main",
                vec![component("AmazonRDS", "InstanceUsage:db.t4g.micro", "hours", "11.68")],
            ),
        ])
    }

    fn line(service: &str, ut: &str, cost: Decimal, address: Option<&str>) -> ActualLine {
        ActualLine {
            period: "2026-10".into(),
            service: Some(service.into()),
            usage_type: Some(ut.into()),
            costs: Costs { invoice: Some(cost), amortized: Some(cost), list: None },
            currency: "USD".into(),
            tags: address
                .map(|a| [("costplan:address".to_string(), a.to_string())].into())
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    #[test]
    fn compares_per_service_family_and_resource_with_calendar_hours() {
        let lines = vec![
            line("AmazonEC2", "EU-NatGateway-Hours", dec!(35.71), Some("aws_nat_gateway.main")),
            line("AmazonEC2", "EU-DataTransfer-Out-Bytes", dec!(4.5), None),
        ];
        let opts =
            MatchOptions { address_tag: Some("costplan:address".into()), ..Default::default() };
        let r = reconcile(&report(), &lines, "2026-10", dec!(744), Basis::Invoice, &opts).unwrap();
        // 32.85 × 744 / 730 = 33.48
        let nat = r.by_usage_family.iter().find(|x| x.key == "NatGateway-Hours").unwrap();
        assert_eq!(nat.estimate, dec!(33.48));
        assert_eq!(nat.delta, dec!(2.23));
        assert_eq!(nat.percent, Some(dec!(6.7)));
        assert_eq!(r.not_estimated.len(), 1);
        assert_eq!(r.not_estimated[0].key, "DataTransfer-Out-Bytes");
        assert_eq!(r.no_spend, vec!["aws_db_instance.main"]);
        assert_eq!(r.unmatched_actual, dec!(4.5));
        assert_eq!(r.total.actual, dec!(40.21));
        let mut eur = line("AmazonEC2", "x", dec!(1), None);
        eur.currency = "EUR".into();
        assert!(reconcile(&report(), &[eur], "2026-10", dec!(744), Basis::Invoice, &opts).is_err());
    }

    #[test]
    fn spend_too_large_to_add_up_is_an_error_naming_what() {
        let huge = crate::checked::MAX_AMOUNT;
        let lines = vec![
            line("AmazonEC2", "EU-NatGateway-Hours", huge, Some("aws_nat_gateway.main")),
            line("AmazonEC2", "EU-NatGateway-Hours", huge, Some("aws_nat_gateway.main")),
        ];
        let opts = MatchOptions::default();
        let err = reconcile(&report(), &lines, "2026-10", dec!(744), Basis::Invoice, &opts)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("the actual spend of Amazon EC2 overflows"), "{err}");
        // One such line adds up, but its difference from the estimate does not fit below zero.
        let lines = [line("AmazonEC2", "EU-NatGateway-Hours", -huge, None)];
        let err = reconcile(&report(), &lines, "2026-10", dec!(744), Basis::Invoice, &opts)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("overflows"), "{err}");
    }

    /// Every service's spend meets its estimate whatever the source calls it: Cost Explorer
    /// `SERVICE` values, CUR product codes, FOCUS `ServiceName`s (the names of src/services.rs).
    #[test]
    fn every_service_meets_its_estimate_under_each_billing_name() {
        // Estimate: one usage-based component per service (not scaled by hours), $1..$9.
        let codes = [
            "AWSLambda",
            "AmazonDynamoDB",
            "AmazonApiGateway",
            "AmazonEC2",
            "AWSKMS",
            "awswaf",
            "AWSSecretsManager",
            "AmazonECR",
            "AmazonRDS",
        ];
        let comps: Vec<String> = codes
            .iter()
            .zip(1..)
            .map(|(c, i)| component(c, "Requests", "requests", &i.to_string()))
            .collect();
        let report = report_of(&[resource("module.app", comps)]);
        let ce = [
            ("AWS Lambda", "1"),
            ("Amazon DynamoDB", "2"),
            ("Amazon API Gateway", "3"),
            ("EC2 - Other", "1.5"),
            ("Amazon Elastic Compute Cloud - Compute", "2.5"),
            ("AWS Key Management Service", "5"),
            ("AWS WAF", "6"),
            ("AWS Secrets Manager", "7"),
            ("Amazon EC2 Container Registry (ECR)", "8"),
            ("Amazon Relational Database Service", "9"),
        ];
        let cur = [
            ("AWSLambda", "1"),
            ("AmazonDynamoDB", "2"),
            ("AmazonApiGateway", "3"),
            ("AmazonEC2", "4"),
            ("awskms", "5"),
            ("awswaf", "6"),
            ("AWSSecretsManager", "7"),
            ("AmazonECR", "8"),
            ("AmazonRDS", "9"),
        ];
        let focus = [
            ("AWS Lambda", "1"),
            ("Amazon DynamoDB", "2"),
            ("Amazon API Gateway", "3"),
            ("Amazon Elastic Compute Cloud", "4"),
            ("AWS Key Management Service", "5"),
            ("AWS WAF", "6"),
            ("AWS Secrets Manager", "7"),
            ("Amazon EC2 Container Registry (ECR)", "8"),
            ("Amazon Relational Database Service", "9"),
        ];
        let opts = MatchOptions::default();
        for (source, names) in [("ce", &ce[..]), ("cur", &cur[..]), ("focus", &focus[..])] {
            let lines: Vec<ActualLine> = names
                .iter()
                .map(|(n, c)| line(n, "USE1-Requests", c.parse().unwrap(), None))
                .collect();
            let r = reconcile(&report, &lines, "2026-10", dec!(744), Basis::Invoice, &opts)
                .unwrap_or_else(|e| panic!("{source}: {e}"));
            let keys: Vec<&str> = r.by_service.iter().map(|x| x.key.as_str()).collect();
            assert_eq!(
                keys,
                [
                    "AWS KMS",
                    "AWS Lambda",
                    "AWS Secrets Manager",
                    "AWS WAF",
                    "Amazon API Gateway",
                    "Amazon DynamoDB",
                    "Amazon EC2",
                    "Amazon ECR",
                    "Amazon RDS"
                ],
                "{source}: one row per service, registry names"
            );
            for row in &r.by_service {
                assert_eq!(row.delta, Decimal::ZERO, "{source}: {row:?}");
            }
            // 1 + 2 + ... + 9 = 45 on both sides.
            assert_eq!((r.total.estimate, r.total.actual), (dec!(45), dec!(45)), "{source}");
        }
    }
}
