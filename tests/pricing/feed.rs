//! The bundled snapshot against AWS's pricing-page feed (the project's copy in
//! `pricing-cache/feed/`): a sample of prices per imported service and region equals the feed
//! file, every feed class resolves to exactly one price, and a small stack is priced exactly as
//! the feed says in two regions.

use std::collections::BTreeMap;

use costplan::estimate::{Configuration, EstimateOptions, estimate};
use costplan::pricing::snapshot;
use costplan::pricing::{Catalog, PriceQuery, Resolution};
use costplan::terraform::{self, LoadOptions};
use costplan::usage::Usage;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

pub(crate) type Processed = BTreeMap<String, BTreeMap<String, String>>;

/// A processed feed file of the project's copy, parsed.
pub(crate) fn feed_file(name: &str) -> Processed {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing-cache");
    let files = snapshot::read_feed(&root).expect("the feed copy reads");
    let path = format!("aws-price-watcher/processed/{name}");
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} missing"));
    serde_json::from_str(&f.text).expect("processed feed JSON")
}

fn price(cat: &Catalog, q: &PriceQuery) -> Decimal {
    match cat.resolve(q) {
        Resolution::Found(p) => p.tiers[0].usd,
        other => panic!("{q:?}: {other:?}"),
    }
}

/// Feed price of `label` at `location` (the location key may carry `(Instance Type: ...)`).
fn feed_price(file: &Processed, label: &str, location_prefix: &str) -> Decimal {
    let prices = file.get(label).unwrap_or_else(|| panic!("label `{label}` missing"));
    let (_, p) = prices
        .iter()
        .find(|(k, _)| k.starts_with(location_prefix))
        .unwrap_or_else(|| panic!("`{label}` has no price at `{location_prefix}`"));
    p.parse().unwrap()
}

const SAMPLE_REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("eu-west-2", "EU (London)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("me-central-1", "Middle East (UAE)"),
    ("us-gov-west-1", "AWS GovCloud (US)"),
];

