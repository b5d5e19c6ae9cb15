//! What to aggregate: the date range, group-by keys, tag filters, the cost basis and whether
//! credits and refunds count. Parsing of the CLI spellings lives here so every source agrees.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Which cost column to sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// What the invoice says: CUR `line_item_unblended_cost`, FOCUS `BilledCost`, CE `UnblendedCost`.
    Invoice,
    /// Commitments spread over the usage they cover: CUR effective cost rules, FOCUS
    /// `EffectiveCost`, CE `AmortizedCost`.
    Amortized,
    /// Public on-demand price: CUR `pricing_public_on_demand_cost`, FOCUS `ListCost`.
    List,
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Basis::Invoice => "invoice",
            Basis::Amortized => "amortized",
            Basis::List => "list",
        })
    }
}

impl FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "invoice" | "unblended" | "billed" => Ok(Basis::Invoice),
            "amortized" | "amortised" | "effective" => Ok(Basis::Amortized),
            "list" | "on-demand" | "public" => Ok(Basis::List),
            other => Err(format!("unknown basis `{other}`: use invoice, amortized or list")),
        }
    }
}

/// Time buckets of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Granularity {
    #[default]
    Monthly,
    Daily,
}

/// A half-open date range `[start, end)`, like Cost Explorer's `TimePeriod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub start: NaiveDate,
    /// Exclusive.
    pub end: NaiveDate,
}

impl DateRange {
    /// The calendar month `YYYY-MM`.
    pub fn month(spec: &str) -> Result<Self, String> {
        let bad = || format!("`{spec}` is not a month: write YYYY-MM, e.g. 2026-10");
        let (y, m) = spec.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        let end = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }
        .ok_or_else(bad)?;
        Ok(DateRange { start, end })
    }

    /// `start` inclusive, `end` exclusive, both `YYYY-MM-DD`.
    pub fn between(start: &str, end: &str) -> Result<Self, String> {
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD"))
        };
        let (start, end) = (parse(start)?, parse(end)?);
        if end <= start {
            return Err(format!(
                "--end {end} must be after --start {start} (the end date is exclusive)"
            ));
        }
        Ok(DateRange { start, end })
    }

    /// Number of hours in the range (calendar hours, used to compare with estimates).
    pub fn hours(&self) -> i64 {
        (self.end - self.start).num_hours()
    }

    /// `YYYY-MM` when the range is exactly one calendar month.
    pub fn as_month(&self) -> Option<String> {
        let m = DateRange::month(&format!("{:04}-{:02}", self.start.year(), self.start.month()))
            .ok()?;
        (m == *self).then(|| format!("{:04}-{:02}", self.start.year(), self.start.month()))
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_month() {
            Some(m) => f.write_str(&m),
            None => write!(f, "{} to {} (exclusive)", self.start, self.end),
        }
    }
}

/// One `--group-by` key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKey {
    Service,
    /// FOCUS `ProviderName` (`PublisherName` when a file has no provider column); `AWS` for
    /// CUR and Athena.
    Provider,
    /// Usage type with the region prefix stripped (`USE1-NatGateway-Hours` → `NatGateway-Hours`).
    UsageType,
    /// Usage type exactly as billed, region prefix kept.
    UsageTypeRaw,
    Operation,
    Resource,
    Account,
    Region,
    LineType,
    /// A tag key, normalised (the `user:` prefix stripped).
    Tag(String),
}

impl GroupKey {
    /// Column header in the outputs.
    pub fn header(&self) -> String {
        match self {
            GroupKey::Service => "service".into(),
            GroupKey::Provider => "provider".into(),
            GroupKey::UsageType => "usage_type".into(),
            GroupKey::UsageTypeRaw => "usage_type_raw".into(),
            GroupKey::Operation => "operation".into(),
            GroupKey::Resource => "resource".into(),
            GroupKey::Account => "account".into(),
            GroupKey::Region => "region".into(),
            GroupKey::LineType => "line_type".into(),
            GroupKey::Tag(k) => format!("tag:{k}"),
        }
    }
}

