//! Computes the [`MonthlyReport`] from an estimate and actual lines.
//!
//! The rules, so that every renderer and the docs say the same thing:
//! - Estimate: the estimate report for the month's calendar hours, per service through
//!   [`crate::actuals::reconcile`] (the same comparison `costplan compare` prints).
//! - Forecast: the actual when every day of the month has data; the estimate when no day has
//!   data; otherwise from the daily lines ([`super::forecast`]): spend to date, with one-off
//!   charges billed on the 1st counted once, plus the recurring rate of the last days with data
//!   for the days without. A partial month's actual is compared with the estimate prorated to
//!   its days with data (`estimate_to_date` = estimate × days with data ÷ days in the month),
//!   never with the whole month's; the per-service rows keep the month's estimate and say so.
//! - Movers and anomalies: per service against the previous month; an anomaly is a service up
//!   more than the threshold (percent), or new this month.
//! - Commitments: coverage = on-demand value of covered usage ÷ on-demand value of eligible
//!   usage (covered usage families plus instance, Fargate and Lambda families); utilisation =
//!   used ÷ (used + unused), used being the amortised cost of covered usage and unused the
//!   amortised cost of the commitment fee lines (the CUR amortisation leaves exactly the unused
//!   part on them).
//! - Allocation: spend with none of the allocation tags is untagged.
//! - A source that cannot group by every key at once (Cost Explorer: two at most) gives the
//!   month several ways: by service and usage type (`current`: the estimate comparison, the
//!   totals, the movers), by the allocation tags (`tagged`) and by usage and line type
//!   (`by_line_type`); each section reads the set that has its keys.
//! - Unit cost: per 1,000 requests of the scenario (modelled traffic, not measured).
//! - Amounts stay computable: the costs of both months' lines (every grouping) and the budget
//!   must add up (in absolute value) to at most Decimal's range ÷ [`HEADROOM`], so that the sums,
//!   differences and the run-rate forecast (× at most 31) below stay in range; otherwise the
//!   report is an error naming the month and service, never a panic. A percentage or unit cost
//!   too large to represent (a tiny base) is left out.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::model::{
    Allocation, Anomalies, Change, Commitments, Headline, MonthlyReport, Movers, Savings,
    ServiceLine, Share, TagBreakdown, UnitCost,
};
use crate::actuals::aggregate::UNTAGGED_LABEL;
use crate::actuals::reconcile::{MatchOptions, ReconcileError, Row, reconcile, usage_family};
use crate::actuals::{ActualLine, Basis, LineType};
use crate::checked;
use crate::model::Report;

/// How many times the lines' costs must fit in Decimal's range (see the module doc).
const HEADROOM: u32 = 64;

/// Services listed as movers.
pub const TOP_MOVERS: usize = 5;

/// Usage-type families a Reserved Instance or Savings Plan can cover.
const ELIGIBLE_FAMILIES: &[&str] = &[
    "BoxUsage",
    "DedicatedUsage",
    "InstanceUsage",
    "Multi-AZUsage",
    "NodeUsage",
    "Fargate-vCPU-Hours",
    "Fargate-GB-Hours",
    "Fargate-ARM-vCPU-Hours",
    "Fargate-ARM-GB-Hours",
    "Lambda-GB-Second",
    "Lambda-GB-Second-ARM",
];

/// Everything a report is made of.
#[derive(Debug)]
pub struct Inputs<'a> {
    /// `YYYY-MM`.
    pub month: &'a str,
    pub days_in_month: u32,
    /// Days of the month with at least one line.
    pub days_with_data: u32,
    pub source: String,
    pub basis: Basis,
    pub estimate: &'a Report,
    /// Requests per month and where the number comes from.
    pub requests: Option<(Decimal, String)>,
    /// The month's lines (credits already filtered as the user chose), grouped at least by
    /// service and usage type, and by line type and the allocation tags unless `tagged` and
    /// `by_line_type` are given.
    pub current: &'a [ActualLine],
    /// The same month's lines grouped by the allocation tags, for the tag breakdowns and the
    /// untagged share, when `current` does not have them (Cost Explorer groups by at most two
    /// keys, so its report asks for the month several ways); `None`: `current`.
    pub tagged: Option<&'a [ActualLine]>,
    /// The same month's lines grouped by usage type and line type, for the commitments, when
    /// `current` does not have them; `None`: `current`.
    pub by_line_type: Option<&'a [ActualLine]>,
    /// The month's lines by day (`YYYY-MM-DD` periods, grouped at least by service), for the
    /// forecast of a partial month ([`super::forecast`]).
    pub daily: &'a [ActualLine],
    /// The previous month (`YYYY-MM`) and its lines.
    pub previous: Option<(String, &'a [ActualLine])>,
    pub budget: Option<Decimal>,
    /// Allocation tags (normalised keys), e.g. `env`, `team`.
    pub tag_keys: &'a [String],
    pub anomaly_threshold_percent: Decimal,
    pub savings: Savings,
    /// Notes and warnings of the sources.
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Reconcile(#[from] ReconcileError),
    #[error(
        "the spend of {month} overflows at {service}: the costs add up to more than costplan can \
         compute (about 7.9e28 ÷ {HEADROOM}); check the billing data"
    )]
    Overflow { month: String, service: String },
}