#[test]
fn sampled_prices_equal_the_feed_per_service_and_region() {
    let cat = Catalog::bundled();
    let pg = feed_file("rds-postgresql-ondemand.json.gz");
    let storage = feed_file("rds-storage.json.gz");
    let cache = feed_file("elasticache.json.gz");
    let ecs = feed_file("ecs.json.gz");
    let elb = feed_file("elb.json.gz");
    let vpc = feed_file("vpc.json.gz");
    for (region, loc) in SAMPLE_REGIONS {
        let pg_label = "Database Instance PostgreSQL No license required db m5.large General \
                        purpose Multi-AZ Current Generation";
        let q = PriceQuery::new("AmazonRDS", region)
            .family("Database Instance")
            .attr("instanceType", "db.m5.large")
            .attr("databaseEngine", "PostgreSQL")
            .attr("deploymentOption", "Multi-AZ");
        assert_eq!(price(&cat, &q), feed_price(&pg, pg_label, loc), "{region} RDS instance");
        for (label, ut) in [
            ("Database Storage Single AZ General Purpose-GP3", "RDS:GP3-Storage"),
            ("Database Storage Multi AZ Provisioned IOPS", "RDS:Multi-AZ-PIOPS-Storage"),
            ("Provisioned GP3 IOPS Single AZ", "RDS:GP3-PIOPS"),
            ("Storage Snapshot", "RDS:ChargedBackupUsage"),
        ] {
            let q = PriceQuery::new("AmazonRDS", region).usage_type(ut);
            assert_eq!(price(&cat, &q), feed_price(&storage, label, loc), "{region} {label}");
        }
        let valkey = "[OnDemand Cache Instance Memory optimized Valkey Current Generation] \
                      OnDemand Cache Instance Memory optimized cache r5.large Valkey Current \
                      Generation";
        let q = PriceQuery::new("AmazonElastiCache", region)
            .family("Cache Instance")
            .attr("instanceType", "cache.r5.large")
            .attr("cacheEngine", "Valkey");
        assert_eq!(price(&cat, &q), feed_price(&cache, valkey, loc), "{region} Valkey");
        for (label, ut) in [
            ("perCPU per hour", "Fargate-vCPU-Hours:perCPU"),
            ("ARM perGB per hour", "Fargate-ARM-GB-Hours"),
        ] {
            let q = PriceQuery::new("AmazonECS", region).family("Compute").usage_type(ut);
            assert_eq!(price(&cat, &q), feed_price(&ecs, label, loc), "{region} {label}");
        }
        // The queries resources::lb makes (family + usage type), and the classic LB's.
        for (label, family, ut) in [
            ("Application Load Balancer Hours", "Load Balancer-Application", "LoadBalancerUsage"),
            ("Application Load Balancer LCU Hours", "Load Balancer-Application", "LCUUsage"),
            ("Network Load Balancer Hours", "Load Balancer-Network", "LoadBalancerUsage"),
            ("Network Load Balancer LCU Hours", "Load Balancer-Network", "LCUUsage"),
            ("Gateway Load Balancer Hours", "Load Balancer-Gateway", "LoadBalancerUsage"),
            ("Gateway Load Balancer LCU Hours", "Load Balancer-Gateway", "LCUUsage"),
            ("Classic Load Balancer Hours", "Load Balancer", "LoadBalancerUsage"),
            ("Classic Load Balancer Data", "Load Balancer", "DataProcessing-Bytes"),
        ] {
            let q = PriceQuery::new("AWSELB", region).family(family).usage_type(ut);
            assert_eq!(price(&cat, &q), feed_price(&elb, label, loc), "{region} {label}");
        }
        // The queries resources::eip, resources::lb and resources::vpc_endpoint make.
        for (label, family, ut) in [
            (
                "Hourly charge for In use Public IPv4 Addresses per Hrs",
                "IP Address",
                "PublicIPv4:InUseAddress",
            ),
            (
                "Hourly charge for Idle Public IPv4 Addresses per Hrs",
                "IP Address",
                "PublicIPv4:IdleAddress",
            ),
            ("Hourly charge for VPC Endpoints per Hrs", "VpcEndpoint", "VpcEndpoint-Hours"),
        ] {
            let q = PriceQuery::new("AmazonVPC", region).family(family).usage_type(ut);
            assert_eq!(price(&cat, &q), feed_price(&vpc, label, loc), "{region} {label}");
        }
    }
}

/// Figures read from elb.json.gz by hand (label and location in each comment), so the sample
/// above cannot pass by reading the same wrong label on both sides.
#[test]
fn elb_prices_are_the_feed_figures() {
    let cat = Catalog::bundled();
    let q = |region: &str, family: &str, ut: &str| {
        price(&cat, &PriceQuery::new("AWSELB", region).family(family).usage_type(ut))
    };
    // `Application Load Balancer Hours`, `EU (London)`: 0.0264600000.
    assert_eq!(q("eu-west-2", "Load Balancer-Application", "LoadBalancerUsage"), dec!(0.02646));
    // `Application Load Balancer LCU Hours`, `EU (London)`: 0.0084000000.
    assert_eq!(q("eu-west-2", "Load Balancer-Application", "LCUUsage"), dec!(0.0084));
    // `Classic Load Balancer Hours`, `US East (N. Virginia)`: 0.0250000000.
    assert_eq!(q("us-east-1", "Load Balancer", "LoadBalancerUsage"), dec!(0.025));
    // `Network Load Balancer Hours`, `AWS GovCloud (US)`: 0.0320000000.
    assert_eq!(q("us-gov-west-1", "Load Balancer-Network", "LoadBalancerUsage"), dec!(0.032));
    // `Gateway Load Balancer LCU Hours`, `Middle East (UAE)`: 0.0044800000.
    assert_eq!(q("me-central-1", "Load Balancer-Gateway", "LCUUsage"), dec!(0.00448));
}

