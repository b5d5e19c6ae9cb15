//! `--format diff`: plain text for terminals and CI logs. The headline and totals first, then
//! per project its added (`+`), removed (`-`) and changed (`~`) resources with the components
//! that changed (old → new quantity and cost), then the fixed/usage split, counts, unknown
//! costs and guardrails. Inputs that differ between the sides are listed right under the
//! headline, and when unknown costs changed the costs the delta does not know are
//! listed right under the headline, which states the bound.

use std::fmt::Write as _;

use super::{
    INPUTS_DIFFER, component_cost, component_delta, component_label, counts, delta_text, free_note,
    headline, input_lines, listed, project_counts, project_delta, quantity_change, resource_delta,
    resource_sides, unknown_items, unknown_note,
};
use crate::diff::guardrail::signed_money;
use crate::diff::model::{Change, DeltaBound, Diff, GuardrailStatus};
use crate::render::tabular::{money, plural};

/// The diff as plain text.
pub fn render(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(diff));
    let _ = writeln!(
        out,
        "  {} → {}",
        money(diff.prior_monthly_cost),
        money(diff.proposed_monthly_cost)
    );
    if !diff.input_differences.is_empty() {
        let _ = writeln!(out, "  ⚠ {INPUTS_DIFFER}:");
        for line in input_lines(diff) {
            let _ = writeln!(out, "    - {line}");
        }
    }
    if diff.delta_bound != DeltaBound::Exact {
        let _ = writeln!(out, "  ⚠ the delta counts known costs only; not known:");
        for item in unknown_items(diff) {
            let _ = writeln!(out, "    - {item}");
        }
    }
    for p in &diff.projects {
        let _ = writeln!(out);
        let path = p.path.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
        let status = match p.change {
            Change::Added => " [new project]",
            Change::Removed => " [project removed]",
            Change::Changed | Change::Unchanged => "",
        };
        let _ = writeln!(
            out,
            "Project {}{path}{status}: {} → {}, {}",
            p.name,
            money(p.prior_monthly_cost),
            money(p.proposed_monthly_cost),
            project_delta(p)
        );
        if p.resources.is_empty() {
            let _ =
                writeln!(out, "  no cost change ({} resources unchanged)", p.unchanged_resources);
            continue;
        }
        for r in p.resources.iter().filter(|r| listed(r)) {
            let (before, after) = resource_sides(r);
            let sides = match r.change {
                Change::Added => after,
                Change::Removed => before,
                Change::Changed | Change::Unchanged => format!("{before} → {after}"),
            };
            let _ = writeln!(
                out,
                "{} {}  {}  ({sides})",
                r.change.symbol(),
                r.address,
                resource_delta(r)
            );
            for c in &r.components {
                let costs = match c.change {
                    Change::Added => component_cost(c.proposed.as_ref()),
                    Change::Removed => component_cost(c.prior.as_ref()),
                    Change::Changed | Change::Unchanged => format!(
                        "{} → {}",
                        component_cost(c.prior.as_ref()),
                        component_cost(c.proposed.as_ref())
                    ),
                };
                let _ = writeln!(
                    out,
                    "    {} {}: {}, {costs}  {}",
                    c.change.symbol(),
                    component_label(c),
                    quantity_change(c),
                    component_delta(c)
                );
            }
        }
        let _ = writeln!(out, "  resources: {}{}", project_counts(p), free_note(p));
    }
    let _ = writeln!(out);
    let s = &diff.summary;
    let _ = writeln!(
        out,
        "Total: {} → {}, {}",
        money(diff.prior_monthly_cost),
        money(diff.proposed_monthly_cost),
        delta_text(
            diff.delta_monthly_cost,
            diff.delta_percent,
            diff.prior_monthly_cost,
            diff.delta_bound
        )
    );
    let _ = writeln!(
        out,
        "  fixed costs {}, usage-based costs {}",
        signed_money(diff.fixed.delta),
        signed_money(diff.usage_based.delta)
    );
    let _ = writeln!(
        out,
        "  {} ({} changed); resources: {}",
        plural(s.projects, "project", "projects"),
        s.projects_changed,
        counts(s.resources_added, s.resources_removed, s.resources_changed, s.resources_unchanged)
    );
    if let Some(note) = unknown_note(diff) {
        let _ = writeln!(out, "  ⚠ {note}");
    }
    for g in &diff.guardrails {
        let mark = match g.status {
            GuardrailStatus::Tripped => "✗ guardrail tripped",
            GuardrailStatus::NotProven => "? guardrail not proven",
            GuardrailStatus::Holds => "✓ guardrail",
        };
        let _ = writeln!(out, "{mark} ({} {}): {}", g.guardrail, g.limit, g.message);
    }
    out
}
