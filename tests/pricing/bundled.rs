//! Lookups against the bundled snapshot, the way resource code asks: suffix usage types in
//! us-east-1 (unprefixed or `USE1-`) and in prefixed regions, tiers, reserved terms, provenance.

use costplan::pricing::{Catalog, PriceQuery, PurchaseOption, Resolution, SourceKind};
use rust_decimal_macros::dec;

use crate::common::{ambiguous, found, not_found};

#[test]
fn fargate_vcpu_in_us_east_1_is_use1_prefixed_and_found_by_suffix() {
    let cat = Catalog::bundled();
    let p = found(
        &cat,
        &PriceQuery::new("AmazonECS", "us-east-1")
            .family("Compute")
            .usage_type("Fargate-vCPU-Hours:perCPU"),
    );
    assert_eq!(p.usage_type.as_deref(), Some("USE1-Fargate-vCPU-Hours:perCPU"));
    assert_eq!(p.tiers[0].usd, dec!(0.04048));
    assert_eq!(p.unit, "Hrs");
    assert!(p.source.verified);
    assert_eq!(p.source.file, "aws/AmazonECS/us-east-1.json");
    assert_eq!(p.source.source, SourceKind::PublishedListPrices);
    // From the feed copy (pricing-cache/feed/, ecs.json.gz `perCPU per hour`, published
    // 2025-03-13), which superseded the hand table's row.
    assert_eq!(p.source.as_of, "2025-03-13");
    // ARM and Spot are their own usage types, not a suffix match of the x86 one.
    let arm = found(
        &cat,
        &PriceQuery::new("AmazonECS", "eu-central-1").usage_type("Fargate-ARM-vCPU-Hours:perCPU"),
    );
    assert_eq!(arm.usage_type.as_deref(), Some("EUC1-Fargate-ARM-vCPU-Hours:perCPU"));
    assert_eq!(arm.tiers[0].usd, dec!(0.03725));
}

#[test]
fn fargate_spot_is_a_dated_snapshot_flagged_as_not_in_the_price_list() {
    let cat = Catalog::bundled();
    let p = found(
        &cat,
        &PriceQuery::new("AmazonECS", "eu-west-1")
            .usage_type("SpotUsage-Fargate-vCPU-Hours:perCPU"),
    );
    assert_eq!(p.usage_type.as_deref(), Some("EU-SpotUsage-Fargate-vCPU-Hours:perCPU"));
    assert_eq!(p.tiers[0].usd, dec!(0.01257825));
    assert_eq!(p.source.as_of, "2021-01");
    assert!(p.note.as_deref().is_some_and(|n| n.contains("not in the AWS Price List")));
}

#[test]
fn nat_gateway_us_east_1_unprefixed_and_regional_prefixes() {
    let cat = Catalog::bundled();
    let q = |r: &str| PriceQuery::new("AmazonEC2", r).family("NAT Gateway");
    let use1 = found(&cat, &q("us-east-1").usage_type("NatGateway-Hours").unit("Hrs"));
    assert_eq!(use1.usage_type.as_deref(), Some("NatGateway-Hours"));
    assert_eq!(use1.tiers[0].usd, dec!(0.045));
    let eu = found(&cat, &q("eu-west-1").usage_type("NatGateway-Bytes").unit("GB"));
    assert_eq!(eu.usage_type.as_deref(), Some("EU-NatGateway-Bytes"));
    assert_eq!(eu.tiers[0].usd, dec!(0.048));
    let sg = found(&cat, &q("ap-southeast-1").usage_type("NatGateway-Hours"));
    assert_eq!(sg.usage_type.as_deref(), Some("APS1-NatGateway-Hours"));
    // The hand table's recalled eu-central-1 price is replaced by the feed's (0.052, the same).
    let euc1 = found(&cat, &q("eu-central-1").usage_type("NatGateway-Hours"));
    assert!(euc1.source.verified);
    assert_eq!(euc1.source.as_of, "2025-11-04");
    assert_eq!(euc1.tiers[0].usd, dec!(0.052));
}