/// `part / whole × 100`, one decimal; `None` when `whole` is zero or the quotient is too large
/// to represent.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    let p = checked::div(part, whole).and_then(|q| checked::mul(q, Decimal::ONE_HUNDRED));
    p.ok().map(|p| p.round_dp(1).normalize())
}

/// Checks the bound of the module doc on both months' lines (every grouping) and the budget.
fn check_amounts(inputs: &Inputs<'_>) -> Result<(), ReportError> {
    let limit = checked::MAX_AMOUNT / Decimal::from(HEADROOM);
    let previous = inputs.previous.as_ref().map(|(m, lines)| (m.as_str(), *lines));
    // The month's other groupings (by tag, by line type, by day) are summed too: each counts.
    let regrouped = [inputs.tagged, inputs.by_line_type, Some(inputs.daily)].into_iter().flatten();
    let months = [(inputs.month, inputs.current)]
        .into_iter()
        .chain(regrouped.map(|lines| (inputs.month, lines)))
        .chain(previous);
    let mut sum = inputs.budget.unwrap_or_default().abs();
    for (month, lines) in months {
        for l in lines {
            let costs = [l.costs.invoice, l.costs.amortized, l.costs.list];
            for c in costs.into_iter().flatten() {
                sum = checked::add(sum, c.abs()).ok().filter(|s| *s <= limit).ok_or_else(|| {
                    ReportError::Overflow {
                        month: month.to_string(),
                        service: l.service.clone().unwrap_or_else(|| "(none)".into()),
                    }
                })?;
            }
        }
    }
    Ok(())
}

fn cost(line: &ActualLine, basis: Basis) -> Decimal {
    line.costs.get(basis).unwrap_or_default()
}

fn by_service(lines: &[ActualLine], basis: Basis) -> BTreeMap<String, Decimal> {
    let mut m = BTreeMap::new();
    for l in lines {
        let s = l.service.as_deref().map_or("(none)", crate::services::display_name).to_string();
        *m.entry(s).or_insert(Decimal::ZERO) += cost(l, basis);
    }
    m
}

