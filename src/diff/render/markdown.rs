//! `--format markdown`: the pull-request comment. A hidden marker ([`MARKER`]) that
//! `costplan comment github` finds the previous comment by, the headline (with the delta's
//! bound when unknown costs changed), the inputs that differ between the sides, the costs the delta does not know, any tripped or
//! not-proven guardrail, a summary table (project, previous, new, delta, percent) with the total, then per
//! changed project a collapsible `<details>` block with its added, removed and changed
//! resources and components.
//!
//! The whole comment stays within `limit` bytes (GitHub refuses comments over 65,536
//! characters; bytes ≥ characters, so a byte limit is safe): when it would not fit, project
//! details are left out (largest changes kept first in project order) and a visible note says
//! which; if even the summary table does not fit, its rows are cut with a note.

use std::fmt::Write as _;

use super::{
    INPUTS_DIFFER, bounded_delta, component_cost, component_delta, component_label, free_note,
    headline, input_lines, listed, project_counts, quantity_change, resource_delta, resource_sides,
    unknown_items, unknown_note, unknowns_phrase,
};
use crate::diff::guardrail::{signed_money, signed_percent};
use crate::diff::model::{Change, DeltaBound, Diff, GuardrailStatus, ProjectDiff};
use crate::render::markdown::esc;
use crate::render::tabular::money;

/// The hidden marker that identifies costplan's comment.
pub const MARKER: &str = "<!-- costplan-comment -->";

/// GitHub's limit on the body of an issue or pull-request comment.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Costs not known listed under the headline; more are counted.
const MAX_UNKNOWN_ITEMS: usize = 20;

/// Room kept for the note that says what was left out.
const NOTE_ROOM: usize = 1_024;

fn percent_cell(pct: Option<rust_decimal::Decimal>, prior: rust_decimal::Decimal) -> String {
    match pct {
        Some(p) => signed_percent(p),
        None if prior.is_zero() => "new".into(),
        None => "-".into(),
    }
}

fn table_row(p: &ProjectDiff) -> String {
    let status = match p.change {
        Change::Added => " (new)",
        Change::Removed => " (removed)",
        Change::Changed | Change::Unchanged => "",
    };
    format!(
        "| {}{status} | {} | {} | {} | {} |\n",
        esc(&p.name),
        money(p.prior_monthly_cost),
        money(p.proposed_monthly_cost),
        bounded_delta(p.delta_monthly_cost, p.delta_bound),
        if p.change == Change::Added {
            "new".into()
        } else {
            percent_cell(p.delta_percent, p.prior_monthly_cost)
        }
    )
}

/// The `<details>` block of one changed project.
fn details(p: &ProjectDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<details><summary><b>{}</b>: {} → {} ({}) · {}{}</summary>\n",
        esc(&p.name),
        money(p.prior_monthly_cost),
        money(p.proposed_monthly_cost),
        bounded_delta(p.delta_monthly_cost, p.delta_bound),
        project_counts(p),
        free_note(p)
    );
    let _ = writeln!(out, "| | Resource / component | Previous | New | Delta |");
    let _ = writeln!(out, "|---|---|---:|---:|---:|");
    for r in p.resources.iter().filter(|r| listed(r)) {
        let (before, after) = resource_sides(r);
        let _ = writeln!(
            out,
            "| {} | **{}** | {} | {} | **{}** |",
            change_cell(r.change),
            esc(&r.address),
            esc(&before),
            esc(&after),
            esc(&resource_delta(r))
        );
        for c in &r.components {
            let _ = writeln!(
                out,
                "| | {} {}: {} | {} | {} | {} |",
                change_cell(c.change),
                esc(&component_label(c)),
                esc(&quantity_change(c)),
                esc(&component_cost(c.prior.as_ref())),
                esc(&component_cost(c.proposed.as_ref())),
                esc(&component_delta(c))
            );
        }
    }
    let _ = writeln!(
        out,
        "\nFixed costs {}, usage-based costs {}.\n\n</details>\n",
        signed_money(p.fixed.delta),
        signed_money(p.usage_based.delta)
    );
    out
}

fn change_cell(c: Change) -> &'static str {
    match c {
        Change::Added => "➕",
        Change::Removed => "➖",
        Change::Changed => "🔄",
        Change::Unchanged => "",
    }
}

