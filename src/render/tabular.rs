//! The tabular logic the human formats (table, markdown, HTML) share: what each cell of a
//! resource tree says, how money, prices and quantities are written, the summary line, the
//! totals by service and by resource, the Savings section of a report with advice, and the
//! footer, the warnings as listed. Each format only lays these out.
//!
//! First run: when no traffic was given (no `--scenario`, `--requests` or `--usage-file`), the
//! `usage-unknown` warnings, one per component, are listed as one line saying how to give it
//! ([`listed_warnings`]); the components still say "usage unknown" in the tables, and JSON keeps
//! every warning. The footer's `Traffic:` line shows the traffic assumptions in use.
//!
//! Rounding happens here and only here: money to cents (half away from zero, the way a hand
//! computation rounds), quantities to 4 decimals; prices per unit are shown exactly, since a
//! rate of `$0.0000166667` rounded to cents would read as free.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{
    Bucket, Component, Inputs, PriceStatus, Project, Report, ReportWarning, ResourceCost, Summary,
    Unsupported,
};
use crate::usage::UsageSource;

/// Money rounded to cents with thousands separators: `$1,234.57`, `-$3.00`.
pub fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    format!("{sign}${}", grouped(&format!("{:.2}", rounded.abs())))
}

/// A price per unit, exact, with at least the two decimals of [`money`] so that a price and a
/// cost read alike (`$3.00` per month, never `$3` beside `$3.00`): `$0.045`, `$0.0000166667`,
/// `$0.00`.
pub fn price(rate: Decimal) -> String {
    let sign = if rate.is_sign_negative() && !rate.is_zero() { "-" } else { "" };
    let exact = rate.abs().normalize();
    let text = if exact.scale() < 2 { format!("{exact:.2}") } else { exact.to_string() };
    format!("{sign}${}", grouped(&text))
}

/// A quantity rounded to 4 decimals, trailing zeros dropped: `1,460`, `0.0668`.
pub fn quantity(q: Decimal) -> String {
    let rounded = q.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero).normalize();
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    let text = rounded.abs().to_string();
    // A non-zero quantity below the display precision must not read as zero.
    if rounded.is_zero() && !q.is_zero() {
        return format!("{q}");
    }
    format!("{sign}{}", grouped(&text))
}