/// Builds the report.
pub fn build(inputs: Inputs<'_>) -> Result<MonthlyReport, ReportError> {
    check_amounts(&inputs)?;
    let basis = inputs.basis;
    let (days, in_month) = (inputs.days_with_data, inputs.days_in_month);
    let hours = Decimal::from(in_month) * Decimal::from(24);
    let rec = reconcile(
        inputs.estimate,
        inputs.current,
        inputs.month,
        hours,
        basis,
        &MatchOptions::default(),
    )?;
    let actual = rec.total.actual;
    let estimate = rec.total.estimate;
    let mut headline = headline(&inputs, estimate, actual);
    // A partial month is compared with the estimate for its days with data (every component
    // accrues by the day, so prorated linearly), never with the whole month's.
    if days > 0 && days < in_month {
        headline.estimate_to_date = Some(estimate * Decimal::from(days) / Decimal::from(in_month));
    }
    let mut notes = inputs.notes;
    let mut warnings = inputs.warnings;

    let previous_services = inputs.previous.as_ref().map(|(_, lines)| by_service(lines, basis));
    let services = service_lines(&rec.by_service, previous_services.as_ref());

    let changes: Vec<Change> = services
        .iter()
        .filter_map(|s| {
            let previous = s.previous?;
            let change = s.actual - previous;
            Some(Change {
                service: s.service.clone(),
                previous,
                actual: s.actual,
                change,
                percent: percent(change, previous),
            })
        })
        .collect();
    let movers = inputs.previous.as_ref().map(|(month, lines)| {
        let mut rows: Vec<Change> =
            changes.iter().filter(|c| !c.change.is_zero()).cloned().collect();
        rows.sort_by(|a, b| b.change.abs().cmp(&a.change.abs()).then(a.service.cmp(&b.service)));
        rows.truncate(TOP_MOVERS);
        Movers {
            previous_month: month.clone(),
            previous_total: lines.iter().map(|l| cost(l, basis)).sum(),
            rows,
        }
    });
    if let Some((month, lines)) = &inputs.previous
        && lines.is_empty()
    {
        warnings.push(format!(
            "no spend found for the previous month {month}: movers and anomalies compare with nothing"
        ));
    }
    let compared = inputs.previous.as_ref().is_some_and(|(_, l)| !l.is_empty());
    let anomalies = anomalies(&changes, inputs.anomaly_threshold_percent, compared);

    let tagged = inputs.tagged.unwrap_or(inputs.current);
    let by_tag =
        inputs.tag_keys.iter().map(|key| tag_breakdown(tagged, key, basis, actual)).collect();
    let allocation = allocation(tagged, inputs.tag_keys, basis, actual);

    let unit_cost = inputs.requests.as_ref().and_then(|(requests, source)| {
        // A tiny request count can make the cost per 1,000 too large to represent: left out.
        let per = |amount: Decimal| {
            checked::div(amount, *requests).and_then(|a| checked::mul(a, Decimal::from(1000))).ok()
        };
        Some(UnitCost {
            requests: *requests,
            requests_source: source.clone(),
            actual_per_1000: per(actual)?,
            estimate_per_1000: per(estimate)?,
            forecast_per_1000: per(headline.forecast)?,
        })
    });
    if inputs.requests.is_none() {
        notes.push(
            "unit cost: the scenario has no request count (give --scenario or --requests)".into(),
        );
    }

    let by_line_type = inputs.by_line_type.unwrap_or(inputs.current);
    let commitments = commitments(by_line_type);
    if commitments.is_some() && by_line_type.iter().all(|l| l.costs.amortized.is_none()) {
        warnings.push(
            "commitment utilisation needs amortised costs, which this source does not give".into(),
        );
    }

    Ok(MonthlyReport {
        month: inputs.month.to_string(),
        currency: rec.currency.clone(),
        basis,
        source: inputs.source,
        project: inputs
            .estimate
            .projects
            .first()
            .map_or_else(|| "main".to_string(), |p| p.name.clone()),
        headline,
        by_service: services,
        by_tag,
        movers,
        unit_cost,
        commitments,
        allocation,
        anomalies,
        savings: inputs.savings,
        notes,
        warnings,
    })
}

/// Estimate against actual per service, with the previous month's spend when it was read
/// (services only the previous month has included), largest actual first.
fn service_lines(
    rows: &[Row],
    previous_services: Option<&BTreeMap<String, Decimal>>,
) -> Vec<ServiceLine> {
    let mut services: Vec<ServiceLine> = rows
        .iter()
        .map(|r| ServiceLine {
            service: r.key.clone(),
            estimate: r.estimate,
            actual: r.actual,
            delta: r.delta,
            percent: r.percent,
            previous: previous_services.map(|p| p.get(&r.key).copied().unwrap_or_default()),
        })
        .collect();
    // Services that only the previous month has.
    if let Some(prev) = previous_services {
        for (s, v) in prev {
            if !services.iter().any(|l| &l.service == s) && !v.is_zero() {
                services.push(ServiceLine {
                    service: s.clone(),
                    estimate: Decimal::ZERO,
                    actual: Decimal::ZERO,
                    delta: Decimal::ZERO,
                    percent: None,
                    previous: Some(*v),
                });
            }
        }
    }
    services.sort_by(|a, b| {
        b.actual.cmp(&a.actual).then(b.estimate.cmp(&a.estimate)).then(a.service.cmp(&b.service))
    });
    services
}

/// Services up by more than `threshold` percent (or new), largest increase first.
fn anomalies(changes: &[Change], threshold: Decimal, compared: bool) -> Anomalies {
    let mut rows: Vec<Change> = changes
        .iter()
        .filter(|c| c.change > Decimal::ZERO && c.percent.is_none_or(|p| p > threshold))
        .cloned()
        .collect();
    rows.sort_by(|a, b| b.change.cmp(&a.change).then(a.service.cmp(&b.service)));
    Anomalies { threshold_percent: threshold, compared, rows }
}

/// Spend carrying none of the allocation tags, and its share of the month.
fn allocation(
    tagged: &[ActualLine],
    tag_keys: &[String],
    basis: Basis,
    actual: Decimal,
) -> Allocation {
    let untagged: Decimal = tagged
        .iter()
        .filter(|l| tag_keys.iter().all(|k| l.tags.get(k).is_none_or(String::is_empty)))
        .map(|l| cost(l, basis))
        .sum();
    Allocation { tag_keys: tag_keys.to_vec(), untagged, percent: percent(untagged, actual) }
}

