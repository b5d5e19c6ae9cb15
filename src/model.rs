//! The report model: the one versioned structure every output format renders, `diff` compares,
//! `advise` reads and `compare`/`report` reconcile with actual spend.
//!
//! Contract:
//! - [`SCHEMA_VERSION`] changes whenever a field is removed or changes meaning; adding an
//!   optional field does not change it. [`Report::from_json`] refuses other versions with a clear
//!   error. The JSON form is documented in `docs/report-schema.md`.
//! - Money and quantities are [`Decimal`], serialised as JSON strings with full precision
//!   (`"65.7000"`), never rounded here: renderers round.
//! - Deterministic: maps are [`BTreeMap`], vectors are sorted by the producer (`estimate`),
//!   no timestamps.
//! - No silent $0: a component whose price was not found or whose usage is unknown has
//!   `monthly_cost: null` and a [`PriceStatus`] that says why; it is counted in [`Summary`].
//! - Amounts stay computable: the absolute values of a report's amounts (costs, upfront fees,
//!   prices, quantities) add up to at most [`crate::checked::MAX_AMOUNT`] ÷ [`HEADROOM`], so
//!   that a sum or difference of any of them, within one report or across two (`diff`,
//!   `compare`, `advise`), stays in Decimal's range. [`Report::check_amounts`] enforces it: the
//!   estimate checks what it produces, [`Report::from_json`] what it reads, and a report that
//!   breaks it is an error naming the resource, never a panic later on.
//! - Knows nothing about how costs are computed (that is `estimate`) or shown (`render/`), and
//!   imports nothing from the modules that read it: savings findings are plain data from
//!   [`crate::advice`], below both this model and `advise/` (a test in `lib.rs` checks it).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::advice::Advice;
use crate::pricing::PriceQuery;
use crate::terraform::Location;
use crate::usage::UsageSource;

/// Version of the JSON report schema (`schema_version`).
pub const SCHEMA_VERSION: u32 = 1;

/// How many times the sum of a report's amounts must fit in Decimal's range: two reports
/// compared (each counted once), their difference, and the percentage and sums the consumers
/// take of them stay in range with room to spare.
pub const HEADROOM: u32 = 8;

/// Where a report's amounts leave the range costplan can compute with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the cost of {at} overflows: the report's amounts add up to more than costplan can compute \
     (about 7.9e28 ÷ {HEADROOM}); check the usage values and prices it was estimated from"
)]
pub struct AmountOverflow {
    /// `aws_lb.api` (a resource) or `the totals`.
    pub at: String,
}

/// The whole estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    /// ISO currency code of every amount: always `USD` (AWS list prices).
    pub currency: String,
    /// Hours in the month the hourly prices were multiplied by (730, or the calendar hours of
    /// `--month`).
    pub hours_per_month: Decimal,
    /// What the estimate was made from (no timestamps, so that reports are reproducible).
    pub inputs: Inputs,
    /// Price files the estimate used, sorted by file.
    pub pricing_sources: Vec<PricingSource>,
    /// One project per Terraform root: one, or one per project of a `costplan.yml`.
    pub projects: Vec<Project>,
    /// Sum over projects.
    pub totals: Totals,
    /// Sum over projects.
    pub summary: Summary,
    /// Every warning of the run (load, usage, pricing, per resource), sorted by code, address,
    /// message.
    pub warnings: Vec<ReportWarning>,
    /// Savings findings, filled in by `costplan advise` and `costplan estimate --advise` (absent
    /// from a plain estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Advice>,
}

/// The inputs of the run as given by the user, for the footer and for `diff`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// `costplan.yml` listing the projects, as given (`--config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// Terraform directory, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Plan JSON file, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Scenario file or built-in scenario name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Requests per month given with `--requests`, as typed (`100k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_file: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub var_files: Vec<String>,
    /// `--var name=value`, sorted by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vars: BTreeMap<String, String>,
    /// `--region` default for resources whose provider sets none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `--month YYYY-MM`, when the month length came from the calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// The Terraform workspace (`terraform.workspace`) the directory was evaluated in, as
    /// resolved (`--workspace`, `TF_WORKSPACE`, the selected one, or `default`); not set for a
    /// plan or a `costplan.yml` of several projects (each project has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    /// Whether account-level free-tier allowances were subtracted.
    #[serde(default)]
    pub free_tier: bool,
}

/// One price file of the snapshot or cache.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PricingSource {
    /// File name inside the snapshot (`AmazonRDS/us-east-1.json`).
    pub file: String,
    /// Where its prices come from (`Price List API`, `bulk offer file`, `published list prices`).
    pub source: String,
    /// Publication date of the prices (`2026-07-01`).
    pub as_of: String,
}

