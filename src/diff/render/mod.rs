//! Renderers of a [`Diff`], one output format per file: `diff` (plain text for terminals and
//! logs), `json` (the diff model, `docs/diff.md`), `markdown` (the pull-request comment) and
//! `github-comment` (the markdown wrapped as the JSON body GitHub's comment API takes).
//!
//! Contract: pure functions of the diff (no I/O, no clock); money rounded to cents in the human
//! formats, full precision in JSON; an unknown cost reads "unknown" (with the reason), never $0.
//! The helpers here are the wording the human formats share.

use rust_decimal::Decimal;

use super::guardrail::{signed_money, signed_percent};
use super::model::{
    ComponentDiff, ComponentSide, DeltaBound, DeltaUnknowns, Diff, ProjectDiff, ResourceDiff,
};
use crate::model::{Bucket, PriceStatus};
use crate::render::tabular::{money, plural, quantity};

pub mod github_comment;
pub mod json;
pub mod markdown;
pub mod text;

/// An output format of `costplan diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffFormat {
    Diff,
    Json,
    Markdown,
    GithubComment,
}

impl DiffFormat {
    pub const ALL: [DiffFormat; 4] =
        [DiffFormat::Diff, DiffFormat::Json, DiffFormat::Markdown, DiffFormat::GithubComment];

    /// The command-line name (`--format github-comment`, `--out markdown=FILE`).
    pub fn name(self) -> &'static str {
        match self {
            DiffFormat::Diff => "diff",
            DiffFormat::Json => "json",
            DiffFormat::Markdown => "markdown",
            DiffFormat::GithubComment => "github-comment",
        }
    }

    /// Parses a command-line name; `md` is accepted for markdown, `text` for diff.
    pub fn from_name(name: &str) -> Option<DiffFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "diff" | "text" => Some(DiffFormat::Diff),
            "json" => Some(DiffFormat::Json),
            "markdown" | "md" => Some(DiffFormat::Markdown),
            "github-comment" => Some(DiffFormat::GithubComment),
            _ => None,
        }
    }

    pub fn render(self, diff: &Diff) -> String {
        match self {
            DiffFormat::Diff => text::render(diff),
            DiffFormat::Json => json::render(diff),
            DiffFormat::Markdown => markdown::render(diff, markdown::GITHUB_COMMENT_LIMIT),
            DiffFormat::GithubComment => github_comment::render(diff),
        }
    }
}

impl std::fmt::Display for DiffFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The headline: `Monthly cost will increase by $73.58 (+56.83%)`; when unknown costs changed
/// it says what the known delta bounds (`Monthly cost will increase by at least $12.00
/// (+5.1%); 2 new costs unknown`), so it never says "will not change" over a cost it does not
/// know.
pub fn headline(diff: &Diff) -> String {
    let d = diff.delta_monthly_cost;
    let pct = diff.delta_percent.map(|p| format!(" ({})", signed_percent(p))).unwrap_or_default();
    let unknowns = unknowns_phrase(&diff.unknowns);
    match diff.delta_bound {
        DeltaBound::Exact if d > Decimal::ZERO => {
            format!("Monthly cost will increase by {}{pct}", money(d))
        }
        DeltaBound::Exact if d < Decimal::ZERO => {
            format!("Monthly cost will decrease by {}{pct}", money(-d))
        }
        DeltaBound::Exact => "Monthly cost will not change".to_string(),
        DeltaBound::AtLeast if d > Decimal::ZERO => {
            format!("Monthly cost will increase by at least {}{pct}; {unknowns}", money(d))
        }
        DeltaBound::AtMost if d < Decimal::ZERO => {
            format!("Monthly cost will decrease by at least {}{pct}; {unknowns}", money(-d))
        }
        DeltaBound::AtLeast => {
            format!("Monthly cost change not known: at least {}{pct}; {unknowns}", signed_money(d))
        }
        DeltaBound::AtMost => {
            format!("Monthly cost change not known: at most {}{pct}; {unknowns}", signed_money(d))
        }
        DeltaBound::NotKnown => format!(
            "Monthly cost change not known: known costs {}{pct}; {unknowns}",
            signed_money(d)
        ),
    }
}