impl FromStr for GroupKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(key) = s.strip_prefix("tag:") {
            if key.trim().is_empty() {
                return Err("`tag:` needs a key, e.g. tag:Team".into());
            }
            return Ok(GroupKey::Tag(normalise_tag_key(key)));
        }
        Ok(match s {
            "service" => GroupKey::Service,
            "provider" | "publisher" => GroupKey::Provider,
            "usage-type" | "usage_type" => GroupKey::UsageType,
            "usage-type-raw" => GroupKey::UsageTypeRaw,
            "operation" => GroupKey::Operation,
            "resource" => GroupKey::Resource,
            "account" => GroupKey::Account,
            "region" => GroupKey::Region,
            "line-type" => GroupKey::LineType,
            other => {
                return Err(format!(
                    "unknown group-by `{other}`: use service, provider, usage-type, usage-type-raw, operation, resource, account, region, line-type or tag:KEY"
                ));
            }
        })
    }
}

/// `--filter tag:KEY=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagFilter {
    /// Normalised key.
    pub key: String,
    pub value: String,
}

impl FromStr for TagFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a filter: write tag:KEY=VALUE, e.g. tag:Team=payments");
        let rest = s.strip_prefix("tag:").ok_or_else(bad)?;
        let (key, value) = rest.split_once('=').ok_or_else(bad)?;
        if key.is_empty() {
            return Err(bad());
        }
        Ok(TagFilter { key: normalise_tag_key(key), value: value.to_string() })
    }
}

/// Tag keys are compared without the `user:` (legacy CUR, CUR 2.0 map) or `user_` prefix, so
/// that `tag:Team` finds `resourceTags/user:Team`, `resource_tags['user:Team']` and FOCUS `Team`.
pub fn normalise_tag_key(key: &str) -> String {
    let key = key.trim();
    let key = key.strip_prefix("resourceTags/").unwrap_or(key);
    key.strip_prefix("user:").or_else(|| key.strip_prefix("user_")).unwrap_or(key).to_string()
}

/// The whole question asked of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    pub range: DateRange,
    pub granularity: Granularity,
    pub group_by: Vec<GroupKey>,
    pub filters: Vec<TagFilter>,
    pub basis: Basis,
    /// Count credit and refund lines (off by default, like a Cost Explorer RECORD_TYPE filter).
    pub include_credits: bool,
}

impl Query {
    /// Tag keys the query needs (group-by and filters), deduplicated and sorted.
    pub fn tag_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .group_by
            .iter()
            .filter_map(|g| match g {
                GroupKey::Tag(k) => Some(k.clone()),
                _ => None,
            })
            .chain(self.filters.iter().map(|f| f.key.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Whether the output has a usage column (only meaningful per usage type).
    pub fn wants_usage(&self) -> bool {
        self.group_by.iter().any(|g| matches!(g, GroupKey::UsageType | GroupKey::UsageTypeRaw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_range_is_half_open_and_counts_calendar_hours() {
        let r = DateRange::month("2026-02").unwrap();
        assert_eq!(r.start.to_string(), "2026-02-01");
        assert_eq!(r.end.to_string(), "2026-03-01");
        assert_eq!(r.hours(), 28 * 24);
        assert_eq!(DateRange::month("2026-12").unwrap().end.to_string(), "2027-01-01");
        assert!(DateRange::month("2026-13").is_err());
        assert_eq!(r.to_string(), "2026-02");
    }

    #[test]
    fn tag_keys_lose_user_prefix() {
        assert_eq!(normalise_tag_key("user:Team"), "Team");
        assert_eq!(normalise_tag_key("resourceTags/user:Team"), "Team");
        assert_eq!(normalise_tag_key("aws:createdBy"), "aws:createdBy");
        let f: TagFilter = "tag:user:env=prod".parse().unwrap();
        assert_eq!((f.key.as_str(), f.value.as_str()), ("env", "prod"));
        assert!("env=prod".parse::<TagFilter>().is_err());
        assert_eq!("tag:Team".parse::<GroupKey>().unwrap(), GroupKey::Tag("Team".into()));
        assert!("bogus".parse::<GroupKey>().is_err());
    }
}
