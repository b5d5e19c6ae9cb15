//! Table: the terminal format. A tree per estimated resource (component, quantity, unit, price,
//! monthly cost) with aligned columns, the total, the costs by service, the savings (a report
//! with advice: `estimate --advise`), the summary counts, the
//! warnings, the skipped resources (listed with `--show-skipped`, counted otherwise) and a
//! footer with the price snapshot's sources and dates. Plain text, no colour, so that it can be
//! piped and diffed.

use std::fmt::Write as _;

use super::Options;
use super::tabular::{self, LineKind, TreeLine};
use crate::model::Report;

const HEADERS: [&str; 5] = ["Name", "Monthly qty", "Unit", "Price", "Monthly cost"];

/// The report as a plain-text table.
pub fn render(report: &Report, opts: &Options) -> String {
    let mut out = String::new();
    let multi = report.projects.len() > 1;
    for project in &report.projects {
        if multi {
            let _ = writeln!(out, "Project: {}", project.name);
            let _ = writeln!(out);
        }
        let lines: Vec<TreeLine> =
            tabular::estimated(project).flat_map(tabular::resource_tree).collect();
        if lines.is_empty() {
            let _ = writeln!(out, "No resource to estimate.");
            let _ = writeln!(out);
        } else {
            write_tree(&mut out, &lines, opts);
        }
        if multi {
            let _ = writeln!(out, "Project total: {}", tabular::project_amount(project));
            let _ = writeln!(out);
        }
    }

    let _ = writeln!(out, "Total: {}", tabular::total_text(report));
    let services = tabular::by_service(report);
    if !services.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "By service:");
        let width = services.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(0);
        let costs: Vec<String> = services.iter().map(|(_, c)| tabular::money(*c)).collect();
        let cw = costs.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        for ((name, _), cost) in services.iter().zip(&costs) {
            let _ = writeln!(out, "  {name:<width$}  {cost:>cw$}");
        }
    }
    write_savings(&mut out, report);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", tabular::summary_line(&report.summary));

    let warnings = tabular::listed_warnings(report);
    if !warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Warnings ({}):", warnings.len());
        for w in &warnings {
            let place = tabular::warning_place(w);
            if place.is_empty() {
                let _ = writeln!(out, "  [{}] {}", w.code, w.message);
            } else {
                let _ = writeln!(out, "  [{}] {place}: {}", w.code, w.message);
            }
        }
    }

    let skipped = tabular::skipped(report);
    if !skipped.is_empty() {
        let _ = writeln!(out);
        if opts.show_skipped {
            let _ = writeln!(out, "Skipped resources:");
            let width = skipped.iter().map(|r| r.address.chars().count()).max().unwrap_or(0);
            for r in skipped {
                let what = tabular::outcome(r);
                let note = r.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
                let _ = writeln!(out, "  {:<width$}  {what}{note}", r.address);
            }
        } else {
            let _ = writeln!(
                out,
                "{} free and {} not supported {} not listed (--show-skipped lists them).",
                report.summary.free,
                report.summary.not_supported,
                if report.summary.free + report.summary.not_supported == 1 {
                    "resource is"
                } else {
                    "resources are"
                }
            );
        }
    }

    let _ = writeln!(out);
    for line in tabular::footer_lines(report) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The Savings section (reports with advice only): headline, notes, the largest findings in
/// aligned columns, and where the patches are.
fn write_savings(out: &mut String, report: &Report) {
    let Some(section) = tabular::savings(report) else { return };
    let _ = writeln!(out);
    let _ = writeln!(out, "Savings:");
    let _ = writeln!(out, "  {}", section.headline);
    for note in &section.notes {
        let _ = writeln!(out, "  {note}");
    }
    if !section.top.is_empty() {
        let mut widths = [0usize; 3];
        for row in &section.top {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let [cw, aw, sw] = widths;
        for [code, address, saving] in &section.top {
            let _ = writeln!(out, "  {code:<cw$}  {address:<aw$}  {saving:>sw$}/month");
        }
        if section.more > 0 {
            let _ = writeln!(out, "  ... and {} more.", section.more);
        }
        let _ = writeln!(
            out,
            "  Risks and patches: `costplan advise` with the same options (`--apply` writes them)."
        );
    }
}

/// Writes the resource trees with aligned columns; notes and formulas go on their own lines
/// under their component so that they never widen the columns.
fn write_tree(out: &mut String, lines: &[TreeLine], opts: &Options) {
    let rows: Vec<[String; 5]> = lines
        .iter()
        .map(|l| {
            [
                format!("{}{}", l.prefix, l.cells.name),
                l.cells.quantity.clone(),
                l.cells.unit.clone(),
                l.cells.price.clone(),
                l.cells.cost.clone(),
            ]
        })
        .collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header = HEADERS.map(str::to_string);
    write_row(out, &header, &widths);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let _ = writeln!(out, "{}", rule.join("  "));
    for (i, (line, row)) in lines.iter().zip(&rows).enumerate() {
        if line.kind == LineKind::Resource && i > 0 {
            let _ = writeln!(out);
        }
        write_row(out, row, &widths);
        for note in &line.cells.notes {
            let _ = writeln!(out, "{}! {note}", line.detail_prefix);
        }
        if opts.explain
            && let Some(formula) = &line.cells.formula
        {
            let _ = writeln!(out, "{}= {formula}", line.detail_prefix);
        }
    }
    let _ = writeln!(out);
}

/// Name and unit left-aligned, numbers right-aligned; no trailing spaces.
fn write_row(out: &mut String, row: &[String; 5], widths: &[usize; 5]) {
    let mut text = String::new();
    for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
        if i > 0 {
            text.push_str("  ");
        }
        let pad = w.saturating_sub(cell.chars().count());
        if i == 0 || i == 2 {
            text.push_str(cell);
            text.push_str(&" ".repeat(pad));
        } else {
            text.push_str(&" ".repeat(pad));
            text.push_str(cell);
        }
    }
    let _ = writeln!(out, "{}", text.trim_end());
}
