//! Every AWS region costplan knows, in one table: region code, the Price List `location` name
//! (`EU (Ireland)`, not `Europe (Ireland)`), the name the pricing-page feed uses when it differs,
//! the usage-type prefix (`USE1`, `EU`, `APS1` ...) and the partition.
//!
//! Contract:
//! - [`REGIONS`] lists every region the bundled feed (`pricing-cache/feed/`, see its
//!   `PROVENANCE.md`) lists, commercial and GovCloud: 32 commercial + 2 GovCloud. A feed location
//!   missing here makes the snapshot import fail (see [`by_feed_location`]).
//! - Locations: the feed spells them as the Price List `location` attribute does for every region
//!   it lists (checked against the project's Price List files and the `regionCode` the aws-price
//!   feed copy writes beside its locations); `feed_location` is `None` where they agree.
//! - Prefixes (`prefix_source` per row): `BILL` = `shared/reference/aws-billing-notes.md` and the
//!   `usagetype` attribute of the Price List products in the project's cache files (the 15 rows
//!   the project priced before); `ARBC` = AWS documentation "AWS Region billing codes"
//!   (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html), as
//!   quoted in two independent public region tables (they agree on every row). The feed itself
//!   carries rate codes, not usage types, so it cannot give prefixes.
//! - China (`cn-north-1`, `cn-northwest-1`) is a separate partition with its own prices in CNY:
//!   not covered. [`not_covered`] says so for any `cn-*` region, so an estimate there reads
//!   "China regions are not covered", never a bare "price not found".
//! - Local Zones, Wavelength Zones and other sub-region locations of the feed are not regions:
//!   the import skips them by an explicit list ([`SKIPPED_FEED_LOCATIONS`]).

/// Which AWS partition a region belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    /// The standard `aws` partition.
    Commercial,
    /// `aws-us-gov`.
    GovCloud,
}

/// The region costplan files the prices of global services in (CloudFront, Route 53: the Price
/// List's `Global` location and CloudFront's edge geographies have no region of their own); the
/// snapshot import stores them here and their resources query them here, whatever the region of
/// their provider.
pub const GLOBAL: &str = "us-east-1";

/// One region of the table.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    /// Region code (`eu-west-1`).
    pub code: &'static str,
    /// Usage-type prefix in billing and the Price List (`EU`).
    pub prefix: &'static str,
    /// Price List `location` attribute (`EU (Ireland)`).
    pub location: &'static str,
    /// The pricing-page feed's name for the location, where it differs from `location`.
    pub feed_location: Option<&'static str>,
    /// Partition.
    pub partition: Partition,
    /// Where the prefix comes from: `BILL` or `ARBC` (see the module doc).
    pub prefix_source: &'static str,
}

const fn r(
    code: &'static str,
    prefix: &'static str,
    location: &'static str,
    prefix_source: &'static str,
) -> Region {
    Region {
        code,
        prefix,
        location,
        feed_location: None,
        partition: Partition::Commercial,
        prefix_source,
    }
}

const fn gov(code: &'static str, prefix: &'static str, location: &'static str) -> Region {
    Region {
        code,
        prefix,
        location,
        feed_location: None,
        partition: Partition::GovCloud,
        prefix_source: "ARBC",
    }
}

