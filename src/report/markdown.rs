//! Markdown (GitHub flavoured): the sections of [`super::sections`] as headings, sentences and
//! pipe tables. Pure function of the model.

use std::fmt::Write as _;

use super::model::MonthlyReport;
use super::sections::{Cell, sections, subtitle, title};

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

fn row(cells: &[Cell]) -> String {
    let inner: Vec<String> = cells.iter().map(|c| escape(&c.text)).collect();
    format!("| {} |", inner.join(" | "))
}

/// The report as Markdown.
pub fn render(report: &MonthlyReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(report));
    let _ = writeln!(out, "{}\n", subtitle(report));
    for s in sections(report) {
        let _ = writeln!(out, "## {}\n", s.title);
        for p in &s.lead {
            let _ = writeln!(out, "{p}\n");
        }
        if !s.header.is_empty() && !s.rows.is_empty() {
            let _ = writeln!(out, "{}", row(&s.header));
            let align: Vec<&str> =
                s.header.iter().map(|c| if c.numeric { "---:" } else { "---" }).collect();
            let _ = writeln!(out, "| {} |", align.join(" | "));
            for r in &s.rows {
                let _ = writeln!(out, "{}", row(r));
            }
            out.push('\n');
        }
        for p in &s.after {
            let _ = writeln!(out, "{p}\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