/// Inserts thousands separators into the integer part of an unsigned decimal string.
fn grouped(text: &str) -> String {
    let (int, frac) = text.split_once('.').map_or((text, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The singular of a plural display unit, for "per unit": `hours` → `hour`, `GB-months` →
/// `GB-month`; units with a multiplier (`1M requests`) and acronyms (`GB`, `IOPS`) stay.
pub fn unit_singular(unit: &str) -> String {
    if unit.starts_with(|c: char| c.is_ascii_digit()) {
        return unit.to_string();
    }
    let mut chars: Vec<char> = unit.chars().collect();
    let n = chars.len();
    if n > 2 && chars[n - 1] == 's' && chars[n - 2].is_ascii_lowercase() {
        chars.pop();
    }
    chars.into_iter().collect()
}

/// Counts with the right plural: `1 resource`, `2 resources`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How a component's cost cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostState {
    /// A monthly cost in money.
    Priced,
    /// "depends on usage: $x per unit".
    UsageUnknown,
    /// "price not found" (or ambiguous).
    NotFound,
}

/// The display cells of one component, plus the lines shown under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells {
    pub name: String,
    pub quantity: String,
    pub unit: String,
    pub price: String,
    pub cost: String,
    pub state: CostState,
    /// Things a reader must see next to the line: why a price was not found and the closest
    /// known values, a free allowance, a reserved upfront fee.
    pub notes: Vec<String>,
    /// How the quantity was derived, with where the usage came from (`--explain`).
    pub formula: Option<String>,
}

/// The cells of one component.
pub fn component_cells(c: &Component) -> Cells {
    let mut notes = Vec::new();
    let (cost, state) = match &c.price_status {
        PriceStatus::Found => match c.monthly_cost {
            Some(m) => (money(m), CostState::Priced),
            // A found price without a cost would be a producer bug; never show it as $0.
            None => ("cost not known".to_string(), CostState::UsageUnknown),
        },
        // No usage key: the configuration gives the quantity in a form that cannot be priced
        // (a negative size, a word); the formula says which attribute.
        PriceStatus::UsageUnknown if c.usage_key.is_none() && !c.usage_based => {
            notes.extend(c.formula.clone());
            ("quantity not known".to_string(), CostState::UsageUnknown)
        }
        PriceStatus::UsageUnknown => {
            let per = unit_singular(&c.unit);
            let text = match c.price {
                Some(p) => format!("depends on usage: {} per {per}", price(p)),
                None => "depends on usage".to_string(),
            };
            if let Some(key) = &c.usage_key {
                notes.push(format!(
                    "set usage key `{key}` in the scenario or usage file to price it"
                ));
            }
            (text, CostState::UsageUnknown)
        }
        PriceStatus::NotFound { hint, closest } => {
            let mut note = format!("price not found: {hint}");
            if !closest.is_empty() {
                note.push_str(&format!(" (closest known: {})", closest.join(", ")));
            }
            notes.push(note);
            ("price not found".to_string(), CostState::NotFound)
        }
        PriceStatus::Ambiguous { candidates } => {
            notes.push(format!("price ambiguous: matches {}", candidates.join(", ")));
            ("price not found".to_string(), CostState::NotFound)
        }
    };
    if let Some(free) = &c.free_allowance {
        notes.push(format!("{}: {} {} not charged", free.note, quantity(free.quantity), c.unit));
    }
    if let Some(upfront) = c.upfront {
        notes.push(format!("{} upfront, amortised into the price", money(upfront)));
    }
    let formula = c.formula.as_ref().map(|f| {
        let mut text = f.clone();
        if let Some(source) = c.usage_source {
            text.push_str(match source {
                UsageSource::Explicit => " (given)",
                UsageSource::Scenario => " (scenario)",
                UsageSource::Default => " (default assumption)",
            });
        }
        if c.tiers.len() > 1 {
            let parts: Vec<String> = c
                .tiers
                .iter()
                .map(|t| format!("{} × {}", quantity(t.quantity), price(t.price)))
                .collect();
            text.push_str(&format!("; tiers: {}", parts.join(" + ")));
        }
        text
    });
    Cells {
        name: c.name.clone(),
        quantity: c.quantity.map(quantity).unwrap_or_default(),
        unit: c.unit.clone(),
        price: c.price.map(price).unwrap_or_default(),
        cost,
        state,
        notes,
        formula,
    }
}

/// The monthly cost of a resource as shown on its line: `$12.00`, or `$12.00 + unknown` when
/// some component has no cost (the amount is then a lower bound).
pub fn resource_cost(res: &ResourceCost) -> String {
    if res.incomplete {
        format!("{} + unknown", money(res.monthly_cost))
    } else {
        money(res.monthly_cost)
    }
}

/// One line of a resource tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    /// Tree drawing before the name: `""`, `"├─ "`, `"│  └─ "`.
    pub prefix: String,
    /// Tree drawing before the lines under this one (notes, formula).
    pub detail_prefix: String,
    pub kind: LineKind,
    pub cells: Cells,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Resource,
    Subresource,
    Component,
}

