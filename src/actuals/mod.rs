//! Actual spend: read what an AWS account really spent from one of four sources, normalise every
//! row into an [`ActualLine`], and aggregate the lines for a [`Query`] (period, group-by keys,
//! tag filters, cost basis) into an [`Aggregation`] with per-currency totals.
//!
//! Sources (one file each):
//! - [`cost_explorer`]: `GetCostAndUsage` through aws-sdk-costexplorer (paid: $0.01 a request).
//! - [`cur`]: CUR 2.0 / legacy CUR files (Parquet or CSV, gzip too), read with polars.
//! - [`focus`]: FOCUS 1.0–1.2 exports (Parquet or CSV), read with polars.
//! - [`athena`]: the aggregation pushed down to Athena as SQL over a CUR 2.0 table.
//!
//! [`reconcile`] puts an estimate report beside actual lines (`costplan compare`).
//!
//! Contract: sources may pre-aggregate (polars and Athena group by the query's keys before any
//! row reaches Rust), so a field that the query does not group or filter by may be `None` on a
//! line. [`aggregate::aggregate`] is idempotent over such lines. Money is `Decimal` end to end.

pub mod aggregate;
pub mod athena;
pub mod cost_explorer;
pub mod credits;
pub mod cur;
pub mod focus;
pub mod line;
#[cfg(feature = "polars")]
mod polars_frame;
#[cfg(feature = "polars")]
mod polars_group;
pub mod provider;
pub mod query;
pub mod reconcile;
pub mod render;
pub mod resource_map;

pub use aggregate::{AggRow, Aggregation, aggregate};
pub use line::{ActualLine, Costs, LineType, strip_region_prefix};
pub use query::{Basis, DateRange, Granularity, GroupKey, Query, TagFilter, normalise_tag_key};

/// What a source returns: the lines plus facts about how they were obtained.
#[derive(Debug, Clone, Default)]
pub struct SourceOutput {
    /// Normalised (possibly pre-aggregated) lines.
    pub lines: Vec<ActualLine>,
    /// Notes to show the user (cost of API requests, excluded record types, ...).
    pub notes: Vec<String>,
    /// Non-fatal problems (a tag that never appears, estimated periods, ...).
    pub warnings: Vec<String>,
    /// Tag keys (normalised) that appear at least once in the data read, when the source knows.
    pub tags_seen: Option<std::collections::BTreeSet<String>>,
    /// Billed API requests made (Cost Explorer `GetCostAndUsage`, see
    /// [`cost_explorer::requests_note`]); 0 for the other sources.
    pub paid_requests: usize,
}

/// Errors of the actuals sources. Messages say what was expected and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ActualsError {
    #[error("no input file matches `{0}`: give a CUR/FOCUS file, a directory or a glob")]
    NoFiles(String),
    #[error("cannot read `{path}`: {reason}")]
    Io { path: String, reason: String },
    #[error(
        "`{path}` is neither Parquet nor CSV (first bytes do not look like either): export the data as Parquet or CSV (gzip allowed)"
    )]
    NotParquetOrCsv { path: String },
    #[error("`{path}` is missing required {kind} columns: {}. A {kind} file needs {}; check that the export is {kind} (examples/credlink/sample-bills/ has one of each kind)", .missing.join(", "), .required.join(", "))]
    MissingColumns {
        path: String,
        kind: &'static str,
        missing: Vec<String>,
        /// Every column a file of `kind` needs (the basis may add some, named in `missing`).
        required: &'static [&'static str],
    },
    #[error("cannot read `{path}`: {reason} (is the file truncated or corrupted? re-download it)")]
    Corrupt { path: String, reason: String },
    #[error("bad value in `{path}` {location}: {reason}")]
    BadValue { path: String, location: String, reason: String },
    #[error(
        "costplan was built without the `polars` feature, so `--from {0}` is unavailable: rebuild with default features (`cargo install costplan` or `cargo build --features polars`), or use `--from cost-explorer` / `--from athena`"
    )]
    PolarsDisabled(&'static str),
    #[error("{0}")]
    Unsupported(String),
    #[error("Cost Explorer: {0}")]
    CostExplorer(String),
    #[error("Athena: {0}")]
    Athena(String),
}
