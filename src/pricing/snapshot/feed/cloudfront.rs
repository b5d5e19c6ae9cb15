//! Import rules for `AmazonCloudFront` (feed file `cloudfront.json.gz`).
//!
//! CloudFront is a global service priced by the **edge geography** that serves the viewer
//! (`United States`, `EU`, `Japan` ...), not by a region. The feed names the geography either as
//! the location (`Request HTTP Methods` at `EU`) or in the label (`Request HTTP Methods from
//! EU`, `Regional DT from EU to Internet First 10 TB`); both spellings map to the same product,
//! so the import cross-checks them (two prices for one product fail the import). Every
//! geography price is stored in the global region ([`super::GLOBAL_REGION`], us-east-1), its
//! usage type headed by the geography's code ([`GEOGRAPHIES`]) as the Price List writes them
//! (`EU-Requests-Tier1`, `JP-DataTransfer-Out-Bytes`). A location that is neither a region nor a
//! geography of [`GEOGRAPHIES`] fails the import.
//!
//! | label | family | usage type | unit | tier |
//! |---|---|---|---|---|
//! | `Request HTTP Methods`, `CloudFront Request-Tier1 HTTP GET and HEAD requests`, `Request HTTP Methods from <G>` | `Request` | `<P>-Requests-Tier1` | Requests | |
//! | `Request HTTPS Methods`, `CloudFront Request-Tier2 HTTPS GET and HEAD requests`, `Request HTTPS Methods from <G>` | `Request` | `<P>-Requests-Tier2-HTTPS` | Requests | |
//! | `HTTPS Proxy requests with Field Level Encryption` | `Request` | `<P>-Requests-HTTPS-Proxy-FLE` | Requests | |
//! | `[...] ...;Regional DT from <G> to Internet <tier>` | `Data Transfer` | `<P>-DataTransfer-Out-Bytes` | GB | 0..10 TB, ..50 TB, ..150 TB, ..500 TB, ..1 PB (1,048,576 GB), ..5 PB, ..Inf |
//! | `Regional DT to Origin from <G>` | `Data Transfer` | `<P>-DataTransfer-Out-OBytes` | GB | |
//! | `CloudFront Request-Origin-Shield Origin Shield Requests` (at a region) | `Request` | `<region prefix>-OriginShield-Requests` | Requests | |
//! | `Charge for invalidating objects ...` | `Invalidations` | `Invalidations` | Paths | |
//! | `Charge for using an SSL certificate with a CloudFront alternate domain name` (`Any`) | `SSL Certificate` | `SSL-Cert-Dedicated-IP` | Certificates | |
//!
//! Usage types are costplan's spelling where the feed (rate codes, no usage types) gives none;
//! a refresh replaces them. Tier bounds: the labels' names, cross-checked with the location's
//! `Per Month` end (GB).
//!
//! Skipped ([`rule`], counted in the import's skip list): the $0 HTTP rate at location `Any`
//! (no geography); labels that are only a rate code (`84Z32PF576RHPTMX JRTCKXETXF.3B9CK5AZ6J
//! Transfer`, their prices repeat the labelled geography rows); the account's free tiers (the
//! first 1 TB out, `Regional DT from Any to Internet 0 upto 1024`, and the first 1,000
//! invalidation paths): costplan applies account allowances with `--free-tier`, never per
//! distribution; Lambda@Edge (priced on the function, not modelled); Anycast static IP lists.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// Edge geographies: the feed's name, the usage-type head, and costplan's usage-key name (the
/// Infracost key where Infracost has one; `canada` and `middle_east` are costplan's, Infracost
/// folds them into `us` and `south_africa`).
pub const GEOGRAPHIES: &[(&str, &str, &str)] = &[
    ("United States", "US", "us"),
    ("Canada", "CA", "canada"),
    ("EU", "EU", "europe"),
    ("South Africa", "ZA", "south_africa"),
    ("Middle East", "ME", "middle_east"),
    ("South America", "SA", "south_america"),
    ("Japan", "JP", "japan"),
    ("Australia", "AU", "australia"),
    ("Asia Pacific", "AP", "asia_pacific"),
    ("India", "IN", "india"),
];

