//! Every pricing trap of the billing notes, against hand-made fixtures that contain the rows a
//! naive lookup would wrongly match (synthetic prices, distinct so a wrong match shows).

use costplan::pricing::{PriceQuery, PurchaseOption, Term};
use rust_decimal_macros::dec;

use crate::common::{ambiguous, fixtures, found, not_found};

fn nat(region: &str) -> PriceQuery {
    PriceQuery::new("AmazonEC2", region).family("NAT Gateway")
}

#[test]
fn nat_hours_us_east_1_unprefixed_skips_regional_and_provisioned_rows() {
    let cat = fixtures();
    let p = found(&cat, &nat("us-east-1").usage_type("NatGateway-Hours"));
    assert_eq!(p.sku, "FIXNAT000000HRS1");
    assert_eq!(p.usage_type.as_deref(), Some("NatGateway-Hours"));
    assert_eq!(p.tiers.len(), 1);
    assert_eq!(p.tiers[0].usd, dec!(0.045));
    assert_eq!(p.unit, "Hrs");
    let b = found(&cat, &nat("us-east-1").usage_type("NatGateway-Bytes").unit("GB"));
    assert_eq!(b.sku, "FIXNAT000000GB01");
}

#[test]
fn nat_hours_eu_west_1_prefixed_skips_regional_and_provisioned_rows() {
    let cat = fixtures();
    let p = found(&cat, &nat("eu-west-1").usage_type("NatGateway-Hours"));
    assert_eq!(p.sku, "FIXNATEU00000HRS");
    assert_eq!(p.tiers[0].usd, dec!(0.048));
    // The caller may also give the prefixed form.
    let p2 = found(&cat, &nat("eu-west-1").usage_type("EU-NatGateway-Hours"));
    assert_eq!(p2.sku, p.sku);
}

#[test]
fn regional_and_provisioned_nat_rows_are_only_found_by_their_own_names() {
    let cat = fixtures();
    let r = found(&cat, &nat("us-east-1").usage_type("RegionalNatGateway-Hours"));
    assert_eq!(r.sku, "FIXNATREGIONAL01");
    let p = found(&cat, &nat("eu-west-1").usage_type("NatGateway-Prvd-Hours"));
    assert_eq!(p.sku, "FIXNATEUPRVD0001");
}

#[test]
fn alb_hours_skip_trust_store_and_nlb_rows() {
    let cat = fixtures();
    let alb = PriceQuery::new("AWSELB", "us-east-1").family("Load Balancer-Application");
    let p = found(&cat, &alb.clone().usage_type("LoadBalancerUsage"));
    assert_eq!(p.sku, "FIXALB0000000HRS");
    let lcu = found(&cat, &alb.usage_type("LCUUsage").unit("LCU-Hrs"));
    assert_eq!(lcu.tiers[0].usd, dec!(0.008));
    // Without the family, ALB and NLB hours are the same usage type: never guess.
    let c =
        ambiguous(&cat, &PriceQuery::new("AWSELB", "us-east-1").usage_type("LoadBalancerUsage"));
    assert_eq!(c.len(), 2, "{c:?}");
    assert!(c.iter().any(|s| s.contains("Load Balancer-Network")), "{c:?}");
}

#[test]
fn cloudwatch_log_ingestion_is_not_the_load_balancer_data_processing_row() {
    let cat = fixtures();
    let logs = found(
        &cat,
        &PriceQuery::new("AmazonCloudWatch", "us-east-1")
            .family("Data Payload")
            .usage_type("DataProcessing-Bytes"),
    );
    assert_eq!(logs.sku, "FIXCWLOGSINGEST1");
    assert_eq!(logs.tiers[0].usd, dec!(0.5));
    // The ELB file's DataProcessing-Bytes belongs to the classic load balancer family only.
    let (hint, closest) = not_found(
        &cat,
        &PriceQuery::new("AWSELB", "us-east-1")
            .family("Load Balancer-Application")
            .usage_type("DataProcessing-Bytes"),
    );
    assert!(hint.contains("DataProcessing-Bytes"), "{hint}");
    assert!(closest.contains(&"LCUUsage".to_string()), "{closest:?}");
}