/// `2 new costs unknown, 1 unknown cost removed`: the unknown costs that changed.
pub fn unknowns_phrase(u: &DeltaUnknowns) -> String {
    let mut parts = Vec::new();
    if u.new_unknowns() > 0 {
        parts.push(plural(u.new_unknowns(), "new cost unknown", "new costs unknown"));
    }
    if u.removed_unknowns() > 0 {
        parts.push(plural(u.removed_unknowns(), "unknown cost removed", "unknown costs removed"));
    }
    if u.unknown_costs_changed > 0 {
        parts.push(plural(
            u.unknown_costs_changed,
            "unknown cost changed",
            "unknown costs changed",
        ));
    }
    parts.join(", ")
}

/// A delta cell with its bound: `+$12.00`, `≥ +$12.00`, `≤ -$3.00`, `+$12.00 + unknown`.
pub fn bounded_delta(delta: Decimal, bound: DeltaBound) -> String {
    let d = signed_money(delta);
    match bound {
        DeltaBound::Exact => d,
        DeltaBound::AtLeast => format!("≥ {d}"),
        DeltaBound::AtMost => format!("≤ {d}"),
        DeltaBound::NotKnown => format!("{d} + unknown"),
    }
}

/// The costs the delta does not know, one line each (`aws_instance.web: not supported by
/// costplan, added`, `aws_db_instance.this: Database instance (...): price not found`): what
/// the headline's count is made of. Sorted by project and address.
pub fn unknown_items(diff: &Diff) -> Vec<String> {
    let multi = diff.projects.len() > 1;
    let mut out = Vec::new();
    let unknown = |s: Option<&ComponentSide>| s.is_some_and(|s| s.monthly_cost.is_none());
    for p in &diff.projects {
        let at = |r: &ResourceDiff| {
            if multi { format!("{}/{}", p.name, r.address) } else { r.address.clone() }
        };
        for r in &p.resources {
            let unpriced = |b: Option<Bucket>| b == Some(Bucket::NotSupported);
            match (unpriced(r.prior_bucket), unpriced(r.proposed_bucket)) {
                (false, true) => out.push(format!(
                    "{} ({}): not supported by costplan, {}",
                    at(r),
                    r.resource_type,
                    if r.prior_bucket.is_none() { "added" } else { "no longer priced" }
                )),
                (true, false) => out.push(format!(
                    "{} ({}): not supported by costplan, {}",
                    at(r),
                    r.resource_type,
                    if r.proposed_bucket.is_none() { "removed" } else { "now priced" }
                )),
                _ => {}
            }
            for c in &r.components {
                let (a, b) = (unknown(c.prior.as_ref()), unknown(c.proposed.as_ref()));
                let what = match (a, b) {
                    (false, true) => format!("{}, new", component_cost(c.proposed.as_ref())),
                    (true, false) => {
                        format!("{} in the base, gone", component_cost(c.prior.as_ref()))
                    }
                    (true, true) => format!("{}, changed", component_cost(c.proposed.as_ref())),
                    (false, false) => continue,
                };
                out.push(format!("{}: {}: {what}", at(r), component_label(c)));
            }
        }
    }
    out
}

/// The warning when the two sides were estimated with different inputs.
pub const INPUTS_DIFFER: &str = "base and change were estimated with different inputs: the delta mixes the change with a change of assumptions";

/// One line per input that differs: `scenario: credlink-100k → none`.
pub fn input_lines(diff: &Diff) -> Vec<String> {
    diff.input_differences
        .iter()
        .map(|d| format!("{}: {} → {}", d.input, d.prior, d.proposed))
        .collect()
}

/// `+$73.58 (+56.83%)`, or `+$10.00 (new)` from a zero base; with its bound when unknown
/// costs changed (`≥ +$10.00 (+5%)`, see [`bounded_delta`]).
pub fn delta_text(
    delta: Decimal,
    pct: Option<Decimal>,
    prior: Decimal,
    bound: DeltaBound,
) -> String {
    let d = bounded_delta(delta, bound);
    match pct {
        Some(p) => format!("{d} ({})", signed_percent(p)),
        None if prior.is_zero() && !delta.is_zero() => format!("{d} (new)"),
        None => d,
    }
}

/// The project's delta with percent.
pub fn project_delta(p: &ProjectDiff) -> String {
    delta_text(p.delta_monthly_cost, p.delta_percent, p.prior_monthly_cost, p.delta_bound)
}

/// `3 added, 1 removed, 2 changed, 40 unchanged`.
pub fn counts(added: usize, removed: usize, changed: usize, unchanged: usize) -> String {
    format!("{added} added, {removed} removed, {changed} changed, {unchanged} unchanged")
}