/// The usage-type head of a feed geography name.
pub fn geography(name: &str) -> Option<&'static str> {
    GEOGRAPHIES.iter().find(|(g, ..)| *g == name).map(|(_, p, _)| *p)
}

/// Data-transfer-out tiers: the label's tier name → (begin, end) in GB.
const DT_TIERS: &[(&str, i64, Option<i64>)] = &[
    ("first 10 tb", 0, Some(10_240)),
    ("next 40 tb", 10_240, Some(51_200)),
    ("next 100 tb", 51_200, Some(153_600)),
    ("next 350 tb", 153_600, Some(512_000)),
    ("next 524 tb", 512_000, Some(1_048_576)),
    ("next 4 pb", 1_048_576, Some(5_242_880)),
    ("over 5 pb", 5_242_880, None),
];

fn product(family: &'static str, ut: String, unit: &'static str) -> Rule {
    Rule::Product { family, attrs: BTreeMap::new(), ut, unit }
}

/// A rate-code-only label: `<16-character SKU> <offer>.<rate> <Transfer|HTTPS>`.
fn is_rate_code_only(label: &str) -> bool {
    let parts: Vec<&str> = label.split(' ').collect();
    matches!(parts.as_slice(), [sku, code, kind]
        if sku.len() == 16
            && sku.bytes().all(|b| b.is_ascii_alphanumeric())
            && code.split_once('.').is_some_and(|(a, b)| a.len() == 10 && b.len() == 10)
            && matches!(*kind, "Transfer" | "HTTPS"))
}

