//! Table: the terminal format. A tree per estimated resource (component, quantity, unit, price,
//! monthly cost) with aligned columns, the total, the costs by service, the savings (a report
//! with advice: `estimate --advise`), the summary counts, the
//! warnings, the skipped resources (listed with `--show-skipped`, counted otherwise) and a
//! footer with the price snapshot's sources and dates. Plain text, no colour, so that it can be
//! piped and diffed. Given a width (the terminal's, see `cli::terminal`), every line fits it:
//! long cells wrap within their column, the price and unit columns are left out when wrapping
//! is not enough, and long lines (warnings, footer) wrap with an indent.

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

    write_wrapped(&mut out, &format!("Total: {}", tabular::total_text(report)), "  ", opts.width);
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
    write_wrapped(&mut out, &tabular::summary_line(&report.summary), "  ", opts.width);

    let warnings = tabular::listed_warnings(report);
    if !warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Warnings ({}):", warnings.len());
        for w in &warnings {
            let place = tabular::warning_place(w);
            let text = if place.is_empty() {
                format!("  [{}] {}", w.code, w.message)
            } else {
                format!("  [{}] {place}: {}", w.code, w.message)
            };
            write_wrapped(&mut out, &text, "    ", opts.width);
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
            let text = format!(
                "{} free and {} not supported {} not listed (--show-skipped lists them).",
                report.summary.free,
                report.summary.not_supported,
                if report.summary.free + report.summary.not_supported == 1 {
                    "resource is"
                } else {
                    "resources are"
                }
            );
            write_wrapped(&mut out, &text, "  ", opts.width);
        }
    }

    let _ = writeln!(out);
    for line in tabular::footer_lines(report) {
        write_wrapped(&mut out, &line, "  ", opts.width);
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

/// How the tree is narrowed, step by step, until it fits: a column shrunk to a width (its cells
/// wrap onto more lines) or left out. The cost column gives up its long "depends on usage" texts
/// first, then names and units wrap (80 columns keep every column), then the price goes
/// (`--explain` still shows it in the formula), then everything wrappable shrinks to its
/// minimum, and last the unit goes. The quantity and
/// price never wrap.
const NARROWING: [Step; 8] = [
    Step::Shrink(4, 16),
    Step::Shrink(0, 26),
    Step::Shrink(2, 9),
    Step::Shrink(0, 22),
    Step::Drop(3),
    Step::Shrink(2, 6),
    Step::Shrink(4, 12),
    Step::Drop(2),
];

#[derive(Debug, Clone, Copy)]
enum Step {
    Shrink(usize, usize),
    Drop(usize),
}

/// Which columns to show and how wide, so that the rows fit `max` columns where they can.
fn fit(natural: [usize; 5], max: Option<usize>) -> (Vec<usize>, [usize; 5]) {
    let mut shown: Vec<usize> = (0..5).collect();
    let mut widths = natural;
    let Some(max) = max else { return (shown, widths) };
    let total = |shown: &[usize], w: &[usize; 5]| {
        shown.iter().map(|&c| w[c]).sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    for step in NARROWING {
        let now = total(&shown, &widths);
        if now <= max {
            break;
        }
        match step {
            Step::Shrink(c, min) => {
                widths[c] = widths[c].saturating_sub(now - max).max(min).min(widths[c]);
            }
            Step::Drop(c) => shown.retain(|s| *s != c),
        }
    }
    (shown, widths)
}

/// `text` broken at spaces into lines of at most `width` characters; a word longer than that is
/// cut. Never empty: an empty text is one empty line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let len = line.chars().count();
            let sep = usize::from(len > 0);
            if len + sep + word.len() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(word);
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line breaks after a `.`, `_`, `[` or `-` where it can
            // (`aws_elasticache_replication_group.` + `redis`), else at the width.
            let cut = word[..width.min(word.len())]
                .iter()
                .rposition(|c| matches!(c, '.' | '_' | '[' | '-' | '/'))
                .filter(|&i| i > 0 && word.len() > width)
                .map_or(width.min(word.len()), |i| i + 1);
            let rest = word.split_off(cut);
            lines.push(word.into_iter().collect());
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes a line that may be longer than the terminal: wrapped with `indent` before every line
/// after the first.
fn write_wrapped(out: &mut String, text: &str, indent: &str, width: Option<usize>) {
    let Some(width) = width else {
        let _ = writeln!(out, "{text}");
        return;
    };
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let body = &text[lead..];
    let first_indent = " ".repeat(lead);
    let room = width.saturating_sub(indent.chars().count().max(lead)).max(20);
    for (i, line) in wrap(body, room).into_iter().enumerate() {
        let pre = if i == 0 { first_indent.as_str() } else { indent };
        let _ = writeln!(out, "{}", format!("{pre}{line}").trim_end());
    }
}

/// Writes the resource trees with aligned columns; notes and formulas go on their own lines
/// under their component so that they never widen the columns. With a width, long cells wrap
/// within their column (a name's next lines under the tree drawing) and, when that is not
/// enough, the price and then the unit column are left out.
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
    let mut natural = HEADERS.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in natural.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let (shown, widths) = fit(natural, opts.width);
    let header = HEADERS.map(str::to_string);
    write_row(out, &header, &widths, &shown, "");
    let rule: Vec<String> = shown.iter().map(|&c| "─".repeat(widths[c])).collect();
    let _ = writeln!(out, "{}", rule.join("  "));
    for (i, (line, row)) in lines.iter().zip(&rows).enumerate() {
        if line.kind == LineKind::Resource && i > 0 {
            let _ = writeln!(out);
        }
        write_row(out, row, &widths, &shown, &line.detail_prefix);
        let detail_indent = format!("{}  ", line.detail_prefix);
        for note in &line.cells.notes {
            write_wrapped(
                out,
                &format!("{}! {note}", line.detail_prefix),
                &detail_indent,
                opts.width,
            );
        }
        if opts.explain
            && let Some(formula) = &line.cells.formula
        {
            write_wrapped(
                out,
                &format!("{}= {formula}", line.detail_prefix),
                &detail_indent,
                opts.width,
            );
        }
    }
    let _ = writeln!(out);
}

/// Name and unit left-aligned, numbers right-aligned; no trailing spaces. A cell wider than its
/// column wraps onto the next lines (the name's continuation after `continuation`).
fn write_row(
    out: &mut String,
    row: &[String; 5],
    widths: &[usize; 5],
    shown: &[usize],
    continuation: &str,
) {
    let cells: Vec<(usize, Vec<String>)> = shown
        .iter()
        .map(|&c| {
            let cell = &row[c];
            if cell.chars().count() <= widths[c] {
                return (c, vec![cell.clone()]);
            }
            if c == 0 {
                // The tree drawing stays on the first line; the name's rest goes under it.
                let pre = continuation.chars().count().min(widths[0].saturating_sub(8));
                let mut parts = wrap(cell, widths[0]);
                let first = parts.remove(0);
                let rest = parts.join(" ");
                let mut lines = vec![first];
                let cont: String = continuation.chars().take(pre).collect();
                lines
                    .extend(wrap(&rest, widths[0] - pre).into_iter().map(|l| format!("{cont}{l}")));
                return (c, lines);
            }
            (c, wrap(cell, widths[c]))
        })
        .collect();
    let height = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1);
    for n in 0..height {
        let mut text = String::new();
        for (i, (c, lines)) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let cell = lines.get(n).map_or("", String::as_str);
            let pad = widths[*c].saturating_sub(cell.chars().count());
            if *c == 0 || *c == 2 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
}