fn headline(inputs: &Inputs<'_>, estimate: Decimal, actual: Decimal) -> Headline {
    let (days, in_month) = (inputs.days_with_data, inputs.days_in_month);
    let mut one_offs = None;
    let mut daily_rate = None;
    let (forecast, method) = if days >= in_month {
        (actual, "the month is complete: forecast = actual".to_string())
    } else if days == 0 {
        (estimate, "no spend recorded yet: forecast = estimate".to_string())
    } else {
        let f = super::forecast::forecast(inputs.daily, in_month, inputs.basis);
        one_offs = Some(f.one_offs);
        daily_rate = Some(f.daily_rate);
        // The daily lines add up to the month's (the same data by day), so the spend to date
        // is `actual`; the forecast adds the recurring rate for the days without data.
        let left = in_month.saturating_sub(days);
        (
            actual + f.daily_rate * Decimal::from(left),
            format!(
                "spend to date (one-off charges billed on the 1st only, {}, counted once) + recurring spend of {}/day (average of the last {} day(s) with data) × {left} day(s) without data",
                crate::render::tabular::money(f.one_offs),
                crate::render::tabular::money(f.daily_rate),
                f.rate_days
            ),
        )
    };
    Headline {
        budget: inputs.budget,
        estimate,
        actual,
        forecast,
        forecast_method: method,
        days_with_data: days,
        days_in_month: in_month,
        budget_variance: inputs.budget.map(|b| forecast - b),
        estimate_to_date: None,
        one_offs,
        daily_rate,
    }
}

fn tag_breakdown(lines: &[ActualLine], key: &str, basis: Basis, total: Decimal) -> TagBreakdown {
    let mut m: BTreeMap<String, Decimal> = BTreeMap::new();
    for l in lines {
        let label = match l.tags.get(key) {
            Some(v) if !v.is_empty() => v.clone(),
            _ => UNTAGGED_LABEL.to_string(),
        };
        *m.entry(label).or_default() += cost(l, basis);
    }
    let mut rows: Vec<Share> = m
        .into_iter()
        .map(|(label, amount)| Share { label, amount, percent: percent(amount, total) })
        .collect();
    rows.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.label.cmp(&b.label)));
    TagBreakdown { key: key.to_string(), rows }
}

