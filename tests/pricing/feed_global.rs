//! CloudFront, Route 53 and SNS in the bundled snapshot against the feed copy
//! (`pricing-cache/feed/aws-price-watcher/processed/{cloudfront,route53,sns}.json.gz`): every
//! CloudFront edge geography's request and data-transfer prices equal the feed's figures for
//! that geography (read from the feed file here, label and location named), and hand-read
//! samples of Route 53 and SNS in us-east-1 and other regions.

use costplan::pricing::{Catalog, PriceQuery};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::feed::{feed_file, tiers};

fn one(cat: &Catalog, service: &str, region: &str, ut: &str) -> Decimal {
    let t = tiers(cat, &PriceQuery::new(service, region).usage_type(ut));
    assert_eq!(t.len(), 1, "{service} {region} {ut}: {t:?}");
    t[0].2
}

/// The feed's geography names and the usage-type heads the Price List gives them.
const GEOGRAPHIES: &[(&str, &str)] = &[
    ("United States", "US"),
    ("Canada", "CA"),
    ("EU", "EU"),
    ("South Africa", "ZA"),
    ("Middle East", "ME"),
    ("South America", "SA"),
    ("Japan", "JP"),
    ("Australia", "AU"),
    ("Asia Pacific", "AP"),
    ("India", "IN"),
];

#[test]
fn cloudfront_every_geography_equals_the_feed() {
    let cat = Catalog::bundled();
    let cf = feed_file("cloudfront.json.gz");
    let at = |label: &str, loc: &str| -> Decimal {
        cf[label][loc].parse().unwrap_or_else(|e| panic!("{label} {loc}: {e}"))
    };
    for (geo, head) in GEOGRAPHIES {
        // `Request HTTP Methods` / `Request HTTPS Methods` at the geography.
        assert_eq!(
            one(&cat, "AmazonCloudFront", "us-east-1", &format!("{head}-Requests-Tier1")),
            at("Request HTTP Methods", geo),
            "{geo}"
        );
        assert_eq!(
            one(&cat, "AmazonCloudFront", "us-east-1", &format!("{head}-Requests-Tier2-HTTPS")),
            at("Request HTTPS Methods", geo),
            "{geo}"
        );
        // `Regional DT to Origin from <geo>`, location ` (Per Month: Inf)`.
        assert_eq!(
            one(&cat, "AmazonCloudFront", "us-east-1", &format!("{head}-DataTransfer-Out-OBytes")),
            at(&format!("Regional DT to Origin from {geo}"), " (Per Month: Inf)"),
            "{geo}"
        );
    }
    // Data out, `[...] ...;Regional DT from United States to Internet <tier>`: 0.085, 0.08,
    // 0.06, 0.04, 0.03, 0.025, 0.02 for the first 10 TB, next 40 TB, next 100 TB, next 350 TB,
    // next 524 TB, next 4 PB, over 5 PB (GB bounds 10240, 51200, 153600, 512000, 1048576,
    // 5242880).
    let us =
        PriceQuery::new("AmazonCloudFront", "us-east-1").usage_type("US-DataTransfer-Out-Bytes");
    assert_eq!(
        tiers(&cat, &us),
        vec![
            (dec!(0), Some(dec!(10240)), dec!(0.085)),
            (dec!(10240), Some(dec!(51200)), dec!(0.08)),
            (dec!(51200), Some(dec!(153600)), dec!(0.06)),
            (dec!(153600), Some(dec!(512000)), dec!(0.04)),
            (dec!(512000), Some(dec!(1048576)), dec!(0.03)),
            (dec!(1048576), Some(dec!(5242880)), dec!(0.025)),
            (dec!(5242880), None, dec!(0.02)),
        ]
    );
    // India: 0.109 first 10 TB, 0.072 over 5 PB.
    let ind = tiers(
        &cat,
        &PriceQuery::new("AmazonCloudFront", "us-east-1").usage_type("IN-DataTransfer-Out-Bytes"),
    );
    assert_eq!((ind[0].2, ind[6].2), (dec!(0.109), dec!(0.072)));
    // `CloudFront Request-Origin-Shield Origin Shield Requests`: US East (Ohio) 0.00000075,
    // EU (Frankfurt) 0.0000009, South America (Sao Paulo) 0.0000016.
    assert_eq!(
        one(&cat, "AmazonCloudFront", "us-east-2", "OriginShield-Requests"),
        dec!(0.00000075)
    );
    assert_eq!(
        one(&cat, "AmazonCloudFront", "eu-central-1", "OriginShield-Requests"),
        dec!(0.0000009)
    );
    assert_eq!(
        one(&cat, "AmazonCloudFront", "sa-east-1", "OriginShield-Requests"),
        dec!(0.0000016)
    );
    // `Charge for invalidating objects ...` 0.005 a path; `Charge for using an SSL certificate
    // with a CloudFront alternate domain name` (`Any`) 600 a month.
    assert_eq!(one(&cat, "AmazonCloudFront", "us-east-1", "Invalidations"), dec!(0.005));
    assert_eq!(one(&cat, "AmazonCloudFront", "us-east-1", "SSL-Cert-Dedicated-IP"), dec!(600));
    // `HTTPS Proxy requests with Field Level Encryption`, Japan: 0.000002.
    assert_eq!(
        one(&cat, "AmazonCloudFront", "us-east-1", "JP-Requests-HTTPS-Proxy-FLE"),
        dec!(0.000002)
    );
}