/// The rule for one label at one location (`loc`: a geography, a region's feed name, `Any` or
/// empty; `per_month`: the location's `Per Month` attribute, the tier's end in GB).
pub(crate) fn rule(label: &str, loc: &str, per_month: Option<&str>) -> Result<Rule, String> {
    let geo = |name: &str| {
        geography(name).ok_or_else(|| format!("`{name}` is not a CloudFront edge geography"))
    };
    let requests = |kind: &str, name: &str| -> Result<Rule, String> {
        Ok(product("Request", format!("{}-{kind}", geo(name)?), "Requests"))
    };
    match label {
        "Request HTTP Methods" | "CloudFront Request-Tier1 HTTP GET and HEAD requests" => {
            if loc == "Any" {
                return Ok(Rule::Skip("a $0 HTTP request rate at location `Any` (no geography)"));
            }
            return requests("Requests-Tier1", loc);
        }
        "Request HTTPS Methods" | "CloudFront Request-Tier2 HTTPS GET and HEAD requests" => {
            return requests("Requests-Tier2-HTTPS", loc);
        }
        "HTTPS Proxy requests with Field Level Encryption" => {
            return requests("Requests-HTTPS-Proxy-FLE", loc);
        }
        "CloudFront Request-Origin-Shield Origin Shield Requests" => {
            // At a region: the import prefixes the usage type with the region's.
            return Ok(product("Request", "OriginShield-Requests".into(), "Requests"));
        }
        "Charge for invalidating objects removing the objects from CloudFront edge locations" => {
            return Ok(product("Invalidations", "Invalidations".into(), "Paths"));
        }
        "Charge for invalidating objects removing the objects from CloudFront edge locations \
         First 1000 free" => {
            return Ok(Rule::Skip(
                "the account's first 1,000 invalidation paths a month (free tier, applied by \
                 --free-tier)",
            ));
        }
        "Charge for using an SSL certificate with a CloudFront alternate domain name" => {
            return Ok(product("SSL Certificate", "SSL-Cert-Dedicated-IP".into(), "Certificates"));
        }
        "AWS Lambda-Edge-Requests" | "AWS Lambda-Edge-Duration" => {
            return Ok(Rule::Skip("Lambda@Edge: priced on the function, not modelled yet"));
        }
        "Charge for using Static IPv4 addresses" | "Charge for using Static IPv6 addresses" => {
            return Ok(Rule::Skip(
                "Anycast static IP lists: no resource costplan prices uses them",
            ));
        }
        _ => {}
    }
    if is_rate_code_only(label) {
        return Ok(Rule::Skip(
            "a rate code without a readable label (its price repeats a labelled geography row)",
        ));
    }
    for (kind, ut) in [
        ("Request HTTP Methods from ", "Requests-Tier1"),
        ("Request HTTPS Methods from ", "Requests-Tier2-HTTPS"),
    ] {
        if let Some(name) = label.strip_prefix(kind) {
            return requests(ut, name);
        }
    }
    if let Some(name) = label.strip_prefix("Regional DT to Origin from ") {
        return Ok(product(
            "Data Transfer",
            format!("{}-DataTransfer-Out-OBytes", geo(name)?),
            "GB",
        ));
    }
    if let Some((_, readable)) = label.split_once(';')
        && let Some(rest) = readable.strip_prefix("Regional DT from ")
        && let Some((name, tier)) = rest.split_once(" to Internet ")
    {
        if name == "Any" {
            return Ok(Rule::Skip(
                "the account's first 1 TB of data transfer out a month (free tier, applied by \
                 --free-tier)",
            ));
        }
        let tier = tier.to_ascii_lowercase();
        let Some((_, begin, end)) = DT_TIERS.iter().find(|(t, ..)| *t == tier) else {
            return Err(format!("tier `{tier}` is not one of CloudFront's data-transfer tiers"));
        };
        let expected = end.map_or_else(|| "Inf".to_string(), |e| e.to_string());
        if per_month != Some(expected.as_str()) {
            return Err(format!(
                "tier `{tier}` ends at {expected} GB but the location says `Per Month: {}`",
                per_month.unwrap_or("(none)")
            ));
        }
        return Ok(Rule::Tier {
            family: "Data Transfer",
            attrs: BTreeMap::new(),
            ut: format!("{}-DataTransfer-Out-Bytes", geo(name)?),
            unit: "GB",
            begin: Decimal::from(*begin),
            end: end.map(Decimal::from),
            free_below: None,
        });
    }
    Err("no CloudFront import rule for this label".into())
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn geographies_tiers_and_skips() {
        let Ok(Rule::Product { ut, .. }) = rule("Request HTTPS Methods from Japan", "", None)
        else {
            panic!()
        };
        assert_eq!(ut, "JP-Requests-Tier2-HTTPS");
        let Ok(Rule::Product { ut, .. }) = rule("Request HTTP Methods", "EU", None) else {
            panic!()
        };
        assert_eq!(ut, "EU-Requests-Tier1");
        let dt =
            "[Regional DT to Internet Next 40 TB] X;Regional DT from India to Internet Next 40 TB";
        let Ok(Rule::Tier { ut, begin, end, .. }) = rule(dt, "", Some("51200")) else { panic!() };
        assert_eq!(
            (ut.as_str(), begin.to_string(), end.map(|e| e.to_string())),
            ("IN-DataTransfer-Out-Bytes", "10240".into(), Some("51200".into()))
        );
        assert!(rule(dt, "", Some("10240")).is_err(), "a tier end the label contradicts");
        assert!(rule("Request HTTP Methods", "Moon", None).is_err());
        assert!(matches!(
            rule("84Z32PF576RHPTMX JRTCKXETXF.3B9CK5AZ6J Transfer", "", Some("1048576")),
            Ok(Rule::Skip(_))
        ));
        assert!(rule("Charge for teleporting objects", "", None).is_err());
    }
}