/// Figures read from vpc.json.gz by hand (label and location in each comment).
#[test]
fn vpc_prices_are_the_feed_figures() {
    let cat = Catalog::bundled();
    let endpoint = |region: &str| {
        let q = PriceQuery::new("AmazonVPC", region)
            .family("VpcEndpoint")
            .usage_type("VpcEndpoint-Hours");
        price(&cat, &q)
    };
    // `Hourly charge for VPC Endpoints per Hrs`, `EU (London)`: 0.0110000000.
    assert_eq!(endpoint("eu-west-2"), dec!(0.011));
    // Same label, `Middle East (UAE)`: 0.0121000000; `AWS GovCloud (US)`: 0.0125000000.
    assert_eq!(endpoint("me-central-1"), dec!(0.0121));
    assert_eq!(endpoint("us-gov-west-1"), dec!(0.0125));
    // `Hourly charge for In use Public IPv4 Addresses per Hrs`, `EU (London)`: 0.0050000000.
    let ipv4 = PriceQuery::new("AmazonVPC", "eu-west-2").usage_type("PublicIPv4:InUseAddress");
    assert_eq!(price(&cat, &ipv4), dec!(0.005));
}

/// Every ElastiCache node type and every RDS PostgreSQL class the feed lists for eu-west-2
/// resolves to exactly one price, the feed's.
#[test]
fn every_feed_class_resolves_to_exactly_one_price() {
    let cat = Catalog::bundled();
    let mut checked = 0;
    for (file, service, engine_attr, engine_of) in [
        (
            "elasticache.json.gz",
            "AmazonElastiCache",
            "cacheEngine",
            ["Redis", "Valkey", "Memcached"],
        ),
        ("rds-postgresql-ondemand.json.gz", "AmazonRDS", "databaseEngine", ["PostgreSQL"; 3]),
    ] {
        for (label, prices) in feed_file(file) {
            let Some(engine) = engine_of.iter().find(|e| label.contains(&format!(" {e} "))) else {
                continue;
            };
            let deployment = if label.contains("readable standbys") {
                "Multi-AZ (readable standbys)"
            } else if label.contains(" Multi-AZ ") {
                "Multi-AZ"
            } else {
                "Single-AZ"
            };
            for (key, usd) in prices {
                let Some(rest) = key.strip_prefix("EU (London) (Instance Type: ") else { continue };
                let class = rest.split(',').next().unwrap();
                let mut q = PriceQuery::new(service, "eu-west-2")
                    .attr("instanceType", class)
                    .attr(engine_attr, engine);
                if service == "AmazonRDS" {
                    q = q.attr("deploymentOption", deployment);
                }
                assert_eq!(price(&cat, &q), usd.parse::<Decimal>().unwrap(), "{label} {class}");
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} classes checked");
}

const STACK: &str = r#"
variable "region" {}
provider "aws" { region = var.region }

resource "aws_db_instance" "pg" {
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.r6g.xlarge"
  allocated_storage       = 100
  storage_type            = "gp3"
  backup_retention_period = 0
}

resource "aws_elasticache_cluster" "redis" {
  cluster_id      = "redis"
  engine          = "redis"
  node_type       = "cache.m7g.large"
  num_cache_nodes = 1
}

resource "aws_ecs_task_definition" "arm" {
  family                   = "arm"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "1024"
  memory                   = "2048"
  container_definitions    = "[]"
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }
}

resource "aws_ecs_service" "api" {
  name            = "api"
  launch_type     = "FARGATE"
  task_definition = aws_ecs_task_definition.arm.arn
  desired_count   = 1
}
"#;

fn stack_total(region: &str) -> Decimal {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), STACK).unwrap();
    let mut opts = LoadOptions::new(dir.path());
    opts.vars.push(("region".into(), region.into()));
    let loaded = terraform::load(&opts).expect("the stack loads");
    let report = estimate(
        Configuration::from(&loaded),
        &Usage::default(),
        &Catalog::bundled(),
        &EstimateOptions::default(),
    )
    .expect("estimate");
    assert_eq!(report.summary.price_not_found, 0, "{region}: {:#?}", report.warnings);
    assert_eq!(report.summary.usage_unknown, 0, "{region}: {:#?}", report.warnings);
    report.totals.monthly
}

