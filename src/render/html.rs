//! HTML: one self-contained page (inline CSS and SVG, no script, no network, no external font)
//! that opens from a file and prints well. The total and summary first, the savings (a report
//! with advice: `estimate --advise`), bar charts of the cost
//! by service and by resource, the resource trees with every formula shown under its
//! component, the warnings, every skipped resource with why, and the footer with the price
//! sources.

use std::fmt::Write as _;

use super::page::{self, escape};
use super::svg;
use super::tabular::{self, CostState, LineKind};
use crate::model::{Bucket, Report};

/// Bars per chart before the rest are grouped.
const MAX_BARS: usize = 15;

/// Tables use a fixed layout with percentage column widths, and every cell may break long words:
/// addresses, formulas and "depends on usage: $X per unit" texts wrap inside their column
/// instead of widening the table past the page (on screen and on paper).
pub(crate) const STYLE: &str = r"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d2430; margin: 2rem auto; max-width: 1100px; padding: 0 1.5rem; line-height: 1.4; font-size: 14px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d8dde6; padding-bottom: .25rem; }
.total { font-size: 1.5rem; font-weight: 650; margin: .5rem 0 .25rem; }
.summary { color: #4a5568; margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.chart { max-width: 100%; height: auto; }
.chart-title { font-size: 13px; font-weight: 600; fill: #1d2430; }
.chart-label { font-size: 11px; fill: #2d3748; }
.chart-value { font-size: 11px; fill: #2d3748; font-variant-numeric: tabular-nums; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.bar { fill: #3b6fb6; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; table-layout: fixed; }
th, td { padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th.qty { width: 10%; } th.unit { width: 12%; } th.price { width: 10%; } th.cost { width: 16%; }
th.outcome { width: 9rem; } th.address { width: 40%; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #4a5568; border-bottom: 2px solid #c3cad6; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; overflow-wrap: normal; }
td.num .unknown { white-space: normal; }
tr.resource td { border-top: 1px solid #d8dde6; font-weight: 600; padding-top: .55rem; }
tr.subresource td { font-style: italic; }
td.depth1 { padding-left: 1.5rem; }
td.depth2 { padding-left: 3rem; }
.tree { color: #8a94a6; }
.note { display: block; font-weight: 400; font-size: .8rem; color: #9c4221; }
.formula { display: block; font-weight: 400; font-size: .78rem; color: #5a6475; font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }
.unknown { color: #9c4221; font-weight: 600; }
.code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .85em; background: #eef1f5; padding: 0 .25em; border-radius: 3px; }
ul.warnings { padding-left: 1.2rem; }
footer { margin-top: 2rem; color: #4a5568; font-size: .8rem; border-top: 1px solid #d8dde6; padding-top: .5rem; }
footer p { margin: .2rem 0; }
@page { margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  th, td { padding: .25rem .3rem; }
  th.qty, th.price { width: 11%; }
  h2 { break-after: avoid; }
  tr, .chart, li { break-inside: avoid; }
  thead { display: table-header-group; }
  .bar { fill: #555; }
}
";

/// The report as a self-contained HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let total = tabular::total_text(report);
    let title = format!("Cost estimate: {}", tabular::amount(report));
    page::head(&mut out, &title, STYLE);
    let _ = writeln!(out, "<header>");
    let _ = writeln!(out, "<h1>Cost estimate</h1>");
    let _ = writeln!(out, r#"<p class="total">{}</p>"#, escape(&total));
    let _ = writeln!(
        out,
        r#"<p class="summary">{}</p>"#,
        escape(&tabular::summary_line(&report.summary))
    );
    let _ = writeln!(out, "</header>");
    write_savings(&mut out, report);

    let _ = writeln!(out, "<h2>Where the money goes</h2>");
    let _ = writeln!(out, r#"<div class="charts">"#);
    let _ = writeln!(
        out,
        "{}",
        svg::bar_chart("Monthly cost by service", &tabular::by_service(report), MAX_BARS)
    );
    let _ = writeln!(
        out,
        "{}",
        svg::bar_chart("Monthly cost by resource", &tabular::by_resource(report), MAX_BARS)
    );
    let _ = writeln!(out, "</div>");

    write_resources(&mut out, report);
    write_warnings(&mut out, report);
    write_skipped(&mut out, report);

    let _ = writeln!(out, "<footer>");
    for line in tabular::footer_lines(report) {
        let _ = writeln!(out, "<p>{}</p>", escape(&line));
    }
    let _ = writeln!(
        out,
        "<p>Made by costplan from the saved report (schema version {}).</p>",
        report.schema_version
    );
    let _ = writeln!(out, "</footer>");
    let _ = writeln!(out, "</body>");
    let _ = writeln!(out, "</html>");
    out
}

/// One table of priced resources and their components per project.
fn write_resources(out: &mut String, report: &Report) {
    let multi = report.projects.len() > 1;
    for project in &report.projects {
        if multi {
            let _ = writeln!(out, "<h2>Resources of {}</h2>", escape(&project.name));
        } else {
            let _ = writeln!(out, "<h2>Resources</h2>");
        }
        let lines: Vec<_> = tabular::estimated(project).flat_map(tabular::resource_tree).collect();
        if lines.is_empty() {
            let _ = writeln!(out, "<p>No resource to estimate.</p>");
            continue;
        }
        let _ = writeln!(out, "<table>");
        let _ = writeln!(
            out,
            r#"<thead><tr><th>Resource / component</th><th class="num qty">Monthly qty</th><th class="unit">Unit</th><th class="num price">Price</th><th class="num cost">Monthly cost</th></tr></thead>"#
        );
        let _ = writeln!(out, "<tbody>");
        for line in &lines {
            let c = &line.cells;
            let (class, depth) = match line.kind {
                LineKind::Resource => ("resource", 0),
                LineKind::Subresource => ("subresource", 1),
                LineKind::Component => ("component", line.prefix.chars().count() / 3),
            };
            let mut name = String::new();
            if !line.prefix.is_empty() {
                let _ = write!(
                    name,
                    r#"<span class="tree">{}</span>"#,
                    escape(line.prefix.trim_start_matches([' ', '│']))
                );
            }
            name.push_str(&escape(&c.name));
            for note in &c.notes {
                let _ = write!(name, r#"<span class="note">⚠ {}</span>"#, escape(note));
            }
            if let Some(f) = &c.formula {
                let _ = write!(name, r#"<span class="formula">= {}</span>"#, escape(f));
            }
            let cost = if c.state == CostState::Priced {
                escape(&c.cost)
            } else {
                format!(r#"<span class="unknown">{}</span>"#, escape(&c.cost))
            };
            if c.quantity.is_empty() && c.unit.is_empty() && c.price.is_empty() {
                // A resource or sub-resource heading: its name may use the empty columns, so a
                // long address breaks only when it is longer than the table is wide.
                let _ = writeln!(
                    out,
                    r#"<tr class="{class}"><td class="depth{depth}" colspan="4">{name}</td><td class="num">{cost}</td></tr>"#,
                );
            } else {
                let _ = writeln!(
                    out,
                    r#"<tr class="{class}"><td class="depth{depth}">{name}</td><td class="num">{}</td><td class="unit">{}</td><td class="num">{}</td><td class="num">{cost}</td></tr>"#,
                    escape(&c.quantity),
                    escape(&c.unit),
                    escape(&c.price),
                );
            }
        }
        let _ = writeln!(out, "</tbody>");
        let _ = writeln!(
            out,
            r#"<tfoot><tr class="resource"><td colspan="4">Total</td><td class="num">{}</td></tr></tfoot>"#,
            escape(&tabular::project_amount(project))
        );
        let _ = writeln!(out, "</table>");
    }
}

/// The warnings list, when there are warnings.
fn write_warnings(out: &mut String, report: &Report) {
    let warnings = tabular::listed_warnings(report);
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>Warnings ({})</h2>", warnings.len());
    let _ = writeln!(out, r#"<ul class="warnings">"#);
    for w in &warnings {
        let place = tabular::warning_place(w);
        let place = if place.is_empty() { String::new() } else { format!("{}: ", escape(&place)) };
        let _ = writeln!(
            out,
            r#"<li><span class="code">{}</span> {place}{}</li>"#,
            escape(&w.code),
            escape(&w.message)
        );
    }
    let _ = writeln!(out, "</ul>");
}

/// The table of free and not-supported resources, when there are any.
fn write_skipped(out: &mut String, report: &Report) {
    let skipped = tabular::skipped(report);
    if skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>Free and not supported resources ({} free, {} not supported)</h2>",
        report.summary.free, report.summary.not_supported
    );
    let _ = writeln!(out, "<table>");
    let _ = writeln!(
        out,
        r#"<thead><tr><th class="address">Resource</th><th class="outcome">Outcome</th><th>Why</th></tr></thead>"#
    );
    let _ = writeln!(out, "<tbody>");
    for r in skipped {
        let what = if r.bucket == Bucket::Free {
            "free".to_string()
        } else {
            format!(r#"<span class="unknown">{}</span>"#, tabular::outcome(r))
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{what}</td><td>{}</td></tr>",
            escape(&r.address),
            escape(r.note.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "</tbody>");
    let _ = writeln!(out, "</table>");
}

/// The Savings section (reports with advice only): headline, notes, a table of the largest
/// findings, and where the patches are.
fn write_savings(out: &mut String, report: &Report) {
    let Some(section) = tabular::savings(report) else { return };
    let _ = writeln!(out, "<h2>Savings</h2>");
    let _ = writeln!(out, r#"<p class="total">{}</p>"#, escape(&section.headline));
    for note in &section.notes {
        let _ = writeln!(out, r#"<p class="summary">{}</p>"#, escape(note));
    }
    if section.top.is_empty() {
        return;
    }
    let _ = writeln!(out, "<table>");
    let _ = writeln!(
        out,
        r#"<thead><tr><th class="outcome">Rule</th><th>Resource</th><th class="num cost">Saves per month</th></tr></thead>"#
    );
    let _ = writeln!(out, "<tbody>");
    for [code, address, saving] in &section.top {
        let _ = writeln!(
            out,
            r#"<tr><td><span class="code">{}</span></td><td>{}</td><td class="num">{}</td></tr>"#,
            escape(code),
            escape(address),
            escape(saving)
        );
    }
    let _ = writeln!(out, "</tbody>");
    let _ = writeln!(out, "</table>");
    if section.more > 0 {
        let _ = writeln!(out, "<p>... and {} more.</p>", section.more);
    }
    let _ = writeln!(
        out,
        r#"<p>Risks and patches: <span class="code">costplan advise</span> with the same options (<span class="code">--apply</span> writes them).</p>"#
    );
}
