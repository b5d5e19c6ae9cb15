//! The findings `advise` produces: plain data, serialised into the estimate report's optional
//! `advice` field (documented in `docs/report-schema.md`) and rendered by `advise/render/`.
//!
//! Layering: this module sits below both the report model (`model.rs`, whose `Report::advice`
//! holds an [`Advice`]) and `advise/` (which fills it in), and imports nothing from either, so
//! that the report model depends on nothing above it. `advise::finding` re-exports it, so rule
//! files name these types as before.
//!
//! Money is [`Decimal`], never rounded here. Every figure is computed by re-running the estimate
//! with the change applied (see `advise/simulate.rs`), so "monthly cost after" comes from the
//! same code and prices as the estimate itself.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::terraform::Location;
use crate::usage::Payment;

/// What applying a finding risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// No behaviour change beyond the bill.
    Safe,
    /// Works for most workloads; check yours before production.
    NeedsTesting,
    /// Terraform replaces or restarts the resource, or availability drops while it changes.
    CausesDowntime,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::Safe => "safe",
            Risk::NeedsTesting => "needs testing",
            Risk::CausesDowntime => "causes downtime",
        }
    }
}

/// A cost the estimate does not model but that the change adds (or removes), counted in the
/// finding's saving: cross-AZ transfer after sharing one NAT gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub name: String,
    /// Added monthly cost (negative when the change removes a cost the estimate ignores).
    pub monthly_cost: Decimal,
    /// How it was computed, numbers filled in.
    pub formula: String,
}

/// One recommendation for one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule code (`CP101`).
    pub code: String,
    /// The rule's name for the pattern (`fargate-spot`).
    pub rule: String,
    /// The resource the finding is about.
    pub address: String,
    /// Where that resource is declared.
    pub location: Location,
    /// One line: what to change.
    pub title: String,
    /// Monthly cost of the resources the change affects, as estimated now.
    pub monthly_cost: Decimal,
    /// Their monthly cost once changed, plus any [`Adjustment`].
    pub monthly_cost_after: Decimal,
    pub monthly_saving: Decimal,
    /// `monthly_saving × 12`.
    pub yearly_saving: Decimal,
    /// Commitments: the upfront payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    /// Commitments: the first month whose cumulative saving covers the upfront payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even_month: Option<u32>,
    pub risk: Risk,
    /// True when the change trades resilience (AZ redundancy, failover) for money; such rules
    /// only fire outside production unless asked.
    pub reduces_resilience: bool,
    /// Every resource whose cost changes (sorted), the finding's own first.
    pub affected: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// Unified diff of the Terraform files, when costplan can write the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
    /// Why there is no patch, and what to change by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_patch_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Commitments (reservations): every term compared, each priced by re-running the estimate
    /// with it; the finding's figures are the row marked `recommended`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitment_options: Vec<CommitmentRow>,
    /// Savings Plans: the hourly commitment to buy, sized to cover only the steady usage (its
    /// cost at the assumed discount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_commitment: Option<Decimal>,
}

/// One term of a commitment table (`1yr No Upfront`), priced by re-running the estimate with
/// the resource bought on that term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentRow {
    /// `1yr No Upfront`.
    pub term: String,
    pub years: u8,
    pub payment: Payment,
    /// False when the price snapshot has no price for the term: every figure is then `None`
    /// ("price not found"), never $0.
    pub priced: bool,
    /// Effective monthly cost of the resource on this term (upfront amortised over the term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<Decimal>,
    /// On-demand monthly cost − `monthly_cost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_saving: Option<Decimal>,
    /// The one-time payment for the term (0 for No Upfront); `None` when not priced or when the
    /// snapshot gives only an effective hourly rate with the upfront folded in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    /// The first month whose cumulative saving (on-demand − recurring charges) covers the
    /// upfront payment; `None` when the upfront is not known or never covered within the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even_month: Option<u32>,
    /// The term the finding's figures are for.
    pub recommended: bool,
    /// Why a figure is missing (price not found, upfront not split).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Several findings on one resource, applied together: their savings overlap, so the combined
/// saving is computed by applying every change at once, not by adding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combined {
    pub address: String,
    pub codes: Vec<String>,
    /// Sum of the findings' savings as if each were alone.
    pub separate_monthly_saving: Decimal,
    /// Saving with every change applied together.
    pub monthly_saving: Decimal,
}

/// How the environment was classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentInfo {
    pub production: bool,
    /// What decided it: `--environment`, the workspace, a tfvars file name, tags, or the
    /// production default.
    pub evidence: String,
}

/// Everything `advise` found, in the report's optional `advice` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub environment: EnvironmentInfo,
    /// Rules run (codes, sorted).
    pub rules_run: Vec<String>,
    /// Sorted by saving (largest first), then code, then address.
    pub findings: Vec<Finding>,
    /// Resources with more than one finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combined: Vec<Combined>,
    /// Every finding applied at once.
    pub total: TotalSaving,
    /// Candidates that were dropped, and why (a price after the change not found, a rule not
    /// firing in production ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// The saving of every finding applied together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalSaving {
    pub monthly_saving: Decimal,
    pub yearly_saving: Decimal,
    /// The drop of the estimate's monthly total (what `costplan estimate` shows after applying
    /// every patch); `monthly_saving` = this − the adjustments.
    pub estimate_change: Decimal,
    /// Sum of the findings' adjustments (costs the estimate does not model).
    pub adjustments: Decimal,
}

/// A candidate that did not become a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub code: String,
    pub address: String,
    pub reason: String,
}