/// Every region the feed lists (see the module doc for the sources of each column).
pub const REGIONS: &[Region] = &[
    r("us-east-1", "USE1", "US East (N. Virginia)", "BILL"),
    r("us-east-2", "USE2", "US East (Ohio)", "BILL"),
    r("us-west-1", "USW1", "US West (N. California)", "BILL"),
    r("us-west-2", "USW2", "US West (Oregon)", "BILL"),
    r("af-south-1", "AFS1", "Africa (Cape Town)", "ARBC"),
    r("ap-east-1", "APE1", "Asia Pacific (Hong Kong)", "ARBC"),
    r("ap-south-1", "APS3", "Asia Pacific (Mumbai)", "BILL"),
    r("ap-south-2", "APS5", "Asia Pacific (Hyderabad)", "ARBC"),
    r("ap-southeast-1", "APS1", "Asia Pacific (Singapore)", "BILL"),
    r("ap-southeast-2", "APS2", "Asia Pacific (Sydney)", "BILL"),
    r("ap-southeast-3", "APS4", "Asia Pacific (Jakarta)", "ARBC"),
    r("ap-southeast-4", "APS6", "Asia Pacific (Melbourne)", "ARBC"),
    r("ap-southeast-5", "APS7", "Asia Pacific (Malaysia)", "ARBC"),
    r("ap-southeast-7", "APS9", "Asia Pacific (Thailand)", "ARBC"),
    r("ap-northeast-1", "APN1", "Asia Pacific (Tokyo)", "BILL"),
    r("ap-northeast-2", "APN2", "Asia Pacific (Seoul)", "ARBC"),
    r("ap-northeast-3", "APN3", "Asia Pacific (Osaka)", "ARBC"),
    r("ca-central-1", "CAN1", "Canada (Central)", "BILL"),
    r("ca-west-1", "CAN2", "Canada West (Calgary)", "ARBC"),
    r("eu-central-1", "EUC1", "EU (Frankfurt)", "BILL"),
    r("eu-central-2", "EUC2", "EU (Zurich)", "ARBC"),
    r("eu-west-1", "EU", "EU (Ireland)", "BILL"),
    r("eu-west-2", "EUW2", "EU (London)", "BILL"),
    r("eu-west-3", "EUW3", "EU (Paris)", "BILL"),
    r("eu-south-1", "EUS1", "EU (Milan)", "ARBC"),
    r("eu-south-2", "EUS2", "EU (Spain)", "ARBC"),
    r("eu-north-1", "EUN1", "EU (Stockholm)", "BILL"),
    r("il-central-1", "ILC1", "Israel (Tel Aviv)", "ARBC"),
    r("me-south-1", "MES1", "Middle East (Bahrain)", "ARBC"),
    r("me-central-1", "MEC1", "Middle East (UAE)", "ARBC"),
    r("mx-central-1", "MXC1", "Mexico (Central)", "ARBC"),
    r("sa-east-1", "SAE1", "South America (Sao Paulo)", "BILL"),
    gov("us-gov-west-1", "UGW1", "AWS GovCloud (US)"),
    gov("us-gov-east-1", "UGE1", "AWS GovCloud (US-East)"),
];

/// Feed locations that are not regions and are skipped on purpose by the import: Local Zones
/// (city names under a parent region), the `Any` pseudo-location, CloudFront's edge network
/// (`Amazon CloudFront`, a source of data transfer), and (matched by
/// [`is_skipped_feed_location`]) Wavelength Zones, whose names carry the carrier
/// (`US East (Verizon) - Boston`, `Asia Pacific (KDDI) - Tokyo`).
pub const SKIPPED_FEED_LOCATIONS: &[&str] = &[
    "Any",
    "Amazon CloudFront",
    "Argentina (Buenos Aires)",
    "Australia (Perth)",
    "Chile (Santiago)",
    "Denmark (Copenhagen)",
    "Finland (Helsinki)",
    "Germany (Hamburg)",
    "India (Delhi)",
    "India (Kolkata)",
    "Mexico (Queretaro)",
    "Morocco (Casablanca)",
    "New Zealand (Auckland)",
    "Nigeria (Lagos)",
    "Oman (Muscat)",
    "Peru (Lima)",
    "Philippines (Manila)",
    "Poland (Warsaw)",
    "Senegal (Dakar)",
    "Taiwan (Taipei)",
    "Thailand (Bangkok)",
    "US East (Atlanta)",
    "US East (Boston)",
    "US East (Chicago)",
    "US East (Dallas)",
    "US East (Houston)",
    "US East (Kansas City 2)",
    "US East (Lenexa)",
    "US East (Miami)",
    "US East (Minneapolis)",
    "US East (New York City)",
    "US East (Philadelphia)",
    "US West (Denver)",
    "US West (Honolulu)",
    "US West (Las Vegas)",
    "US West (Los Angeles)",
    "US West (Phoenix)",
    "US West (Portland)",
    "US West (Seattle)",
];

/// True for a feed location the import skips on purpose (see [`SKIPPED_FEED_LOCATIONS`]).
pub fn is_skipped_feed_location(name: &str) -> bool {
    SKIPPED_FEED_LOCATIONS.contains(&name) || name.contains(") - ")
}

/// The region row of a code.
pub fn get(region: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == region)
}

/// The region a feed location names (`EU (Ireland)` → eu-west-1), by its feed spelling.
pub fn by_feed_location(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.feed_location.unwrap_or(r.location) == name)
}

/// Why a region is not priced at all, for regions outside the covered partitions: China's
/// `cn-*` regions. `None` for any other code.
pub fn not_covered(region: &str) -> Option<String> {
    region.starts_with("cn-").then(|| {
        format!(
            "region `{region}` is in AWS China, which costplan does not cover (a separate \
             partition priced in CNY); estimate a commercial or GovCloud region instead"
        )
    })
}

