//! Markdown: GitHub-flavoured, for pull-request comments and wikis. The total first, then the
//! costs by service, one table with a row per resource and per component, the summary counts,
//! the savings (a report with advice: `estimate --advise`), the warnings, the skipped resources (with `--show-skipped`) and the footer. Formulas are
//! shown under their component with `--explain`.

use std::fmt::Write as _;

use super::Options;
use super::tabular::{self, LineKind};
use crate::model::Report;

/// The report as Markdown.
pub fn render(report: &Report, opts: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Cost estimate");
    let _ = writeln!(out);
    let _ = writeln!(out, "**Total: {}**", esc(&tabular::total_text(report)));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", esc(&tabular::summary_line(&report.summary)));
    let _ = writeln!(out);

    let services = tabular::by_service(report);
    if !services.is_empty() {
        let _ = writeln!(out, "## By service");
        let _ = writeln!(out);
        let _ = writeln!(out, "| Service | Monthly cost |");
        let _ = writeln!(out, "|---|---:|");
        for (name, cost) in &services {
            let _ = writeln!(out, "| {} | {} |", esc(name), tabular::money(*cost));
        }
        let _ = writeln!(out);
    }

    write_savings(&mut out, report);

    write_resources(&mut out, report, opts);
    write_warnings(&mut out, report);
    write_skipped(&mut out, report, opts);

    for line in tabular::footer_lines(report) {
        let _ = writeln!(out, "<sub>{}</sub>", esc(&line));
        let _ = writeln!(out);
    }
    // One trailing newline, not two.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One table per project: a row per resource and per component, formulas with `--explain`.
fn write_resources(out: &mut String, report: &Report, opts: &Options) {
    let multi = report.projects.len() > 1;
    for project in &report.projects {
        if multi {
            let _ = writeln!(out, "## Resources of {}", esc(&project.name));
        } else {
            let _ = writeln!(out, "## Resources");
        }
        let _ = writeln!(out);
        let lines: Vec<_> = tabular::estimated(project).flat_map(tabular::resource_tree).collect();
        if lines.is_empty() {
            let _ = writeln!(out, "No resource to estimate.");
            let _ = writeln!(out);
            continue;
        }
        let _ =
            writeln!(out, "| Resource / component | Monthly qty | Unit | Price | Monthly cost |");
        let _ = writeln!(out, "|---|---:|---|---:|---:|");
        for line in &lines {
            let c = &line.cells;
            let mut name = match line.kind {
                LineKind::Resource => format!("**{}**", esc(&c.name)),
                LineKind::Subresource => format!("{}_{}_", esc(&line.prefix), esc(&c.name)),
                LineKind::Component => format!("{}{}", esc(&line.prefix), esc(&c.name)),
            };
            // Notes and formulas stay in the name cell (line breaks) so the table keeps one
            // row per component.
            for note in &c.notes {
                name.push_str(&format!("<br>⚠ {}", esc(note)));
            }
            if opts.explain
                && let Some(f) = &c.formula
            {
                name.push_str(&format!("<br>= `{}`", f.replace('`', "'").replace('|', "\\|")));
            }
            let cost = if line.kind == LineKind::Resource {
                format!("**{}**", esc(&c.cost))
            } else {
                esc(&c.cost)
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {cost} |",
                esc(&c.quantity),
                esc(&c.unit),
                esc(&c.price)
            );
        }
        if multi {
            let _ = writeln!(
                out,
                "| **Project total** | | | | **{}** |",
                tabular::project_amount(project)
            );
        }
        let _ = writeln!(out);
    }
}

/// The warnings list, when there are warnings.
fn write_warnings(out: &mut String, report: &Report) {
    let warnings = tabular::listed_warnings(report);
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Warnings");
    let _ = writeln!(out);
    for w in &warnings {
        let place = tabular::warning_place(w);
        if place.is_empty() {
            let _ = writeln!(out, "- `{}` {}", w.code, esc(&w.message));
        } else {
            let _ = writeln!(out, "- `{}` {}: {}", w.code, esc(&place), esc(&w.message));
        }
    }
    let _ = writeln!(out);
}

/// The free and not-supported resources: listed with `--show-skipped`, else counted.
fn write_skipped(out: &mut String, report: &Report, opts: &Options) {
    let skipped = tabular::skipped(report);
    if skipped.is_empty() {
        return;
    }
    if opts.show_skipped {
        let _ = writeln!(out, "## Skipped resources");
        let _ = writeln!(out);
        let _ = writeln!(out, "| Resource | Outcome | Why |");
        let _ = writeln!(out, "|---|---|---|");
        for r in skipped {
            let what = tabular::outcome(r);
            let _ = writeln!(
                out,
                "| {} | {what} | {} |",
                esc(&r.address),
                esc(r.note.as_deref().unwrap_or(""))
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{} free and {} not supported resources are not listed (`--show-skipped` lists them).",
            report.summary.free, report.summary.not_supported
        );
    }
    let _ = writeln!(out);
}

/// The Savings section (reports with advice only): headline, notes, a table of the largest
/// findings, and where the patches are.
fn write_savings(out: &mut String, report: &Report) {
    let Some(section) = tabular::savings(report) else { return };
    let _ = writeln!(out, "## Savings");
    let _ = writeln!(out);
    let _ = writeln!(out, "**{}**", esc(&section.headline));
    let _ = writeln!(out);
    for note in &section.notes {
        let _ = writeln!(out, "{}", esc(note));
        let _ = writeln!(out);
    }
    if section.top.is_empty() {
        return;
    }
    let _ = writeln!(out, "| Rule | Resource | Saves per month |");
    let _ = writeln!(out, "|---|---|---:|");
    for [code, address, saving] in &section.top {
        let _ = writeln!(out, "| {} | {} | {} |", esc(code), esc(address), esc(saving));
    }
    let _ = writeln!(out);
    if section.more > 0 {
        let _ = writeln!(out, "... and {} more.", section.more);
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "Risks and patches: `costplan advise` with the same options (`--apply` writes them)."
    );
    let _ = writeln!(out);
}

/// Escapes what Markdown would otherwise interpret inside a table cell or a line.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}
