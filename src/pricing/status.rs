//! Age and provenance of every cache file, for `costplan pricing status` and for estimates that
//! warn about old prices. Pure: today's date is an argument.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::Catalog;
use super::price::SourceInfo;

/// Default age (days since the file was written) above which a file is reported as stale.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileStatus {
    #[serde(flatten)]
    pub info: SourceInfo,
    /// Days between the fetch date and today; `None` when the fetch date does not parse.
    pub age_days: Option<i64>,
    /// Older than the threshold, or of unknown age.
    pub stale: bool,
}

/// Status of every file in the catalog, sorted by path.
pub fn status(catalog: &Catalog, today: NaiveDate, max_age_days: u32) -> Vec<FileStatus> {
    catalog
        .sources()
        .into_iter()
        .map(|info| {
            let age_days = NaiveDate::parse_from_str(&info.fetch_date, "%Y-%m-%d")
                .ok()
                .map(|d| (today - d).num_days());
            let stale = age_days.is_none_or(|a| a > i64::from(max_age_days));
            FileStatus { info, age_days, stale }
        })
        .collect()
}