/// db.r6g.xlarge PostgreSQL Single-AZ + 100 GB gp3, one cache.m7g.large Redis node and one
/// Fargate ARM task (1 vCPU, 2 GB), 730 h, at the feed's prices:
/// - us-east-1: rds-postgresql-ondemand.json.gz db.r6g.xlarge Single-AZ 0.45; rds-storage.json.gz
///   `Database Storage Single AZ General Purpose-GP3` 0.115; elasticache.json.gz Redis
///   cache.m7g.large 0.158; ecs.json.gz `ARM perCPU per hour` 0.03238, `ARM perGB per hour`
///   0.00356.
/// - eu-west-2 (EU (London)): 0.529; 0.133; 0.182; 0.03725, 0.00409.
#[test]
fn a_stack_is_priced_exactly_as_the_feed_says_in_two_regions() {
    let h = dec!(730);
    let expected = |db: Decimal, gp3: Decimal, redis: Decimal, cpu: Decimal, gb: Decimal| {
        db * h + dec!(100) * gp3 + redis * h + cpu * h + dec!(2) * gb * h
    };
    let use1 = expected(dec!(0.45), dec!(0.115), dec!(0.158), dec!(0.03238), dec!(0.00356));
    let euw2 = expected(dec!(0.529), dec!(0.133), dec!(0.182), dec!(0.03725), dec!(0.00409));
    assert_eq!(use1, dec!(484.17500));
    assert_eq!(stack_total("us-east-1"), use1);
    assert_eq!(stack_total("eu-west-2"), euw2);
}

/// The region table and the feed agree: every region of the table is a location of the feed
/// (ecs.json.gz lists all 34), and a bundled file exists for each imported service there.
#[test]
fn every_region_of_the_table_is_in_the_feed_and_bundled() {
    use costplan::pricing::region::REGIONS;
    let ecs = feed_file("ecs.json.gz");
    let cat = Catalog::bundled();
    for r in REGIONS {
        let loc = r.feed_location.unwrap_or(r.location);
        assert!(ecs["perCPU per hour"].contains_key(loc), "{} ({loc}) not in the feed", r.code);
        for service in ["AmazonRDS", "AmazonElastiCache", "AmazonECS", "AWSELB", "AmazonVPC"] {
            assert!(cat.regions(service).contains(&r.code.to_string()), "{service} {}", r.code);
        }
    }
}

/// NAT gateway hours and data processed (family `NAT Gateway`, the queries resources::nat_gateway
/// makes) resolve in every region of the table to the price of
/// `aws-price/pricing/natgateway-transformed.json.gz` for that region (its `region` is a code
/// or a slug of the location name), and a NAT gateway estimates with no "price not found" for
/// its own components in every region.
#[test]
fn nat_gateway_is_priced_as_the_feed_says_in_every_region() {
    use costplan::pricing::region::REGIONS;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing-cache");
    let files = snapshot::read_feed(&root).expect("the feed copy reads");
    let path = "aws-price/pricing/natgateway-transformed.json.gz";
    let file = files.iter().find(|f| f.path == path).expect("NAT file");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&file.text).expect("JSON list");
    let cat = Catalog::bundled();
    let slug = |s: &str| s.to_lowercase().replace(' ', "-");
    let mut checked = 0;
    for r in REGIONS {
        let ids = [r.code.to_string(), slug(r.location), slug(r.feed_location.unwrap_or(""))];
        let feed = |usage: &str, unit: &str| -> Decimal {
            let hit = rows
                .iter()
                .find(|x| {
                    ids.contains(&x["region"].as_str().unwrap().to_string())
                        && x["attributes"]["usageType"] == usage
                        && x["unit"] == unit
                        && x["pricePerUnit"] != "0.0000000000"
                })
                .unwrap_or_else(|| panic!("{}: no `{usage}` in the NAT file", r.code));
            hit["pricePerUnit"].as_str().unwrap().parse().unwrap()
        };
        let q =
            |ut: &str| PriceQuery::new("AmazonEC2", r.code).family("NAT Gateway").usage_type(ut);
        assert_eq!(price(&cat, &q("NatGateway-Hours")), feed("Gateway Hours", "USD per hour"));
        assert_eq!(price(&cat, &q("NatGateway-Bytes")), feed("Data Processing", "USD per GB"));

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "variable \"region\" {}\nprovider \"aws\" { region = var.region }\n\
             resource \"aws_nat_gateway\" \"a\" {\n  subnet_id = \"subnet-1\"\n}\n",
        )
        .unwrap();
        let mut opts = LoadOptions::new(dir.path());
        opts.vars.push(("region".into(), r.code.into()));
        let loaded = terraform::load(&opts).expect("the NAT gateway loads");
        let report = estimate(
            Configuration::from(&loaded),
            &Usage::default(),
            &Catalog::bundled(),
            &EstimateOptions::default(),
        )
        .expect("estimate");
        let res = report.resources().next().expect("one resource");
        for c in res.all_components().filter(|c| c.id.starts_with("nat.")) {
            assert!(
                matches!(
                    c.price_status,
                    costplan::model::PriceStatus::Found
                        | costplan::model::PriceStatus::UsageUnknown
                ),
                "{} `{}`: {:?}",
                r.code,
                c.name,
                c.price_status
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * REGIONS.len());
}