/// The tree of an estimated resource: its line, its components, its subresources with theirs.
pub fn resource_tree(res: &ResourceCost) -> Vec<TreeLine> {
    let mut lines = vec![TreeLine {
        prefix: String::new(),
        detail_prefix: "   ".into(),
        kind: LineKind::Resource,
        cells: Cells {
            name: res.address.clone(),
            quantity: String::new(),
            unit: String::new(),
            price: String::new(),
            cost: resource_cost(res),
            state: if res.incomplete { CostState::UsageUnknown } else { CostState::Priced },
            notes: Vec::new(),
            formula: None,
        },
    }];
    let children = res.components.len() + res.subresources.len();
    let branch =
        |i: usize, n: usize| if i + 1 == n { ("└─ ", "   ") } else { ("├─ ", "│  ") };
    for (i, c) in res.components.iter().enumerate() {
        let (head, cont) = branch(i, children);
        lines.push(TreeLine {
            prefix: head.into(),
            detail_prefix: format!("{cont}   "),
            kind: LineKind::Component,
            cells: component_cells(c),
        });
    }
    for (j, sub) in res.subresources.iter().enumerate() {
        let (head, cont) = branch(res.components.len() + j, children);
        let incomplete = sub.components.iter().any(|c| c.monthly_cost.is_none());
        lines.push(TreeLine {
            prefix: head.into(),
            detail_prefix: format!("{cont}   "),
            kind: LineKind::Subresource,
            cells: Cells {
                name: sub.name.clone(),
                quantity: String::new(),
                unit: String::new(),
                price: String::new(),
                cost: if incomplete {
                    format!("{} + unknown", money(sub.monthly_cost))
                } else {
                    money(sub.monthly_cost)
                },
                state: CostState::Priced,
                notes: Vec::new(),
                formula: None,
            },
        });
        for (k, c) in sub.components.iter().enumerate() {
            let (head2, cont2) = branch(k, sub.components.len());
            lines.push(TreeLine {
                prefix: format!("{cont}{head2}"),
                detail_prefix: format!("{cont}{cont2}   "),
                kind: LineKind::Component,
                cells: component_cells(c),
            });
        }
    }
    lines
}

/// Estimated resources of a project, in address order (the order of the report).
pub fn estimated(project: &Project) -> impl Iterator<Item = &ResourceCost> {
    project.resources.iter().filter(|r| r.bucket == Bucket::Estimated)
}

/// Free then not-supported resources of the report, each in address order.
pub fn skipped(report: &Report) -> Vec<&ResourceCost> {
    let mut out: Vec<&ResourceCost> =
        report.resources().filter(|r| r.bucket == Bucket::Free).collect();
    out.extend(report.resources().filter(|r| r.bucket == Bucket::NotSupported));
    out
}

/// The summary line: `12 resources estimated, 1 price not found, 2 usage unknown, 30 free,
/// 2 not supported` (`(1 of an unknown type)` when the AWS provider costplan knows lacks a type).
pub fn summary_line(s: &Summary) -> String {
    let unknown = if s.unknown_type > 0 {
        format!(" ({} of an unknown type)", s.unknown_type)
    } else {
        String::new()
    };
    format!(
        "{} estimated, {} not found, {} unknown, {} free, {} not supported{unknown}",
        plural(s.estimated, "resource", "resources"),
        plural(s.price_not_found, "price", "prices"),
        plural(s.usage_unknown, "usage", "usages"),
        s.free,
        s.not_supported
    )
}

/// What a skipped resource is, for the Outcome column: `free`, `not supported yet (costs
/// money)`, `not supported`, or `unknown type`.
pub fn outcome(r: &ResourceCost) -> &'static str {
    match (&r.bucket, &r.unsupported) {
        (Bucket::Free, _) => "free",
        (_, Some(Unsupported::NotYet { .. })) => "not supported yet (costs money)",
        (_, Some(Unsupported::UnknownType { .. })) => "unknown type",
        _ => "not supported",
    }
}

/// Whether the total is a lower bound: a component has no cost, or a resource or module is not
/// in it.
pub fn total_is_lower_bound(report: &Report) -> bool {
    lower_bound(&report.summary, report.resources())
}

fn lower_bound<'a>(
    summary: &Summary,
    mut resources: impl Iterator<Item = &'a ResourceCost>,
) -> bool {
    !summary.not_included().is_empty() || resources.any(|r| r.incomplete)
}