/// One Terraform root module and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Display name: the directory name, or `main` for a single project.
    pub name: String,
    /// Directory or plan file, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Every managed resource instance, sorted by address; data sources are not listed.
    pub resources: Vec<ResourceCost>,
    pub totals: Totals,
    pub summary: Summary,
}

/// Which of the three outcomes a resource instance has. Every instance has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Priced: has cost components (some may still lack a price or a usage).
    Estimated,
    /// Known to cost nothing by itself (`note` says why).
    Free,
    /// A type costplan does not price yet (`unsupported` says which kind).
    NotSupported,
}

/// Which kind of "not supported" a resource is (the third kind of "not priced", beside known
/// free types, is [`Bucket::Free`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unsupported {
    /// A type that costs money and is not priced yet; what AWS bills for it.
    NotYet { billed_for: String },
    /// A type nobody has classified yet (of the AWS provider, or of another provider): it may
    /// cost money.
    Unclassified,
    /// An `aws_` type the AWS provider does not have: probably a typo.
    UnknownType {
        /// The closest type the provider has.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
    },
}

/// One resource instance with its cost components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceCost {
    pub address: String,
    pub resource_type: String,
    /// Where the resource block is declared.
    pub location: Location,
    /// AWS region the resource is priced in; `None` for free and unsupported resources whose
    /// provider has no region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub bucket: Bucket,
    /// Why a free resource is free, or why a resource is not supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a not-supported resource: which kind (not yet, unclassified, unknown type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsupported: Option<Unsupported>,
    /// In the order the resource file emits them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Parts priced on behalf of this resource (a bucket's lifecycle storage classes, a
    /// cluster's Container Insights), each with its own components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subresources: Vec<SubResource>,
    /// Sum of the known monthly costs of the components and subresources.
    pub monthly_cost: Decimal,
    /// Sum of the upfront fees (reserved terms), not included in `monthly_cost` except through
    /// amortisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    /// True when some component has no monthly cost (price not found or usage unknown): the
    /// monthly cost is then a lower bound.
    #[serde(default)]
    pub incomplete: bool,
    /// Warnings about this resource (the same ones are in [`Report::warnings`] with the address).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ReportWarning>,
}

/// A named part of a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubResource {
    /// `Storage class Glacier Flexible Retrieval`, `Container Insights`.
    pub name: String,
    pub components: Vec<Component>,
    pub monthly_cost: Decimal,
}

/// One priced line: a quantity of a unit at a price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Stable machine id of the kind of component (`fargate.vcpu.spot`, `rds.storage.gp3`),
    /// what rules, `diff` and JSON consumers match on; see `docs/report-schema.md` for the list.
    /// Empty in a report saved before ids existed (read back with `#[serde(default)]`; `diff`
    /// then matches that resource's components by name, as documented there).
    #[serde(default)]
    pub id: String,
    /// For people only, never matched on: Infracost-style name: `Instance usage (on-demand, db.t3.micro)`, `Storage (gp3)`.
    pub name: String,
    /// Plural display unit, with a multiplier when priced per many: `hours`, `GB`, `GB-months`,
    /// `1M requests`.
    pub unit: String,
    /// Monthly quantity in `unit`; `None` when it depends on a usage that is not known.
    pub quantity: Option<Decimal>,
    /// True when the quantity comes from usage (traffic) rather than from the configuration.
    pub usage_based: bool,
    /// The usage key the quantity was read from (`monthly_data_processed_gb`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_key: Option<String>,
    /// Where a usage-based quantity came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_source: Option<UsageSource>,
    /// How the quantity was derived, with the numbers filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// Price per `unit`; when tiered, the rate of the last tier the quantity reaches (the
    /// marginal rate; `tiers` has the split), or for an unknown quantity the first non-free
    /// rate. Reserved terms: the effective rate with the upfront amortised. `None` when not
    /// found.
    pub price: Option<Decimal>,
    /// How the quantity was split over the price tiers (empty when the price has one tier).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<TierUse>,
    /// Quantity × price, summed over tiers, after free allowances; `None` when the price or the
    /// usage is not known (never a silent 0).
    pub monthly_cost: Option<Decimal>,
    /// Upfront fee of a reserved term (already amortised into `price`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upfront: Option<Decimal>,
    /// Free allowance subtracted from the quantity before pricing (`--free-tier`, or a
    /// per-resource allowance such as Fargate's 20 GB of ephemeral storage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_allowance: Option<FreeAllowance>,
    pub price_status: PriceStatus,
    /// What was asked of the catalog.
    pub price_query: PriceQuery,
    /// SKU of the price found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
}

/// Part of a quantity priced at one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierUse {
    /// Tier range in the display unit, `end: None` = unbounded.
    pub begin: Decimal,
    pub end: Option<Decimal>,
    pub price: Decimal,
    pub quantity: Decimal,
    pub cost: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeAllowance {
    /// Quantity (in the component's unit) not charged.
    pub quantity: Decimal,
    /// `first 3 dashboards per account (free tier)`.
    pub note: String,
}

