//! Import rules for NAT gateways (`AmazonEC2`, family `NAT Gateway`), from
//! `aws-price/pricing/natgateway-transformed.json.gz` (lamngockhuong/aws-price, fetched
//! 2025-11-04): the pricing-page feed that aws-price-watcher lacks for NAT.
//!
//! That file is a list of `{region, attributes: {feature, usageType?}, pricePerUnit, unit}`;
//! [`processed`] turns it into the `{label: {location: price}}` shape the other files have, with
//! the label `<usageType> | <unit>` and the location the region's feed location name, so the
//! shared import loop applies. Its `region` is a code (`us-east-1`) or a slug of the location
//! name (`eu-(zurich)`); a slug that is neither a region of the table nor listed below is an
//! error. Rows without a `usageType` and zero-priced rows repeat or precede the labelled prices
//! (every region has its `Gateway Hours` and `Data Processing` rows) and are skipped, counted.
//!
//! | label | usage type | unit |
//! |---|---|---|
//! | `Gateway Hours \| USD per hour` | `NatGateway-Hours` | Hrs |
//! | `Data Processing \| USD per GB` | `NatGateway-Bytes` | GB |
//! | `Gateway Hours \| USD per GB` | skipped: a per-GB unit on an hourly row (a day's hours, 24×, mislabelled in the source) | |
//!
//! Skipped regions: `us-west-(phoenix)`, `us-west-(los-angeles)` (Local Zones), and
//! `asia-pacific-(taipei)`, `asia-pacific-(new-zealand)` (regions newer than the region table).

use std::collections::BTreeMap;

use super::Rule;
use crate::pricing::region::REGIONS;

/// Label of rows the import skips: no `usageType`, or a zero price.
const UNLABELLED: &str = "unlabelled or zero-priced row";

/// Source region ids skipped on purpose, with why.
const SKIPPED_REGIONS: &[(&str, &str)] = &[
    ("us-west-(phoenix)", "US West (Phoenix)"),
    ("us-west-(los-angeles)", "US West (Los Angeles)"),
    ("asia-pacific-(taipei)", "Asia Pacific (Taipei), newer than the region table"),
    ("asia-pacific-(new-zealand)", "Asia Pacific (New Zealand), newer than the region table"),
];

#[derive(serde::Deserialize)]
struct Row {
    region: String,
    attributes: BTreeMap<String, String>,
    #[serde(rename = "pricePerUnit")]
    price: String,
    unit: String,
}

/// `eu-(zurich)` or `eu-central-2` → the region's feed location name; skipped ids → `None`.
fn location_of(id: &str) -> Result<Option<&'static str>, String> {
    if SKIPPED_REGIONS.iter().any(|(s, _)| *s == id) {
        return Ok(None);
    }
    let slug = |name: &str| name.to_lowercase().replace(' ', "-");
    REGIONS
        .iter()
        .find(|r| {
            r.code == id
                || slug(r.location) == id
                || r.feed_location.map(slug).as_deref() == Some(id)
        })
        .map(|r| Some(r.feed_location.unwrap_or(r.location)))
        .ok_or_else(|| {
            format!(
                "region `{id}` is neither in the region table (src/pricing/region.rs) nor skipped"
            )
        })
}

/// The transformed NAT file as `{label: {location: price}}`; skipped regions are counted into
/// `skipped` under `location <id>`. Two different non-zero prices for one label and region are
/// an error.
pub(crate) fn processed(
    text: &str,
    skipped: &mut BTreeMap<String, usize>,
    path: &str,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    let rows: Vec<Row> =
        serde_json::from_str(text).map_err(|e| format!("not a transformed NAT file: {e}"))?;
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in rows {
        let Some(loc) = location_of(&row.region)? else {
            *skipped.entry(format!("{path}: location {}", row.region)).or_default() += 1;
            continue;
        };
        let zero = row.price.parse::<f64>().is_ok_and(|p| p == 0.0);
        let label = match row.attributes.get("usageType") {
            Some(u) if !zero => format!("{u} | {}", row.unit),
            _ => UNLABELLED.to_string(),
        };
        let prices = out.entry(label.clone()).or_default();
        match prices.get(loc) {
            Some(prev) if label != UNLABELLED && *prev != row.price => {
                return Err(format!(
                    "label `{label}`, region `{}`: two prices, {prev} and {}",
                    row.region, row.price
                ));
            }
            _ => {
                prices.insert(loc.to_string(), row.price);
            }
        }
    }
    Ok(out)
}

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let (ut, unit) = match label {
        "Gateway Hours | USD per hour" => ("NatGateway-Hours", "Hrs"),
        "Data Processing | USD per GB" => ("NatGateway-Bytes", "GB"),
        "Gateway Hours | USD per GB" => {
            return Ok(Rule::Skip("an hourly row with a per-GB unit (mislabelled in the source)"));
        }
        UNLABELLED => return Ok(Rule::Skip("rows without a usage type or with a zero price")),
        _ => return Err("no NAT gateway import rule for this label".into()),
    };
    let mut attrs = BTreeMap::new();
    attrs.insert("operation".to_string(), "NatGateway".to_string());
    attrs.insert("group".to_string(), "NGW:NatGateway".to_string());
    Ok(Rule::Product { family: "NAT Gateway", attrs, ut: ut.to_string(), unit })
}

#[cfg(test)]
mod tests {
    use super::{Rule, processed, rule};

    fn row(region: &str, usage: &str, price: &str, unit: &str) -> String {
        format!(
            r#"{{"region":"{region}","attributes":{{"feature":"NAT Gateway","usageType":"{usage}"}},"pricePerUnit":"{price}","unit":"{unit}"}}"#
        )
    }

    #[test]
    fn unknown_regions_labels_and_conflicting_prices_fail_loudly() {
        let mut skipped = Default::default();
        let one = |r: String| format!("[{r}]");
        let err = processed(
            &one(row("moon-(tranquility)", "Gateway Hours", "1", "USD per hour")),
            &mut skipped,
            "nat",
        )
        .expect_err("an unknown region is an error");
        assert!(err.contains("moon-(tranquility)") && err.contains("region table"), "{err}");
        let two = format!(
            "[{},{}]",
            row("eu-(zurich)", "Gateway Hours", "0.05", "USD per hour"),
            row("eu-central-2", "Gateway Hours", "0.06", "USD per hour")
        );
        let err = processed(&two, &mut skipped, "nat").expect_err("two prices are an error");
        assert!(err.contains("two prices"), "{err}");
        assert!(rule("Gateway Minutes | USD per minute").is_err());
        let ok = format!(
            "[{},{},{}]",
            row("eu-(zurich)", "Gateway Hours", "0.05", "USD per hour"),
            row("eu-(zurich)", "Data Processing", "0.0000000000", "USD per GB"),
            row("us-west-(phoenix)", "Gateway Hours", "0.05", "USD per hour")
        );
        let data = processed(&ok, &mut skipped, "nat").expect("imports");
        assert_eq!(data["Gateway Hours | USD per hour"]["EU (Zurich)"], "0.05");
        assert!(matches!(rule("Gateway Hours | USD per hour"), Ok(Rule::Product { .. })));
        assert!(matches!(rule(super::UNLABELLED), Ok(Rule::Skip(_))));
        assert_eq!(skipped.values().sum::<usize>(), 1, "{skipped:?}");
    }
}
