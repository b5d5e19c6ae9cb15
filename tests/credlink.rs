//! The credlink estimate against the hand computation in `examples/credlink/README.md`, to the
//! cent: instances as the Terraform engine produces them from `examples/credlink` (saved in
//! `tests/usage/credlink-*-instances.json`), usage derived from the built-in `credlink-100k`
//! scenario, prices from the bundled snapshot.

use std::collections::BTreeMap;

use costplan::estimate::{Configuration, EstimateOptions, estimate};
use costplan::model::{Bucket, PriceStatus, Report};
use costplan::pricing::Catalog;
use costplan::terraform::Instance;
use costplan::usage::{Profile, Rate, derive};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn instances(which: &str) -> Vec<Instance> {
    let text = match which {
        "prod" => include_str!("usage/credlink-prod-instances.json"),
        _ => include_str!("usage/credlink-dev-instances.json"),
    };
    serde_json::from_str(text).expect("instance fixture parses")
}

fn run(instances: &[Instance], profile: &Profile) -> Report {
    let usage = derive(profile, instances).expect("usage derives");
    let config =
        Configuration { instances, warnings: &[], unset_variables: &[], modules_not_loaded: &[] };
    estimate(config, &usage, &Catalog::bundled(), &EstimateOptions::default()).expect("estimate")
}

fn credlink_100k() -> Profile {
    Profile::builtin("credlink-100k").expect("built-in scenario")
}

fn cost(report: &Report, address: &str) -> Decimal {
    report
        .resources()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} missing"))
        .monthly_cost
}

#[test]
fn prod_equals_the_hand_computation_to_the_cent() {
    let report = run(&instances("prod"), &credlink_100k());
    // Line by line as in the README's table.
    let expected: BTreeMap<&str, Decimal> = BTreeMap::from([
        ("aws_db_instance.this", dec!(30.88)),
        ("aws_ecs_service.api", dec!(18.02005)),
        ("aws_elasticache_replication_group.this", dec!(24.871)),
        ("aws_wafv2_web_acl.api", dec!(11.06)),
        ("aws_cloudwatch_dashboard.operations", dec!(3)),
        ("aws_kms_key.rds", dec!(1)),
        ("aws_kms_key.proofs", dec!(1)),
        ("module.vpc.aws_nat_gateway.this[0]", dec!(32.985055)),
        ("module.vpc.aws_eip.nat[0]", dec!(3.65)),
    ]);
    for (address, want) in &expected {
        let got = cost(&report, address);
        assert_eq!(got.round_dp(6), *want, "{address}");
    }
    assert_eq!(report.totals.monthly.round_dp(2), dec!(203.06), "total {}", report.totals.monthly);
    // The README gives the exact sum as 203.0606308…
    assert_eq!(
        report.totals.monthly.round_dp(7),
        dec!(203.0606308),
        "total {}",
        report.totals.monthly
    );
    // The only lines without a cost are Container Insights' two usage lines.
    let unknown: Vec<String> = report
        .resources()
        .flat_map(|r| r.all_components().map(move |c| (r, c)))
        .filter(|(_, c)| c.monthly_cost.is_none())
        .map(|(r, c)| format!("{} {}", r.address, c.name))
        .collect();
    assert_eq!(
        unknown,
        [
            "aws_ecs_cluster.this Custom metrics",
            "aws_ecs_cluster.this Performance log events ingested"
        ]
    );
    assert!(report.resources().all(|r| r.bucket != Bucket::NotSupported), "{:?}", report.summary);
    assert!(
        report.resources().flat_map(|r| r.all_components()).all(|c| !matches!(
            c.price_status,
            PriceStatus::NotFound { .. } | PriceStatus::Ambiguous { .. }
        )),
        "a price was not found"
    );
}

#[test]
fn dev_equals_the_hand_computation_to_the_cent() {
    let report = run(&instances("dev"), &credlink_100k());
    assert_eq!(report.totals.monthly.round_dp(2), dec!(129.48), "total {}", report.totals.monthly);
}

#[test]
fn free_tier_equals_the_hand_computation() {
    let opts = EstimateOptions { free_tier: true, ..EstimateOptions::default() };
    for (which, want) in [("prod", dec!(187.3752299)), ("dev", dec!(113.8320689))] {
        let instances = instances(which);
        let usage = derive(&credlink_100k(), &instances).expect("usage derives");
        let config = Configuration {
            instances: &instances,
            warnings: &[],
            unset_variables: &[],
            modules_not_loaded: &[],
        };
        let report = estimate(config, &usage, &Catalog::bundled(), &opts).expect("estimate");
        assert_eq!(report.totals.monthly.round_dp(7), want, "{which}");
    }
}

