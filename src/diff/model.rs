//! The diff model: what changed in cost between a prior (base) and a proposed report. Its JSON
//! form is documented in `docs/diff.md` and versioned with [`DIFF_SCHEMA_VERSION`].
//!
//! Contract:
//! - Money is [`Decimal`], serialised as strings at full precision; percentages are rounded to
//!   two decimals (they are ratios, not money).
//! - An absent side is `None` (a resource or component that exists on one side only); an
//!   unknown cost on a present side is a `None` *inside* that side ([`ComponentSide`]) and never
//!   reads as $0. Deltas that involve an unknown cost are `None`.
//! - Deterministic: projects sorted by name, resources by address, components in the order the
//!   resource emits them (prior-only ones after).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Bucket, PriceStatus, ReportWarning, other_version};

/// Version of the JSON diff schema (`schema_version` of `costplan diff --format json`).
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub schema_version: u32,
    /// Always `USD`.
    pub currency: String,
    /// Monthly total of the base (sum of its known costs). Named like Terraform Cloud's cost
    /// estimation policy data.
    pub prior_monthly_cost: Decimal,
    /// Monthly total of the proposed change (sum of its known costs).
    pub proposed_monthly_cost: Decimal,
    /// `proposed_monthly_cost - prior_monthly_cost`.
    pub delta_monthly_cost: Decimal,
    /// Delta as a percentage of the prior total, two decimals; `None` when the prior total is 0.
    pub delta_percent: Option<Decimal>,
    /// What `delta_monthly_cost` (the delta of known costs) says of the real delta, given the
    /// unknown costs that changed ([`DeltaUnknowns`]).
    #[serde(default)]
    pub delta_bound: DeltaBound,
    /// The unknown costs the delta rests on.
    #[serde(default)]
    pub unknowns: DeltaUnknowns,
    /// Inputs (scenario, usage file, region, workspace, prices ...) the two sides were
    /// estimated with that differ: the delta then mixes a change of configuration with a change
    /// of assumptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_differences: Vec<InputDifference>,
    /// Costs fixed by the configuration (hours, GB provisioned).
    pub fixed: CostSplit,
    /// Costs that depend on usage (traffic, data, requests).
    pub usage_based: CostSplit,
    pub summary: DiffSummary,
    /// Every project of either side, sorted by name.
    pub projects: Vec<ProjectDiff>,
    /// Guardrails checked (`--fail-on-increase`, `--budget`), in that order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guardrails: Vec<GuardrailResult>,
    /// Warnings of the proposed side (the base's are in its own estimate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ReportWarning>,
}

/// Prior, proposed and delta of one part of the cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSplit {
    pub prior: Decimal,
    pub proposed: Decimal,
    pub delta: Decimal,
}

impl CostSplit {
    pub fn new(prior: Decimal, proposed: Decimal) -> Self {
        Self { prior, proposed, delta: proposed - prior }
    }

    pub(crate) fn add(&mut self, other: &CostSplit) {
        self.prior += other.prior;
        self.proposed += other.proposed;
        self.delta += other.delta;
    }
}

/// Counts over every project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    pub projects: usize,
    /// Projects with at least one added, removed or changed resource.
    pub projects_changed: usize,
    pub resources_added: usize,
    pub resources_removed: usize,
    pub resources_changed: usize,
    pub resources_unchanged: usize,
    /// Components of the base whose cost is not known (price not found or usage unknown).
    pub prior_unknown_costs: usize,
    /// Components of the proposed side whose cost is not known.
    pub proposed_unknown_costs: usize,
    /// Resources of the base costplan does not price.
    #[serde(default)]
    pub prior_not_supported: usize,
    /// Resources of the proposed side costplan does not price.
    pub proposed_not_supported: usize,
}

impl DiffSummary {
    /// True when some cost is not known on either side: the totals are lower bounds.
    pub fn has_unknown_costs(&self) -> bool {
        self.prior_unknown_costs + self.proposed_unknown_costs > 0
    }
}

/// What the known delta says of the real one. An unknown cost is never negative, so a cost
/// that became unknown (or a resource costplan does not price that was added) can only raise
/// the real delta above the known one, and one that stopped being unknown can only lower it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeltaBound {
    /// No unknown cost changed: the known delta is the delta.
    #[default]
    Exact,
    /// Only new unknowns: the real delta is the known delta or more.
    AtLeast,
    /// Only unknowns that went away: the real delta is the known delta or less.
    AtMost,
    /// Unknowns both ways, or an unknown cost that changed: no bound.
    NotKnown,
}