/// Whether a component could be priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PriceStatus {
    /// Price found and quantity known.
    Found,
    /// No price matched the query; `closest` lists known values of the attribute that failed
    /// (other instance types, regions ...).
    NotFound {
        hint: String,
        #[serde(default)]
        closest: Vec<String>,
    },
    /// More than one price matched; the query must be made more specific.
    Ambiguous { candidates: Vec<String> },
    /// Price found, but the usage that gives the quantity is not known: the line shows
    /// "depends on usage: $price per unit".
    UsageUnknown,
}

impl PriceStatus {
    pub fn is_found(&self) -> bool {
        matches!(self, PriceStatus::Found)
    }
}

/// Monthly totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Sum of every known monthly cost (a lower bound when `summary` counts missing prices or
    /// usages).
    pub monthly: Decimal,
    /// Sum of upfront fees of reserved terms.
    pub upfront: Decimal,
    /// By AWS service code (`AmazonRDS`), see [`crate::services::display_name`].
    pub by_service: BTreeMap<String, Decimal>,
    /// By resource address (estimated resources only).
    pub by_resource: BTreeMap<String, Decimal>,
}

/// Counts for the summary line: "3 resources estimated, 2 free, 4 not supported; 1 price not
/// found, 2 usage unknown".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Managed resource instances.
    pub resources: usize,
    pub estimated: usize,
    pub free: usize,
    pub not_supported: usize,
    /// Components whose price was not found or was ambiguous.
    pub price_not_found: usize,
    /// Components whose usage is unknown.
    pub usage_unknown: usize,
    /// Of the not supported resources, those whose type the AWS provider costplan knows does not
    /// have (a typo, or a type added since).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unknown_type: usize,
    /// Not supported resources by type, for `--show-skipped` and the footer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_supported_types: BTreeMap<String, usize>,
    /// Module calls whose source could not be loaded: whatever they create is in no count above
    /// and no total.
    #[serde(default)]
    pub modules_not_loaded: usize,
}

impl Summary {
    /// What the total leaves out, as counted phrases in a fixed order (`2 prices not found`,
    /// `1 module not loaded`); empty when nothing is left out. Free resources cost nothing and are
    /// not listed.
    pub fn not_included(&self) -> Vec<String> {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        [
            count(self.price_not_found, "price not found", "prices not found"),
            count(self.usage_unknown, "usage unknown", "usages unknown"),
            count(self.not_supported, "resource not supported", "resources not supported"),
            count(self.modules_not_loaded, "module not loaded", "modules not loaded"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A problem that did not stop the run. `code` is stable kebab-case: `price-not-found`,
/// `price-ambiguous`, `usage-unknown`, `variable-unset`, `module-not-loaded`,
/// `unsupported-resource`, plus the codes of the Terraform loader.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReportWarning {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Why a saved report cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "not a costplan report (expected the JSON written by `costplan estimate --format json`)"
    )]
    Json(#[from] serde_json::Error),
    #[error(
        "report schema version `{found}` is not supported (this costplan reads version `{expected}`); re-run `costplan estimate --format json` with this version"
    )]
    Version { found: String, expected: u32 },
    #[error(transparent)]
    Amount(#[from] AmountOverflow),
}

/// A JSON document with its `schema_version` first: the other JSON outputs (`actuals`,
/// `compare`, `report`) are written through this, each with its own version constant, so a
/// consumer can check what it reads the way [`Report::from_json`] does.
#[derive(Debug, Serialize)]
pub struct Versioned<'a, T: Serialize> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub document: &'a T,
}

/// `document` as pretty JSON with `schema_version` first.
pub fn versioned_json<T: Serialize>(schema_version: u32, document: &T) -> String {
    // The documents are plain data (strings, decimals, maps with string keys): serialising
    // them cannot fail.
    serde_json::to_string_pretty(&Versioned { schema_version, document }).unwrap_or_default()
}

/// The `schema_version` of a saved JSON document when it is not `expected` (`missing` when it
/// has none), checked before the rest so that another version gets a version error rather than a
/// confusing missing-field error.
pub fn other_version(raw: &serde_json::Value, expected: u32) -> Option<String> {
    let version = raw.get("schema_version");
    (version.and_then(serde_json::Value::as_u64) != Some(u64::from(expected)))
        .then(|| version.map_or_else(|| "missing".to_string(), ToString::to_string))
}

