//! Age and provenance of every cache file, for `costplan pricing status` and for estimates that
//! warn about old prices. Pure: today's date is an argument.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::Catalog;
use super::price::{SourceInfo, SourceKind};

/// Default age (days since the file was written) above which a file is reported as stale.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileStatus {
    #[serde(flatten)]
    pub info: SourceInfo,
    /// Days between the date the prices are from and today; `None` when no date parses.
    pub age_days: Option<i64>,
    /// What the age counts from: `publication` (AWS publication date), `oldest price` (the
    /// oldest recorded date of a published list price in the file), or `fetch`.
    pub age_from: &'static str,
    /// Older than the threshold, or of unknown age.
    pub stale: bool,
}

/// Status of every file in the catalog, sorted by path.
pub fn status(catalog: &Catalog, today: NaiveDate, max_age_days: u32) -> Vec<FileStatus> {
    catalog
        .sources()
        .into_iter()
        .map(|info| {
            let (from, age_from) = price_date(&info);
            let age_days = from.map(|d| (today - d).num_days());
            let stale = age_days.is_none_or(|a| a > i64::from(max_age_days));
            FileStatus { info, age_days, age_from, stale }
        })
        .collect()
}

/// The date the prices of a file are from: AWS's publication date when known; for published
/// list prices the oldest recorded price date (a snapshot written today from 2022 prices is not
/// fresh); otherwise the fetch date.
fn price_date(info: &SourceInfo) -> (Option<NaiveDate>, &'static str) {
    if let Some(d) = info.publication_date.as_deref().and_then(parse_loose) {
        return (Some(d), "publication");
    }
    if let Some(d) =
        info.prices_as_of.as_deref().and_then(|r| r.split("..").next()).and_then(parse_loose)
    {
        return (Some(d), "oldest price");
    }
    if info.source == SourceKind::PublishedListPrices {
        // Hand-gathered prices with no recorded date: the fetch date says nothing about them.
        return (None, "unknown price date");
    }
    (parse_loose(&info.fetch_date), "fetch")
}

/// `2026-07-07`, `2026-07-07T00:00:00Z`, `2026-07` (first of month), `2026` (1 January).
pub fn parse_loose(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Some(d);
    }
    NaiveDate::parse_from_str(&format!("{s}-01-01"), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::parse_loose;
    use chrono::NaiveDate;

    #[test]
    fn loose_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_loose("2026-07-07T00:00:00Z"), d(2026, 7, 7));
        assert_eq!(parse_loose("2022-01"), d(2022, 1, 1));
        assert_eq!(parse_loose("2026"), d(2026, 1, 1));
        assert_eq!(parse_loose("-"), None);
    }
}
