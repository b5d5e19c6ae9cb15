//! CloudFront, Route 53, SNS and SQS (`tests/fixtures/edge_messaging`, with an Infracost usage
//! file): priced component by component in us-east-1 and eu-central-2 with every figure worked
//! out by hand from the feed copy (`pricing-cache/feed/aws-price-watcher/processed/`), the
//! account free tiers with `--free-tier`, `--requests` derivations with their formulas, and
//! bad input.

use super::*;
use costplan::model::Report;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const DIR: &str = "tests/fixtures/edge_messaging";
const USAGE: &str = "tests/fixtures/edge_messaging/infracost-usage.yml";

fn report(args: &[&str]) -> Report {
    json_report(DIR, args)
}

/// Monthly cost of the components of `address` with this id, summed (one per geography).
fn cost(r: &Report, address: &str, id: &str) -> Option<Decimal> {
    let res = r.resources().find(|x| x.address == address).unwrap_or_else(|| panic!("{address}"));
    let lines: Vec<_> = res.all_components().filter(|c| c.id == id).collect();
    assert!(!lines.is_empty(), "{address} `{id}` missing");
    lines.iter().map(|c| c.monthly_cost).sum()
}

/// Hand-computed, feed labels cited (cloudfront.json.gz, route53.json.gz, sns.json.gz):
/// - CloudFront (global, the same in every region): `Regional DT from United States to
///   Internet First 10 TB` 0.085 × 2,000 GB = 170; `... from EU ...` 0.085 × 1,000 = 85;
///   `Request HTTPS Methods` United States 0.000001 × 10M = 10, EU 0.0000012 × 5M = 6;
///   `Charge for invalidating objects ...` 0.005 × 1,200 paths = 6. Sum 277.
/// - Route 53 (global): `DNS Zone first 25` 0.5; `Query Standard External first 1B`
///   0.0000004 × 50M = 20; `Basic Health checks AWS per Mo` 0.5 + `Optional Health Check
///   Features AWS per Mo` 1 × 1 (HTTPS) = 1.5. Sum 22.
/// - SNS: `Amazon SNS API Requests` × 3M and `HTTP Notifications` × 3M: US East (N. Virginia)
///   0.0000005 → 1.5 and 0.0000006 → 1.8; EU (Zurich) 0.00000055 → 1.65 and 0.00000066 → 1.98.
/// - SQS: no price in the snapshot: "price not found", never $0.
#[test]
fn priced_component_by_component_in_two_regions() {
    for (region, publish, deliveries) in
        [("us-east-1", dec!(1.5), dec!(1.8)), ("eu-central-2", dec!(1.65), dec!(1.98))]
    {
        let r = report(&["--region", region, "--usage-file", USAGE]);
        let cdn = "aws_cloudfront_distribution.cdn";
        assert_eq!(cost(&r, cdn, "cloudfront.data_out"), Some(dec!(255)), "{region}");
        assert_eq!(cost(&r, cdn, "cloudfront.https_requests"), Some(dec!(16)), "{region}");
        assert_eq!(cost(&r, cdn, "cloudfront.invalidations"), Some(dec!(6)), "{region}");
        assert_eq!(
            cost(&r, "aws_route53_zone.site", "route53.hosted_zone"),
            Some(dec!(0.5)),
            "{region}"
        );
        assert_eq!(cost(&r, "aws_route53_record.www", "route53.queries"), Some(dec!(20)));
        let hc = "aws_route53_health_check.api";
        assert_eq!(cost(&r, hc, "route53.health_check"), Some(dec!(0.5)), "{region}");
        assert_eq!(cost(&r, hc, "route53.health_check_features"), Some(dec!(1)), "{region}");
        assert_eq!(cost(&r, "aws_sns_topic.events", "sns.requests"), Some(publish), "{region}");
        assert_eq!(
            cost(&r, "aws_sns_topic_subscription.hook", "sns.deliveries"),
            Some(deliveries),
            "{region}"
        );
        assert_eq!(cost(&r, "aws_sqs_queue.jobs", "sqs.requests"), None, "{region}");
        let apex = r.resources().find(|x| x.address == "aws_route53_record.apex").expect("apex");
        assert_eq!(apex.bucket, costplan::model::Bucket::Free, "an alias to CloudFront is free");
        // 277 + 22 + SNS; the HTTP requests of the EU (no usage) and SQS are named, not $0.
        assert_eq!(r.totals.monthly, dec!(299) + publish + deliveries, "{region}");
        assert_eq!((r.summary.price_not_found, r.summary.usage_unknown), (1, 1), "{region}");
    }
}