#[test]
fn ten_million_requests_change_only_usage_based_lines() {
    let base = run(&instances("prod"), &credlink_100k());
    let big =
        run(&instances("prod"), &credlink_100k().with_requests(Rate::PerMonth(dec!(10_000_000))));
    for (a, b) in base.resources().zip(big.resources()) {
        assert_eq!(a.address, b.address);
        for (ca, cb) in a.all_components().zip(b.all_components()) {
            if ca.monthly_cost != cb.monthly_cost {
                assert!(
                    ca.usage_based || cb.usage_based,
                    "{} `{}` changed but is not usage-based",
                    a.address,
                    ca.name
                );
                assert!(cb.formula.is_some(), "{} `{}` has no formula", a.address, cb.name);
            }
        }
    }
    assert!(big.totals.monthly > base.totals.monthly);
}

#[test]
fn purchase_options_price_reserved_terms_and_fargate_spot() {
    let text = format!(
        "{}\npurchase:\n  aws_db_instance.this: {{term: 1yr, payment: partial_upfront}}\n  \
         aws_elasticache_replication_group.this: {{term: 3yr, payment: no_upfront}}\n  \
         aws_ecs_service.api: {{spot_share: 50%}}\n",
        include_str!("../scenarios/credlink-100k.yaml")
    );
    let profile = Profile::from_yaml(&text, "credlink-reserved.yaml").unwrap();
    let report = run(&instances("dev"), &profile);
    // db.t3.micro Single-AZ 1yr partial upfront 0.0124/h effective; cache.t3.micro 3yr no
    // upfront 0.0090/h; one task, half on Fargate Spot (0.01264355/vCPU-h, 0.00138835/GB-h).
    assert_eq!(cost(&report, "aws_db_instance.this").round_dp(6), dec!(9.052) + dec!(2.30));
    assert_eq!(cost(&report, "aws_elasticache_replication_group.this").round_dp(6), dec!(6.57));
    assert_eq!(
        cost(&report, "aws_ecs_service.api").round_dp(10),
        dec!(4.5050125) + dec!(1.4070978125)
    );
    assert_eq!(report.totals.monthly.round_dp(2), dec!(116.46), "total {}", report.totals.monthly);
}

/// The same through the Terraform engine straight from `examples/credlink`, as the CLI runs it.
fn load_and_estimate(var_file: Option<&str>) -> Report {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/credlink");
    let mut opts = costplan::terraform::LoadOptions::new(&root);
    if let Some(f) = var_file {
        opts.var_files.push(root.join(f));
    }
    let loaded = costplan::terraform::load(&opts).expect("examples/credlink loads");
    let usage = derive(&credlink_100k(), &loaded.instances).expect("usage derives");
    estimate(Configuration::from(&loaded), &usage, &Catalog::bundled(), &EstimateOptions::default())
        .expect("estimate")
}

#[test]
fn loaded_from_terraform_prod_and_dev_match_the_hand_computation() {
    let prod = load_and_estimate(None);
    assert_eq!(prod.totals.monthly.round_dp(2), dec!(203.06), "prod {}", prod.totals.monthly);
    let dev = load_and_estimate(Some("environments/dev.tfvars"));
    assert_eq!(dev.totals.monthly.round_dp(2), dec!(129.48), "dev {}", dev.totals.monthly);
    let codes: Vec<&str> = prod.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.iter().all(|c| *c == "usage-unknown"),
        "unexpected warnings: {:#?}",
        prod.warnings
    );
}

#[test]
fn a_spot_discount_prices_fargate_spot_off_the_on_demand_rate() {
    let text = format!(
        "{}\npurchase:\n  aws_ecs_service.api: {{spot_share: 50%, spot_discount: 70%}}\n",
        include_str!("../scenarios/credlink-100k.yaml")
    );
    let profile = Profile::from_yaml(&text, "credlink-spot-discount.yaml").unwrap();
    let report = run(&instances("dev"), &profile);
    // One task, half on demand: 365 task-h × (0.25 vCPU × 0.04048 + 0.5 GB × 0.004445) =
    // 4.5050125; the Spot half at 30% of the same on-demand rates: 1.35150375.
    assert_eq!(
        cost(&report, "aws_ecs_service.api").round_dp(10),
        dec!(4.5050125) + dec!(1.35150375)
    );
    let service = report.resources().find(|r| r.address == "aws_ecs_service.api").unwrap();
    let spot: Vec<&str> = service
        .all_components()
        .filter(|c| c.name.contains("Spot"))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        spot,
        ["vCPU (Fargate Spot, on-demand less 70%)", "Memory (Fargate Spot, on-demand less 70%)"]
    );
}