impl Report {
    /// Parses a saved JSON report, checking the schema version first so that a report from
    /// another version gets a version error rather than a confusing missing-field error.
    pub fn from_json(text: &str) -> Result<Report, ModelError> {
        let raw: serde_json::Value = serde_json::from_str(text)?;
        if let Some(found) = other_version(&raw, SCHEMA_VERSION) {
            return Err(ModelError::Version { found, expected: SCHEMA_VERSION });
        }
        let report: Report = serde_json::from_value(raw)?;
        report.check_amounts()?;
        Ok(report)
    }

    /// Checks the contract's bound on amounts (see the module doc): the error names the first
    /// resource (in project and address order) at which their running sum leaves the range, or
    /// the totals.
    pub fn check_amounts(&self) -> Result<(), AmountOverflow> {
        let limit = crate::checked::MAX_AMOUNT / Decimal::from(HEADROOM);
        let mut sum = Decimal::ZERO;
        let mut add = |amounts: &mut dyn Iterator<Item = Decimal>, at: &dyn Fn() -> String| {
            for a in amounts {
                sum = crate::checked::add(sum, a.abs())
                    .ok()
                    .filter(|s| *s <= limit)
                    .ok_or_else(|| AmountOverflow { at: at() })?;
            }
            Ok(())
        };
        for rc in self.resources() {
            let at = || rc.address.clone();
            let own = [rc.monthly_cost, rc.upfront.unwrap_or_default()].into_iter();
            let subs = rc.subresources.iter().map(|s| s.monthly_cost);
            let components = rc.all_components().flat_map(|c| {
                let tiers = c.tiers.iter().flat_map(|t| [t.price, t.quantity, t.cost]);
                [c.quantity, c.price, c.monthly_cost, c.upfront].into_iter().flatten().chain(tiers)
            });
            add(&mut own.chain(subs).chain(components), &at)?;
        }
        let totals = self.projects.iter().map(|p| &p.totals).chain([&self.totals]);
        for t in totals {
            let at = || "the totals".to_string();
            let by = t.by_service.values().chain(t.by_resource.values()).copied();
            add(&mut [t.monthly, t.upfront].into_iter().chain(by), &at)?;
        }
        Ok(())
    }

    /// Pretty JSON with a trailing newline (the `--format json` output).
    pub fn to_json(&self) -> String {
        // Serialising this model cannot fail: every map key is a string.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Every resource of every project, in project then address order.
    pub fn resources(&self) -> impl Iterator<Item = &ResourceCost> {
        self.projects.iter().flat_map(|p| p.resources.iter())
    }
}

impl ResourceCost {
    /// Components of the resource and of its subresources.
    pub fn all_components(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().chain(self.subresources.iter().flat_map(|s| s.components.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            currency: "USD".into(),
            hours_per_month: Decimal::from(730),
            inputs: Inputs::default(),
            pricing_sources: Vec::new(),
            projects: Vec::new(),
            totals: Totals::default(),
            summary: Summary::default(),
            warnings: Vec::new(),
            advice: None,
        }
    }

    #[test]
    fn money_serialises_as_strings_and_round_trips() {
        let mut report = empty();
        report.totals.monthly = "65.7000".parse().unwrap_or_default();
        let text = report.to_json();
        assert!(text.contains(r#""monthly": "65.7000""#), "{text}");
        assert_eq!(Report::from_json(&text).ok(), Some(report));
    }

    #[test]
    fn amounts_too_large_to_compute_are_refused_naming_the_resource() {
        let mut report = empty();
        assert_eq!(report.check_amounts(), Ok(()));
        report.projects.push(Project {
            name: "main".into(),
            path: None,
            resources: vec![ResourceCost {
                address: "aws_lb.api".into(),
                resource_type: "aws_lb".into(),
                location: Location::default(),
                region: None,
                bucket: Bucket::Estimated,
                note: None,
                unsupported: None,
                components: Vec::new(),
                subresources: Vec::new(),
                monthly_cost: crate::checked::MAX_AMOUNT,
                upfront: None,
                incomplete: false,
                warnings: Vec::new(),
            }],
            totals: Totals::default(),
            summary: Summary::default(),
        });
        let err = Report::from_json(&report.to_json()).err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.contains("the cost of aws_lb.api overflows"), "{err}");
        // Within the bound, the same report reads back.
        report.projects[0].resources[0].monthly_cost = Decimal::from(1_000_000);
        assert_eq!(Report::from_json(&report.to_json()).ok(), Some(report.clone()));
        // Totals count too.
        report.totals.monthly = crate::checked::MAX_AMOUNT;
        let at = report.check_amounts().err().map(|e| e.at);
        assert_eq!(at.as_deref(), Some("the totals"));
    }

    #[test]
    fn other_schema_versions_are_refused() {
        let text = empty().to_json().replace(r#""schema_version": 1"#, r#""schema_version": 99"#);
        let err = Report::from_json(&text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("`99`"), "{err}");
    }
}