#[test]
fn s3_standard_storage_returns_its_three_tiers() {
    let cat = Catalog::bundled();
    let p = found(
        &cat,
        &PriceQuery::new("AmazonS3", "us-east-1")
            .family("Storage")
            .attr("volumeType", "Standard")
            .usage_type("TimedStorage-ByteHrs")
            .unit("GB-Mo"),
    );
    let tiers: Vec<_> = p.tiers.iter().map(|t| (t.begin, t.end, t.usd)).collect();
    assert_eq!(
        tiers,
        vec![
            (dec!(0), Some(dec!(51200)), dec!(0.023)),
            (dec!(51200), Some(dec!(512000)), dec!(0.022)),
            (dec!(512000), None, dec!(0.021)),
        ]
    );
    // The feed (s3.json.gz, published 2025-05-07) gives all three tiers; the hand table's two
    // recalled ones are superseded.
    assert!(p.source.verified);
    assert_eq!(p.source.as_of, "2025-05-07");
}

#[test]
fn s3_requests_are_per_request() {
    let cat = Catalog::bundled();
    let put = found(
        &cat,
        &PriceQuery::new("AmazonS3", "us-east-1")
            .family("API Request")
            .usage_type("Requests-Tier1"),
    );
    assert_eq!(put.unit, "Requests");
    assert_eq!(put.tiers[0].usd, dec!(0.000005));
}

#[test]
fn cloudwatch_logs_ingestion_in_each_region() {
    let cat = Catalog::bundled();
    for (region, usd, ut) in [
        ("us-east-1", dec!(0.50), "DataProcessing-Bytes"),
        ("eu-central-1", dec!(0.63), "EUC1-DataProcessing-Bytes"),
        ("ap-southeast-1", dec!(0.70), "APS1-DataProcessing-Bytes"),
    ] {
        let p = found(
            &cat,
            &PriceQuery::new("AmazonCloudWatch", region)
                .family("Data Payload")
                .usage_type("DataProcessing-Bytes"),
        );
        assert_eq!(p.tiers[0].usd, usd, "{region}");
        assert_eq!(p.usage_type.as_deref(), Some(ut));
    }
}

#[test]
fn rds_instance_needs_engine_and_deployment_to_be_unique() {
    let cat = Catalog::bundled();
    let base = PriceQuery::new("AmazonRDS", "eu-west-1")
        .family("Database Instance")
        .usage_type("InstanceUsage:db.t3.micro");
    let c = ambiguous(&cat, &base);
    // The feed prices db.t3.micro in eu-west-1 for MariaDB, MySQL, PostgreSQL and SQL Server
    // Express (rds-*-ondemand.json.gz).
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(c.iter().all(|s| s.contains("databaseEngine=")), "{c:?}");
    let pg = found(&cat, &base.attr("databaseEngine", "PostgreSQL"));
    assert_eq!(pg.usage_type.as_deref(), Some("EU-InstanceUsage:db.t3.micro"));
    assert_eq!(pg.tiers[0].usd, dec!(0.02));
}

#[test]
fn rds_multi_az_and_storage_engine_any() {
    let cat = Catalog::bundled();
    let inst = |dep: &str| {
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("databaseEngine", "MySQL")
            .attr("instanceType", "db.t4g.small")
            .attr("deploymentOption", dep)
    };
    let single = found(&cat, &inst("Single-AZ"));
    let multi = found(&cat, &inst("Multi-AZ"));
    assert_eq!((single.tiers[0].usd, multi.tiers[0].usd), (dec!(0.032), dec!(0.065)));
    assert_eq!(multi.usage_type.as_deref(), Some("Multi-AZUsage:db.t4g.small"));
    let gp3 = found(
        &cat,
        &PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Storage")
            .attr("volumeType", "General Purpose-GP3")
            .attr("databaseEngine", "Any")
            .attr("deploymentOption", "Multi-AZ"),
    );
    assert_eq!(gp3.usage_type.as_deref(), Some("RDS:Multi-AZ-GP3-Storage"));
    assert_eq!(gp3.tiers[0].usd, dec!(0.23));
    let euc1 = found(
        &cat,
        &PriceQuery::new("AmazonRDS", "eu-central-1")
            .family("Database Storage")
            .usage_type("RDS:GP3-Storage"),
    );
    assert_eq!(euc1.tiers[0].usd, dec!(0.137));
}

