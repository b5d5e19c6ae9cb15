//! Like with like: the inputs of the two sides of a diff that differ. A delta between a base
//! estimated with one traffic model (`--scenario credlink-100k`) and a change estimated with
//! another (`--requests 100k`) mixes a change of configuration with a change of assumptions;
//! the diff records every such input ([`InputDifference`]) and every format warns.
//!
//! Contract: compared are the estimate's assumptions, not its configuration — `scenario`,
//! `requests`, `usage_file`, `free_tier`, `region`, `workspace`, `month`, `hours_per_month`,
//! and the publication dates of the price files both sides used (`prices`). Var files and
//! `--var` are the change itself (prod → dev) and are not compared. An input a report does not
//! record (a `workspace` in a report saved before it was recorded) is not compared. Order is
//! fixed (the order above), so output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use super::model::InputDifference;
use crate::model::Report;

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), str::to_string)
}

/// The inputs that differ between `prior` (the base) and `proposed`.
pub fn differences(prior: &Report, proposed: &Report) -> Vec<InputDifference> {
    let (a, b) = (&prior.inputs, &proposed.inputs);
    let mut out = Vec::new();
    let mut differ = |input: &str, x: String, y: String| {
        if x != y {
            out.push(InputDifference { input: input.to_string(), prior: x, proposed: y });
        }
    };
    differ("scenario", shown(a.scenario.as_deref()), shown(b.scenario.as_deref()));
    differ("requests", shown(a.requests.as_deref()), shown(b.requests.as_deref()));
    differ("usage_file", shown(a.usage_file.as_deref()), shown(b.usage_file.as_deref()));
    differ("free_tier", a.free_tier.to_string(), b.free_tier.to_string());
    differ("region", shown(a.region.as_deref()), shown(b.region.as_deref()));
    if let (Some(x), Some(y)) = (&a.workspace, &b.workspace) {
        differ("workspace", x.clone(), y.clone());
    }
    differ("month", shown(a.month.as_deref()), shown(b.month.as_deref()));
    differ(
        "hours_per_month",
        prior.hours_per_month.normalize().to_string(),
        proposed.hours_per_month.normalize().to_string(),
    );
    if let Some((x, y)) = price_dates(prior, proposed) {
        differ("prices", x, y);
    }
    out
}

/// The publication dates of the price files both sides used, when some file's date differs:
/// each side's distinct dates, oldest first (`2026-07-01, 2026-11-01`).
fn price_dates(prior: &Report, proposed: &Report) -> Option<(String, String)> {
    let dates = |r: &Report| -> BTreeMap<String, String> {
        r.pricing_sources.iter().map(|s| (s.file.clone(), s.as_of.clone())).collect()
    };
    let (a, b) = (dates(prior), dates(proposed));
    let mut da = BTreeSet::new();
    let mut db = BTreeSet::new();
    for (file, x) in &a {
        if let Some(y) = b.get(file)
            && x != y
        {
            da.insert(x.as_str());
            db.insert(y.as_str());
        }
    }
    if da.is_empty() {
        return None;
    }
    let join = |s: BTreeSet<&str>| s.into_iter().collect::<Vec<_>>().join(", ");
    Some((format!("as of {}", join(da)), format!("as of {}", join(db))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PricingSource;

    fn report(text: &str) -> Report {
        Report::from_json(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn empty() -> Report {
        report(
            r#"{"schema_version":1,"currency":"USD","hours_per_month":"730","inputs":{},"pricing_sources":[],
            "projects":[],"totals":{"monthly":"0","upfront":"0","by_service":{},"by_resource":{}},
            "summary":{"resources":0,"estimated":0,"free":0,"not_supported":0,"price_not_found":0,"usage_unknown":0},
            "warnings":[]}"#,
        )
    }

    #[test]
    fn a_scenario_against_requests_is_two_differences() {
        let mut a = empty();
        a.inputs.scenario = Some("credlink-100k".into());
        let mut b = empty();
        b.inputs.requests = Some("100k".into());
        let d = differences(&a, &b);
        let rows: Vec<(&str, &str, &str)> =
            d.iter().map(|d| (d.input.as_str(), d.prior.as_str(), d.proposed.as_str())).collect();
        assert_eq!(rows, vec![("scenario", "credlink-100k", "none"), ("requests", "none", "100k")]);
    }

    #[test]
    fn a_workspace_not_recorded_is_not_compared_and_price_dates_are() {
        let mut a = empty();
        let mut b = empty();
        b.inputs.workspace = Some("prod".into());
        assert!(differences(&a, &b).is_empty());
        a.inputs.workspace = Some("default".into());
        let source = |file: &str, as_of: &str| PricingSource {
            file: file.into(),
            source: "feed".into(),
            as_of: as_of.into(),
        };
        a.pricing_sources = vec![source("AmazonRDS/us-east-1.json", "2026-07-01")];
        b.pricing_sources = vec![
            source("AmazonRDS/us-east-1.json", "2026-11-01"),
            source("AmazonEC2/us-east-1.json", "2026-11-01"),
        ];
        let d = differences(&a, &b);
        let rows: Vec<(&str, &str, &str)> =
            d.iter().map(|d| (d.input.as_str(), d.prior.as_str(), d.proposed.as_str())).collect();
        assert_eq!(
            rows,
            vec![
                ("workspace", "default", "prod"),
                ("prices", "as of 2026-07-01", "as of 2026-11-01")
            ]
        );
    }
}
