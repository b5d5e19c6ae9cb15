//! Plain text for a terminal: a summary table of the findings (in the style of every terminal
//! table, `render::grid`, fitted to the terminal's width), then each finding with its notes and
//! patch, the combined figures and what was skipped.

use std::fmt::Write as _;

use super::{COMMITMENT_HEADER, commitment_cells};
use crate::advise::finding::{Advice, Finding};
use crate::render::tabular::{money, price};

pub fn render(advice: &Advice, width: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Environment: {}", advice.environment.evidence);
    let _ = writeln!(out, "Rules run: {}", advice.rules_run.join(", "));
    if advice.findings.is_empty() {
        let _ = writeln!(out, "\nNo findings.");
    } else {
        let table = crate::render::grid::text(&summary_table(advice, width));
        let _ = writeln!(out, "\n{table}");
    }
    for f in &advice.findings {
        write_finding(&mut out, f);
    }
    for c in &advice.combined {
        let _ = writeln!(
            out,
            "\n{} with {} together saves {} a month (separately {}: the savings overlap)",
            c.address,
            c.codes.join(" + "),
            money(c.monthly_saving),
            money(c.separate_monthly_saving)
        );
    }
    if !advice.findings.is_empty() {
        let t = &advice.total;
        let _ = writeln!(
            out,
            "\nAll findings applied: saves {} a month, {} a year (the estimate drops by {}{})",
            money(t.monthly_saving),
            money(t.yearly_saving),
            money(t.estimate_change),
            if t.adjustments.is_zero() {
                String::new()
            } else {
                format!(
                    "; {} of costs it does not model are counted against it",
                    money(t.adjustments)
                )
            }
        );
    }
    if !advice.skipped.is_empty() {
        let _ = writeln!(out, "\nNot recommended:");
        for s in &advice.skipped {
            let _ = writeln!(out, "  {} {}: {}", s.code, s.address, s.reason);
        }
    }
    out
}

/// The findings at a glance: one row each, amounts right-aligned.
fn summary_table(advice: &Advice, width: Option<usize>) -> comfy_table::Table {
    let mut table = crate::render::grid::grid(width);
    table.set_header([
        "code",
        "resource",
        "risk",
        "monthly now",
        "after",
        "saves/month",
        "saves/year",
    ]);
    for f in &advice.findings {
        table.add_row([
            f.code.clone(),
            f.address.clone(),
            f.risk.label().to_string(),
            money(f.monthly_cost),
            money(f.monthly_cost_after),
            money(f.monthly_saving),
            money(f.yearly_saving),
        ]);
    }
    for i in 3..7 {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table
}

/// One finding: what, the saving, commitment terms, adjustments, notes and the patch.
fn write_finding(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "\n{} {} ({}) at {}", f.code, f.address, f.rule, f.location);
    let _ = writeln!(out, "  {}", f.title);
    let _ = writeln!(
        out,
        "  {} → {} a month: saves {} a month, {} a year; risk: {}",
        money(f.monthly_cost),
        money(f.monthly_cost_after),
        money(f.monthly_saving),
        money(f.yearly_saving),
        f.risk.label()
    );
    match (f.upfront, f.break_even_month) {
        (Some(u), _) if u.is_zero() => {
            let _ = writeln!(out, "  no upfront payment");
        }
        (Some(upfront), Some(month)) => {
            let _ = writeln!(out, "  upfront {}, breaks even in month {month}", money(upfront));
        }
        _ => {}
    }
    if let Some(c) = f.hourly_commitment {
        let _ = writeln!(
            out,
            "  hourly commitment: {} an hour (covers the steady usage only)",
            price(c.round_dp(5))
        );
    }
    if !f.commitment_options.is_empty() {
        let table = crate::render::grid::text(&commitment_table(f));
        let _ = writeln!(out, "  terms (each priced by re-running the estimate with it):");
        for line in table.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    if f.affected.len() > 1 {
        let _ = writeln!(out, "  affects: {}", f.affected.join(", "));
    }
    for a in &f.adjustments {
        let _ = writeln!(
            out,
            "  counted against the saving: {} {} ({})",
            a.name,
            money(a.monthly_cost),
            a.formula
        );
    }
    for n in &f.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    match (&f.patch, &f.no_patch_reason) {
        (Some(patch), _) => {
            let _ = writeln!(out, "  patch:");
            for line in patch.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
        (None, Some(reason)) => {
            let _ = writeln!(out, "  no patch: {reason}");
        }
        (None, None) => {}
    }
}

/// The commitment terms of a finding, each priced by re-running the estimate.
fn commitment_table(f: &Finding) -> comfy_table::Table {
    let mut table = crate::render::grid::grid(None);
    table.set_header(COMMITMENT_HEADER);
    for r in &f.commitment_options {
        table.add_row(commitment_cells(r));
    }
    for i in 1..4 {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table
}