/// The comment, within `limit` bytes.
pub fn render(diff: &Diff, limit: usize) -> String {
    let mut head = String::new();
    let _ = writeln!(head, "{MARKER}");
    let _ = writeln!(head, "## 💰 costplan: {}\n", esc(&headline(diff)));
    if !diff.input_differences.is_empty() {
        let _ = writeln!(head, "> [!WARNING]\n> **Not like with like:** {}:", esc(INPUTS_DIFFER));
        for line in input_lines(diff) {
            let _ = writeln!(head, "> - {}", esc(&line));
        }
        let _ = writeln!(head);
    }
    if diff.delta_bound != DeltaBound::Exact {
        let items = unknown_items(diff);
        let _ = writeln!(
            head,
            "> [!WARNING]\n> **The delta counts known costs only.** Not known ({}):",
            unknowns_phrase(&diff.unknowns)
        );
        for item in items.iter().take(MAX_UNKNOWN_ITEMS) {
            let _ = writeln!(head, "> - {}", esc(item));
        }
        if items.len() > MAX_UNKNOWN_ITEMS {
            let _ = writeln!(
                head,
                "> - and {} more (see `costplan diff`)",
                items.len() - MAX_UNKNOWN_ITEMS
            );
        }
        let _ = writeln!(head);
    }
    let tripped = diff.tripped().map(|g| ("CAUTION", "tripped", g));
    for (alert, outcome, g) in
        tripped.chain(diff.not_proven().map(|g| ("WARNING", "not proven", g)))
    {
        let _ = writeln!(
            head,
            "> [!{alert}]\n> **Guardrail {outcome} ({}):** {}\n",
            g.guardrail,
            esc(&g.message)
        );
    }
    let _ = writeln!(head, "| Project | Previous | New | Delta | Percent |");
    let _ = writeln!(head, "|---|---:|---:|---:|---:|");
    let rows: Vec<String> = diff.projects.iter().map(table_row).collect();
    let total_row = format!(
        "| **Total** | **{}** | **{}** | **{}** | **{}** |\n",
        money(diff.prior_monthly_cost),
        money(diff.proposed_monthly_cost),
        bounded_delta(diff.delta_monthly_cost, diff.delta_bound),
        percent_cell(diff.delta_percent, diff.prior_monthly_cost)
    );

    let mut tail = String::new();
    let s = &diff.summary;
    let _ = writeln!(
        tail,
        "Fixed costs {}, usage-based costs {}. Resources: {} added, {} removed, {} changed, {} unchanged.\n",
        signed_money(diff.fixed.delta),
        signed_money(diff.usage_based.delta),
        s.resources_added,
        s.resources_removed,
        s.resources_changed,
        s.resources_unchanged
    );
    if let Some(note) = unknown_note(diff) {
        let _ = writeln!(tail, "⚠️ {}.\n", esc(&note));
    }
    for g in diff.guardrails.iter().filter(|g| g.status == GuardrailStatus::Holds) {
        let _ = writeln!(tail, "✅ Guardrail {} holds: {}.\n", g.guardrail, esc(&g.message));
    }
    let _ =
        writeln!(tail, "<sub>Estimated by costplan from AWS list prices (USD per month).</sub>");

    // The summary table, cut if even it does not fit.
    let fixed_len = head.len() + total_row.len() + tail.len() + NOTE_ROOM;
    let mut table = String::new();
    let mut cut_rows = 0;
    for row in &rows {
        if fixed_len + table.len() + row.len() > limit {
            cut_rows += 1;
        } else {
            table.push_str(row);
        }
    }
    table.push_str(&total_row);
    if cut_rows > 0 {
        let _ = writeln!(
            table,
            "\n_{cut_rows} more projects are not listed, to stay under GitHub's {limit}-character comment limit; the total covers every project._"
        );
    }
    table.push('\n');

    // Project details, as many as fit.
    let mut body = String::new();
    let mut left_out: Vec<&str> = Vec::new();
    let used = head.len() + table.len() + tail.len() + NOTE_ROOM;
    for p in diff.projects.iter().filter(|p| !p.resources.is_empty()) {
        let block = details(p);
        if used + body.len() + block.len() > limit {
            left_out.push(&p.name);
        } else {
            body.push_str(&block);
        }
    }
    if !left_out.is_empty() {
        let mut names = String::new();
        for (i, n) in left_out.iter().enumerate() {
            let piece = format!("{}{}", if i == 0 { "" } else { ", " }, esc(n));
            if names.len() + piece.len() > NOTE_ROOM / 2 {
                names.push_str(&format!(" and {} more", left_out.len() - i));
                break;
            }
            names.push_str(&piece);
        }
        let _ = writeln!(
            body,
            "_Details of {} project(s) left out to stay under GitHub's {limit}-character comment limit: {names}. Run `costplan diff` for the full diff._\n",
            left_out.len()
        );
    }
    let mut out = head;
    out.push_str(&table);
    out.push_str(&body);
    out.push_str(&tail);
    out
}