/// Figures read from natgateway-transformed.json.gz by hand (region id and row in each comment).
#[test]
fn nat_gateway_prices_are_the_feed_figures() {
    let cat = Catalog::bundled();
    let q = |region: &str, ut: &str| {
        price(&cat, &PriceQuery::new("AmazonEC2", region).family("NAT Gateway").usage_type(ut))
    };
    // `eu-west-2`, `Gateway Hours`, `USD per hour`: 0.0500000000.
    assert_eq!(q("eu-west-2", "NatGateway-Hours"), dec!(0.05));
    // `middle-east-(uae)`, `Data Processing`, `USD per GB`: 0.0528000000.
    assert_eq!(q("me-central-1", "NatGateway-Bytes"), dec!(0.0528));
    // `aws-govcloud-(us)`, `Gateway Hours`, `USD per hour`: 0.0540000000.
    assert_eq!(q("us-gov-west-1", "NatGateway-Hours"), dec!(0.054));
}

/// All tiers of a query's price: (begin, end, usd).
pub(crate) fn tiers(cat: &Catalog, q: &PriceQuery) -> Vec<(Decimal, Option<Decimal>, Decimal)> {
    match cat.resolve(q) {
        Resolution::Found(p) => p.tiers.iter().map(|t| (t.begin, t.end, t.usd)).collect(),
        other => panic!("{q:?}: {other:?}"),
    }
}

