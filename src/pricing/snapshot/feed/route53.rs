//! Import rules for `AmazonRoute53` (feed file `route53.json.gz`).
//!
//! Route 53 hosted zones, records and DNS queries are global: the feed gives them at location
//! `Any` or at no location; the import stores them in the global region
//! ([`super::GLOBAL_REGION`], us-east-1). A few query rates are also listed at regions (Mexico,
//! Thailand) or at GovCloud with GovCloud's own rates; those are stored in that region.
//! Usage types are costplan's spelling (the feed has none; a refresh replaces them).
//!
//! | label | family | usage type | unit | tier |
//! |---|---|---|---|---|
//! | `DNS Zone first 25` / `DNS Zone` | `DNS Zone` | `HostedZone` | HostedZone | 0..25 / 25..Inf |
//! | `Route53 RRSets per Mo` | `DNS Zone` | `HostedZone-RRSets` | Records | (records beyond 10,000 a zone) |
//! | `Basic Traffic Flow Routing per Mo` | `DNS Query` | `TrafficPolicy` | Records | |
//! | `Cidr Blocks first 1K per Mo` / `Cidr Blocks per Mo` | `CIDR Collection` | `CidrBlocks` | Blocks | 0..1000 / 1000..Inf |
//! | `Query Standard External first 1B` / `over 1B` | `DNS Query` | `DNS-Queries` | Queries | 0..1B / 1B..Inf |
//! | `Query Latency Based Routing External ...` | `DNS Query` | `LBR-Queries` | Queries | same |
//! | `Query Geo DNS External ...` | `DNS Query` | `Geo-Queries` | Queries | same |
//! | `Query Geoproximity External ...` | `DNS Query` | `Geoproximity-Queries` | Queries | same |
//! | `Query IP Based Routing External ...` | `DNS Query` | `IP-Queries` | Queries | same |
//! | `Basic Health checks AWS per Mo` | `DNS Health Check` | `Health-Check-AWS` | Checks | |
//! | `Basic Health checks External Non AWS per Mo` | `DNS Health Check` | `Health-Check-Non-AWS` | Checks | |
//! | `Optional Health Check Features AWS per Mo` | `DNS Health Check` | `Health-Check-Option-AWS` | Features | |
//! | `Optional Health Check Features External Non AWS per Mo` | `DNS Health Check` | `Health-Check-Option-Non-AWS` | Features | |
//!
//! The hosted-zone tiers count zones per account; costplan prices each zone resource alone, so
//! every zone is in the first tier ($0.50) unless an account has more than 25 (an over-estimate
//! of $0.40 a zone beyond the 25th, never an under-estimate).
//!
//! Skipped: queries to alias records of AWS resources (free; the record resource says so); the
//! account's first 50 health checks on AWS endpoints (free tier, applied by `--free-tier`);
//! Route 53 Resolver (endpoint ENIs, DNS Firewall, Profiles, and the regional `Query first
//! 1B`/`Query Resolver` rates): no resource costplan prices uses them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// `(label, family, usage type, unit, begin, end)` of one tier.
type TierRow = (&'static str, &'static str, &'static str, &'static str, i64, Option<i64>);

const BILLION: i64 = 1_000_000_000;

const TIERS: &[TierRow] = &[
    ("DNS Zone first 25", "DNS Zone", "HostedZone", "HostedZone", 0, Some(25)),
    ("DNS Zone", "DNS Zone", "HostedZone", "HostedZone", 25, None),
    ("Cidr Blocks first 1K per Mo", "CIDR Collection", "CidrBlocks", "Blocks", 0, Some(1000)),
    ("Cidr Blocks per Mo", "CIDR Collection", "CidrBlocks", "Blocks", 1000, None),
];

/// Query kinds: the label's middle → usage type.
const QUERIES: &[(&str, &str)] = &[
    ("Standard", "DNS-Queries"),
    ("Latency Based Routing", "LBR-Queries"),
    ("Geo DNS", "Geo-Queries"),
    ("Geoproximity", "Geoproximity-Queries"),
    ("IP Based Routing", "IP-Queries"),
];

