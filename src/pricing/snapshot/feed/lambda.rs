//! Import rules for `AWSLambda` (feed file `lambda.json.gz`). Product family `Serverless` and
//! the Price List's `group` attribute; us-east-1 usage types have no prefix, as the Price List
//! writes them for Lambda.
//!
//! | label | group | usage type | unit | tier (GB-seconds) |
//! |---|---|---|---|---|
//! | `Lambda Requests` | `AWS-Lambda-Requests` | `Request` | Requests | |
//! | `Lambda Requests-ARM` | `AWS-Lambda-Requests-ARM` | `Request-ARM` | Requests | |
//! | `Lambda Duration` | `AWS-Lambda-Duration` | `Lambda-GB-Second` | GB-Seconds | 0..6e9 |
//! | `Lambda Duration Tier2` | `AWS-Lambda-Duration` | `Lambda-GB-Second` | GB-Seconds | 6e9..15e9 |
//! | `Lambda Duration Tier3` | `AWS-Lambda-Duration` | `Lambda-GB-Second` | GB-Seconds | 15e9..Inf |
//! | `Lambda Duration-ARM` | `AWS-Lambda-Duration-ARM` | `Lambda-GB-Second-ARM` | GB-Seconds | 0..7.5e9 |
//! | `Lambda Duration-ARM Tier2` | `AWS-Lambda-Duration-ARM` | `Lambda-GB-Second-ARM` | GB-Seconds | 7.5e9..18.75e9 |
//! | `Lambda Duration-ARM Tier3` | `AWS-Lambda-Duration-ARM` | `Lambda-GB-Second-ARM` | GB-Seconds | 18.75e9..Inf |
//! | `Lambda Storage-Duration` | `AWS-Lambda-Storage-Duration` | `Lambda-Storage-GB-Second` | GB-Seconds | |
//! | `Lambda Storage-Duration-ARM` | `AWS-Lambda-Storage-Duration-ARM` | `Lambda-Storage-GB-Second-ARM` | GB-Seconds | |
//! | `Lambda Provisioned-Concurrency` | `AWS-Lambda-Provisioned-Concurrency` | `Lambda-Provisioned-Concurrency` | GB-Seconds | |
//! | `Lambda Provisioned-Concurrency-ARM` | `AWS-Lambda-Provisioned-Concurrency-ARM` | `Lambda-Provisioned-Concurrency-ARM` | GB-Seconds | |
//! | `Lambda Duration-Provisioned` | `AWS-Lambda-Duration-Provisioned` | `Lambda-Provisioned-GB-Second` | GB-Seconds | |
//! | `Lambda Duration-Provisioned-ARM` | `AWS-Lambda-Duration-Provisioned-ARM` | `Lambda-Provisioned-GB-Second-ARM` | GB-Seconds | |
//!
//! The duration tiers are the pricing page's monthly aggregate GB-seconds per region and
//! architecture: x86 first 6 billion, next 9 billion, over 15 billion; Arm first 7.5 billion,
//! next 11.25 billion, over 18.75 billion (the feed's Tier2/Tier3 labels carry only the rates).
//!
//! Skipped, with why: Lambda@Edge (`Lambda Edge-*`, priced with CloudFront, not by costplan),
//! response-streaming processed bytes (`Lambda Processed-Bytes*`, not priced by costplan), and
//! the `$0` rows at location `Any` (`... Free Tier`, `Lambda Requests 1000000`, `Lambda Duration
//! One`, `Lambda Processed-Bytes 100`): the monthly free tier (1M requests, 400,000 GB-seconds)
//! is an account-wide allowance (`--free-tier`), not a tier of these products.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// The product family of every Lambda price.
pub const FAMILY: &str = "Serverless";

