//! What the markup formats (Markdown, HTML) share: the report as titled sections of tables and
//! sentences, with money rounded to cents and percentages written out. Each format only lays
//! these out (HTML adds its charts).

use rust_decimal::Decimal;

use super::model::{Change, MonthlyReport, Savings};
use crate::render::tabular::{money, quantity};

/// A table cell: text, and whether it is a number (right-aligned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
}

fn num(text: String) -> Cell {
    Cell { text, numeric: true }
}

fn txt(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), numeric: false }
}

/// One section: a title, sentences, and at most one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Stable anchor (`headline`, `by-service`, `by-tag-team` ...).
    pub id: String,
    pub title: String,
    /// Sentences before the table.
    pub lead: Vec<String>,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    /// Sentences after the table.
    pub after: Vec<String>,
}

impl Section {
    fn new(id: impl Into<String>, title: impl Into<String>) -> Section {
        Section {
            id: id.into(),
            title: title.into(),
            lead: Vec::new(),
            header: Vec::new(),
            rows: Vec::new(),
            after: Vec::new(),
        }
    }
}

/// A percentage (`12.5%`), `n/a` when it has no base.
pub fn pct(p: Option<Decimal>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p}%"))
}

/// A signed amount: `+$1.20`, `-$3.00`.
pub fn signed(amount: Decimal) -> String {
    let shown = money(amount);
    if amount > Decimal::ZERO && shown != "$0.00" { format!("+{shown}") } else { shown }
}

/// The report's title.
pub fn title(r: &MonthlyReport) -> String {
    format!("Monthly cost report: {}, {}", r.project, r.month)
}

/// The line under the title.
pub fn subtitle(r: &MonthlyReport) -> String {
    format!("Actual spend from {} · {} basis · {}", r.source, r.basis, r.currency)
}

fn change_rows(rows: &[Change]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|c| {
            vec![
                txt(c.service.clone()),
                num(money(c.previous)),
                num(money(c.actual)),
                num(signed(c.change)),
                num(c.percent.map_or_else(|| "new".to_string(), |p| format!("{p}%"))),
            ]
        })
        .collect()
}

/// The sections in reading order.
pub fn sections(r: &MonthlyReport) -> Vec<Section> {
    let mut out = vec![headline(r), by_service(r)];
    out.extend(by_tag(r));
    out.extend([movers(r), unit_cost(r), commitments(r), allocation(r), anomalies(r), savings(r)]);
    out.extend(notes(r));
    out
}

/// The headline: budget, estimate, actual, forecast, and actual against the estimate.
fn headline(r: &MonthlyReport) -> Section {
    let h = &r.headline;
    let mut s = Section::new("headline", "Headline");
    s.header = vec![txt(""), num("amount".into())];
    if let Some(b) = h.budget {
        s.rows.push(vec![txt("Budget"), num(money(b))]);
    }
    s.rows.push(vec![
        txt(format!("Estimate ({} hours)", h.days_in_month * 24)),
        num(money(h.estimate)),
    ]);
    s.rows.push(vec![
        txt(format!("Actual ({} of {} days)", h.days_with_data, h.days_in_month)),
        num(money(h.actual)),
    ]);
    s.rows.push(vec![txt("Forecast for the month"), num(money(h.forecast))]);
    if let Some(v) = h.budget_variance {
        let label =
            if v > Decimal::ZERO { "Forecast over budget" } else { "Forecast under budget" };
        s.rows.push(vec![txt(label), num(money(v.abs()))]);
    }
    s.after.push(format!("Forecast: {}.", h.forecast_method));
    match h.estimate_to_date {
        // A partial month against the estimate for the same days, and said so.
        Some(e) => s.after.push(format!(
            "Actual vs estimate for the {} day(s) with data ({}, the month's estimate prorated): {} ({}).",
            h.days_with_data,
            money(e),
            signed(h.actual - e),
            pct(super::build::percent(h.actual - e, e))
        )),
        None => s.after.push(format!(
            "Actual vs estimate: {} ({}).",
            signed(h.actual - h.estimate),
            pct(super::build::percent(h.actual - h.estimate, h.estimate))
        )),
    }
    s
}

/// Estimate against actual per service, with the previous month when it was read.
fn by_service(r: &MonthlyReport) -> Section {
    let mut s = Section::new("by-service", "By service");
    let prev = r.movers.as_ref().map(|m| m.previous_month.clone());
    s.header = vec![
        txt("service"),
        num("estimate".into()),
        num("actual".into()),
        num("delta".into()),
        num("%".into()),
    ];
    if let Some(p) = &prev {
        s.header.push(num(p.clone()));
    }
    for l in &r.by_service {
        let mut row = vec![
            txt(l.service.clone()),
            num(money(l.estimate)),
            num(money(l.actual)),
            num(signed(l.delta)),
            num(pct(l.percent)),
        ];
        if prev.is_some() {
            row.push(num(l.previous.map(money).unwrap_or_default()));
        }
        s.rows.push(row);
    }
    let h = &r.headline;
    if h.estimate_to_date.is_some() {
        s.after.push(format!(
            "The estimates are for the whole month; the actuals cover {} of {} days.",
            h.days_with_data, h.days_in_month
        ));
    }
    s
}

/// One section per allocation tag: actual spend per value.
fn by_tag(r: &MonthlyReport) -> Vec<Section> {
    r.by_tag
        .iter()
        .map(|t| {
            let mut s = Section::new(format!("by-tag-{}", t.key), format!("By tag `{}`", t.key));
            s.header = vec![txt(t.key.clone()), num("actual".into()), num("share".into())];
            s.rows = t
                .rows
                .iter()
                .map(|x| vec![txt(x.label.clone()), num(money(x.amount)), num(pct(x.percent))])
                .collect();
            s
        })
        .collect()
}

