//! Aggregation of normalised lines for a [`Query`]: filter (tag filters, then credits/refunds through
//! [`credits::set_apart`]), group by
//! period + the requested keys + currency, sum the chosen basis in `Decimal`, and total per
//! currency. Output order is deterministic: period ascending, then cost descending, then keys.
//!
//! Mixed currencies are never added together: each row carries its currency and the totals are
//! per currency.
//!
//! The service key is the registry's display name ([`crate::services::display_name`]): Cost
//! Explorer's `EC2 - Other` and CUR's `AmazonEC2` are one row, `Amazon EC2`, as in the estimate.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::line::{ActualLine, strip_region_prefix};
use super::query::{Basis, GroupKey, Query};
use super::{SourceOutput, credits};

/// Shown for a group-by key the line has no value for.
pub const NONE_LABEL: &str = "(none)";
/// Shown for a tag the line does not carry.
pub const UNTAGGED_LABEL: &str = "(untagged)";

/// One output row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AggRow {
    pub period: String,
    /// Values of the group-by keys, in the order of [`Aggregation::group_by`].
    pub keys: Vec<String>,
    pub currency: String,
    pub cost: Decimal,
    /// Summed usage quantity, only when grouping by usage type and all lines share one unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_quantity: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_unit: Option<String>,
    /// The period is not final (Cost Explorer `Estimated`).
    pub estimated: bool,
}

/// The result of `costplan actuals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aggregation {
    pub source: String,
    pub query: Query,
    pub group_by: Vec<String>,
    pub rows: Vec<AggRow>,
    /// Total per currency (ISO code → amount).
    pub totals: BTreeMap<String, Decimal>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

