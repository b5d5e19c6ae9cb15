//! Markdown for pull-request comments and reports: a findings table, then one section per
//! finding with the patch in a `diff` code block.

use std::fmt::Write as _;

use super::{COMMITMENT_HEADER, commitment_cells};
use crate::advise::finding::Advice;
use crate::render::tabular::{money, price};

pub fn render(advice: &Advice) -> String {
    let mut out = String::from("## Savings\n\n");
    let _ = writeln!(out, "Environment: {}\n", advice.environment.evidence);
    if advice.findings.is_empty() {
        out.push_str("No findings.\n");
    } else {
        out.push_str(
            "| code | resource | risk | monthly now | after | saves/month | saves/year |\n",
        );
        out.push_str("|---|---|---|---:|---:|---:|---:|\n");
        for f in &advice.findings {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} | {} |",
                f.code,
                f.address,
                f.risk.label(),
                money(f.monthly_cost),
                money(f.monthly_cost_after),
                money(f.monthly_saving),
                money(f.yearly_saving)
            );
        }
        let t = &advice.total;
        let _ = writeln!(
            out,
            "\nAll findings applied: **{} a month** ({} a year); the estimate drops by {}.",
            money(t.monthly_saving),
            money(t.yearly_saving),
            money(t.estimate_change)
        );
    }
    for f in &advice.findings {
        let _ = writeln!(out, "\n### {} `{}` ({})\n", f.code, f.address, f.rule);
        let _ = writeln!(out, "{} (`{}`)\n", f.title, f.location);
        if let Some(c) = f.hourly_commitment {
            let _ = writeln!(
                out,
                "- hourly commitment: **{} an hour** (covers the steady usage only)",
                price(c.round_dp(5))
            );
        }
        match (f.upfront, f.break_even_month) {
            (Some(u), Some(m)) if !u.is_zero() => {
                let _ = writeln!(out, "- upfront {}, breaks even in month {m}", money(u));
            }
            _ => {}
        }
        if !f.commitment_options.is_empty() {
            let _ = writeln!(out, "| {} |", COMMITMENT_HEADER.join(" | "));
            out.push_str("|---|---:|---:|---:|---|---|\n");
            for r in &f.commitment_options {
                let _ = writeln!(out, "| {} |", commitment_cells(r).join(" | "));
            }
            out.push('\n');
        }
        for a in &f.adjustments {
            let _ = writeln!(
                out,
                "- counted against the saving: {} {} ({})",
                a.name,
                money(a.monthly_cost),
                a.formula
            );
        }
        for n in &f.notes {
            let _ = writeln!(out, "- {n}");
        }
        match (&f.patch, &f.no_patch_reason) {
            (Some(patch), _) => {
                let _ = writeln!(out, "\n```diff\n{}```", patch);
            }
            (None, Some(reason)) => {
                let _ = writeln!(out, "\nNo patch: {reason}");
            }
            (None, None) => {}
        }
    }
    for c in &advice.combined {
        let _ = writeln!(
            out,
            "\n`{}`: {} together save {} a month (separately {}).",
            c.address,
            c.codes.join(" + "),
            money(c.monthly_saving),
            money(c.separate_monthly_saving)
        );
    }
    if !advice.skipped.is_empty() {
        out.push_str("\n<details><summary>Not recommended</summary>\n\n");
        for s in &advice.skipped {
            let _ = writeln!(out, "- {} `{}`: {}", s.code, s.address, s.reason);
        }
        out.push_str("\n</details>\n");
    }
    out
}