/// `$166.12 per month`, with `at least` and what is left out when the total is a lower bound,
/// and the upfront fees when there are any.
pub fn total_text(report: &Report) -> String {
    let mut text = format!("{} per month", money(report.totals.monthly));
    if total_is_lower_bound(report) {
        let left_out = report.summary.not_included();
        text = if left_out.is_empty() {
            format!("at least {text} (some costs are not known, see below)")
        } else {
            format!("at least {text} (not included: {}; see below)", left_out.join(", "))
        };
    }
    if !report.totals.upfront.is_zero() {
        text.push_str(&format!(", plus {} upfront", money(report.totals.upfront)));
    }
    text
}

/// The total as a bare amount for titles: `$166.12`, or `at least $166.12` when it is a lower
/// bound.
pub fn amount(report: &Report) -> String {
    bounded(report.totals.monthly, total_is_lower_bound(report))
}

/// A project's total as a bare amount, `at least` when that project's total is a lower bound.
pub fn project_amount(project: &Project) -> String {
    bounded(project.totals.monthly, lower_bound(&project.summary, project.resources.iter()))
}

fn bounded(monthly: Decimal, lower_bound: bool) -> String {
    if lower_bound { format!("at least {}", money(monthly)) } else { money(monthly) }
}

/// Monthly cost by service, largest first (ties by name), with display names.
pub fn by_service(report: &Report) -> Vec<(String, Decimal)> {
    sorted_desc(
        report
            .totals
            .by_service
            .iter()
            .map(|(code, cost)| (crate::services::display_name(code).to_string(), *cost)),
    )
}

/// Monthly cost by resource address, largest first (ties by address).
pub fn by_resource(report: &Report) -> Vec<(String, Decimal)> {
    sorted_desc(report.totals.by_resource.iter().map(|(a, c)| (a.clone(), *c)))
}