#[test]
fn rds_storage_matches_engine_any_and_its_deployment_option() {
    let cat = fixtures();
    let q = PriceQuery::new("AmazonRDS", "us-east-1")
        .family("Database Storage")
        .attr("volumeType", "General Purpose")
        .attr("databaseEngine", "Any");
    let single = found(&cat, &q.clone().attr("deploymentOption", "Single-AZ"));
    assert_eq!(single.sku, "FIXRDSGP2STORSAZ");
    let multi = found(&cat, &q.attr("deploymentOption", "Multi-AZ").unit("GB-Mo"));
    assert_eq!(multi.tiers[0].usd, dec!(0.23));
    // Asking with the instance's engine finds nothing, and says which engine value exists.
    let (hint, closest) = not_found(
        &cat,
        &PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Storage")
            .attr("volumeType", "General Purpose")
            .attr("databaseEngine", "MySQL"),
    );
    assert!(hint.contains("databaseEngine"), "{hint}");
    assert_eq!(closest.first().map(String::as_str), Some("Any"), "{closest:?}");
}

#[test]
fn multi_az_is_its_own_price_not_twice_single_az() {
    let cat = fixtures();
    let q = |dep: &str| {
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("instanceType", "db.t4g.small")
            .attr("databaseEngine", "MySQL")
            .attr("deploymentOption", dep)
    };
    let single = found(&cat, &q("Single-AZ"));
    let multi = found(&cat, &q("Multi-AZ"));
    assert_eq!(single.tiers[0].usd, dec!(0.032));
    assert_eq!(multi.tiers[0].usd, dec!(0.065));
    assert_ne!(multi.tiers[0].usd, single.tiers[0].usd * dec!(2));
    assert_eq!(multi.usage_type.as_deref(), Some("Multi-AZUsage:db.t4g.small"));
}

#[test]
fn reserved_terms_keep_upfront_apart_from_hourly() {
    let cat = fixtures();
    let q = PriceQuery::new("AmazonRDS", "us-east-1")
        .family("Database Instance")
        .attr("instanceType", "db.t4g.small")
        .attr("databaseEngine", "MySQL")
        .attr("deploymentOption", "Single-AZ");
    let partial = found(&cat, &q.clone().reserved(1, PurchaseOption::PartialUpfront));
    assert_eq!(partial.upfront_usd, Some(dec!(95)));
    assert_eq!(partial.tiers.len(), 1);
    assert_eq!(partial.tiers[0].usd, dec!(0.01));
    assert_eq!(partial.unit, "Hrs");
    assert!(!partial.hourly_includes_upfront);
    let all = found(&cat, &q.clone().reserved(3, PurchaseOption::AllUpfront));
    assert_eq!(all.upfront_usd, Some(dec!(420)));
    assert_eq!(all.tiers[0].usd, dec!(0));
    let none = found(&cat, &q.clone().reserved(1, PurchaseOption::NoUpfront));
    assert_eq!(none.upfront_usd, None);
    assert_eq!(none.tiers[0].usd, dec!(0.022));
    // RDS has no 3-year No Upfront: not found, with the terms that exist.
    let (hint, closest) = not_found(&cat, &q.reserved(3, PurchaseOption::NoUpfront));
    assert!(hint.contains("Reserved 3yr No Upfront"), "{hint}");
    assert!(closest.iter().any(|t| t.starts_with("Reserved 1yr No Upfront")), "{closest:?}");
}

#[test]
fn offering_class_filters_reserved_terms() {
    let cat = fixtures();
    let q = PriceQuery::new("AmazonElastiCache", "us-east-1")
        .family("Cache Instance")
        .usage_type("NodeUsage:cache.t3.micro");
    let std = found(
        &cat,
        &q.clone().term(Term::Reserved {
            years: 3,
            purchase_option: PurchaseOption::NoUpfront,
            offering_class: Some("standard".into()),
        }),
    );
    assert_eq!(std.tiers[0].usd, dec!(0.011));
    not_found(
        &cat,
        &q.term(Term::Reserved {
            years: 3,
            purchase_option: PurchaseOption::NoUpfront,
            offering_class: Some("convertible".into()),
        }),
    );
}