/// CloudWatch, S3, KMS, Secrets Manager, WAF, ECR and data transfer out, queried the way
/// `resources::*` query them, against figures read from the feed files by hand (file, label and
/// location in each comment). Tiered prices keep every tier, the last one open-ended.
#[test]
fn cloudwatch_s3_kms_secrets_waf_ecr_and_data_transfer_are_the_feed_figures() {
    let cat = Catalog::bundled();
    let q = |service: &str, region: &str, ut: &str| {
        price(&cat, &PriceQuery::new(service, region).usage_type(ut))
    };
    // cloudwatch.json.gz `Logs Collected Data Ingestion`: EU (London) 0.5985, South America
    // (Sao Paulo) 0.9, Middle East (UAE) 0.63.
    assert_eq!(q("AmazonCloudWatch", "eu-west-2", "DataProcessing-Bytes"), dec!(0.5985));
    assert_eq!(q("AmazonCloudWatch", "sa-east-1", "DataProcessing-Bytes"), dec!(0.9));
    assert_eq!(q("AmazonCloudWatch", "me-central-1", "DataProcessing-Bytes"), dec!(0.63));
    // `Stored Data`: EU (London) 0.0315, South America (Sao Paulo) 0.0408.
    assert_eq!(q("AmazonCloudWatch", "eu-west-2", "TimedStorage-ByteHrs"), dec!(0.0315));
    assert_eq!(q("AmazonCloudWatch", "sa-east-1", "TimedStorage-ByteHrs"), dec!(0.0408));
    // `Alarm Standard` EU (London) 0.1; `Alarm High Resolution` South America (Sao Paulo) 0.405.
    assert_eq!(q("AmazonCloudWatch", "eu-west-2", "CW:AlarmMonitorUsage"), dec!(0.1));
    assert_eq!(q("AmazonCloudWatch", "sa-east-1", "CW:HighResAlarmMonitorUsage"), dec!(0.405));
    // `Dashboard Basic Dashboard`, location `Any`: 3 (in every commercial region).
    assert_eq!(q("AmazonCloudWatch", "ap-southeast-3", "DashboardsUsageHour"), dec!(3));
    // `Metric for the first 10000` 0.3, `... next 240000` 0.1, `... next 750000` 0.05,
    // `... over 1000000` 0.02, EU (London).
    let metrics =
        PriceQuery::new("AmazonCloudWatch", "eu-west-2").usage_type("CW:MetricMonitorUsage");
    assert_eq!(
        tiers(&cat, &metrics),
        vec![
            (dec!(0), Some(dec!(10000)), dec!(0.3)),
            (dec!(10000), Some(dec!(250000)), dec!(0.1)),
            (dec!(250000), Some(dec!(1000000)), dec!(0.05)),
            (dec!(1000000), None, dec!(0.02)),
        ]
    );
    // s3.json.gz `Standard Storage First 50 TB / Next 450 TB / Over 500 TB per GB Mo`: EU
    // (London) 0.024 / 0.023 / 0.022; South America (Sao Paulo) first 0.0405, over 500 TB 0.037.
    let s3 = |region: &str| PriceQuery::new("AmazonS3", region).usage_type("TimedStorage-ByteHrs");
    assert_eq!(
        tiers(&cat, &s3("eu-west-2")),
        vec![
            (dec!(0), Some(dec!(51200)), dec!(0.024)),
            (dec!(51200), Some(dec!(512000)), dec!(0.023)),
            (dec!(512000), None, dec!(0.022)),
        ]
    );
    let sp = tiers(&cat, &s3("sa-east-1"));
    assert_eq!((sp[0].2, sp[2].2, sp[2].1), (dec!(0.0405), dec!(0.037), None));
    // `PUT COPY/POST or LIST requests per Requests` EU (London) 0.0000053; `GET and all other
    // requests per Requests` Middle East (UAE) 0.00000044.
    assert_eq!(q("AmazonS3", "eu-west-2", "Requests-Tier1"), dec!(0.0000053));
    assert_eq!(q("AmazonS3", "me-central-1", "Requests-Tier2"), dec!(0.00000044));
    // s3glacierdeeparchive.json.gz `Glacier Deep Archive GB Mo`, Asia Pacific (Jakarta): 0.002.
    assert_eq!(q("AmazonS3", "ap-southeast-3", "TimedStorage-GDA-ByteHrs"), dec!(0.002));
    // kms.json.gz `Encryption Key` EU (London) 1; `API request - Non Free Tier` 0.000003 after
    // the 20,000 free requests.
    assert_eq!(q("AWSKMS", "eu-west-2", "KMS-Keys"), dec!(1));
    let kms = PriceQuery::new("AWSKMS", "eu-west-2").usage_type("KMS-Requests");
    assert_eq!(
        tiers(&cat, &kms),
        vec![(dec!(0), Some(dec!(20000)), dec!(0)), (dec!(20000), None, dec!(0.000003))]
    );
    // secretsmanager.json.gz `Secret` 0.4, `API Request` 0.000005, Asia Pacific (Jakarta).
    assert_eq!(q("AWSSecretsManager", "ap-southeast-3", "AWSSecretsManager-Secrets"), dec!(0.4));
    assert_eq!(
        q("AWSSecretsManager", "ap-southeast-3", "AWSSecretsManager-APIRequest"),
        dec!(0.000005)
    );
    // waf.json.gz `WebACL per month` 5, `Rules added per WebACL per month` 1, `Web Requests
    // received per Request` 0.0000006, EU (London).
    assert_eq!(q("awswaf", "eu-west-2", "WebACL"), dec!(5));
    assert_eq!(q("awswaf", "eu-west-2", "Rule"), dec!(1));
    assert_eq!(q("awswaf", "eu-west-2", "Request"), dec!(0.0000006));
    // ecr.json.gz `EC2 Container Registry`, Middle East (UAE): 0.1.
    assert_eq!(q("AmazonECR", "me-central-1", "TimedStorage-ByteHrs"), dec!(0.1));
    // datatransfer.json.gz `DataTransfer External Outbound Next 10 TB / Next 40 TB / Next 100 TB
    // / Greater than 150 TB`, EU (London): 0.09 / 0.085 / 0.07 / 0.05 over 0-10240-51200-153600-
    // Inf GB; Asia Pacific (Jakarta) first tier 0.132, last 0.09.
    let out = |region: &str| {
        PriceQuery::new("AmazonEC2", region)
            .family("Data Transfer")
            .usage_type("DataTransfer-Out-Bytes")
    };
    assert_eq!(
        tiers(&cat, &out("eu-west-2")),
        vec![
            (dec!(0), Some(dec!(10240)), dec!(0.09)),
            (dec!(10240), Some(dec!(51200)), dec!(0.085)),
            (dec!(51200), Some(dec!(153600)), dec!(0.07)),
            (dec!(153600), None, dec!(0.05)),
        ]
    );
    let jk = tiers(&cat, &out("ap-southeast-3"));
    assert_eq!((jk[0].2, jk[3].2, jk[3].1), (dec!(0.132), dec!(0.09), None));
}