#[test]
fn a_spot_discount_above_100_percent_is_an_error_naming_the_key() {
    let text = format!(
        "{}\npurchase:\n  aws_ecs_service.api: {{spot_share: 50%, spot_discount: 170%}}\n",
        include_str!("../scenarios/credlink-100k.yaml")
    );
    let err = Profile::from_yaml(&text, "bad-discount.yaml").unwrap_err().to_string();
    assert!(err.contains("bad-discount.yaml"), "{err}");
    assert!(err.contains("spot_discount") && err.contains("170%"), "{err}");
}

/// examples/credlink in every commercial region the feed covers (`--var region=...`, as the CLI
/// passes it): no component of any resource is "price not found" or ambiguous, and every
/// service the snapshot imports from the feed (RDS, ElastiCache, Fargate, ELB, VPC, NAT, EC2
/// data transfer out, CloudWatch, S3, KMS, Secrets Manager, WAF, ECR) prices a component in
/// every region. The one exception is ElastiCache backup storage, which the feed lacks and no
/// cited source gives outside us-east-1: it is "price not found" there and nowhere else.
#[test]
fn feed_services_are_priced_in_every_commercial_region() {
    use costplan::pricing::region::{Partition, REGIONS};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/credlink");
    // Resource type → one component id each must price in every region.
    let expected = [
        ("aws_db_instance", "rds.instance"),
        ("aws_db_instance", "rds.storage.gp3"),
        ("aws_elasticache_replication_group", "elasticache.node"),
        ("aws_ecs_service", "fargate.vcpu"),
        ("aws_ecs_service", "fargate.memory"),
        ("aws_lb", "lb.hours"),
        ("aws_lb", "lb.lcu"),
        ("aws_lb", "vpc.public_ipv4"),
        ("aws_lb", "data_transfer.internet_out"),
        ("aws_nat_gateway", "nat.hours"),
        ("aws_cloudwatch_log_group", "logs.ingestion"),
        ("aws_cloudwatch_log_group", "logs.storage"),
        ("aws_cloudwatch_metric_alarm", "cloudwatch.alarm"),
        ("aws_cloudwatch_dashboard", "cloudwatch.dashboard"),
        ("aws_cloudwatch_log_metric_filter", "cloudwatch.custom_metrics"),
        ("aws_s3_bucket", "s3.storage"),
        ("aws_s3_bucket", "s3.requests.tier1"),
        ("aws_s3_bucket", "s3.requests.tier2"),
        ("aws_kms_key", "kms.key"),
        ("aws_secretsmanager_secret", "secretsmanager.secret"),
        ("aws_secretsmanager_secret", "secretsmanager.requests"),
        ("aws_wafv2_web_acl", "waf.web_acl"),
        ("aws_wafv2_web_acl", "waf.rules"),
        ("aws_wafv2_web_acl", "waf.requests"),
        ("aws_ecr_repository", "ecr.storage"),
    ];
    let mut regions = 0;
    for r in REGIONS.iter().filter(|r| r.partition == Partition::Commercial) {
        let mut opts = costplan::terraform::LoadOptions::new(&root);
        opts.vars.push(("region".into(), r.code.into()));
        let loaded = costplan::terraform::load(&opts).expect("examples/credlink loads");
        let usage = derive(&credlink_100k(), &loaded.instances).expect("usage derives");
        let report = estimate(
            Configuration::from(&loaded),
            &usage,
            &Catalog::bundled(),
            &EstimateOptions::default(),
        )
        .expect("estimate");
        let mut found: std::collections::BTreeSet<(&str, String)> = Default::default();
        for res in report.resources() {
            for c in res.all_components() {
                if res.resource_type == "aws_elasticache_replication_group"
                    && c.name == "Backup storage"
                    && r.code != "us-east-1"
                {
                    assert!(matches!(c.price_status, PriceStatus::NotFound { .. }), "{}", r.code);
                    continue;
                }
                assert!(
                    matches!(c.price_status, PriceStatus::Found | PriceStatus::UsageUnknown),
                    "{} {} `{}`: {:?}",
                    r.code,
                    res.address,
                    c.name,
                    c.price_status
                );
                if let Some((t, _)) =
                    expected.iter().find(|(t, id)| *t == res.resource_type && *id == c.id)
                {
                    found.insert((t, c.id.clone()));
                }
            }
        }
        for (t, id) in expected {
            assert!(found.contains(&(t, id.to_string())), "{}: no priced `{id}` on {t}", r.code);
        }
        regions += 1;
    }
    assert_eq!(regions, 32);
}
