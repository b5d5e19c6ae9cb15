//! HTML: one self-contained page (inline CSS and SVG, no script, no network) that prints well:
//! the sections of [`super::sections`] as tables, with three charts drawn by
//! [`crate::render::svg`]: budget / estimate / actual / forecast with the budget as a line,
//! spend by service, and month over month per service. Pure function of the model.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::model::MonthlyReport;
use super::sections::{Section, sections, subtitle, title};
use crate::render::html::STYLE;
use crate::render::page::{self, escape};
use crate::render::svg::{Marker, Series, bar_chart, grouped_bar_chart};

/// Bars per chart.
const MAX_BARS: usize = 12;

/// Styles the report adds to the estimate page's.
const REPORT_STYLE: &str = r"
.bar-alt { fill: #a7b9d6; }
.marker-line { stroke: #b83232; stroke-width: 2; stroke-dasharray: 5 3; }
.marker text { fill: #b83232; }
td.empty { color: #8a94a6; }
@media print { .bar-alt { fill: #bbb; } .marker-line { stroke: #000; } }
";

/// Escaped text with `code` spans (the sections write names in backticks, as Markdown does).
fn text(t: &str) -> String {
    let escaped = escape(t);
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, r#"<span class="code">{part}</span>"#);
        } else {
            out.push_str(part);
        }
    }
    out
}

fn table(out: &mut String, s: &Section) {
    if s.header.is_empty() || s.rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "<table>");
    let _ = write!(out, "<thead><tr>");
    for c in &s.header {
        let class = if c.numeric { r#" class="num""# } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(&c.text));
    }
    let _ = writeln!(out, "</tr></thead>");
    let _ = writeln!(out, "<tbody>");
    for row in &s.rows {
        let _ = write!(out, "<tr>");
        for c in row {
            let class = if c.numeric { r#" class="num""# } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", text(&c.text));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>");
    let _ = writeln!(out, "</table>");
}

fn charts(r: &MonthlyReport) -> String {
    let h = &r.headline;
    let mut out = String::new();
    let items = vec![
        ("Estimate".to_string(), vec![h.estimate]),
        ("Actual to date".to_string(), vec![h.actual]),
        ("Forecast".to_string(), vec![h.forecast]),
    ];
    let marker = h.budget.map(|b| Marker { label: "budget", value: b });
    let _ = writeln!(
        out,
        "{}",
        grouped_bar_chart(
            &format!("{}: budget, estimate, actual, forecast", r.month),
            &[Series { name: r.month.as_str(), class: "bar" }],
            &items,
            MAX_BARS,
            marker,
        )
    );
    let by_service: Vec<(String, Decimal)> = r
        .by_service
        .iter()
        .filter(|s| !s.actual.is_zero())
        .map(|s| (s.service.clone(), s.actual))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        bar_chart(&format!("Spend by service, {}", r.month), &by_service, MAX_BARS)
    );
    if let Some(m) = &r.movers {
        let rows: Vec<(String, Vec<Decimal>)> = r
            .by_service
            .iter()
            .filter(|s| !(s.actual.is_zero() && s.previous.is_none_or(|p| p.is_zero())))
            .map(|s| (s.service.clone(), vec![s.previous.unwrap_or_default(), s.actual]))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            grouped_bar_chart(
                "Month over month by service",
                &[
                    Series { name: m.previous_month.as_str(), class: "bar-alt" },
                    Series { name: r.month.as_str(), class: "bar" },
                ],
                &rows,
                MAX_BARS,
                None,
            )
        );
    }
    out
}

/// The report as a self-contained HTML page.
pub fn render(r: &MonthlyReport) -> String {
    let mut out = String::new();
    page::head(&mut out, &title(r), &format!("{STYLE}{REPORT_STYLE}"));
    let _ = writeln!(out, "<header>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title(r)));
    let _ = writeln!(out, r#"<p class="summary">{}</p>"#, text(&subtitle(r)));
    let _ = writeln!(out, "</header>");
    for (i, s) in sections(r).iter().enumerate() {
        let _ = writeln!(out, r#"<h2 id="{}">{}</h2>"#, s.id, text(&s.title));
        for p in &s.lead {
            let _ = writeln!(out, "<p>{}</p>", text(p));
        }
        table(&mut out, s);
        for p in &s.after {
            let _ = writeln!(out, "<p>{}</p>", text(p));
        }
        if i == 0 {
            let _ = writeln!(out, r#"<div class="charts">"#);
            out.push_str(&charts(r));
            let _ = writeln!(out, "</div>");
        }
    }
    let _ = writeln!(out, "<footer><p>Made by costplan report.</p></footer>");
    let _ = writeln!(out, "</body>");
    let _ = writeln!(out, "</html>");
    out
}