#[test]
fn aurora_rows_serve_both_engines() {
    let cat = Catalog::bundled();
    for engine in ["Aurora MySQL", "Aurora PostgreSQL"] {
        let p = found(
            &cat,
            &PriceQuery::new("AmazonRDS", "ap-southeast-1")
                .family("Database Instance")
                .attr("databaseEngine", engine)
                .attr("instanceType", "db.r6g.large")
                .usage_type("InstanceUsage:db.r6g.large"),
        );
        assert_eq!(p.tiers[0].usd, dec!(0.313), "{engine}");
        // I/O-Optimized is its own product (feed: rds-aurora-ondemand.json.gz, `... Aurora IO
        // Optimization Mode ...`, Asia Pacific (Singapore) db.r6g.large 0.407).
        let io = found(
            &cat,
            &PriceQuery::new("AmazonRDS", "ap-southeast-1")
                .family("Database Instance")
                .attr("databaseEngine", engine)
                .usage_type("InstanceUsageIOOptimized:db.r6g.large"),
        );
        assert_eq!(io.tiers[0].usd, dec!(0.407), "{engine}");
    }
}

#[test]
fn reserved_prices_say_how_the_upfront_fee_is_held() {
    let cat = Catalog::bundled();
    let q = PriceQuery::new("AmazonRDS", "us-east-1")
        .family("Database Instance")
        .attr("databaseEngine", "PostgreSQL")
        .attr("instanceType", "db.t3.micro")
        .attr("deploymentOption", "Single-AZ");
    let all = found(&cat, &q.clone().reserved(3, PurchaseOption::AllUpfront));
    assert_eq!(all.upfront_usd, Some(dec!(223.38)));
    assert_eq!(all.tiers[0].usd, dec!(0));
    assert!(!all.hourly_includes_upfront);
    let partial = found(&cat, &q.clone().reserved(1, PurchaseOption::PartialUpfront));
    assert_eq!(partial.upfront_usd, None);
    assert!(partial.hourly_includes_upfront);
    assert_eq!(partial.tiers[0].usd, dec!(0.0124));
    let none = found(&cat, &q.clone().reserved(1, PurchaseOption::NoUpfront));
    assert_eq!((none.upfront_usd, none.hourly_includes_upfront), (None, false));
    // RDS sells No Upfront for 1 year only.
    not_found(&cat, &q.reserved(3, PurchaseOption::NoUpfront));
    // ElastiCache sells 3-year No Upfront.
    let cache = found(
        &cat,
        &PriceQuery::new("AmazonElastiCache", "us-east-1")
            .family("Cache Instance")
            .usage_type("NodeUsage:cache.t4g.micro")
            .reserved(3, PurchaseOption::NoUpfront),
    );
    assert_eq!(cache.tiers[0].usd, dec!(0.0080));
}

#[test]
fn alb_and_nlb_share_usage_types_but_not_families() {
    let cat = Catalog::bundled();
    let alb = found(
        &cat,
        &PriceQuery::new("AWSELB", "us-east-1")
            .family("Load Balancer-Application")
            .usage_type("LCUUsage"),
    );
    let nlb = found(
        &cat,
        &PriceQuery::new("AWSELB", "us-east-1")
            .family("Load Balancer-Network")
            .usage_type("LCUUsage"),
    );
    assert_eq!((alb.tiers[0].usd, nlb.tiers[0].usd), (dec!(0.008), dec!(0.006)));
    // eu-west-1: both prices come from the feed (elb.json.gz), the LCU price no longer recalled.
    let q = |ut: &str| {
        PriceQuery::new("AWSELB", "eu-west-1").family("Load Balancer-Application").usage_type(ut)
    };
    assert!(found(&cat, &q("LoadBalancerUsage")).source.verified);
    assert!(found(&cat, &q("LCUUsage")).source.verified);
}

#[test]
fn every_bundled_price_resolves_to_itself_from_its_attributes() {
    let cat = Catalog::bundled();
    let mut checked = 0;
    for info in cat.sources() {
        let file = cat.file(&info.service, &info.region).unwrap();
        for p in &file.data.products {
            let mut q = PriceQuery::new(&info.service, &info.region).family(&p.product_family);
            for (k, v) in &p.attributes {
                q = q.attr(k, v);
            }
            if !p.terms.on_demand.is_empty() {
                match cat.resolve(&q) {
                    Resolution::Found(found) => assert_eq!(found.sku, p.sku),
                    other => panic!("{}: {} → {other:?}", info.file, p.sku),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 250, "{checked}");
}