/// The unknown costs that changed between the two sides (components whose price was not found
/// or whose usage is unknown, and resources costplan does not price). Unknowns present and
/// unchanged on both sides are not counted: they do not move the delta.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaUnknowns {
    /// Components whose cost is not known in the proposed side and was known, or absent, in
    /// the base.
    pub unknown_costs_added: usize,
    /// Components whose cost was not known in the base and is known, or absent, in the
    /// proposed side.
    pub unknown_costs_removed: usize,
    /// Components whose cost is not known on both sides and whose quantity or price changed.
    pub unknown_costs_changed: usize,
    /// Addresses of resources costplan does not price that are new in the proposed side (added,
    /// or priced before), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_supported_added: Vec<String>,
    /// Addresses of resources costplan does not price that the proposed side removed (or now
    /// prices), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_supported_removed: Vec<String>,
}

impl DeltaUnknowns {
    /// New costs not known: unknown components plus unpriced resources, added.
    pub fn new_unknowns(&self) -> usize {
        self.unknown_costs_added + self.not_supported_added.len()
    }

    /// Costs not known that went away.
    pub fn removed_unknowns(&self) -> usize {
        self.unknown_costs_removed + self.not_supported_removed.len()
    }

    /// What the known delta says of the real one.
    pub fn bound(&self) -> DeltaBound {
        match (self.new_unknowns() > 0, self.removed_unknowns() > 0) {
            _ if self.unknown_costs_changed > 0 => DeltaBound::NotKnown,
            (true, true) => DeltaBound::NotKnown,
            (true, false) => DeltaBound::AtLeast,
            (false, true) => DeltaBound::AtMost,
            (false, false) => DeltaBound::Exact,
        }
    }

    pub(crate) fn add(&mut self, other: &DeltaUnknowns) {
        self.unknown_costs_added += other.unknown_costs_added;
        self.unknown_costs_removed += other.unknown_costs_removed;
        self.unknown_costs_changed += other.unknown_costs_changed;
        self.not_supported_added.extend(other.not_supported_added.iter().cloned());
        self.not_supported_removed.extend(other.not_supported_removed.iter().cloned());
    }
}

/// One input the two sides were estimated with that differs (`scenario`, `requests`,
/// `usage_file`, `free_tier`, `region`, `workspace`, `month`, `hours_per_month`, `prices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputDifference {
    pub input: String,
    /// The base's value (`none` when not set).
    pub prior: String,
    /// The proposed side's value.
    pub proposed: String,
}

/// What happened to a project, resource or component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    /// The sign used by the text and markdown renderers (`+`, `-`, `~`, ` `).
    pub fn symbol(self) -> &'static str {
        match self {
            Change::Added => "+",
            Change::Removed => "-",
            Change::Changed => "~",
            Change::Unchanged => " ",
        }
    }
}

/// One project (Terraform root) on either side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectDiff {
    pub name: String,
    /// `added` (only in the proposed side), `removed` (only in the base), `changed` or
    /// `unchanged`.
    pub change: Change,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub prior_monthly_cost: Decimal,
    pub proposed_monthly_cost: Decimal,
    pub delta_monthly_cost: Decimal,
    pub delta_percent: Option<Decimal>,
    /// What the project's known delta says of its real delta.
    #[serde(default)]
    pub delta_bound: DeltaBound,
    /// The project's unknown costs that changed.
    #[serde(default)]
    pub unknowns: DeltaUnknowns,
    pub fixed: CostSplit,
    pub usage_based: CostSplit,
    pub prior_unknown_costs: usize,
    pub proposed_unknown_costs: usize,
    /// Added, removed and changed resources, sorted by address (unchanged ones only counted).
    pub resources: Vec<ResourceDiff>,
    pub unchanged_resources: usize,
}

/// One resource instance, matched by address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceDiff {
    pub address: String,
    pub resource_type: String,
    pub change: Change,
    /// `None` when the resource is not in the base.
    pub prior_bucket: Option<Bucket>,
    /// `None` when the resource is not in the proposed side.
    pub proposed_bucket: Option<Bucket>,
    /// Known monthly cost of the base; `None` when absent.
    pub prior_monthly_cost: Option<Decimal>,
    /// Known monthly cost of the proposed side; `None` when absent.
    pub proposed_monthly_cost: Option<Decimal>,
    /// Difference of the known costs (an absent side counts as 0).
    pub delta_monthly_cost: Decimal,
    /// Part of the delta from configuration-fixed components.
    pub fixed_delta: Decimal,
    /// Part of the delta from usage-based components.
    pub usage_delta: Decimal,
    /// Some component cost is unknown on a side: the delta covers the known costs only.
    pub incomplete: bool,
    /// Added, removed and changed components (unchanged ones are left out).
    pub components: Vec<ComponentDiff>,
}