fn commitments(lines: &[ActualLine]) -> Option<Commitments> {
    let covered: Vec<&ActualLine> =
        lines.iter().filter(|l| l.line_type == Some(LineType::CoveredUsage)).collect();
    let fees: Vec<&ActualLine> =
        lines.iter().filter(|l| l.line_type == Some(LineType::CommitmentFee)).collect();
    if covered.is_empty() && fees.is_empty() {
        return None;
    }
    let family = |l: &ActualLine| l.usage_type.as_deref().map(usage_family);
    let covered_families: BTreeSet<String> = covered.iter().filter_map(|l| family(l)).collect();
    let eligible = |l: &ActualLine| {
        matches!(l.line_type, Some(LineType::Usage | LineType::CoveredUsage))
            && family(l).is_some_and(|f| {
                covered_families.contains(&f) || ELIGIBLE_FAMILIES.contains(&f.as_str())
            })
    };
    let list = |l: &ActualLine| l.costs.list.unwrap_or_default();
    let amortized = |l: &ActualLine| l.costs.amortized.unwrap_or_default();
    let covered_on_demand: Decimal = covered.iter().map(|l| list(l)).sum();
    let eligible_on_demand: Decimal = lines.iter().filter(|l| eligible(l)).map(list).sum();
    let used: Decimal = covered.iter().map(|l| amortized(l)).sum();
    let unused: Decimal = fees.iter().map(|l| amortized(l)).sum();
    Some(Commitments {
        covered_on_demand,
        eligible_on_demand,
        coverage_percent: percent(covered_on_demand, eligible_on_demand),
        used,
        unused,
        utilisation_percent: percent(used, used + unused),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actuals::line::Costs;
    use rust_decimal_macros::dec;

    fn estimate() -> Report {
        let totals = r#"{"monthly":"0","upfront":"0","by_service":{},"by_resource":{}}"#;
        let summary = r#"{"resources":0,"estimated":0,"free":0,"not_supported":0,"price_not_found":0,"usage_unknown":0}"#;
        let json = format!(
            r#"{{"schema_version":1,"currency":"USD","hours_per_month":"730","inputs":{{}},"pricing_sources":[],
            "projects":[{{"name":"main","resources":[],"totals":{totals},"summary":{summary}}}],
            "totals":{totals},"summary":{summary},"warnings":[]}}"#
        );
        Report::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
    }

    fn line(service: &str, cost: Decimal) -> ActualLine {
        ActualLine {
            period: "2026-10".into(),
            service: Some(service.into()),
            usage_type: Some("BoxUsage:t3.micro".into()),
            costs: Costs { invoice: Some(cost), amortized: Some(cost), list: None },
            currency: "USD".into(),
            ..Default::default()
        }
    }

    /// The inputs of a test month of October 2026: `days_with_data` days of `daily` lines.
    fn inputs<'a>(
        report: &'a Report,
        current: &'a [ActualLine],
        daily: &'a [ActualLine],
        days_with_data: u32,
    ) -> Inputs<'a> {
        Inputs {
            month: "2026-10",
            days_in_month: 31,
            days_with_data,
            source: "test".into(),
            basis: Basis::Invoice,
            estimate: report,
            requests: None,
            current,
            daily,
            tagged: None,
            by_line_type: None,
            previous: None,
            budget: None,
            tag_keys: &[],
            anomaly_threshold_percent: dec!(50),
            savings: Savings::NotComputed { reason: "test".into() },
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn run(report: &Report, current: &[ActualLine]) -> Result<MonthlyReport, ReportError> {
        // The same lines on the 3rd, the last day with data.
        let daily: Vec<ActualLine> = current
            .iter()
            .map(|l| ActualLine { period: "2026-10-03".into(), ..l.clone() })
            .collect();
        build(Inputs {
            requests: Some((dec!(0.000001), "test".into())),
            ..inputs(report, current, &daily, 3)
        })
    }

    #[test]
    fn spend_too_large_to_compute_is_an_error_naming_the_month_and_service() {
        let report = estimate();
        // Within the range, the forecast (the 3rd's rate × 28 more days) is computed; the cost per 1,000
        // of a millionth of a request is too large to represent and left out.
        // Each line counts four times (invoice and amortised cost, by month and by day): one
        // is 4/7 of the limit, two overflow at the last line by day, RDS.
        let big = checked::MAX_AMOUNT / Decimal::from(HEADROOM) / Decimal::from(7);
        let ok = run(&report, &[line("AmazonEC2", big)]).unwrap_or_else(|e| panic!("{e}"));
        assert!(ok.headline.forecast > big, "{:?}", ok.headline);
        assert_eq!(ok.unit_cost, None);
        let err = run(&report, &[line("AmazonEC2", big), line("AmazonRDS", big)]).err();
        let err = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("the spend of 2026-10 overflows at AmazonRDS"), "{err}");
    }

    /// Issue 21: 12 days of a month with a $150 support charge on the 1st and $8/day of
    /// usage. The run-rate forecast was 246 ÷ 12 × 31 = $635.50; the support charge is billed
    /// once, so the month is 150 + 31 × 8 = $398.
    #[test]
    fn a_partial_month_counts_one_offs_once() {
        let report = estimate();
        let day = |d: u32, service: &str, cost: Decimal| ActualLine {
            period: format!("2026-10-{d:02}"),
            ..line(service, cost)
        };
        let mut daily = vec![day(1, "AWSSupportBusiness", dec!(150))];
        daily.extend((1..=12).map(|d| day(d, "AmazonEC2", dec!(8))));
        let current = vec![line("AWSSupportBusiness", dec!(150)), line("AmazonEC2", dec!(96))];
        let r = build(inputs(&report, &current, &daily, 12)).unwrap_or_else(|e| panic!("{e}"));
        let h = &r.headline;
        assert_eq!(h.actual, dec!(246));
        assert_eq!(h.forecast, dec!(398));
        assert_eq!((h.one_offs, h.daily_rate), (Some(dec!(150)), Some(dec!(8))));
        assert!(h.forecast_method.starts_with("spend to date"), "{}", h.forecast_method);
        assert_eq!(h.estimate_to_date, Some(Decimal::ZERO));
    }

    #[test]
    fn percentages_of_a_tiny_base_are_left_out() {
        assert_eq!(percent(dec!(1), dec!(4)), Some(dec!(25)));
        assert_eq!(percent(dec!(1), Decimal::ZERO), None);
        assert_eq!(percent(checked::MAX_AMOUNT, dec!(0.001)), None);
    }
}