/// EFS, MemoryDB, RDS Proxy and EKS: a sample of labels per region of the feed resolves the
/// query the resources make to exactly the feed's price, in every region the feed lists.
#[test]
fn efs_memorydb_rds_proxy_and_eks_are_the_feed_figures_in_every_region() {
    use costplan::pricing::region;
    let cat = Catalog::bundled();
    /// (feed file, label, query without region; `node` names the location's instance).
    type Check = (&'static str, &'static str, fn(&str) -> PriceQuery);
    let checks: [Check; 10] = [
        ("efs.json.gz", "General Purpose Storage GB Mo", |r| {
            PriceQuery::new("AmazonEFS", r)
                .family("Storage")
                .attr("storageClass", "General Purpose")
        }),
        ("efs.json.gz", "Infrequent Access ET Storage GB Mo", |r| {
            PriceQuery::new("AmazonEFS", r).usage_type("IATimedStorage-ByteHrs")
        }),
        ("efs.json.gz", "Throughput Provisioned", |r| {
            PriceQuery::new("AmazonEFS", r).family("Provisioned Throughput")
        }),
        ("efs.json.gz", "EFS Storage Requests Write per GB", |r| {
            PriceQuery::new("AmazonEFS", r)
                .attr("throughputClass", "Elastic")
                .attr("accessType", "Write")
        }),
        ("memorydb.json.gz", "Data Written per GB", |r| {
            PriceQuery::new("AmazonMemoryDB", r).family("Data Written").attr("engine", "Redis")
        }),
        ("memorydb.json.gz", "Amazon S3 per GB-Mo", |r| {
            PriceQuery::new("AmazonMemoryDB", r).family("Snapshot Storage")
        }),
        ("rds-proxy.json.gz", "RDSProxy", |r| {
            PriceQuery::new("AmazonRDS", r)
                .family("RDSProxy")
                .attr("databaseEngine", "Any")
                .attr("proxyCapacity", "vCPU")
        }),
        ("rds-proxy.json.gz", "RDSProxy Aurora PostgreSQL ACU-Hr", |r| {
            PriceQuery::new("AmazonRDS", r)
                .family("RDSProxy")
                .attr("databaseEngine", "Aurora PostgreSQL")
                .attr("proxyCapacity", "ACU")
        }),
        ("eks.json.gz", "Compute per Hours", |r| {
            PriceQuery::new("AmazonEKS", r).usage_type("AmazonEKS-Hours:perCluster")
        }),
        ("eks.json.gz", "Compute ExtendedSupport per Hours", |r| {
            PriceQuery::new("AmazonEKS", r).usage_type("AmazonEKS-Hours:perClusterExtended")
        }),
    ];
    let mut checked = 0;
    for (name, label, query) in checks {
        let file = feed_file(name);
        for (location, want) in &file[label] {
            let Some(reg) = region::by_feed_location(location) else { continue };
            let want: Decimal = want.parse().expect("feed price");
            assert_eq!(price(&cat, &query(reg.code)), want.normalize(), "{label} {}", reg.code);
            checked += 1;
        }
    }
    // 34 locations for most labels: well over a hundred prices compared.
    assert!(checked > 250, "only {checked} prices compared");
    // Nodes: both engines of one class, in us-east-1 and EU (London), with the usage type the
    // Price List gives MemoryDB (prefixed in us-east-1 too).
    let memorydb = feed_file("memorydb.json.gz");
    for (region, loc) in [("us-east-1", "US East (N. Virginia)"), ("eu-west-2", "EU (London)")] {
        for (engine, label) in [
            (
                "Redis",
                "[Memory optimized Nodes] db r6g.large Memory optimized;db r6g.large Redis Memory optimized",
            ),
            ("Valkey", "[Memory optimized Valkey Nodes] db r6g.large Valkey Memory optimized"),
        ] {
            let q = PriceQuery::new("AmazonMemoryDB", region)
                .family("MemoryDB")
                .attr("instanceType", "db.r6g.large")
                .attr("engine", engine);
            assert_eq!(price(&cat, &q), feed_price(&memorydb, label, loc), "{region} {engine}");
        }
    }
    let q = PriceQuery::new("AmazonEKS", "us-east-1").usage_type("USE1-AmazonEKS-Hours:perCluster");
    assert_eq!(price(&cat, &q), dec!(0.1), "the usage type carries USE1- in us-east-1");
}