/// Per-month products: label → (family, usage type, unit).
const PRODUCTS: &[(&str, &str, &str, &str)] = &[
    ("Route53 RRSets per Mo", "DNS Zone", "HostedZone-RRSets", "Records"),
    ("Basic Traffic Flow Routing per Mo", "DNS Query", "TrafficPolicy", "Records"),
    ("Basic Health checks AWS per Mo", "DNS Health Check", "Health-Check-AWS", "Checks"),
    (
        "Basic Health checks External Non AWS per Mo",
        "DNS Health Check",
        "Health-Check-Non-AWS",
        "Checks",
    ),
    (
        "Optional Health Check Features AWS per Mo",
        "DNS Health Check",
        "Health-Check-Option-AWS",
        "Features",
    ),
    (
        "Optional Health Check Features External Non AWS per Mo",
        "DNS Health Check",
        "Health-Check-Option-Non-AWS",
        "Features",
    ),
];

fn tier(family: &'static str, ut: &str, unit: &'static str, begin: i64, end: Option<i64>) -> Rule {
    Rule::Tier {
        family,
        attrs: BTreeMap::new(),
        ut: ut.into(),
        unit,
        begin: Decimal::from(begin),
        end: end.map(Decimal::from),
        free_below: None,
    }
}

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some((_, family, ut, unit, begin, end)) = TIERS.iter().find(|(l, ..)| *l == label) {
        return Ok(tier(family, ut, unit, *begin, *end));
    }
    if let Some((_, family, ut, unit)) = PRODUCTS.iter().find(|(l, ..)| *l == label) {
        return Ok(Rule::Product { family, attrs: BTreeMap::new(), ut: (*ut).into(), unit });
    }
    if let Some(rest) = label.strip_prefix("Query ")
        && let Some((kind, range)) = rest.split_once(" External ")
        && let Some((_, ut)) = QUERIES.iter().find(|(k, _)| *k == kind)
    {
        return match range {
            "first 1B" => Ok(tier("DNS Query", ut, "Queries", 0, Some(BILLION))),
            "over 1B" => Ok(tier("DNS Query", ut, "Queries", BILLION, None)),
            other => Err(format!("query tier `{other}` is not `first 1B` or `over 1B`")),
        };
    }
    if label.starts_with("Free Queries to ") && label.ends_with(" Alias records") {
        return Ok(Rule::Skip(
            "queries to alias records of AWS resources are free (the record resource says so)",
        ));
    }
    if label == "Basic Health checks up to 50 AWS per Mo" {
        return Ok(Rule::Skip(
            "the account's first 50 health checks on AWS endpoints (free tier, applied by \
             --free-tier)",
        ));
    }
    let resolver = [
        "Query first 1B",
        "Query over 1B",
        "Query Resolver first 1B",
        "Query Resolver over 1B",
        "Query ENI",
        "Query DoH ENI",
    ];
    if resolver.contains(&label) || label.contains("DNS Firewall") || label.contains("Profiles") {
        return Ok(Rule::Skip(
            "Route 53 Resolver (endpoints, DNS Firewall, Profiles): no resource costplan prices \
             uses it",
        ));
    }
    Err("no Route 53 import rule for this label".into())
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn zones_queries_and_skips() {
        assert!(matches!(rule("DNS Zone"), Ok(Rule::Tier { end: None, .. })));
        let Ok(Rule::Tier { ut, end, .. }) = rule("Query Geo DNS External first 1B") else {
            panic!()
        };
        assert_eq!(
            (ut.as_str(), end.map(|e| e.to_string())),
            ("Geo-Queries", Some("1000000000".into()))
        );
        assert!(matches!(rule("Free Queries to Standard Alias records"), Ok(Rule::Skip(_))));
        assert!(rule("Query Teleport External first 1B").is_err());
        assert!(rule("DNS Zone first 26").is_err());
    }
}