/// Resource counts of one project.
pub fn project_counts(p: &ProjectDiff) -> String {
    let n = |c| p.resources.iter().filter(|r| r.change == c).count();
    use super::model::Change::{Added, Changed, Removed};
    counts(n(Added), n(Removed), n(Changed), p.unchanged_resources)
}

/// Whether the human formats list a resource: free resources (known to cost nothing on both
/// sides) are only counted, as in the estimate; priced and not-supported ones are listed.
pub fn listed(r: &ResourceDiff) -> bool {
    let free_or_absent = |b: Option<Bucket>| matches!(b, None | Some(Bucket::Free));
    !(free_or_absent(r.prior_bucket) && free_or_absent(r.proposed_bucket))
}

/// ` (12 free resources not listed)` when some are left out (empty otherwise).
pub fn free_note(p: &ProjectDiff) -> String {
    let n = p.resources.iter().filter(|r| !listed(r)).count();
    if n == 0 {
        String::new()
    } else {
        format!(" ({} not listed)", plural(n, "free resource", "free resources"))
    }
}

/// The note under the totals when some cost is unknown (empty when every cost is known).
pub fn unknown_note(diff: &Diff) -> Option<String> {
    let s = &diff.summary;
    let mut parts = Vec::new();
    if s.prior_unknown_costs > 0 {
        parts.push(format!("{} in the base", plural(s.prior_unknown_costs, "cost", "costs")));
    }
    if s.proposed_unknown_costs > 0 {
        parts.push(format!("{} in the change", plural(s.proposed_unknown_costs, "cost", "costs")));
    }
    let mut note = if parts.is_empty() {
        String::new()
    } else {
        format!(
            "Not known (price not found or usage unknown): {}; totals and deltas count known costs only",
            parts.join(", ")
        )
    };
    if s.proposed_not_supported > 0 {
        if !note.is_empty() {
            note.push_str(". ");
        }
        note.push_str(&format!(
            "{} not supported by costplan, not included",
            plural(s.proposed_not_supported, "resource", "resources")
        ));
    }
    (!note.is_empty()).then_some(note)
}

/// A resource's cost on one side: `$12.41`, `-` when absent, `free`, `not supported`, with
/// `+ unknown` when some of its components' costs are not known.
pub fn resource_side(cost: Option<Decimal>, bucket: Option<Bucket>, incomplete: bool) -> String {
    match (cost, bucket) {
        (None, _) | (_, None) => "-".into(),
        (_, Some(Bucket::Free)) => "free".into(),
        (_, Some(Bucket::NotSupported)) => "not supported".into(),
        (Some(c), Some(Bucket::Estimated)) if incomplete => format!("{} + unknown", money(c)),
        (Some(c), Some(Bucket::Estimated)) => money(c),
    }
}

/// The base and proposed cost cells of a resource.
pub fn resource_sides(r: &ResourceDiff) -> (String, String) {
    // `incomplete` is per resource pair; show "+ unknown" on the side that has unknowns.
    let unknown = |side: Option<&ComponentSide>| side.is_some_and(|s| s.monthly_cost.is_none());
    let prior_unknown = r.incomplete && r.components.iter().any(|c| unknown(c.prior.as_ref()));
    let proposed_unknown =
        r.incomplete && r.components.iter().any(|c| unknown(c.proposed.as_ref()));
    (
        resource_side(r.prior_monthly_cost, r.prior_bucket, prior_unknown),
        resource_side(r.proposed_monthly_cost, r.proposed_bucket, proposed_unknown),
    )
}

/// A resource's delta cell: `+$12.41`, with ` (known costs)` when incomplete.
pub fn resource_delta(r: &ResourceDiff) -> String {
    let base = signed_money(r.delta_monthly_cost);
    if r.incomplete { format!("{base} (known costs)") } else { base }
}

/// A component's cost on one side: `$12.41`, `-` when absent, or why it is not known.
pub fn component_cost(side: Option<&ComponentSide>) -> String {
    let Some(s) = side else { return "-".into() };
    match (&s.price_status, s.monthly_cost) {
        (_, Some(c)) => money(c),
        (PriceStatus::UsageUnknown, None) => match s.price {
            Some(p) => format!("depends on usage ({}/unit)", crate::render::tabular::price(p)),
            None => "depends on usage".into(),
        },
        (PriceStatus::NotFound { .. }, None) => "price not found".into(),
        (PriceStatus::Ambiguous { .. }, None) => "price ambiguous".into(),
        (PriceStatus::Found, None) => "unknown".into(),
    }
}

