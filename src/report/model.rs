//! The monthly finance report model: every figure the renderers show, computed once by
//! [`super::build`]. Money is `Decimal` at full precision (renderers round); percentages are
//! rounded to one decimal here, since they are derived ratios, not amounts. Serialises to the
//! JSON output as is.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::actuals::Basis;

/// Version of the `costplan report --format json` document; changes whenever a field is
/// removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// The report of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlyReport {
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    pub basis: Basis,
    /// Where the actual spend came from (`CUR \`billing/\``, `Cost Explorer` ...).
    pub source: String,
    /// The estimated project (the Terraform directory's name).
    pub project: String,
    pub headline: Headline,
    /// Per service: estimate, actual, previous month. Sorted by actual, largest first.
    pub by_service: Vec<ServiceLine>,
    /// One breakdown per allocation tag (environment, team ...).
    pub by_tag: Vec<TagBreakdown>,
    /// Against the previous month; `None` without one.
    pub movers: Option<Movers>,
    /// Cost per 1,000 requests; `None` when the scenario has no request count.
    pub unit_cost: Option<UnitCost>,
    /// Reserved Instance / Savings Plan coverage and utilisation; `None` without commitment
    /// lines in the month.
    pub commitments: Option<Commitments>,
    pub allocation: Allocation,
    pub anomalies: Anomalies,
    pub savings: Savings,
    /// How figures were obtained (shown under the report).
    pub notes: Vec<String>,
    /// Problems with the inputs that do not stop the report.
    pub warnings: Vec<String>,
}

/// Budget vs estimate vs actual vs forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub budget: Option<Decimal>,
    /// The estimate for the month's calendar hours.
    pub estimate: Decimal,
    /// Spend to date.
    pub actual: Decimal,
    pub forecast: Decimal,
    /// How the forecast was made, in words.
    pub forecast_method: String,
    pub days_with_data: u32,
    pub days_in_month: u32,
    /// `forecast − budget` (positive: over budget).
    pub budget_variance: Option<Decimal>,
    /// A partial month: the estimate prorated to the days with data, what the actual is
    /// compared with (so 12 days of spend never meet a whole month's estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate_to_date: Option<Decimal>,
    /// A partial month: the one-off charges (billed on the 1st only) in the actual, counted
    /// once in the forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_offs: Option<Decimal>,
    /// A partial month: the recurring spend per day the rest of the month is forecast at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_rate: Option<Decimal>,
}

impl Headline {
    /// Whether the month has data for every day.
    pub fn complete(&self) -> bool {
        self.days_with_data >= self.days_in_month
    }
}

/// One service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceLine {
    pub service: String,
    pub estimate: Decimal,
    pub actual: Decimal,
    /// `actual − estimate`.
    pub delta: Decimal,
    /// `delta / estimate`, `None` when nothing was estimated.
    pub percent: Option<Decimal>,
    /// The previous month's actual, when there is a previous month.
    pub previous: Option<Decimal>,
}

/// Spend by the values of one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagBreakdown {
    pub key: String,
    /// Largest first; `(untagged)` for spend without the tag.
    pub rows: Vec<Share>,
}

/// An amount and its share of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    pub label: String,
    pub amount: Decimal,
    pub percent: Option<Decimal>,
}

/// Month over month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movers {
    pub previous_month: String,
    pub previous_total: Decimal,
    /// Services by absolute change, largest first (at most [`super::build::TOP_MOVERS`]).
    pub rows: Vec<Change>,
}

/// A change between the previous month and this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub service: String,
    pub previous: Decimal,
    pub actual: Decimal,
    pub change: Decimal,
    /// `change / previous`, `None` for a service new this month.
    pub percent: Option<Decimal>,
}

/// Unit economics from the scenario's traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitCost {
    pub requests: Decimal,
    /// Where the request count comes from (the scenario, `--requests`).
    pub requests_source: String,
    pub actual_per_1000: Decimal,
    pub estimate_per_1000: Decimal,
    pub forecast_per_1000: Decimal,
}

/// Commitment coverage and utilisation, from the RI/Savings Plan lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitments {
    /// On-demand value of the usage a commitment covered.
    pub covered_on_demand: Decimal,
    /// On-demand value of all commitment-eligible usage (instances, Fargate, Lambda ...).
    pub eligible_on_demand: Decimal,
    pub coverage_percent: Option<Decimal>,
    /// Commitment used: amortised cost of the covered usage.
    pub used: Decimal,
    /// Commitment paid for but not used: amortised cost of the fee lines.
    pub unused: Decimal,
    pub utilisation_percent: Option<Decimal>,
}

/// Allocation hygiene: spend that carries none of the allocation tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub tag_keys: Vec<String>,
    pub untagged: Decimal,
    pub percent: Option<Decimal>,
}

/// Services up more than the threshold against the previous month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anomalies {
    pub threshold_percent: Decimal,
    /// Whether there was a previous month to compare with.
    pub compared: bool,
    pub rows: Vec<Change>,
}

/// Savings found by `advise`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Savings {
    /// Not computed, and why.
    NotComputed {
        reason: String,
    },
    Computed {
        findings: Vec<Saving>,
        total: Decimal,
    },
}

/// One saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saving {
    pub code: String,
    pub title: String,
    pub resource: String,
    pub monthly_saving: Decimal,
}