/// Usage-type prefix of a region (`EU` for eu-west-1), if known.
pub fn prefix(region: &str) -> Option<&'static str> {
    get(region).map(|r| r.prefix)
}

/// Price List `location` of a region, if known.
pub fn location(region: &str) -> Option<&'static str> {
    get(region).map(|r| r.location)
}

/// The usage type without its region prefix: `USE1-NatGateway-Hours` → `NatGateway-Hours`,
/// `EU-InstanceUsage:db.t3.micro` → `InstanceUsage:db.t3.micro`, `us-east-1-KMS-Keys` →
/// `KMS-Keys`. Only the region's own prefix (or its region code, as KMS writes it) is removed,
/// so `TS-LoadBalancerUsage` and `RegionalNatGateway-Hours` keep their distinguishing head. For
/// a region missing from the table, a generic `XXX9-` prefix is removed.
pub fn strip_prefix<'a>(region: &str, usage_type: &'a str) -> &'a str {
    strip_prefix_with(prefix(region), region, usage_type)
}

/// [`strip_prefix`] with the region's prefix already looked up (hot path of the index).
pub fn strip_prefix_with<'a>(prefix: Option<&str>, region: &str, usage_type: &'a str) -> &'a str {
    if let Some(p) = prefix {
        if let Some(rest) = usage_type.strip_prefix(p).and_then(|r| r.strip_prefix('-')) {
            return rest;
        }
    } else if let Some((head, rest)) = usage_type.split_once('-') {
        let generic = (3..=5).contains(&head.len())
            && head.ends_with(|c: char| c.is_ascii_digit())
            && head[..head.len() - 1].bytes().all(|b| b.is_ascii_uppercase());
        if generic {
            return rest;
        }
    }
    if let Some(rest) = usage_type.strip_prefix(region).and_then(|r| r.strip_prefix('-')) {
        return rest;
    }
    usage_type
}

#[cfg(test)]
mod tests {
    use super::{REGIONS, by_feed_location, not_covered, prefix, strip_prefix};
    use std::collections::HashSet;

    #[test]
    fn table_has_one_row_per_region_prefix_and_location() {
        let codes: HashSet<_> = REGIONS.iter().map(|r| r.code).collect();
        let prefixes: HashSet<_> = REGIONS.iter().map(|r| r.prefix).collect();
        let locations: HashSet<_> = REGIONS.iter().map(|r| r.location).collect();
        assert_eq!(codes.len(), REGIONS.len());
        assert_eq!(prefixes.len(), REGIONS.len());
        assert_eq!(locations.len(), REGIONS.len());
        for r in REGIONS {
            assert!(["BILL", "ARBC"].contains(&r.prefix_source), "{} has no cited source", r.code);
            assert_eq!(by_feed_location(r.location).map(|x| x.code), Some(r.code));
        }
    }

    #[test]
    fn regions_beyond_the_first_fifteen_have_prefixes() {
        assert_eq!(prefix("ap-southeast-3"), Some("APS4"));
        assert_eq!(prefix("ap-south-2"), Some("APS5"));
        assert_eq!(prefix("me-central-1"), Some("MEC1"));
        assert_eq!(prefix("us-gov-west-1"), Some("UGW1"));
        assert_eq!(
            strip_prefix("mx-central-1", "MXC1-InstanceUsage:db.t4g.micro"),
            "InstanceUsage:db.t4g.micro"
        );
    }

    #[test]
    fn china_says_it_is_not_covered() {
        let msg = not_covered("cn-north-1").expect("cn-north-1 is not covered");
        assert!(msg.contains("China") && msg.contains("cn-north-1"), "{msg}");
        assert!(not_covered("eu-west-1").is_none());
        assert!(prefix("cn-northwest-1").is_none());
    }

    #[test]
    fn strips_only_the_region_prefix() {
        assert_eq!(strip_prefix("us-east-1", "USE1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("us-east-1", "NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("eu-west-1", "EU-LCUUsage"), "LCUUsage");
        assert_eq!(strip_prefix("eu-west-1", "TS-LoadBalancerUsage"), "TS-LoadBalancerUsage");
        assert_eq!(strip_prefix("us-east-1", "us-east-1-KMS-Keys"), "KMS-Keys");
        assert_eq!(strip_prefix("me-south-1", "MES1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_prefix("me-south-1", "TS-LoadBalancerUsage"), "TS-LoadBalancerUsage");
    }
}