/// A component's quantity on one side (`1,460`, `unknown`, `-`).
pub fn component_quantity(side: Option<&ComponentSide>) -> String {
    match side {
        None => "-".into(),
        Some(s) => s.quantity.map_or_else(|| "unknown".into(), quantity),
    }
}

/// `730 → 1,460 hours`, `730 hours` (one side), `20 GB-months at $0.23 → $0.115` (same
/// quantity, another price).
pub fn quantity_change(c: &ComponentDiff) -> String {
    match (&c.prior, &c.proposed) {
        (Some(a), Some(b)) if a.quantity == b.quantity && a.price != b.price => format!(
            "{} {} at {} → {}",
            component_quantity(Some(a)),
            c.unit,
            a.price.map_or_else(|| "price not found".into(), crate::render::tabular::price),
            b.price.map_or_else(|| "price not found".into(), crate::render::tabular::price),
        ),
        (Some(_), Some(_)) => format!(
            "{} → {} {}",
            component_quantity(c.prior.as_ref()),
            component_quantity(c.proposed.as_ref()),
            c.unit
        ),
        (None, p) | (p, None) => format!("{} {}", component_quantity(p.as_ref()), c.unit),
    }
}

/// The component delta: `+$12.41`, or `unknown` when a side's cost is not known.
pub fn component_delta(c: &ComponentDiff) -> String {
    c.delta_monthly_cost.map_or_else(|| "unknown".into(), signed_money)
}

/// Component label with its subresource: `Container Insights / Custom metrics`, plus
/// ` (usage)` for usage-based components.
///
/// A renamed component shows what changed in its name: `Database instance (on-demand,
/// Multi-AZ, db.t3.micro → db.t4g.micro)`, `vCPU (Fargate → Fargate Spot)`.
pub fn component_label(c: &ComponentDiff) -> String {
    let own = match &c.prior_name {
        Some(prior) => renamed_label(prior, &c.name),
        None => c.name.clone(),
    };
    let name = match &c.subresource {
        Some(s) => format!("{s} / {own}"),
        None => own,
    };
    if c.usage_based { format!("{name} (usage)") } else { name }
}

/// `Label (a, b, c → d)` when two names share their label and differ in some of their
/// comma-separated qualifiers, `Label (old qualifiers → new qualifiers)` when the qualifiers
/// do not line up, `old → new` otherwise.
fn renamed_label(old: &str, new: &str) -> String {
    let parts = |n: &str| -> Option<(String, String)> {
        let (label, quals) = n.strip_suffix(')')?.split_once(" (")?;
        Some((label.to_string(), quals.to_string()))
    };
    match (parts(old), parts(new)) {
        (Some((la, qa)), Some((lb, qb))) if la == lb => {
            let (pa, pb): (Vec<&str>, Vec<&str>) =
                (qa.split(", ").collect(), qb.split(", ").collect());
            let quals = if pa.len() == pb.len() {
                pa.iter()
                    .zip(&pb)
                    .map(|(x, y)| if x == y { (*x).to_string() } else { format!("{x} → {y}") })
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                format!("{qa} → {qb}")
            };
            format!("{la} ({quals})")
        }
        _ => format!("{old} → {new}"),
    }
}

#[cfg(test)]
mod tests {
    use super::renamed_label;

    #[test]
    fn renamed_labels_show_what_changed() {
        assert_eq!(
            renamed_label(
                "Database instance (on-demand, Multi-AZ, db.t3.micro)",
                "Database instance (on-demand, Multi-AZ, db.t4g.micro)"
            ),
            "Database instance (on-demand, Multi-AZ, db.t3.micro → db.t4g.micro)"
        );
        assert_eq!(
            renamed_label("vCPU (Fargate)", "vCPU (Fargate Spot)"),
            "vCPU (Fargate → Fargate Spot)"
        );
        // Qualifiers that do not line up: the whole parenthesis changes.
        assert_eq!(
            renamed_label("vCPU (Fargate)", "vCPU (Fargate Spot, on-demand less 70%)"),
            "vCPU (Fargate → Fargate Spot, on-demand less 70%)"
        );
        assert_eq!(renamed_label("NAT gateway", "NAT gateways"), "NAT gateway → NAT gateways");
    }
}
