//! The credlink stack (instances as the Terraform engine produces them from examples/credlink,
//! saved with `costplan resources --format json`, for the default configuration and dev.tfvars) under the credlink-100k scenario: every derived quantity against the hand
//! computation in examples/credlink/README.md.

use costplan::terraform::Instance;
use costplan::usage::{Profile, Rate, Usage, UsageSource, derive};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

pub fn prod_instances() -> Vec<Instance> {
    serde_json::from_str(include_str!("credlink-prod-instances.json")).expect("fixture parses")
}

/// The dev.tfvars configuration: one NAT gateway, one task (autoscaling 1–2).
pub fn dev_instances() -> Vec<Instance> {
    serde_json::from_str(include_str!("credlink-dev-instances.json")).expect("fixture parses")
}

fn value(u: &Usage, address: &str, key: &str) -> Decimal {
    u.get(address, key).unwrap_or_else(|| panic!("no {key} for {address}")).value
}

fn gb(kb: i64) -> Decimal {
    Decimal::from(kb) / Decimal::from(1_048_576)
}

#[test]
fn credlink_100k_prod_matches_hand_computation() {
    let profile = Profile::builtin("credlink-100k").unwrap();
    let u = derive(&profile, &prod_instances()).unwrap();

    // ALB: 40,000 × (2,048 + 2,048) + 40,000 × (2,048 + 1) + 20,000 × (0.5 + 0.5) KB.
    let processed = gb(245_820_000);
    assert_eq!(value(&u, "aws_lb.api", "processed_bytes_gb"), processed);
    // Processed bytes are the largest LCU dimension in every hour: LCU-hours = GB.
    assert_eq!(value(&u, "aws_lb.api", "monthly_lcu_hrs"), processed);
    assert_eq!(value(&u, "aws_lb.api", "monthly_outbound_internet_gb"), gb(81_970_000));
    assert_eq!(value(&u, "aws_ecs_service.api", "desired_count"), dec!(2));

    // NAT: 40 task starts × 150 MB + 80,000 KB S3 + 70,000 KB logs, over two gateways.
    let nat = (gb(40 * 150 * 1024) + gb(80_000) + gb(70_000)) / dec!(2);
    for i in 0..2 {
        let a = format!("module.vpc.aws_nat_gateway.this[{i}]");
        assert_eq!(value(&u, &a, "monthly_data_processed_gb"), nat);
    }

    let logs = gb(70_000);
    assert_eq!(value(&u, "aws_cloudwatch_log_group.api", "monthly_data_ingested_gb"), logs);
    assert_eq!(
        value(&u, "aws_cloudwatch_log_group.api", "storage_gb"),
        (logs * dec!(720) / dec!(730)).normalize()
    );
    // 2 × (100,000 + 2 × 100,000 + 2 × 350,400 + 2 × 80,000) records of 100 bytes.
    let flow = Decimal::from(2_321_600 * 100) / Decimal::from(1_073_741_824_i64);
    let fl = "module.vpc.aws_cloudwatch_log_group.flow_logs";
    assert_eq!(value(&u, fl, "monthly_data_ingested_gb"), flow.normalize());

    // 1 KB proofs stay in Standard (under the 128 KB transition minimum) for 12 months.
    assert_eq!(value(&u, "aws_s3_bucket.proofs", "standard.storage_gb"), gb(480_000));
    assert_eq!(value(&u, "aws_s3_bucket.proofs", "standard.monthly_tier_1_requests"), dec!(40000));
    assert_eq!(value(&u, "aws_s3_bucket.proofs", "standard.monthly_tier_2_requests"), dec!(40000));
    assert!(u.get("aws_s3_bucket.proofs", "glacier_flexible_retrieval.storage_gb").is_none());

    assert_eq!(value(&u, "aws_ecr_repository.api", "storage_gb"), dec!(1.46484375));
    assert_eq!(value(&u, "aws_secretsmanager_secret.db", "monthly_requests"), dec!(40));
    assert_eq!(value(&u, "aws_wafv2_web_acl.api", "monthly_requests"), dec!(100000));

    let snap = u.get("aws_elasticache_replication_group.this", "snapshot_storage_size_gb").unwrap();
    assert_eq!((snap.value, snap.source), (dec!(0.1), UsageSource::Explicit));
    assert_eq!(
        u.get("aws_lb.api", "monthly_lcu_hrs").map(|v| v.source),
        Some(UsageSource::Scenario)
    );
    assert!(u.warnings.is_empty(), "{:#?}", u.warnings);
    insta::assert_json_snapshot!("credlink_100k_prod", u);
}