#[test]
fn route53_and_sns_equal_the_feed() {
    let cat = Catalog::bundled();
    // route53.json.gz `DNS Zone first 25` (Any) 0.5, `DNS Zone` (Any) 0.1.
    let zone = PriceQuery::new("AmazonRoute53", "us-east-1").usage_type("HostedZone");
    assert_eq!(
        tiers(&cat, &zone),
        vec![(dec!(0), Some(dec!(25)), dec!(0.5)), (dec!(25), None, dec!(0.1))]
    );
    // `Query Standard External first 1B` 0.0000004 / `over 1B` 0.0000002 (no location);
    // `Query Latency Based Routing External first 1B` 0.0000006 (no location), 0.00000072 at
    // AWS GovCloud (US).
    let q = |region: &str, ut: &str| {
        tiers(&cat, &PriceQuery::new("AmazonRoute53", region).usage_type(ut))
    };
    assert_eq!(
        q("us-east-1", "DNS-Queries"),
        vec![
            (dec!(0), Some(dec!(1000000000)), dec!(0.0000004)),
            (dec!(1000000000), None, dec!(0.0000002)),
        ]
    );
    assert_eq!(q("us-east-1", "LBR-Queries")[0].2, dec!(0.0000006));
    assert_eq!(q("us-gov-west-1", "LBR-Queries")[0].2, dec!(0.00000072));
    // `Basic Health checks AWS per Mo` 0.5, `... External Non AWS per Mo` 0.75, `Optional Health
    // Check Features AWS per Mo` 1, `... External Non AWS per Mo` 2 (no location).
    assert_eq!(one(&cat, "AmazonRoute53", "us-east-1", "Health-Check-AWS"), dec!(0.5));
    assert_eq!(one(&cat, "AmazonRoute53", "us-east-1", "Health-Check-Non-AWS"), dec!(0.75));
    assert_eq!(one(&cat, "AmazonRoute53", "us-east-1", "Health-Check-Option-AWS"), dec!(1));
    assert_eq!(one(&cat, "AmazonRoute53", "us-east-1", "Health-Check-Option-Non-AWS"), dec!(2));
    // sns.json.gz, every region the feed lists: `Amazon SNS API Requests`, `HTTP
    // Notifications`, `SNS Email and Email JSON Notifications`, `Amazon SQS Notifications`,
    // `Amazon SNS FIFO API Requests per Requests` equal the feed at that location.
    let sns = feed_file("sns.json.gz");
    let labels = [
        ("Amazon SNS API Requests", "Requests-Tier1"),
        ("HTTP Notifications", "DeliveryAttempts-HTTP"),
        ("SNS Email and Email JSON Notifications", "DeliveryAttempts-SMTP"),
        ("Amazon SQS Notifications", "DeliveryAttempts-SQS"),
        ("Amazon SNS FIFO API Requests per Requests", "FIFO-Requests"),
    ];
    let mut checked = 0;
    for (label, ut) in labels {
        for (loc, p) in &sns[label] {
            let region = costplan::pricing::region::by_feed_location(loc)
                .unwrap_or_else(|| panic!("{loc} is not in the region table"));
            assert_eq!(
                one(&cat, "AmazonSNS", region.code, ut),
                p.parse::<Decimal>().unwrap(),
                "{label} {loc}"
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked}");
    // Hand-read: `Amazon SNS API Requests` US East (N. Virginia) 0.0000005; `SNS FIFO Publish
    // Payload per GB` US West (N. California) 0.0204.
    assert_eq!(one(&cat, "AmazonSNS", "us-east-1", "Requests-Tier1"), dec!(0.0000005));
    assert_eq!(one(&cat, "AmazonSNS", "us-west-1", "FIFO-Publish-Bytes"), dec!(0.0204));
}