/// `--free-tier`, us-east-1: CloudFront's first 1,024 GB out (drawn by the US line first:
/// (2,000 − 1,024) × 0.085 = 82.96) and 1,000 invalidation paths (200 × 0.005 = 1); the first
/// 50 AWS health checks (basic 0; the HTTPS feature stays 1); SNS's first 1M publishes (2M ×
/// 0.0000005 = 1) and 100,000 HTTP deliveries (2.9M × 0.0000006 = 1.74).
#[test]
fn free_tier_allowances_are_subtracted_once_per_account() {
    let r = report(&["--region", "us-east-1", "--usage-file", USAGE, "--free-tier"]);
    let cdn = "aws_cloudfront_distribution.cdn";
    assert_eq!(cost(&r, cdn, "cloudfront.data_out"), Some(dec!(167.96)));
    assert_eq!(cost(&r, cdn, "cloudfront.invalidations"), Some(dec!(1)));
    assert_eq!(cost(&r, "aws_route53_health_check.api", "route53.health_check"), Some(dec!(0)));
    assert_eq!(cost(&r, "aws_sns_topic.events", "sns.requests"), Some(dec!(1)));
    assert_eq!(cost(&r, "aws_sns_topic_subscription.hook", "sns.deliveries"), Some(dec!(1.74)));
    // 167.96 + 16 + 1 + 0.5 + 20 + 1 + 1 + 1.74
    assert_eq!(r.totals.monthly, dec!(209.2));
}

/// `--requests 1M` (default profile, 4 KB responses): the one distribution serves every
/// request; PriceClass_100 does not say where the viewers are, so they are priced as Europe,
/// its highest first-tier rate: 1M HTTPS requests (redirect-to-https) = 100 × 10k, and
/// 1M × 4 KB ÷ 1,048,576 = 3.814697265625 GB out. Each with its formula in `--explain`.
#[test]
fn requests_derive_cloudfront_requests_and_data_out_with_formulas() {
    let r = report(&["--region", "us-east-1", "--requests", "1M"]);
    let res = r
        .resources()
        .find(|x| x.address == "aws_cloudfront_distribution.cdn")
        .expect("distribution");
    let line = |id: &str| res.all_components().find(|c| c.id == id).expect(id);
    let https = line("cloudfront.https_requests");
    assert_eq!((https.name.as_str(), https.quantity), ("HTTPS requests (europe)", Some(dec!(100))));
    // 3.814697265625 GB × 0.085 (`Regional DT from EU to Internet First 10 TB`).
    let out = line("cloudfront.data_out");
    assert_eq!(out.quantity, Some(dec!(3.814697265625)));
    assert_eq!(out.monthly_cost, Some(dec!(3.814697265625) * dec!(0.085)));
    let text = run(
        &["estimate", "--path", DIR, "--region", "us-east-1", "--requests", "1M", "--explain"],
        None,
    );
    for formula in [
        "every request is served by one of the 1 distributions",
        "PriceClass_100 priced as europe",
        "1,048,576 KB/GB",
    ] {
        assert!(text.contains(formula), "--explain lacks `{formula}`:\n{text}");
    }
}

/// Bad input: a text `endpoint_type` other than `aws`/`non_aws` in an Infracost usage file is
/// an error naming the file and the key; an unknown `price_class` or SNS `protocol` leaves the
/// resource unpriced with an `invalid-value` warning naming the attribute, never a default.
#[test]
fn bad_input_is_named_never_priced_as_a_default() {
    let dir = tempdir();
    let usage = dir.path().join("usage.yml");
    std::fs::write(
        &usage,
        "version: 0.1\nresource_usage:\n  aws_route53_health_check.api:\n    endpoint_type: \
         azure\n",
    )
    .unwrap();
    let text = run(
        &[
            "estimate",
            "--path",
            DIR,
            "--region",
            "us-east-1",
            "--usage-file",
            &usage.display().to_string(),
        ],
        Some(dir.path()),
    );
    assert!(!text.starts_with("exit: 0"), "{text}");
    assert!(text.contains("[TMP]/usage.yml") && text.contains("endpoint_type"), "{text}");
    assert!(text.contains("expected `aws` or `non_aws`"), "{text}");
    assert!(!text.contains("panicked"), "{text}");

    let tf = dir.path().join("main.tf");
    std::fs::write(
        &tf,
        r#"provider "aws" { region = "us-east-1" }
resource "aws_cloudfront_distribution" "d" {
  enabled     = true
  price_class = "PriceClass_300"
}
resource "aws_route53_health_check" "h" {
  fqdn = "api.example.com"
}
resource "aws_sns_topic_subscription" "s" {
  topic_arn = "arn:aws:sns:us-east-1:123456789012:t"
  protocol  = "carrier-pigeon"
  endpoint  = "coop"
}
"#,
    )
    .unwrap();
    let text = run(&["estimate", "--path", &dir.path().display().to_string()], Some(dir.path()));
    assert!(text.starts_with("exit: 0"), "{text}");
    for expected in [
        "`price_class` `PriceClass_300` is not one CloudFront offers",
        "`protocol` `carrier-pigeon` is not one SNS offers",
        "`type` is not known",
        "main.tf:2",
        "main.tf:6",
        "main.tf:9",
    ] {
        assert!(text.contains(expected), "no `{expected}`:\n{text}");
    }
}