/// One cost component, matched by subresource and id within its resource, or, when its id
/// changed within one kind (`rds.storage.gp2` → `rds.storage.gp3`), by its kind (see
/// `compare`); `prior_name` is the base's name when it differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentDiff {
    /// The component's id (the proposed side's; the base's when removed). Empty when a side
    /// comes from a report saved before ids.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The proposed side's name (the base's when the component was removed).
    pub name: String,
    /// The base's name when it differs from `name`: the same component, renamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_name: Option<String>,
    /// Name of the subresource the component belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subresource: Option<String>,
    pub unit: String,
    pub usage_based: bool,
    pub change: Change,
    /// `None` when the component is not in the base.
    pub prior: Option<ComponentSide>,
    /// `None` when the component is not in the proposed side.
    pub proposed: Option<ComponentSide>,
    /// `None` when a present side's cost is unknown.
    pub delta_monthly_cost: Option<Decimal>,
}

/// A component as one side has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentSide {
    /// `None`: usage unknown.
    pub quantity: Option<Decimal>,
    /// `None`: price not found.
    pub price: Option<Decimal>,
    /// `None`: not known (see `price_status`), never zero.
    pub monthly_cost: Option<Decimal>,
    pub price_status: PriceStatus,
}

/// The outcome of one guardrail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardrailResult {
    /// `fail-on-increase` or `budget`.
    pub guardrail: String,
    /// The limit as given (`10%`, `50`, `250.00`).
    pub limit: String,
    /// The guardrail fails the run (exit code 3).
    pub tripped: bool,
    /// `holds`, `tripped`, or `not_proven` (it holds on known costs, but unknown costs could
    /// trip it, and `--on-unknown warn` asked for a warning rather than a failure).
    #[serde(default)]
    pub status: GuardrailStatus,
    /// One line: why it tripped, or that it holds.
    pub message: String,
}

/// The outcome of a guardrail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardrailStatus {
    #[default]
    Holds,
    Tripped,
    /// Holds on known costs only; unknown costs could trip it.
    NotProven,
}

/// Why a saved diff cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DiffModelError {
    #[error("not a costplan diff (expected the JSON written by `costplan diff --format json`)")]
    Json(#[from] serde_json::Error),
    #[error(
        "diff schema version `{found}` is not supported (this costplan reads version `{expected}`)"
    )]
    Version { found: String, expected: u32 },
}

impl Diff {
    /// Pretty JSON with a trailing newline (`--format json`).
    pub fn to_json(&self) -> String {
        // Cannot fail: every map key is a string.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parses a saved diff, refusing other schema versions.
    pub fn from_json(text: &str) -> Result<Diff, DiffModelError> {
        let raw: serde_json::Value = serde_json::from_str(text)?;
        if let Some(found) = other_version(&raw, DIFF_SCHEMA_VERSION) {
            return Err(DiffModelError::Version { found, expected: DIFF_SCHEMA_VERSION });
        }
        Ok(serde_json::from_value(raw)?)
    }

    /// The guardrails that tripped.
    pub fn tripped(&self) -> impl Iterator<Item = &GuardrailResult> {
        self.guardrails.iter().filter(|g| g.tripped)
    }

    /// The guardrails that hold on known costs only, with a warning (`--on-unknown warn`).
    pub fn not_proven(&self) -> impl Iterator<Item = &GuardrailResult> {
        self.guardrails.iter().filter(|g| g.status == GuardrailStatus::NotProven)
    }
}

/// `delta / prior` in percent, two decimals; `None` when the prior is zero.
pub fn percent(prior: Decimal, delta: Decimal) -> Option<Decimal> {
    if prior.is_zero() {
        return None;
    }
    delta
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|d| d.checked_div(prior))
        .map(|p| p.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unknowns_that_changed_give_the_delta_its_bound() {
        let mut u = DeltaUnknowns::default();
        assert_eq!(u.bound(), DeltaBound::Exact);
        u.not_supported_added.push("aws_instance.web".into());
        assert_eq!((u.new_unknowns(), u.bound()), (1, DeltaBound::AtLeast));
        u.unknown_costs_removed = 1;
        assert_eq!(u.bound(), DeltaBound::NotKnown);
        let gone = DeltaUnknowns { unknown_costs_removed: 2, ..DeltaUnknowns::default() };
        assert_eq!(gone.bound(), DeltaBound::AtMost);
        let changed = DeltaUnknowns { unknown_costs_changed: 1, ..DeltaUnknowns::default() };
        assert_eq!(changed.bound(), DeltaBound::NotKnown);
    }
}