/// `(label, group, usage type)` of the untiered products.
const PRODUCTS: &[(&str, &str, &str)] = &[
    ("Lambda Requests", "AWS-Lambda-Requests", "Request"),
    ("Lambda Requests-ARM", "AWS-Lambda-Requests-ARM", "Request-ARM"),
    ("Lambda Storage-Duration", "AWS-Lambda-Storage-Duration", "Lambda-Storage-GB-Second"),
    (
        "Lambda Storage-Duration-ARM",
        "AWS-Lambda-Storage-Duration-ARM",
        "Lambda-Storage-GB-Second-ARM",
    ),
    (
        "Lambda Provisioned-Concurrency",
        "AWS-Lambda-Provisioned-Concurrency",
        "Lambda-Provisioned-Concurrency",
    ),
    (
        "Lambda Provisioned-Concurrency-ARM",
        "AWS-Lambda-Provisioned-Concurrency-ARM",
        "Lambda-Provisioned-Concurrency-ARM",
    ),
    (
        "Lambda Duration-Provisioned",
        "AWS-Lambda-Duration-Provisioned",
        "Lambda-Provisioned-GB-Second",
    ),
    (
        "Lambda Duration-Provisioned-ARM",
        "AWS-Lambda-Duration-Provisioned-ARM",
        "Lambda-Provisioned-GB-Second-ARM",
    ),
];

/// `(label, group, usage type, begin, end)` of the duration tiers, in GB-seconds.
const TIERS: &[(&str, &str, &str, i64, Option<i64>)] = &[
    ("Lambda Duration", "AWS-Lambda-Duration", "Lambda-GB-Second", 0, Some(6_000_000_000)),
    (
        "Lambda Duration Tier2",
        "AWS-Lambda-Duration",
        "Lambda-GB-Second",
        6_000_000_000,
        Some(15_000_000_000),
    ),
    ("Lambda Duration Tier3", "AWS-Lambda-Duration", "Lambda-GB-Second", 15_000_000_000, None),
    (
        "Lambda Duration-ARM",
        "AWS-Lambda-Duration-ARM",
        "Lambda-GB-Second-ARM",
        0,
        Some(7_500_000_000),
    ),
    (
        "Lambda Duration-ARM Tier2",
        "AWS-Lambda-Duration-ARM",
        "Lambda-GB-Second-ARM",
        7_500_000_000,
        Some(18_750_000_000),
    ),
    (
        "Lambda Duration-ARM Tier3",
        "AWS-Lambda-Duration-ARM",
        "Lambda-GB-Second-ARM",
        18_750_000_000,
        None,
    ),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    let group = |g: &str| BTreeMap::from([("group".to_string(), g.to_string())]);
    if let Some((_, g, ut)) = PRODUCTS.iter().find(|(l, ..)| *l == label) {
        let unit = if label.contains("Requests") { "Requests" } else { "GB-Seconds" };
        return Ok(Rule::Product { family: FAMILY, attrs: group(g), ut: (*ut).into(), unit });
    }
    if let Some((_, g, ut, begin, end)) = TIERS.iter().find(|(l, ..)| *l == label) {
        return Ok(Rule::Tier {
            family: FAMILY,
            attrs: group(g),
            ut: (*ut).into(),
            unit: "GB-Seconds",
            begin: Decimal::from(*begin),
            end: end.map(Decimal::from),
            free_below: None,
        });
    }
    if label.starts_with("Lambda Edge-") {
        return Ok(Rule::Skip("Lambda@Edge is not priced by costplan"));
    }
    if label.starts_with("Lambda Processed-Bytes") && !label.ends_with(" 100") {
        return Ok(Rule::Skip("response-streaming processed bytes are not priced by costplan"));
    }
    if matches!(
        label,
        "Lambda Requests Free Tier"
            | "Lambda Duration Free Tier"
            | "Lambda Requests 1000000"
            | "Lambda Duration One"
            | "Lambda Processed-Bytes 100"
    ) {
        return Ok(Rule::Skip("a $0 free-tier row at location `Any` (the account free tier)"));
    }
    Err("no Lambda import rule for this label".into())
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn every_feed_label_maps_or_is_skipped() {
        assert!(matches!(rule("Lambda Requests-ARM"), Ok(Rule::Product { unit: "Requests", .. })));
        assert!(matches!(rule("Lambda Duration-ARM Tier3"), Ok(Rule::Tier { end: None, .. })));
        assert!(matches!(rule("Lambda Edge-Duration"), Ok(Rule::Skip(_))));
        assert!(matches!(rule("Lambda Requests Free Tier"), Ok(Rule::Skip(_))));
        assert!(rule("Lambda Duration Tier4").is_err());
    }
}