fn sorted_desc(items: impl Iterator<Item = (String, Decimal)>) -> Vec<(String, Decimal)> {
    let mut v: Vec<(String, Decimal)> = items.collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// How to give traffic, said where usage is unknown because none was given.
pub const GIVE_TRAFFIC: &str =
    "give it with `--requests 100k` (or `50/s`), `--scenario FILE|NAME` or `--usage-file FILE`";

/// No traffic was given: no scenario, request count or usage file (for a `costplan.yml`, the
/// projects may set their own, so it is not known here and counts as given).
pub fn no_traffic_given(i: &Inputs) -> bool {
    i.config.is_none() && i.scenario.is_none() && i.requests.is_none() && i.usage_file.is_none()
}

/// The warnings the human formats list: every warning, except that without traffic the
/// `usage-unknown` ones become one line saying how to give it.
pub fn listed_warnings(report: &Report) -> Vec<ReportWarning> {
    const UNKNOWN: &str = "usage-unknown";
    let unknown = report.warnings.iter().filter(|w| w.code == UNKNOWN).count();
    if unknown == 0 || !no_traffic_given(&report.inputs) {
        return report.warnings.clone();
    }
    let mut out: Vec<ReportWarning> =
        report.warnings.iter().filter(|w| w.code != UNKNOWN).cloned().collect();
    out.push(ReportWarning {
        code: UNKNOWN.into(),
        message: format!(
            "{} depend on traffic and no traffic was given (they say \"depends on usage\" above): {GIVE_TRAFFIC}",
            plural(unknown, "component", "components")
        ),
        address: None,
        location: None,
    });
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// The footer: where the prices come from and as of when, the month length, the traffic, the
/// inputs.
pub fn footer_lines(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    // Group the price files by source and date so that the footer stays one line per source.
    let mut groups: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for s in &report.pricing_sources {
        *groups.entry((s.source.as_str(), s.as_of.as_str())).or_default() += 1;
    }
    if groups.is_empty() {
        lines.push(format!(
            "Prices: AWS list prices in {}; no price file was used.",
            report.currency
        ));
    } else {
        let parts: Vec<String> = groups
            .iter()
            .map(|((source, as_of), n)| {
                format!("{source} as of {as_of} ({})", plural(*n, "file", "files"))
            })
            .collect();
        lines.push(format!(
            "Prices: AWS list prices in {}, {}.",
            report.currency,
            parts.join("; ")
        ));
    }
    let mut month = format!("Month: {} hours", report.hours_per_month.normalize());
    if let Some(m) = &report.inputs.month {
        month.push_str(&format!(" ({m})"));
    }
    if report.inputs.free_tier {
        month.push_str("; account free-tier allowances subtracted");
    }
    lines.push(format!("{month}."));
    let i = &report.inputs;
    let mut traffic = Vec::new();
    if let Some(s) = &i.scenario {
        traffic.push(format!("scenario {s}"));
    }
    if let Some(r) = &i.requests {
        traffic.push(format!("{r} requests per month"));
    }
    if let Some(u) = &i.usage_file {
        traffic.push(format!("usage file {u}"));
    }
    if no_traffic_given(i) {
        lines.push(format!(
            "Traffic: none given (the built-in default profile, with no request count); {GIVE_TRAFFIC}."
        ));
    } else if !traffic.is_empty() {
        lines.push(format!("Traffic: {}.", traffic.join(", ")));
    }
    let mut inputs = Vec::new();
    if let Some(p) = &i.path {
        inputs.push(format!("path {p}"));
    }
    if let Some(p) = &i.plan {
        inputs.push(format!("plan {p}"));
    }
    for f in &i.var_files {
        inputs.push(format!("var file {f}"));
    }
    for (k, v) in &i.vars {
        inputs.push(format!("var {k}={v}"));
    }
    if let Some(r) = &i.region {
        inputs.push(format!("region {r}"));
    }
    if !inputs.is_empty() {
        lines.push(format!("Inputs: {}.", inputs.join(", ")));
    }
    lines
}

/// `main.tf:12` for a resource, or the address when the location is unknown.
pub fn warning_place(w: &crate::model::ReportWarning) -> String {
    match (&w.address, &w.location) {
        (Some(a), Some(l)) => format!("{a} ({l})"),
        (Some(a), None) => a.clone(),
        (None, Some(l)) => l.to_string(),
        (None, None) => String::new(),
    }
}

/// Findings listed one by one in the human formats' Savings section; the rest are counted.
pub const TOP_FINDINGS: usize = 5;

/// The Savings section of the human formats (a report with `advice`: `estimate --advise`, or
/// a saved `advise --format json`), as plain text: each format lays it out and adds its own
/// pointer to `costplan advise` for the patches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingsSection {
    /// `3 findings save $120.00 a month ($1,440.00 a year) applied together.`
    pub headline: String,
    /// The environment the rules saw, and caveats on the total (overlaps, adjustments,
    /// candidates not recommended).
    pub notes: Vec<String>,
    /// The largest findings: code, address, monthly saving (money text).
    pub top: Vec<[String; 3]>,
    /// Findings not in `top`.
    pub more: usize,
}

/// The Savings section of `report`, or `None` when the report carries no advice. The total is
/// the engine's (every finding applied at once), never a sum of the findings.
pub fn savings(report: &Report) -> Option<SavingsSection> {
    let advice = report.advice.as_ref()?;
    let n = advice.findings.len();
    let total = &advice.total;
    let headline = if n == 0 {
        format!("No saving found by the {} run.", plural(advice.rules_run.len(), "rule", "rules"))
    } else {
        format!(
            "{} save {} a month ({} a year) applied together.",
            plural(n, "finding", "findings"),
            money(total.monthly_saving),
            money(total.yearly_saving)
        )
    };
    // The evidence names the classification (`non-production: var file `dev.tfvars``).
    let mut notes = vec![format!("Environment: {}.", advice.environment.evidence)];
    if !advice.combined.is_empty() {
        notes.push(format!(
            "{} more than one finding: their savings overlap, so the total is less than the sum of the findings.",
            plural(advice.combined.len(), "resource has", "resources have")
        ));
    }
    if !total.adjustments.is_zero() {
        notes.push(format!(
            "The estimate drops by {}; {} of costs it does not model (such as cross-AZ transfer) are counted against that.",
            money(total.estimate_change),
            money(total.adjustments)
        ));
    }
    if !advice.skipped.is_empty() {
        notes.push(format!(
            "{} not recommended.",
            plural(advice.skipped.len(), "candidate was", "candidates were")
        ));
    }
    let top = advice
        .findings
        .iter()
        .take(TOP_FINDINGS)
        .map(|f| [f.code.clone(), f.address.clone(), money(f.monthly_saving)])
        .collect();
    Some(SavingsSection { headline, notes, top, more: n.saturating_sub(TOP_FINDINGS) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn money_rounds_half_away_from_zero_and_groups_thousands() {
        assert_eq!(money(d("65.7")), "$65.70");
        assert_eq!(money(d("0.005")), "$0.01");
        assert_eq!(money(d("1234567.894")), "$1,234,567.89");
        assert_eq!(money(d("-3")), "-$3.00");
        assert_eq!(money(d("-0.001")), "$0.00");
    }

    #[test]
    fn prices_are_exact_and_quantities_keep_small_values_visible() {
        assert_eq!(price(d("0.0000166667")), "$0.0000166667");
        assert_eq!(price(d("0.0450")), "$0.045");
        // Never fewer decimals than a cost: `$3.00` beside a cost of `$3.00`, not `$3`.
        assert_eq!(price(d("3")), "$3.00");
        assert_eq!(price(d("0")), "$0.00");
        assert_eq!(price(d("0.5")), "$0.50");
        assert_eq!(price(d("1234.5")), "$1,234.50");
        assert_eq!(quantity(d("1460.000")), "1,460");
        assert_eq!(quantity(d("0.06683593")), "0.0668");
        assert_eq!(quantity(d("0.00001")), "0.00001");
    }

    #[test]
    fn units_become_singular_only_when_plural_words() {
        assert_eq!(unit_singular("hours"), "hour");
        assert_eq!(unit_singular("GB-months"), "GB-month");
        assert_eq!(unit_singular("GB"), "GB");
        assert_eq!(unit_singular("IOPS"), "IOPS");
        assert_eq!(unit_singular("1M requests"), "1M requests");
    }

    fn report_with(advice: Option<crate::advise::Advice>) -> Report {
        Report {
            schema_version: crate::model::SCHEMA_VERSION,
            currency: "USD".into(),
            hours_per_month: Decimal::from(730),
            inputs: crate::model::Inputs::default(),
            pricing_sources: Vec::new(),
            projects: Vec::new(),
            totals: crate::model::Totals::default(),
            summary: Summary::default(),
            warnings: Vec::new(),
            advice,
        }
    }

    #[test]
    fn savings_section_only_with_advice_and_says_when_nothing_was_found() {
        assert_eq!(savings(&report_with(None)), None);
        let advice = crate::advise::Advice {
            environment: crate::advise::EnvironmentInfo {
                production: true,
                evidence: "production: workspace `prod`".into(),
            },
            rules_run: vec!["CP101".into(), "CP105".into()],
            findings: Vec::new(),
            combined: Vec::new(),
            total: crate::advise::TotalSaving::default(),
            skipped: Vec::new(),
        };
        let section = savings(&report_with(Some(advice))).expect("a section");
        assert_eq!(section.headline, "No saving found by the 2 rules run.");
        assert_eq!(section.notes, ["Environment: production: workspace `prod`."]);
        assert!(section.top.is_empty() && section.more == 0);
    }
}