/// Every EC2 instance type the feed lists (`ec2.json.gz`, `OnDemand Linux-instancetype-<type>`)
/// resolves, queried as `resources::instance` queries it (Linux, shared tenancy), to exactly
/// one price, the feed's, in us-east-1, eu-west-2 and GovCloud (US); and three figures read
/// from the file by hand.
#[test]
fn every_ec2_instance_type_resolves_to_the_feed_price() {
    let cat = Catalog::bundled();
    let q = |region: &str, t: &str| {
        PriceQuery::new("AmazonEC2", region)
            .family("Compute Instance")
            .attr("instanceType", t)
            .attr("operatingSystem", "Linux")
            .attr("tenancy", "Shared")
            .attr("preInstalledSw", "NA")
            .attr("capacitystatus", "Used")
            .usage_type(&format!("BoxUsage:{t}"))
    };
    let mut checked = 0;
    for (label, prices) in feed_file("ec2.json.gz") {
        let t = label.strip_prefix("OnDemand Linux-instancetype-").expect("a Linux label");
        for (region, location) in [
            ("us-east-1", "US East (N. Virginia)"),
            ("eu-west-2", "EU (London)"),
            ("us-gov-west-1", "AWS GovCloud (US)"),
        ] {
            if let Some(usd) = prices.get(location) {
                assert_eq!(price(&cat, &q(region, t)), usd.parse::<Decimal>().unwrap(), "{t}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} types checked");
    // By hand: `OnDemand Linux-instancetype-t4g.micro` "US East (N. Virginia)": "0.0084000000";
    // `...-m5.large` "EU (London)": "0.1110000000"; `...-c7g.xlarge` "Asia Pacific (Tokyo)":
    // "0.1819000000".
    assert_eq!(price(&cat, &q("us-east-1", "t4g.micro")), dec!(0.0084));
    assert_eq!(price(&cat, &q("eu-west-2", "m5.large")), dec!(0.111));
    assert_eq!(price(&cat, &q("ap-northeast-1", "c7g.xlarge")), dec!(0.1819));
}
