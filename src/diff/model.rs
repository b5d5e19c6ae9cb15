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
    /// Resources of the proposed side costplan does not price.
    pub proposed_not_supported: usize,
}

impl DiffSummary {
    /// True when some cost is not known on either side: the totals are lower bounds.
    pub fn has_unknown_costs(&self) -> bool {
        self.prior_unknown_costs + self.proposed_unknown_costs > 0
    }
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
    pub tripped: bool,
    /// One line: why it tripped, or that it holds.
    pub message: String,
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

    /// True when some guardrail tripped.
    pub fn tripped(&self) -> impl Iterator<Item = &GuardrailResult> {
        self.guardrails.iter().filter(|g| g.tripped)
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
