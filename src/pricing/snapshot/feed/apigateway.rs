//! Import rules for `AmazonApiGateway` (feed file `apigateway.json.gz`). Usage types carry the
//! region prefix in every region, us-east-1's `USE1-` included, as the Price List writes them
//! for API Gateway (costplan's spelling; the feed has none, a refresh replaces them).
//!
//! | label | family | usage type | unit | tier |
//! |---|---|---|---|---|
//! | `API Calls Number of up to 333 million` | `API Calls` | `ApiGatewayRequest` | Requests | 0..333M |
//! | `API Calls Number of Request Next 667 million` | same | same | Requests | 333M..1B |
//! | `API Calls Number of Request Next 19 billion` | same | same | Requests | 1B..20B |
//! | `API Calls Number of Request Over 20 billion` | same | same | Requests | 20B..Inf |
//! | `ApiGatewayHttpApi First 300 million` | `API Calls` | `ApiGatewayHttpRequest` | Requests | 0..300M |
//! | `ApiGatewayHttpApi more than 300 million` | same | same | Requests | 300M..Inf |
//! | `WebSocket Messages Messages first 1 billion` | `WebSocket` | `ApiGatewayMessage` | Messages | 0..1B |
//! | `WebSocket Messages Messages over 1 billion` | same | same | Messages | 1B..Inf |
//! | `WebSocket Connection Minutes` | `WebSocket` | `ApiGatewayMinute` | Minutes | |
//! | `Caching Memory Size <GB>` | `Amazon API Gateway Cache` (`cacheMemorySizeGb`) | `ApiGatewayCacheUsage:<GB>` | Hrs | |
//!
//! The tier bounds are the pricing page's (monthly requests per account and region); the feed's
//! labels name them. Cache sizes: the label's digits with the decimal point the feed dropped
//! (`0 5` → 0.5 GB, `28 4` → 28.4 GB, `118` → 118 GB).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Rule;

/// `(label, family, usage type, unit, begin, end)` of one tier.
type TierRow = (&'static str, &'static str, &'static str, &'static str, i64, Option<i64>);

/// The tiered request and message prices.
const TIERS: &[TierRow] = &[
    (
        "API Calls Number of up to 333 million",
        "API Calls",
        "ApiGatewayRequest",
        "Requests",
        0,
        Some(333_000_000),
    ),
    (
        "API Calls Number of Request Next 667 million",
        "API Calls",
        "ApiGatewayRequest",
        "Requests",
        333_000_000,
        Some(1_000_000_000),
    ),
    (
        "API Calls Number of Request Next 19 billion",
        "API Calls",
        "ApiGatewayRequest",
        "Requests",
        1_000_000_000,
        Some(20_000_000_000),
    ),
    (
        "API Calls Number of Request Over 20 billion",
        "API Calls",
        "ApiGatewayRequest",
        "Requests",
        20_000_000_000,
        None,
    ),
    (
        "ApiGatewayHttpApi First 300 million",
        "API Calls",
        "ApiGatewayHttpRequest",
        "Requests",
        0,
        Some(300_000_000),
    ),
    (
        "ApiGatewayHttpApi more than 300 million",
        "API Calls",
        "ApiGatewayHttpRequest",
        "Requests",
        300_000_000,
        None,
    ),
    (
        "WebSocket Messages Messages first 1 billion",
        "WebSocket",
        "ApiGatewayMessage",
        "Messages",
        0,
        Some(1_000_000_000),
    ),
    (
        "WebSocket Messages Messages over 1 billion",
        "WebSocket",
        "ApiGatewayMessage",
        "Messages",
        1_000_000_000,
        None,
    ),
];

/// Cache sizes as the feed labels them → GB.
const CACHE_SIZES: &[(&str, &str)] = &[
    ("0 5", "0.5"),
    ("1 6", "1.6"),
    ("6 1", "6.1"),
    ("13 5", "13.5"),
    ("28 4", "28.4"),
    ("58 2", "58.2"),
    ("118", "118"),
    ("237", "237"),
];

pub(crate) fn rule(label: &str) -> Result<Rule, String> {
    if let Some((_, family, ut, unit, begin, end)) = TIERS.iter().find(|(l, ..)| *l == label) {
        return Ok(Rule::Tier {
            family,
            attrs: BTreeMap::new(),
            ut: (*ut).into(),
            unit,
            begin: Decimal::from(*begin),
            end: end.map(Decimal::from),
            free_below: None,
        });
    }
    if label == "WebSocket Connection Minutes" {
        return Ok(Rule::Product {
            family: "WebSocket",
            attrs: BTreeMap::new(),
            ut: "ApiGatewayMinute".into(),
            unit: "Minutes",
        });
    }
    if let Some(size) = label.strip_prefix("Caching Memory Size ") {
        let Some((_, gb)) = CACHE_SIZES.iter().find(|(s, _)| *s == size) else {
            return Err(format!("cache size `{size}` is not one API Gateway offers"));
        };
        return Ok(Rule::Product {
            family: "Amazon API Gateway Cache",
            attrs: BTreeMap::from([("cacheMemorySizeGb".to_string(), (*gb).to_string())]),
            ut: format!("ApiGatewayCacheUsage:{gb}"),
            unit: "Hrs",
        });
    }
    Err("no API Gateway import rule for this label".into())
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn tiers_and_cache_sizes() {
        assert!(matches!(
            rule("API Calls Number of Request Over 20 billion"),
            Ok(Rule::Tier { end: None, .. })
        ));
        let Ok(Rule::Product { ut, .. }) = rule("Caching Memory Size 28 4") else { panic!() };
        assert_eq!(ut, "ApiGatewayCacheUsage:28.4");
        assert!(rule("Caching Memory Size 3").is_err());
        assert!(rule("API Calls for free").is_err());
    }
}