#[test]
fn elasticache_node_usage_skips_sync_durability_rows() {
    let cat = fixtures();
    let q = PriceQuery::new("AmazonElastiCache", "us-east-1")
        .family("Cache Instance")
        .attr("instanceType", "cache.t3.micro")
        .attr("cacheEngine", "Redis");
    // Instance type and engine alone match both rows: ambiguous, with the usage types shown.
    let c = ambiguous(&cat, &q);
    assert!(c.iter().any(|s| s.contains("usagetype=SyncDurability-NodeUsage:cache.t3.micro")));
    let p = found(&cat, &q.usage_type("NodeUsage:cache.t3.micro"));
    assert_eq!(p.sku, "FIXCACHET3MICRO1");
    assert_eq!(p.tiers[0].usd, dec!(0.017));
}

#[test]
fn tiers_are_returned_whole_and_a_tier_start_selects_one() {
    let cat = fixtures();
    let q = PriceQuery::new("AmazonCloudWatch", "us-east-1")
        .family("Metric")
        .usage_type("CW:MetricMonitorUsage");
    let p = found(&cat, &q);
    let begins: Vec<_> = p.tiers.iter().map(|t| t.begin).collect();
    assert_eq!(begins, vec![dec!(0), dec!(10000), dec!(250000), dec!(1000000)]);
    assert_eq!(p.tiers[0].end, Some(dec!(10000)));
    assert_eq!(p.tiers[3].end, None);
    let second = found(&cat, &q.clone().tier_start(dec!(10000)));
    assert_eq!(second.tiers.len(), 1);
    assert_eq!(second.tiers[0].usd, dec!(0.1));
    let (_, closest) = not_found(&cat, &q.tier_start(dec!(5)));
    assert_eq!(closest.len(), 4);
}

#[test]
fn unit_mismatch_is_not_found_with_the_unit_it_has() {
    let cat = fixtures();
    let (hint, closest) =
        not_found(&cat, &nat("us-east-1").usage_type("NatGateway-Hours").unit("GB"));
    assert!(hint.contains("Hrs"), "{hint}");
    assert_eq!(closest, vec!["Hrs".to_string()]);
    // Other spellings of the same unit are accepted.
    found(&cat, &nat("us-east-1").usage_type("NatGateway-Hours").unit("hours"));
}

#[test]
fn unknown_instance_type_lists_the_closest_known_ones() {
    let cat = fixtures();
    let (hint, closest) = not_found(
        &cat,
        &PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("instanceType", "db.t4g.smal"),
    );
    assert!(hint.contains("instanceType = `db.t4g.smal`"), "{hint}");
    assert_eq!(closest, vec!["db.t4g.small".to_string()]);
}

#[test]
fn unknown_region_and_service_say_what_exists() {
    let cat = fixtures();
    let (hint, closest) = not_found(&cat, &nat("eu-west-9").usage_type("NatGateway-Hours"));
    assert!(hint.contains("pricing refresh"), "{hint}");
    assert!(closest.contains(&"eu-west-1".to_string()), "{closest:?}");
    let (_, closest) = not_found(&cat, &PriceQuery::new("AmazonRDSX", "us-east-1"));
    assert!(closest.contains(&"AmazonRDS".to_string()), "{closest:?}");
}

#[test]
fn case_insensitive_match() {
    let cat = fixtures();
    let p = found(
        &cat,
        &PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr_ci("databaseEngine", "postgresql")
            .attr("instanceType", "db.t4g.small"),
    );
    assert_eq!(p.sku, "FIXRDSPGT4GSMSAZ");
}

#[test]
fn sources_used_lists_only_the_files_that_answered() {
    let cat = fixtures();
    assert!(cat.sources_used().is_empty());
    found(&cat, &nat("eu-west-1").usage_type("NatGateway-Hours"));
    let used = cat.sources_used();
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].file, "aws/AmazonEC2/eu-west-1.json");
    assert_eq!(used[0].fetch_date, "2026-11-01");
    assert_eq!(used[0].source.as_str(), "price-list-api");
}