impl Aggregation {
    /// The single currency, or `None` when rows are in several currencies.
    pub fn single_currency(&self) -> Option<&str> {
        let mut it = self.totals.keys();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c.as_str()),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Acc {
    cost: Decimal,
    usage: Decimal,
    unit: Unit,
    estimated: bool,
}

/// The unit of a group's usage quantities: none seen yet, one (possibly no unit), or several.
#[derive(Default)]
enum Unit {
    #[default]
    NoUsage,
    One(Option<String>),
    Mixed,
}

impl Unit {
    fn add(&mut self, unit: &Option<String>) {
        match self {
            Unit::NoUsage => *self = Unit::One(unit.clone()),
            Unit::One(u) if u != unit => *self = Unit::Mixed,
            Unit::One(_) | Unit::Mixed => {}
        }
    }
}

/// Aggregates `output.lines` for `query`. `source` names the source in the output.
pub fn aggregate(source: &str, output: SourceOutput, query: &Query) -> Aggregation {
    let SourceOutput { lines, mut notes, mut warnings, tags_seen, .. } = output;
    // Keyed by strings borrowed from the lines (owned once per group below); hashed, not
    // ordered: the sort below decides the order of the rows.
    let mut groups: HashMap<(&str, Vec<&str>, &str), Acc, foldhash::fast::RandomState> =
        HashMap::default();
    let mut missing_basis = 0usize;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for line in &lines {
        for key in line.tags.keys() {
            if !seen.contains(key) {
                seen.insert(key.clone());
            }
        }
    }
    let filtered: Vec<ActualLine> = lines
        .into_iter()
        .filter(|line| query.filters.iter().all(|f| line.tags.get(&f.key) == Some(&f.value)))
        .collect();
    let (lines, apart) = credits::set_apart(filtered, query.include_credits, query.basis);
    for line in &lines {
        let Some(cost) = line.costs.get(query.basis) else {
            missing_basis += 1;
            continue;
        };
        let keys = query.group_by.iter().map(|g| key_value(line, g)).collect();
        let acc = groups.entry((line.period.as_str(), keys, line.currency.as_str())).or_default();
        acc.cost += cost;
        // Lines without a quantity (negations, fees) do not make the unit ambiguous.
        if let Some(q) = line.usage_quantity {
            acc.usage += q;
            acc.unit.add(&line.usage_unit);
        }
        acc.estimated |= line.estimated;
    }

    let rows: Vec<AggRow> = groups
        .into_iter()
        .map(|((period, keys, currency), acc)| {
            let (usage_quantity, usage_unit) = match acc.unit {
                Unit::One(unit) if query.wants_usage() => (Some(acc.usage), unit),
                _ => (None, None),
            };
            AggRow {
                period: period.to_string(),
                keys: keys.into_iter().map(str::to_string).collect(),
                currency: currency.to_string(),
                cost: acc.cost,
                usage_quantity,
                usage_unit,
                estimated: acc.estimated,
            }
        })
        .collect();
    let rows = sorted(rows);

    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for row in &rows {
        *totals.entry(row.currency.clone()).or_default() += row.cost;
    }

    if missing_basis > 0 {
        warnings.push(format!(
            "{missing_basis} line(s) have no {} cost in this source and are left out of the totals",
            query.basis
        ));
    }
    notes.extend(apart.notes());
    let seen = tags_seen.unwrap_or(seen);
    for key in query.tag_keys() {
        if !seen.contains(&key) {
            warnings.push(format!(
                "tag `{key}` appears on no line of {source} in {}: check the spelling and that the tag is activated as a cost allocation tag",
                query.range
            ));
        }
    }
    if rows.is_empty() {
        warnings.push(format!("no spend found for {} with the given filters", query.range));
    }
    if query.basis == Basis::Amortized {
        notes.push("amortized basis: RI/Savings Plan fees spread over the usage they cover".into());
    }
    if rows.iter().any(|r| r.estimated) {
        warnings.push("rows marked estimated belong to a period that is not final yet".into());
    }

    Aggregation {
        source: source.to_string(),
        query: query.clone(),
        group_by: query.group_by.iter().map(GroupKey::header).collect(),
        rows,
        totals,
        notes,
        warnings,
    }
}

/// The rows by period, then cost descending, then keys and currency (a total order: no two
/// rows have the same period, keys and currency).
fn sorted(rows: Vec<AggRow>) -> Vec<AggRow> {
    // First by the period's rank and the cost rounded to a double, as integers: rounding keeps
    // the order of different costs or makes them equal, so the exact (and much slower)
    // comparison is needed only between equal doubles.
    let mut periods: BTreeMap<&str, usize> = rows.iter().map(|r| (r.period.as_str(), 0)).collect();
    for (rank, at) in periods.values_mut().enumerate() {
        *at = rank;
    }
    let quick: Vec<(usize, Reverse<i64>)> = rows
        .iter()
        .map(|r| {
            let rank = periods[r.period.as_str()];
            let bits = r.cost.to_f64().unwrap_or(0.0).to_bits() as i64;
            // The IEEE total order as an integer order.
            (rank, Reverse(bits ^ (((bits >> 63) as u64) >> 1) as i64))
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&i, &j| {
        let (a, b) = (&rows[i], &rows[j]);
        quick[i]
            .cmp(&quick[j])
            .then_with(|| b.cost.cmp(&a.cost))
            .then_with(|| a.keys.cmp(&b.keys))
            .then_with(|| a.currency.cmp(&b.currency))
    });
    let mut rows: Vec<Option<AggRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| rows[i].take()).collect()
}

fn key_value<'a>(line: &'a ActualLine, key: &GroupKey) -> &'a str {
    let opt = |v: Option<&'a str>| v.filter(|s| !s.is_empty()).unwrap_or(NONE_LABEL);
    match key {
        GroupKey::Service => opt(line.service.as_deref().map(crate::services::display_name)),
        GroupKey::Provider => opt(line.provider.as_deref()),
        GroupKey::UsageType => opt(line.usage_type.as_deref().map(strip_region_prefix)),
        GroupKey::UsageTypeRaw => opt(line.usage_type.as_deref()),
        GroupKey::Operation => opt(line.operation.as_deref()),
        GroupKey::Resource => opt(line.resource_id.as_deref()),
        GroupKey::Account => opt(line.account.as_deref()),
        GroupKey::Region => opt(line.region.as_deref()),
        GroupKey::LineType => line.line_type.map_or(NONE_LABEL, |t| t.as_str()),
        GroupKey::Tag(k) => {
            line.tags.get(k).map(String::as_str).filter(|v| !v.is_empty()).unwrap_or(UNTAGGED_LABEL)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actuals::line::{Costs, LineType};
    use crate::actuals::query::{DateRange, Granularity, TagFilter};
    use rust_decimal_macros::dec;

    fn line(service: &str, cost: Decimal, currency: &str, team: Option<&str>) -> ActualLine {
        ActualLine {
            period: "2026-10".into(),
            service: Some(service.into()),
            usage_type: Some("EU-NatGateway-Hours".into()),
            line_type: Some(LineType::Usage),
            costs: Costs { invoice: Some(cost), amortized: Some(cost), list: None },
            currency: currency.into(),
            tags: team.map(|t| [("Team".to_string(), t.to_string())].into()).unwrap_or_default(),
            ..Default::default()
        }
    }

    fn query(group_by: Vec<GroupKey>) -> Query {
        Query {
            range: DateRange::month("2026-10").unwrap(),
            granularity: Granularity::Monthly,
            group_by,
            filters: vec![],
            basis: Basis::Invoice,
            include_credits: false,
        }
    }

    #[test]
    fn sums_per_group_and_currency_in_decimal() {
        let lines = vec![
            line("AmazonEC2", dec!(0.1), "USD", Some("a")),
            line("AmazonEC2", dec!(0.2), "USD", None),
            line("AmazonRDS", dec!(5), "EUR", Some("a")),
        ];
        let out = SourceOutput { lines, ..Default::default() };
        let agg =
            aggregate("test", out, &query(vec![GroupKey::Service, GroupKey::Tag("Team".into())]));
        assert_eq!(agg.totals.get("USD"), Some(&dec!(0.3)));
        assert_eq!(agg.totals.get("EUR"), Some(&dec!(5)));
        assert_eq!(agg.single_currency(), None);
        assert_eq!(agg.rows[0].keys, vec!["Amazon RDS", "a"]);
        assert_eq!(agg.rows[1].keys, vec!["Amazon EC2", UNTAGGED_LABEL]);
        assert_eq!(agg.rows[2].keys, vec!["Amazon EC2", "a"]);
    }

    #[test]
    fn filters_and_credits_and_missing_tags_are_reported() {
        let mut credit = line("AmazonEC2", dec!(-3), "USD", Some("a"));
        credit.line_type = Some(LineType::Credit);
        let lines = vec![
            line("AmazonEC2", dec!(1), "USD", Some("a")),
            credit,
            line("AmazonEC2", dec!(7), "USD", Some("b")),
        ];
        let mut q = query(vec![GroupKey::UsageType]);
        q.filters.push(TagFilter { key: "Team".into(), value: "a".into() });
        q.group_by.push(GroupKey::Tag("Owner".into()));
        let agg =
            aggregate("test", SourceOutput { lines: lines.clone(), ..Default::default() }, &q);
        assert_eq!(agg.totals.get("USD"), Some(&dec!(1)));
        assert_eq!(agg.rows[0].keys, vec!["NatGateway-Hours", UNTAGGED_LABEL]);
        assert!(agg.warnings.iter().any(|w| w.contains("tag `Owner` appears on no line")));
        assert!(agg.notes.iter().any(|n| n.contains("excluded: -3")));
        q.include_credits = true;
        let agg = aggregate("test", SourceOutput { lines, ..Default::default() }, &q);
        assert_eq!(agg.totals.get("USD"), Some(&dec!(-2)));
    }

    /// Period first, then cost descending exactly (also where two costs are the same double,
    /// and for negative costs), then keys.
    #[test]
    fn rows_sort_by_period_then_exact_cost() {
        let row = |period: &str, cost: Decimal, key: &str| AggRow {
            period: period.into(),
            keys: vec![key.into()],
            currency: "USD".into(),
            cost,
            usage_quantity: None,
            usage_unit: None,
            estimated: false,
        };
        let tiny_more = Decimal::from_str_exact("0.1000000000000000000000000001").unwrap();
        let rows = vec![
            row("2026-11", dec!(-2), "a"),
            row("2026-10", dec!(0.1), "b"),
            row("2026-10", dec!(-1), "c"),
            row("2026-11", dec!(5), "d"),
            row("2026-10", tiny_more, "e"),
            row("2026-10", dec!(0.1), "a"),
            row("2026-10", dec!(-0.5), "f"),
        ];
        let order: Vec<String> =
            sorted(rows).into_iter().map(|r| format!("{} {}", r.period, r.keys[0])).collect();
        assert_eq!(
            order,
            [
                "2026-10 e",
                "2026-10 a",
                "2026-10 b",
                "2026-10 f",
                "2026-10 c",
                "2026-11 d",
                "2026-11 a"
            ]
        );
    }
}