/// Services that moved most against the previous month.
fn movers(r: &MonthlyReport) -> Section {
    let h = &r.headline;
    let mut s = Section::new("movers", "Top movers");
    match &r.movers {
        Some(m) => {
            s.title = format!("Top movers against {}", m.previous_month);
            s.lead.push(format!(
                "{}: {} → {}: {} ({}).",
                m.previous_month,
                money(m.previous_total),
                money(h.actual),
                signed(h.actual - m.previous_total),
                pct(super::build::percent(h.actual - m.previous_total, m.previous_total))
            ));
            s.header = vec![
                txt("service"),
                num(m.previous_month.clone()),
                num(r.month.clone()),
                num("change".into()),
                num("%".into()),
            ];
            s.rows = change_rows(&m.rows);
            if m.rows.is_empty() {
                s.after.push("No service changed.".into());
            }
        }
        None => s.lead.push("No previous month was read (`--previous auto` reads it).".into()),
    }
    s
}

/// Cost per 1,000 requests: estimate, actual to date, forecast.
fn unit_cost(r: &MonthlyReport) -> Section {
    let mut s = Section::new("unit-cost", "Unit cost");
    match &r.unit_cost {
        Some(u) => {
            s.header = vec![txt(""), num("per 1,000 requests".into())];
            s.rows = vec![
                vec![txt("Estimate"), num(money(u.estimate_per_1000))],
                vec![txt("Actual to date"), num(money(u.actual_per_1000))],
                vec![txt("Forecast"), num(money(u.forecast_per_1000))],
            ];
            s.after.push(format!(
                "Requests: {} a month, from {} (modelled traffic, not measured).",
                quantity(u.requests),
                u.requests_source
            ));
        }
        None => s.lead.push("Not computed: the scenario has no request count.".into()),
    }
    s
}

/// Reserved Instance and Savings Plan coverage and utilisation.
fn commitments(r: &MonthlyReport) -> Section {
    let mut s = Section::new("commitments", "Commitments (Reserved Instances, Savings Plans)");
    match &r.commitments {
        Some(c) => {
            s.header = vec![txt(""), num("percent".into()), txt("from")];
            s.rows = vec![
                vec![
                    txt("Coverage"),
                    num(pct(c.coverage_percent)),
                    txt(format!(
                        "{} of {} eligible on-demand usage covered",
                        money(c.covered_on_demand),
                        money(c.eligible_on_demand)
                    )),
                ],
                vec![
                    txt("Utilisation"),
                    num(pct(c.utilisation_percent)),
                    txt(format!("{} used, {} unused", money(c.used), money(c.unused))),
                ],
            ];
        }
        None => s.lead.push("No Reserved Instance or Savings Plan lines in the month.".into()),
    }
    s
}

/// Spend carrying none of the allocation tags.
fn allocation(r: &MonthlyReport) -> Section {
    let mut s = Section::new("allocation", "Allocation hygiene");
    let a = &r.allocation;
    if a.tag_keys.is_empty() {
        s.lead.push("No allocation tag given (`--tag KEY`).".into());
    } else {
        s.lead.push(format!(
            "Untagged spend (none of {}): {} ({} of the month).",
            a.tag_keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
            money(a.untagged),
            pct(a.percent)
        ));
    }
    s
}

/// Services up more than the threshold against the previous month.
fn anomalies(r: &MonthlyReport) -> Section {
    let mut s = Section::new(
        "anomalies",
        format!("Anomalies (services up more than {}%)", r.anomalies.threshold_percent),
    );
    if !r.anomalies.compared {
        s.lead.push("Not computed: no previous month to compare with.".into());
    } else if r.anomalies.rows.is_empty() {
        s.lead.push("None.".into());
    } else {
        let prev = r.movers.as_ref().map_or_else(String::new, |m| m.previous_month.clone());
        s.header = vec![
            txt("service"),
            num(prev),
            num(r.month.clone()),
            num("change".into()),
            num("%".into()),
        ];
        s.rows = change_rows(&r.anomalies.rows);
    }
    s
}

/// The savings findings of `advise`, or why there are none.
fn savings(r: &MonthlyReport) -> Section {
    let mut s = Section::new("savings", "Savings");
    match &r.savings {
        Savings::NotComputed { reason } => s.lead.push(format!("Not computed: {reason}.")),
        Savings::Computed { findings, total } => {
            s.lead.push(format!("{} a month in {} finding(s).", money(*total), findings.len()));
            s.header = vec![txt("code"), txt("saving"), txt("resource"), num("monthly".into())];
            s.rows = findings
                .iter()
                .map(|f| {
                    vec![
                        txt(f.code.clone()),
                        txt(f.title.clone()),
                        txt(f.resource.clone()),
                        num(money(f.monthly_saving)),
                    ]
                })
                .collect();
        }
    }
    s
}

/// Warnings and notes, when there are any.
fn notes(r: &MonthlyReport) -> Option<Section> {
    if r.warnings.is_empty() && r.notes.is_empty() {
        return None;
    }
    let mut s = Section::new("notes", "Notes");
    s.lead.extend(r.warnings.iter().map(|w| format!("Warning: {w}")));
    s.lead.extend(r.notes.iter().cloned());
    Some(s)
}