#[test]
fn credlink_100k_dev() {
    let profile = Profile::builtin("credlink-100k").unwrap();
    let u = derive(&profile, &dev_instances()).unwrap();
    assert_eq!(value(&u, "aws_ecs_service.api", "desired_count"), dec!(1));
    let nat = gb(20 * 150 * 1024) + gb(80_000) + gb(70_000);
    assert_eq!(value(&u, "module.vpc.aws_nat_gateway.this[0]", "monthly_data_processed_gb"), nat);
    assert_eq!(value(&u, "aws_secretsmanager_secret.db", "monthly_requests"), dec!(20));
}

#[test]
fn ten_million_requests_change_only_traffic_quantities() {
    let base = derive(&Profile::builtin("credlink-100k").unwrap(), &prod_instances()).unwrap();
    let profile =
        Profile::builtin("credlink-100k").unwrap().with_requests(Rate::PerMonth(dec!(10000000)));
    let big = derive(&profile, &prod_instances()).unwrap();
    // Autoscaling: 3.8 req/s on average, 11.4 in the peak hour at 5 req/s per task.
    let tasks = value(&big, "aws_ecs_service.api", "desired_count");
    assert!(tasks > dec!(2) && tasks < dec!(10), "{tasks}");
    assert_eq!(
        value(&big, "aws_lb.api", "processed_bytes_gb"),
        value(&base, "aws_lb.api", "processed_bytes_gb") * dec!(100)
    );
    // Explicit values do not move.
    let key = ("aws_elasticache_replication_group.this", "snapshot_storage_size_gb");
    assert_eq!(big.get(key.0, key.1), base.get(key.0, key.1));
    insta::assert_json_snapshot!("credlink_10m_prod", big);
}

#[test]
fn default_profile_needs_only_requests() {
    let none = derive(&Profile::default_profile().unwrap(), &prod_instances()).unwrap();
    assert!(none.values.is_empty(), "no traffic, no derived usage: {:?}", none.values.keys());
    let p = Profile::default_profile().unwrap().with_requests(Rate::parse("100k").unwrap());
    let u = derive(&p, &prod_instances()).unwrap();
    let lcu = u.get("aws_lb.api", "monthly_lcu_hrs").unwrap();
    assert_eq!(lcu.source, UsageSource::Default);
    // 100k × (1 + 4) KB.
    assert_eq!(value(&u, "aws_lb.api", "processed_bytes_gb"), gb(500_000));
}

/// The usage-key contract: every key derive() emits is one the resource registry reads.
#[test]
fn derived_keys_are_read_by_the_resource_registry() {
    let ten_m =
        Profile::builtin("credlink-100k").unwrap().with_requests(Rate::PerMonth(dec!(10000000)));
    let fixtures = [prod_instances(), dev_instances()];
    for instances in &fixtures {
        for profile in [Profile::builtin("credlink-100k").unwrap(), ten_m.clone()] {
            let u = derive(&profile, instances).unwrap();
            for (address, keys) in &u.values {
                let ty = costplan::usage::resource_type_of(address);
                for key in keys.keys() {
                    assert!(
                        costplan::usage::keys::for_type(&ty)
                            .unwrap_or_default()
                            .contains(&key.as_str()),
                        "{address}: `{key}` is not read by `{ty}`"
                    );
                }
            }
        }
    }
}

/// The saved instances are what the Terraform engine produces from examples/credlink today; if
/// the example or the loader changes, regenerate them with
/// `costplan resources --path examples/credlink [--var-file examples/credlink/environments/dev.tfvars] --format json`
/// (the `instances` array) and re-check the hand computation.
#[test]
fn fixtures_match_the_loader() {
    use costplan::terraform::{LoadOptions, load};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/credlink");
    let prod = load(&LoadOptions::new(&root)).unwrap();
    assert!(prod.warnings.is_empty(), "{:?}", prod.warnings);
    assert_eq!(prod.instances, prod_instances());
    let mut opts = LoadOptions::new(&root);
    opts.var_files.push(root.join("environments/dev.tfvars"));
    assert_eq!(load(&opts).unwrap().instances, dev_instances());
    for env in ["prod", "staging", "dev"] {
        let mut opts = LoadOptions::new(&root);
        opts.var_files.push(root.join(format!("environments/{env}.tfvars")));
        let loaded = load(&opts).unwrap();
        assert!(loaded.warnings.is_empty() && loaded.unset_variables.is_empty(), "{env}");
        let warned: Vec<_> = loaded.instances.iter().filter(|i| !i.warnings.is_empty()).collect();
        assert!(warned.is_empty(), "{env}: {warned:#?}");
    }
}
