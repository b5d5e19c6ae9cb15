//! Import rules for EC2 data transfer (`AmazonEC2`, family `Data Transfer`, feed file
//! `datatransfer.json.gz`). Data transfer out to the internet is tiered by monthly volume; the
//! feed gives each tier's range in the location (`EU (London) (StartingRange: 10240,
//! EndingRange: 51200)`), which becomes the tier's `beginRange`/`endRange` (GB), the last one
//! open-ended (`Inf`). Attributes are the hand table's (`transferType` `AWS Outbound`,
//! `fromLocation` the region's Price List location, `toLocation` `External`), so
//! `resources::lb` and `resources::nat_gateway` resolve them.
//!
//! | label | usage type | unit |
//! |---|---|---|
//! | `DataTransfer External Outbound Next 10 TB` / `Next 40 TB` / `Next 100 TB` / `Greater than 150 TB` | `DataTransfer-Out-Bytes` | GB |
//!
//! The account-wide 100 GB a month free is `usage::free_tier`'s, not a tier of this product.
//!
//! Skipped ([`SKIPS`]), each with why: inbound transfer (free), carrier (Wavelength) outbound,
//! the `... New` and `... No Wavelength` copies of the outbound tiers (the same prices for
//! other pages), inter-region transfer (costplan prices none yet: no resource queries it), Local
//! Zone transfer, and the `[...]` labels that list other services' copies of the inter-region
//! rates. Transfer between Availability Zones is not in the feed: the hand table's us-east-1
//! row stays, and other regions say "price not found".

use std::collections::BTreeMap;

use super::{Rule, range_bound};

/// Label fragments skipped on purpose, with why (first match wins).
const SKIPS: &[(&str, &str)] = &[
    ("External Inbound", "inbound transfer from the internet is free"),
    ("Carrier Outbound", "Wavelength carrier transfer is not priced by costplan"),
    (" New", "a copy of the outbound tiers for another pricing page"),
    ("No Wavelength", "a copy of the outbound tiers for another pricing page"),
    ("InterRegion", "inter-region transfer is not priced by costplan yet"),
    ("Local Zone", "Local Zone transfer is not priced by costplan"),
];

/// Outbound tier labels.
const OUTBOUND: &[&str] = &[
    "DataTransfer External Outbound Next 10 TB",
    "DataTransfer External Outbound Next 40 TB",
    "DataTransfer External Outbound Next 100 TB",
    "DataTransfer External Outbound Greater than 150 TB",
];

/// `from` is the Price List location of the region the price is for.
pub(crate) fn rule(label: &str, loc: &BTreeMap<&str, &str>, from: &str) -> Result<Rule, String> {
    if OUTBOUND.contains(&label) {
        let bound = |k: &str| {
            loc.get(k)
                .ok_or_else(|| format!("the location gives no `{k}`"))
                .and_then(|v| range_bound(v))
        };
        let begin = bound("StartingRange")?.ok_or("`StartingRange` is `Inf`")?;
        let end = bound("EndingRange")?;
        let mut attrs = BTreeMap::new();
        attrs.insert("transferType".to_string(), "AWS Outbound".to_string());
        attrs.insert("fromLocation".to_string(), from.to_string());
        attrs.insert("toLocation".to_string(), "External".to_string());
        return Ok(Rule::Tier {
            family: "Data Transfer",
            attrs,
            ut: "DataTransfer-Out-Bytes".into(),
            unit: "GB",
            begin,
            end,
            free_below: None,
        });
    }
    if label.starts_with('[') {
        return Ok(Rule::Skip("other services' copies of the inter-region rates"));
    }
    match SKIPS.iter().find(|(fragment, _)| label.contains(fragment)) {
        Some((_, why)) => Ok(Rule::Skip(why)),
        None => Err("no data transfer import rule for this label".into()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Rule, rule};

    #[test]
    fn outbound_tiers_take_their_range_from_the_location() {
        let mut loc = BTreeMap::new();
        loc.insert("StartingRange", "153600");
        loc.insert("EndingRange", "Inf");
        let r = rule("DataTransfer External Outbound Greater than 150 TB", &loc, "EU (London)");
        assert!(matches!(r, Ok(Rule::Tier { end: None, .. })));
        let r = rule("DataTransfer External Outbound Next 10 TB", &BTreeMap::new(), "EU (London)");
        assert!(r.is_err_and(|e| e.contains("StartingRange")));
        assert!(matches!(
            rule("DataTransfer External Inbound", &BTreeMap::new(), "EU (London)"),
            Ok(Rule::Skip(_))
        ));
        assert!(rule("DataTransfer To The Moon", &BTreeMap::new(), "EU (London)").is_err());
    }
}
