//! Resource mapping tests: one fixture directory per supported type
//! (`tests/fixtures/resources/<type>/main.tf` with several variants, optional `usage.json`),
//! loaded by the Terraform engine, mapped, priced against the bundled snapshot, and compared
//! with a committed snapshot of the cost components. Plus invariants over the registry.

mod resource_fixtures;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use resource_fixtures::{NOT_PRICED, fixture_names, run_fixture};

use costplan::estimate::{Configuration, EstimateOptions, estimate};
use costplan::model::{Bucket, Component, PriceStatus, Report};
use costplan::pricing::{Catalog, MatchOp, PriceQuery};
use costplan::resources::{FREE, REGISTRY, is_valid_component_id};
use costplan::terraform::{self, LoadOptions};
use costplan::usage::{Usage, keys as usage_keys};

fn query_text(q: &PriceQuery) -> String {
    let mut out = format!("{} {}", q.service, q.region);
    if let Some(f) = &q.product_family {
        let _ = write!(out, " [{f}]");
    }
    for a in &q.attributes {
        let op = match a.op {
            MatchOp::Exact => "=",
            MatchOp::CaseInsensitive => "~=",
            MatchOp::UsageTypeSuffix => "=*",
        };
        let _ = write!(out, " {}{op}{}", a.key, a.value);
    }
    out
}

fn money(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(|| "-".to_string(), |d| format!("${}", d.round_dp(6).normalize()))
}

fn component_text(out: &mut String, indent: &str, c: &Component) {
    let qty = c.quantity.map_or_else(|| "?".to_string(), |q| q.round_dp(6).normalize().to_string());
    let status = match &c.price_status {
        PriceStatus::Found => "found".to_string(),
        PriceStatus::UsageUnknown => "usage unknown".to_string(),
        PriceStatus::NotFound { hint, closest } => {
            format!("NOT FOUND: {hint}; closest: {}", closest.join(", "))
        }
        PriceStatus::Ambiguous { candidates } => format!("AMBIGUOUS: {}", candidates.join("; ")),
    };
    let _ = writeln!(
        out,
        "{indent}- {}: {qty} {} × {} = {} [{status}]",
        c.name,
        c.unit,
        money(c.price),
        money(c.monthly_cost)
    );
    if let Some(f) = &c.formula {
        let _ = writeln!(out, "{indent}    qty: {f}");
    }
    for t in &c.tiers {
        let end = t.end.map_or_else(|| "∞".to_string(), |e| e.normalize().to_string());
        let _ = writeln!(
            out,
            "{indent}    tier {}..{end}: {} × ${} = ${}",
            t.begin.normalize(),
            t.quantity.normalize(),
            t.price.normalize(),
            t.cost.round_dp(4).normalize()
        );
    }
    if let Some(a) = &c.free_allowance {
        let _ = writeln!(out, "{indent}    free: {} ({})", a.quantity.normalize(), a.note);
    }
    let _ = writeln!(out, "{indent}    query: {}", query_text(&c.price_query));
}

/// A readable text form of the resources of a report, for snapshots.
fn report_text(report: &Report) -> String {
    let mut out = String::new();
    for r in report.resources() {
        let bucket = match r.bucket {
            Bucket::Estimated => "estimated",
            Bucket::Free => "free",
            Bucket::NotSupported => "not supported",
        };
        let _ = writeln!(
            out,
            "{} ({}, {}:{}) {bucket}: {}/month",
            r.address,
            r.resource_type,
            r.location.file,
            r.location.line,
            money(Some(r.monthly_cost))
        );
        if let Some(note) = &r.note {
            let _ = writeln!(out, "  note: {note}");
        }
        for c in &r.components {
            component_text(&mut out, "  ", c);
        }
        for s in &r.subresources {
            let _ = writeln!(out, "  + {}: {}/month", s.name, money(Some(s.monthly_cost)));
            for c in &s.components {
                component_text(&mut out, "    ", c);
            }
        }
        for w in &r.warnings {
            let _ = writeln!(out, "  warning {}: {}", w.code, w.message);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "total {}/month; {} resources: {} estimated, {} free, {} not supported; {} price not found, {} usage unknown",
        money(Some(report.totals.monthly)),
        s.resources,
        s.estimated,
        s.free,
        s.not_supported,
        s.price_not_found,
        s.usage_unknown
    );
    out
}

#[test]
fn fixtures_snapshot_and_every_query_resolves_to_one_price() {
    let mut failures = Vec::new();
    for name in fixture_names() {
        let report = run_fixture(&name);
        insta::assert_snapshot!(name.clone(), report_text(&report));
        if NOT_PRICED.contains(&name.as_str()) {
            continue;
        }
        for r in report.resources() {
            if r.bucket == Bucket::NotSupported {
                failures.push(format!("{name}: {} is not supported", r.address));
            }
            for c in r.all_components() {
                if !matches!(c.price_status, PriceStatus::Found | PriceStatus::UsageUnknown) {
                    failures.push(format!(
                        "{name}: {} `{}` does not resolve to exactly one price: {:?}",
                        r.address, c.name, c.price_status
                    ));
                }
            }
        }
        failures.extend(
            report
                .warnings
                .iter()
                .filter(|w| !matches!(w.code.as_str(), "usage-unknown" | "usage-assumed"))
                .map(|w| format!("{name}: unexpected warning {}: {}", w.code, w.message)),
        );
        let of_type = report.resources().filter(|r| r.resource_type == name).count();
        if of_type < 2 {
            failures
                .push(format!("{name}: the fixture should hold several variants, has {of_type}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn bad_input_says_price_not_found_with_closest_values() {
    let report = run_fixture("bad_input");
    let find = |address: &str| {
        report
            .resources()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} missing"))
    };
    let typo = &find("aws_db_instance.typo").components[0];
    let PriceStatus::NotFound { closest, .. } = &typo.price_status else {
        panic!("db.t3.micr should not be found: {:?}", typo.price_status)
    };
    assert!(closest.iter().any(|c| c.contains("db.t3.micro")), "closest: {closest:?}");
    assert_eq!(typo.monthly_cost, None);
    let mars = &find("aws_nat_gateway.mars").components[0];
    assert!(matches!(mars.price_status, PriceStatus::NotFound { .. }), "{:?}", mars.price_status);
    assert_eq!(find("aws_kinesis_stream.jobs").bucket, Bucket::NotSupported);
    let codes: BTreeSet<&str> = report.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains("price-not-found") && codes.contains("unsupported-resource"),
        "{codes:?}"
    );
    assert_eq!(report.summary.not_supported, 1);
    assert!(report.summary.price_not_found >= 3, "{:?}", report.summary);
}

/// EC2 and EBS bad input (`bad_input/main.tf`): an instance type that does not exist is "price
/// not found" with a warning naming it; a volume type EBS does not have and an io1 volume
/// without `iops` are `invalid-value` warnings at their file:line; Spot is "price not found",
/// never $0.
#[test]
fn ec2_bad_input_names_the_type_and_the_line() {
    let report = run_fixture("bad_input");
    let find = |address: &str| {
        report
            .resources()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} missing"))
    };
    let typo = &find("aws_instance.typo").components[0];
    assert!(matches!(typo.price_status, PriceStatus::NotFound { .. }), "{:?}", typo.price_status);
    assert_eq!(typo.monthly_cost, None);
    let warned = |code: &str, says: &str| {
        report.warnings.iter().find(|w| w.code == code && w.message.contains(says))
    };
    assert!(warned("price-not-found", "`t3.mega`").is_some(), "{:?}", report.warnings);
    let bad = warned("invalid-value", "volume type `gp9`").expect("a warning names gp9");
    let at = bad.location.as_ref().expect("a location");
    assert!(at.to_string().ends_with("main.tf:59"), "{at}");
    assert_eq!(find("aws_ebs_volume.bad_type").components[0].monthly_cost, None);
    let no_iops = warned("invalid-value", "needs `iops`").expect("io1 without iops is named");
    assert!(no_iops.location.as_ref().is_some_and(|l| l.to_string().ends_with("main.tf:66")));
    let spot = &find("aws_instance.spot").components[0];
    assert!(spot.name.contains("Spot") && spot.monthly_cost.is_none(), "{spot:?}");
    assert!(warned("spot-not-priced", "Spot").is_some());
}

/// The snapshot's known gaps (no published list price to build them from) say "price not
/// found" and are each listed under "Known gaps" in docs/resources.md.
#[test]
fn snapshot_gaps_say_price_not_found_and_are_documented() {
    let report = run_fixture("snapshot_gaps");
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/resources.md"))
            .expect("docs/resources.md");
    let gaps = docs.split("## Known gaps").nth(1).expect("a Known gaps section");
    let expected = [
        ("aws_db_instance.reserved_multi_az", "reserved", "reserved Multi-AZ"),
        ("aws_rds_cluster.backups", "Backup storage", "Aurora backup storage"),
        ("aws_sqs_queue.jobs", "Requests", "SQS requests"),
        ("aws_sns_topic_subscription.sms", "SMS", "SNS SMS deliveries"),
        ("aws_instance.windows", "Instance usage (Windows", "every operating system but Linux"),
        ("aws_ebs_volume.io2_tier2", "32000 to 64000", "io2 IOPS above 32,000"),
    ];
    for (address, component, doc) in expected {
        let r = report
            .resources()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} missing"));
        let c = r
            .all_components()
            .find(|c| c.name.contains(component))
            .unwrap_or_else(|| panic!("{address}: no component named like `{component}`"));
        assert!(
            matches!(c.price_status, PriceStatus::NotFound { .. }),
            "{address} `{}`: {:?}",
            c.name,
            c.price_status
        );
        assert_eq!(c.monthly_cost, None, "{address} `{}` is not $0", c.name);
        assert!(gaps.contains(doc), "docs/resources.md Known gaps does not name `{doc}`");
    }
}

#[test]
fn every_supported_type_has_a_fixture_and_docs() {
    let fixtures: BTreeSet<String> = fixture_names().into_iter().collect();
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/resources.md"))
            .expect("docs/resources.md");
    for t in REGISTRY {
        assert!(fixtures.contains(t.name), "{} has no fixture directory", t.name);
        assert!(docs.contains(&format!("`{}`", t.name)), "{} is not in docs/resources.md", t.name);
        for key in usage_keys::for_type(t.name).unwrap_or_default() {
            assert!(
                docs.contains(key),
                "usage key `{key}` of {} is not in docs/resources.md",
                t.name
            );
        }
    }
    for f in &fixtures {
        assert!(
            NOT_PRICED.contains(&f.as_str()) || REGISTRY.iter().any(|t| t.name == f),
            "fixture {f} is not a supported type"
        );
    }
    for (t, why) in FREE {
        assert!(!why.is_empty(), "{t} has no reason");
    }
}

/// `usage` keeps the usage keys of every priced type (so that it need not import `resources`):
/// exactly the registry's types have a row, so usage for a priced type is always checked and a
/// type costplan does not price is never taken for one.
#[test]
fn usage_keys_have_one_row_per_supported_type() {
    let registry: Vec<&str> = REGISTRY.iter().map(|t| t.name).collect();
    let rows: Vec<&str> = usage_keys::BY_TYPE.iter().map(|(t, _)| *t).collect();
    assert_eq!(rows, registry, "usage::keys::BY_TYPE must list REGISTRY's types, in its order");
}

/// Component ids are data, not display (STYLE.md): every component of every fixture has a
/// well-formed id its type declares, every declared id is emitted by some fixture (so an id a
/// rule imports from a resource file is one an estimate really has), and every id is documented
/// in the report schema.
#[test]
fn every_component_has_a_declared_id_and_every_declared_id_is_emitted() {
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-schema.md"),
    )
    .expect("docs/report-schema.md");
    let mut failures = Vec::new();
    let mut emitted: BTreeSet<String> = BTreeSet::new();
    for name in fixture_names() {
        for r in run_fixture(&name).resources() {
            let declared = REGISTRY
                .iter()
                .find(|t| t.name == r.resource_type)
                .map_or(&[][..], |t| t.component_ids);
            for c in r.all_components() {
                if !is_valid_component_id(&c.id) {
                    failures.push(format!("{name}: {} `{}` has id `{}`", r.address, c.name, c.id));
                }
                if !declared.contains(&c.id.as_str()) {
                    failures.push(format!(
                        "{name}: {} emits `{}`, not in its type's component_ids",
                        r.address, c.id
                    ));
                }
                emitted.insert(c.id.clone());
            }
        }
    }
    for t in REGISTRY {
        for id in t.component_ids {
            if !emitted.contains(*id) {
                failures.push(format!("{}: `{id}` is declared but no fixture emits it", t.name));
            }
            if !schema.contains(&format!("`{id}`")) {
                failures.push(format!("{}: `{id}` is not in docs/report-schema.md", t.name));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The JSON report carries each component's id, and a report saved before ids (no `id` fields)
/// still loads, its ids empty rather than guessed from names.
#[test]
fn json_reports_carry_component_ids_and_reports_without_them_still_load() {
    let report = run_fixture("aws_nat_gateway");
    let json = report.to_json();
    assert!(json.contains(r#""id": "nat.hours""#), "{json}");
    let old: String = json.lines().filter(|l| !l.trim_start().starts_with(r#""id": "#)).collect();
    let loaded = Report::from_json(&old).expect("a report without ids loads");
    let ids: Vec<&str> =
        loaded.resources().flat_map(|r| r.all_components()).map(|c| c.id.as_str()).collect();
    assert!(!ids.is_empty() && ids.iter().all(|id| id.is_empty()), "{ids:?}");
}

#[test]
fn component_ids_have_the_documented_form() {
    for good in ["fargate.vcpu.spot", "rds.storage.gp3", "nat.data_processed", "s3.requests.tier1"]
    {
        assert!(is_valid_component_id(good), "{good}");
    }
    for bad in
        ["", "fargate", "Fargate.vcpu", "fargate..vcpu", "fargate.vcpu-spot", "1.vcpu", "a.b."]
    {
        assert!(!is_valid_component_id(bad), "{bad}");
    }
}

#[test]
fn estimates_are_deterministic() {
    let a = run_fixture("aws_ecs_service").to_json();
    let b = run_fixture("aws_ecs_service").to_json();
    assert_eq!(a, b);
}

/// Estimates a configuration written to a temporary directory.
fn estimate_text(main_tf: &str) -> Report {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), main_tf).expect("write main.tf");
    let loaded = terraform::load(&LoadOptions::new(dir.path())).expect("loads");
    estimate(
        Configuration::from(&loaded),
        &Usage::default(),
        &Catalog::bundled(),
        &EstimateOptions::default(),
    )
    .expect("estimate")
}

#[test]
fn priced_resources_without_a_region_are_priced_in_us_east_1_with_a_warning_naming_them() {
    // No provider block, no --region: the NAT gateway is priced in us-east-1 and named; the
    // free VPC and the cluster without Container Insights need no region.
    let report = estimate_text(
        r#"
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_ecs_cluster" "free" { name = "free" }
resource "aws_nat_gateway" "a" {
  allocation_id = "eipalloc-0"
  subnet_id     = "subnet-0"
}
"#,
    );
    let nat = report.resources().find(|r| r.address == "aws_nat_gateway.a").expect("nat");
    assert_eq!(nat.region.as_deref(), Some("us-east-1"));
    assert!(nat.monthly_cost > rust_decimal::Decimal::ZERO);
    let assumed: Vec<_> = report.warnings.iter().filter(|w| w.code == "region-assumed").collect();
    assert_eq!(assumed.len(), 1, "{:?}", report.warnings);
    let message = &assumed[0].message;
    assert!(message.starts_with("1 priced resource(s)"), "{message}");
    assert!(message.contains("aws_nat_gateway.a") && message.contains("--region"), "{message}");
    assert!(!message.contains("aws_vpc") && !message.contains("aws_ecs_cluster"), "{message}");

    // Only free resources: nothing is priced, so nothing is assumed.
    let report = estimate_text(r#"resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }"#);
    assert!(report.warnings.iter().all(|w| w.code != "region-assumed"), "{:?}", report.warnings);

    // With the provider's region, no warning.
    let report = estimate_text(
        r#"
provider "aws" { region = "eu-west-1" }
resource "aws_nat_gateway" "a" {
  allocation_id = "eipalloc-0"
  subnet_id     = "subnet-0"
}
"#,
    );
    assert!(report.warnings.iter().all(|w| w.code != "region-assumed"), "{:?}", report.warnings);
    let nat = report.resources().find(|r| r.address == "aws_nat_gateway.a").expect("nat");
    assert_eq!(nat.region.as_deref(), Some("eu-west-1"));
}

/// Writes `files` (path in the root module → text) to a temporary directory, loads it with
/// `adjust` applied to the load options, and estimates it.
fn estimate_files(files: &[(&str, &str)], adjust: impl FnOnce(&mut LoadOptions)) -> Report {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let mut opts = LoadOptions::new(dir.path());
    adjust(&mut opts);
    let loaded = terraform::load(&opts).expect("loads");
    estimate(
        Configuration::from(&loaded),
        &Usage::default(),
        &Catalog::bundled(),
        &EstimateOptions::default(),
    )
    .expect("estimate")
}

/// The region the estimate priced `address` in.
fn priced_region(report: &Report, address: &str) -> String {
    let found = report.resources().find(|r| r.address == address);
    let Some(resource) = found else { panic!("{address} not in the report") };
    assert_eq!(resource.bucket, Bucket::Estimated, "{address} is not priced");
    resource.region.clone().unwrap_or_else(|| panic!("{address} has no priced region"))
}

fn no_region_assumed(report: &Report) {
    assert!(report.warnings.iter().all(|w| w.code != "region-assumed"), "{:?}", report.warnings);
}

#[test]
fn the_provider_region_from_a_variable_prices_in_that_region() {
    let main = r#"
variable "region" { default = "eu-west-1" }
provider "aws" { region = var.region }
resource "aws_kms_key" "k" {}
"#;
    let report = estimate_files(&[("main.tf", main)], |_| {});
    assert_eq!(priced_region(&report, "aws_kms_key.k"), "eu-west-1");
    no_region_assumed(&report);
    let report = estimate_files(&[("main.tf", main)], |o| {
        o.vars.push(("region".into(), "ap-south-1".into()));
        // The provider's own region wins over `--region` and the environment.
        o.region = Some("sa-east-1".into());
        o.env.insert("AWS_REGION".into(), "ca-central-1".into());
    });
    assert_eq!(priced_region(&report, "aws_kms_key.k"), "ap-south-1");
}

#[test]
fn an_alias_prices_only_the_resource_that_uses_it_in_its_region() {
    let report = estimate_files(
        &[(
            "main.tf",
            r#"
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_kms_key" "default" {}
resource "aws_kms_key" "aliased" { provider = aws.west }
"#,
        )],
        |_| {},
    );
    assert_eq!(priced_region(&report, "aws_kms_key.default"), "eu-west-1");
    assert_eq!(priced_region(&report, "aws_kms_key.aliased"), "us-west-2");
    no_region_assumed(&report);
}

#[test]
fn a_module_is_priced_in_the_region_of_the_provider_it_inherits_or_is_passed() {
    let report = estimate_files(
        &[
            (
                "main.tf",
                r#"
provider "aws" { region = "eu-central-1" }
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "inherits" { source = "./m" }
module "passed" {
  source    = "./m"
  providers = { aws = aws.west }
}
"#,
            ),
            ("m/main.tf", r#"resource "aws_kms_key" "k" {}"#),
        ],
        |_| {},
    );
    assert_eq!(priced_region(&report, "module.inherits.aws_kms_key.k"), "eu-central-1");
    assert_eq!(priced_region(&report, "module.passed.aws_kms_key.k"), "us-west-2");
    no_region_assumed(&report);
}

#[test]
fn a_plan_is_priced_in_the_regions_of_its_provider_configurations() {
    let plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan/provider_alias.json");
    let loaded = terraform::load_plan(&plan, None).expect("plan loads");
    let report = estimate(
        Configuration::from(&loaded),
        &Usage::default(),
        &Catalog::bundled(),
        &EstimateOptions::default(),
    )
    .expect("estimate");
    assert_eq!(priced_region(&report, "aws_s3_bucket.pinned"), "ap-southeast-2");
    assert_eq!(priced_region(&report, "aws_s3_bucket.primary"), "eu-central-1");
    assert_eq!(priced_region(&report, "aws_s3_bucket.replica"), "us-west-2");
    no_region_assumed(&report);
}

#[test]
fn without_a_provider_region_the_environment_then_the_profile_names_it() {
    let main = r#"
provider "aws" {}
resource "aws_kms_key" "k" {}
"#;
    let report = estimate_files(&[("main.tf", main)], |o| {
        o.env.insert("AWS_DEFAULT_REGION".into(), "eu-west-3".into());
    });
    assert_eq!(priced_region(&report, "aws_kms_key.k"), "eu-west-3");
    no_region_assumed(&report);

    // The shared config file: the default profile, or the one the provider names.
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join(".aws")).expect("mkdir");
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\nregion = eu-north-1\n[profile prod]\nregion = ca-central-1\n",
    )
    .expect("write config");
    let home = home.path().display().to_string();
    let report = estimate_files(&[("main.tf", main)], |o| {
        o.env.insert("HOME".into(), home.clone());
    });
    assert_eq!(priced_region(&report, "aws_kms_key.k"), "eu-north-1");
    let named = r#"
variable "profile" { default = "prod" }
provider "aws" { profile = var.profile }
resource "aws_kms_key" "k" {}
"#;
    let report = estimate_files(&[("main.tf", named)], |o| {
        o.env.insert("HOME".into(), home.clone());
    });
    assert_eq!(priced_region(&report, "aws_kms_key.k"), "ca-central-1");
    no_region_assumed(&report);
}

/// The gaps of the hand table that AWS's pricing-page feed fills, priced at the feed's figures
/// for us-east-1 (pricing-cache/feed/aws-price-watcher/processed/):
/// rds-aurora-ondemand.json.gz `... Aurora PostgreSQL ... Aurora IO Optimization Mode ...`
/// db.r6g.large 0.338; rds-storage.json.gz `Database Storage Single AZ IO Optimized-Aurora`
/// 0.225, `Provisioned Throughput Single AZ` 0.08, `Database Storage Single AZ Provisioned
/// IOPS-IO2` 0.125; rds-postgresql-ondemand.json.gz `Provisioned IO2 IOPS Single AZ` 0.10;
/// elasticache.json.gz cache.t3.micro Valkey 0.0136, Memcached 0.017.
#[test]
fn feed_fills_the_former_snapshot_gaps_at_the_feed_prices() {
    use rust_decimal_macros::dec;
    let report = run_fixture("snapshot_gaps");
    let expected = [
        ("aws_rds_cluster_instance.io_optimized", "I/O-Optimized", dec!(0.338)),
        ("aws_rds_cluster.io_optimized", "Storage (I/O-Optimized)", dec!(0.225)),
        ("aws_db_instance.gp3_throughput", "Provisioned throughput", dec!(0.08)),
        ("aws_db_instance.io2", "Storage (provisioned IOPS SSD, io2)", dec!(0.125)),
        ("aws_db_instance.io2", "Provisioned IOPS (io2)", dec!(0.10)),
        ("aws_elasticache_replication_group.valkey", "ElastiCache", dec!(0.0136)),
        ("aws_elasticache_cluster.memcached", "ElastiCache", dec!(0.017)),
    ];
    for (address, component, usd) in expected {
        let r = report
            .resources()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} missing"));
        let c = r
            .all_components()
            .find(|c| c.name.contains(component))
            .unwrap_or_else(|| panic!("{address}: no component named like `{component}`"));
        // Aurora storage is usage-based: its price is known, its quantity is not.
        assert!(
            matches!(c.price_status, PriceStatus::Found | PriceStatus::UsageUnknown),
            "{address} `{}`: {:?}",
            c.name,
            c.price_status
        );
        assert_eq!(c.price, Some(usd), "{address} `{}`", c.name);
    }
}

/// SQL Server and Oracle are sold in editions and license models: the engine and
/// `license_model` pick one price, where the feed's editions used to make it ambiguous
/// (terraform-aws-rds's complete-mssql example, `sqlserver-ex` on db.t3.large).
/// pricing-cache/feed/aws-price-watcher/processed/rds-sqlserver-ondemand.json.gz: `Database
/// Instance SQL Server Express License included db t3.large General purpose Single-AZ ...` in
/// US East (N. Virginia): 0.162 per hour.
#[test]
fn sql_server_and_oracle_editions_pick_one_price() {
    use rust_decimal_macros::dec;
    let main = r#"
provider "aws" { region = "us-east-1" }
resource "aws_db_instance" "mssql" {
  engine            = "sqlserver-ex"
  instance_class    = "db.t3.large"
  allocated_storage = 20
}
resource "aws_db_instance" "oracle_se2" {
  engine            = "oracle-se2"
  instance_class    = "db.t3.large"
  allocated_storage = 20
}
"#;
    let report = estimate_files(&[("main.tf", main)], |_| {});
    let instance = |address: &str| {
        let r = report.resources().find(|r| r.address == address).expect("in the report");
        r.all_components().find(|c| c.id == "rds.instance").expect("instance line").clone()
    };
    let mssql = instance("aws_db_instance.mssql");
    assert_eq!(mssql.price_status, PriceStatus::Found, "{mssql:?}");
    assert_eq!(mssql.price, Some(dec!(0.162)));
    assert_eq!(mssql.monthly_cost, Some(dec!(118.26))); // 730 h × 0.162
    // Oracle SE2 without `license_model` is sold both ways: still ambiguous, and it says so.
    let oracle = instance("aws_db_instance.oracle_se2");
    assert_ne!(oracle.price_status, PriceStatus::Found, "{oracle:?}");
}

/// The monthly cost and quantity of the component `id` of `address` (panics when absent).
fn line(report: &Report, address: &str, id: &str) -> Component {
    let r = report
        .resources()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} not in the report"));
    r.all_components()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{address} has no `{id}` line"))
        .clone()
}

/// A load balancer's public IPv4 addresses: one per subnet; none of its own for a subnet
/// mapping with an Elastic IP (the `aws_eip` is priced); unknown subnets are an assumption
/// said in a warning. Price: pricing-cache/feed/aws-price-watcher/processed/vpc.json.gz
/// `Hourly charge for In use Public IPv4 Addresses per Hrs`, US East (N. Virginia): $0.005.
#[test]
fn load_balancer_public_ipv4_one_per_subnet_none_for_elastic_ips() {
    use rust_decimal_macros::dec;
    let report = run_fixture("aws_lb");
    // One subnet: 1 address × 730 h × $0.005 = $3.65.
    let one = line(&report, "aws_lb.nlb_one_subnet", "vpc.public_ipv4");
    assert_eq!((one.quantity, one.monthly_cost), (Some(dec!(730)), Some(dec!(3.65))));
    // Three subnets: 3 × 730 h × $0.005 = $10.95.
    let three = line(&report, "aws_lb.no_usage", "vpc.public_ipv4");
    assert_eq!(three.monthly_cost, Some(dec!(10.95)));
    // Both mappings use Elastic IPs: no address line on the load balancer.
    let eips = report.resources().find(|r| r.address == "aws_lb.nlb_eips").expect("nlb_eips");
    assert!(
        eips.all_components().all(|c| c.id != "vpc.public_ipv4"),
        "{:?}",
        eips.components.iter().map(|c| &c.name).collect::<Vec<_>>()
    );
    // Unknown subnets: 2 AZs assumed (2 × 730 × $0.005 = $7.30), with a warning that says so.
    let unknown = line(&report, "aws_lb.unknown_subnets", "vpc.public_ipv4");
    assert_eq!(unknown.monthly_cost, Some(dec!(7.30)));
    let warned = report.warnings.iter().any(|w| {
        w.code == "usage-assumed"
            && w.address.as_deref() == Some("aws_lb.unknown_subnets")
            && w.message.contains("`subnets` is not known")
    });
    assert!(warned, "{:?}", report.warnings);
}

/// Estimates `main_tf` with the usage file `usage_json` (the `{"values": ...}` form).
fn estimate_with_usage(main_tf: &str, usage_json: &str) -> Report {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), main_tf).expect("write main.tf");
    let loaded = terraform::load(&LoadOptions::new(dir.path())).expect("loads");
    let usage: Usage = serde_json::from_str(usage_json).expect("usage");
    estimate(Configuration::from(&loaded), &usage, &Catalog::bundled(), &EstimateOptions::default())
        .expect("estimate")
}

/// S3 Standard storage of 1,000,000 GB in eu-central-1 is priced over all three tiers and
/// quantity × price = cost tier by tier (issue 19: the last tier is open-ended).
/// pricing-cache/feed/aws-price-watcher/processed/s3.json.gz, EU (Frankfurt):
/// `Standard Storage First 50 TB per GB Mo` 0.0245, `... Next 450 TB ...` 0.0235,
/// `... Over 500 TB ...` 0.0225.
#[test]
fn s3_standard_past_the_last_tier_boundary_is_priced_over_all_three_tiers() {
    use rust_decimal_macros::dec;
    let report = estimate_with_usage(
        r#"
provider "aws" { region = "eu-central-1" }
resource "aws_s3_bucket" "big" { bucket = "big" }
"#,
        r#"{"values": {"aws_s3_bucket.big": {
            "standard.storage_gb": {"value": "1000000", "source": "explicit", "formula": ""}}}}"#,
    );
    let storage = line(&report, "aws_s3_bucket.big", "s3.storage");
    // 51,200 × 0.0245 = 1,254.40; 460,800 × 0.0235 = 10,828.80; 488,000 × 0.0225 = 10,980.00.
    let expected = [
        (dec!(51200), dec!(0.0245), dec!(1254.40)),
        (dec!(460800), dec!(0.0235), dec!(10828.80)),
        (dec!(488000), dec!(0.0225), dec!(10980.00)),
    ];
    let got: Vec<_> = storage.tiers.iter().map(|t| (t.quantity, t.price, t.cost)).collect();
    assert_eq!(got, expected);
    assert_eq!(storage.monthly_cost, Some(dec!(23063.20)));
    assert_eq!(storage.price_status, PriceStatus::Found);
}

/// `aws_db_instance` components AWS bills that were missing or wrong (issue 19), us-east-1,
/// prices from pricing-cache/feed/aws-price-watcher/processed/: rds-mysql-ondemand.json.gz
/// `Database Instance MySQL No license required db t3.large ... Single-AZ` 0.136/h;
/// rds-storage.json.gz `Database Storage Single AZ General Purpose` 0.115, `Database Storage
/// Single AZ Provisioned IOPS` 0.125 per GB-month, `Provisioned IOPS Single AZ` 0.10 per
/// IOPS-month.
#[test]
fn db_instance_replica_engine_oracle_storage_io1_minimums_extended_support_and_pi() {
    use rust_decimal_macros::dec;
    let report = run_fixture("aws_db_instance");
    // A replica without engine or storage runs its MySQL source's: 730 h × 0.136 = 99.28, and
    // the source's 100 GB gp2: 100 × 0.115 = 11.50.
    let instance = line(&report, "aws_db_instance.replica_inherits", "rds.instance");
    assert_eq!(instance.monthly_cost, Some(dec!(99.28)), "{instance:?}");
    let storage = line(&report, "aws_db_instance.replica_inherits", "rds.storage.gp2");
    assert_eq!(storage.monthly_cost, Some(dec!(11.50)));
    // io1 of 50 GB and 500 IOPS is billed at AWS's minimums: 100 × 0.125 = 12.50 and
    // 1,000 × 0.10 = 100.
    let storage = line(&report, "aws_db_instance.io1_below_minimum", "rds.storage.io1");
    assert_eq!((storage.quantity, storage.monthly_cost), (Some(dec!(100)), Some(dec!(12.50))));
    assert!(storage.formula.as_deref().unwrap_or("").contains("minimum"), "{storage:?}");
    let iops = line(&report, "aws_db_instance.io1_below_minimum", "rds.iops");
    assert_eq!((iops.quantity, iops.monthly_cost), (Some(dec!(1000)), Some(dec!(100))));

    let gaps = run_fixture("snapshot_gaps");
    let not_found = |c: &Component| {
        assert!(matches!(c.price_status, PriceStatus::NotFound { .. }), "{c:?}");
        assert_eq!(c.monthly_cost, None);
    };
    // Oracle SE1 (no longer sold): the instance says not found; storage 20 GB × 0.115 = 2.30.
    not_found(&line(&gaps, "aws_db_instance.oracle_se1", "rds.instance"));
    let storage = line(&gaps, "aws_db_instance.oracle_se1", "rds.storage.gp2");
    assert_eq!(storage.monthly_cost, Some(dec!(2.30)));
    // A replica whose source is elsewhere: not found, and a warning says to set `engine`.
    not_found(&line(&gaps, "aws_db_instance.replica_of_elsewhere", "rds.instance"));
    assert!(
        gaps.warnings.iter().any(|w| w.code == "engine-unknown"
            && w.address.as_deref() == Some("aws_db_instance.replica_of_elsewhere")),
        "{:?}",
        gaps.warnings
    );
    // PostgreSQL 11 on db.t3.large (2 vCPUs): 2 × 730 = 1,460 vCPU-hours of Extended Support.
    let es = line(&gaps, "aws_db_instance.extended_support", "rds.extended_support");
    assert_eq!(es.quantity, Some(dec!(1460)));
    not_found(&es);
    // Aurora PostgreSQL 12 on db.r6g.large, the version from its cluster: 1,460 vCPU-hours.
    let es = line(&gaps, "aws_rds_cluster_instance.extended_support", "rds.extended_support");
    assert_eq!(es.quantity, Some(dec!(1460)));
    assert!(es.name.contains("year 1-2"), "{}", es.name);
    not_found(&es);
    // Performance Insights kept 731 days on db.m5.large: 2 vCPU-months of long-term retention.
    let pi = line(&gaps, "aws_db_instance.performance_insights", "rds.performance_insights");
    assert_eq!(pi.quantity, Some(dec!(2)));
    not_found(&pi);
    // The same on an Aurora instance, db.r6g.xlarge (4 vCPUs): 4 vCPU-months, never left out
    // (Infracost's rds_cluster_instance golden test prices this line; costplan had none).
    let pi =
        line(&gaps, "aws_rds_cluster_instance.performance_insights", "rds.performance_insights");
    assert_eq!(pi.quantity, Some(dec!(4)));
    not_found(&pi);
    let r = gaps
        .resources()
        .find(|r| r.address == "aws_rds_cluster_instance.performance_insights")
        .expect("in the report");
    assert!(r.incomplete, "{r:?}");
}

/// `aws_rds_cluster` capacity that was silently absent (issue 19), us-east-1:
/// pricing-cache/feed/aws-price-watcher/processed/rds-aurora-storage.json.gz `Aurora
/// PostgreSQL Serverless` and `Aurora MySQL Serverless` 0.06 per ACU-hour;
/// rds-postgresql-ondemand.json.gz `Database Instance PostgreSQL No license required db
/// m6gd.large General purpose Multi-AZ readable standbys ...` 0.522 per hour (the writer and
/// its two readable standbys together).
#[test]
fn rds_cluster_serverless_v1_capacity_and_multi_az_db_clusters_are_priced() {
    use rust_decimal_macros::dec;
    let report = run_fixture("aws_rds_cluster");
    // 4 ACU × 730 h = 2,920 ACU-hours × 0.06 = 175.20.
    let v1 = line(&report, "aws_rds_cluster.serverless_v1", "aurora.serverless_v1");
    assert_eq!((v1.quantity, v1.monthly_cost), (Some(dec!(2920)), Some(dec!(175.20))));
    // No usage: min_capacity 1 ACU × 730 h × 0.06 = 43.80, and a warning says so.
    let min = line(&report, "aws_rds_cluster.serverless_v1_min", "aurora.serverless_v1");
    assert_eq!(min.monthly_cost, Some(dec!(43.80)));
    assert!(
        report.warnings.iter().any(|w| w.code == "usage-assumed"
            && w.address.as_deref() == Some("aws_rds_cluster.serverless_v1_min")),
        "{:?}",
        report.warnings
    );
    let gaps = run_fixture("snapshot_gaps");
    // 730 h × 0.522 = 381.06 for the three instances.
    let cluster = line(&gaps, "aws_rds_cluster.multi_az", "rds.multi_az_cluster");
    assert_eq!(cluster.monthly_cost, Some(dec!(381.06)));
    let storage = line(&gaps, "aws_rds_cluster.multi_az", "rds.multi_az_cluster.storage");
    assert!(matches!(storage.price_status, PriceStatus::NotFound { .. }), "{storage:?}");
    assert_eq!((storage.quantity, storage.monthly_cost), (Some(dec!(100)), None));
}

/// An ElastiCache autoscaling target's `min_capacity` is the floor of the shards or replicas
/// (issue 19). pricing-cache/feed/aws-price-watcher/processed/elasticache.json.gz `OnDemand
/// Cache Instance Memory optimized cache r6g.large Redis Current Generation`, US East (N.
/// Virginia): 0.206 per node-hour.
#[test]
fn elasticache_autoscaling_min_capacity_is_the_node_floor() {
    use rust_decimal_macros::dec;
    let report = run_fixture("aws_elasticache_replication_group");
    // 3 shards × (1 + 2 replicas) = 9 nodes × 730 h = 6,570 h × 0.206 = 1,353.42.
    let nodes = line(&report, "aws_elasticache_replication_group.autoscaled", "elasticache.node");
    assert_eq!((nodes.quantity, nodes.monthly_cost), (Some(dec!(6570)), Some(dec!(1353.42))));
    assert!(nodes.formula.as_deref().unwrap_or("").contains("min_capacity"), "{nodes:?}");
}

/// Interface endpoint data of 7,000,000 GB in us-east-1 is priced over all three tiers (issue
/// 19: it was the first PB only). pricing-cache/feed/aws-price-watcher/processed/vpc.json.gz,
/// US East (N. Virginia): `Charge for per GB data processed by VPC Endpoints per GB from 0 to
/// 1048576` 0.01, `... from 1048576 to 5242880` 0.006, `... from 5242880 to Inf` 0.004.
#[test]
fn interface_endpoint_data_is_priced_over_all_three_tiers() {
    use rust_decimal_macros::dec;
    let report = run_fixture("aws_vpc_endpoint");
    let data = line(&report, "aws_vpc_endpoint.heavy", "vpce.data_processed");
    // 1,048,576 × 0.01 = 10,485.76; 4,194,304 × 0.006 = 25,165.824;
    // 1,757,120 × 0.004 = 7,028.48; together 42,680.064.
    let got: Vec<_> = data.tiers.iter().map(|t| (t.quantity, t.price, t.cost)).collect();
    let expected = [
        (dec!(1048576), dec!(0.01), dec!(10485.76)),
        (dec!(4194304), dec!(0.006), dec!(25165.824)),
        (dec!(1757120), dec!(0.004), dec!(7028.48)),
    ];
    assert_eq!(got, expected);
    assert_eq!(data.monthly_cost, Some(dec!(42680.064)));
}

/// The cost of each component of `address`, by component id.
fn costs_by_id(report: &Report, address: &str) -> Vec<(String, Option<rust_decimal::Decimal>)> {
    report
        .resources()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} missing"))
        .all_components()
        .map(|c| (c.id.clone(), c.monthly_cost))
        .collect()
}

/// An on-demand table with point-in-time recovery priced as AWS bills it in three regions, from
/// the feed (pricing-cache/feed/aws-price-watcher/processed/dynamodb.json.gz, 2025-03-12):
/// `PayPerRequest Read Request Units`, `PayPerRequest Write Request Units`, `Data Storage
/// Indexed GB-Mo`, `PITR Backup Storage GB-Mo`. 30M reads, 4M writes, 20 GB, 20 GB of PITR.
#[test]
fn dynamodb_on_demand_is_priced_as_aws_bills_it_in_three_regions() {
    use rust_decimal_macros::dec;
    let cases = [
        // us-east-1: 0.000000125, 0.000000625 per unit; 0.25, 0.20 per GB-month.
        ("us-east-1", dec!(3.75), dec!(2.5), dec!(5), dec!(4)),
        // EU (Ireland): 0.0000001415, 0.000000705; 0.283, 0.22.
        ("eu-west-1", dec!(4.245), dec!(2.82), dec!(5.66), dec!(4.4)),
        // Asia Pacific (Tokyo): 0.0000001425, 0.000000715; 0.285, 0.228.
        ("ap-northeast-1", dec!(4.275), dec!(2.86), dec!(5.7), dec!(4.56)),
    ];
    for (region, reads, writes, storage, pitr) in cases {
        let report = estimate_with_usage_values(
            &format!(
                r#"
provider "aws" {{ region = "{region}" }}
resource "aws_dynamodb_table" "t" {{
  name         = "t"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  point_in_time_recovery {{ enabled = true }}
}}
"#
            ),
            &[
                ("aws_dynamodb_table.t", "monthly_read_request_units", "30000000"),
                ("aws_dynamodb_table.t", "monthly_write_request_units", "4000000"),
                ("aws_dynamodb_table.t", "storage_gb", "20"),
                ("aws_dynamodb_table.t", "pitr_backup_storage_gb", "20"),
            ],
        );
        assert_eq!(
            costs_by_id(&report, "aws_dynamodb_table.t"),
            vec![
                ("dynamodb.read_request_units".to_string(), Some(reads)),
                ("dynamodb.write_request_units".to_string(), Some(writes)),
                ("dynamodb.storage".to_string(), Some(storage)),
                ("dynamodb.pitr_storage".to_string(), Some(pitr)),
            ],
            "{region}"
        );
    }
}

/// [`estimate_with_usage`] with usage values given as (address, key, value).
fn estimate_with_usage_values(main_tf: &str, usage: &[(&str, &str, &str)]) -> Report {
    let mut values = serde_json::Map::new();
    for (address, key, value) in usage {
        let entry = values
            .entry((*address).to_string())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(keys) = entry {
            keys.insert(
                (*key).to_string(),
                serde_json::json!({"value": value, "source": "explicit", "formula": ""}),
            );
        }
    }
    estimate_with_usage(main_tf, &serde_json::json!({ "values": values }).to_string())
}

/// The three kinds of "not priced" beside "estimated": known free (with its reason), not
/// supported yet (a type that costs money), and a type the AWS provider lacks (a typo, with the
/// closest type the AWS provider has). Each is visible in every output format, not only with
/// `--show-skipped`.
#[test]
fn free_not_yet_and_unknown_types_are_told_apart_in_every_format() {
    use costplan::model::Unsupported;
    use costplan::render::{Format, Options};
    let report = estimate_text(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_security_group" "web" { name = "web" }
resource "aws_kinesis_stream" "jobs" { name = "jobs" }
resource "aws_foo_bar" "x" {}
resource "aws_s3_buckett" "logs" { bucket = "logs" }
resource "aws_cognito_identity_pool" "ids" { identity_pool_name = "ids" }
"#,
    );
    let find = |address: &str| {
        report.resources().find(|r| r.address == address).unwrap_or_else(|| panic!("{address}"))
    };
    let sg = find("aws_security_group.web");
    assert_eq!(
        (sg.bucket, sg.note.as_deref()),
        (Bucket::Free, Some("security groups have no charge"))
    );
    let sqs = find("aws_kinesis_stream.jobs");
    assert_eq!(sqs.bucket, Bucket::NotSupported);
    assert!(matches!(sqs.unsupported, Some(Unsupported::NotYet { .. })), "{:?}", sqs.unsupported);
    let typo = find("aws_s3_buckett.logs");
    assert_eq!(
        typo.unsupported,
        Some(Unsupported::UnknownType { closest: Some("aws_s3_bucket".into()) })
    );
    assert!(matches!(find("aws_foo_bar.x").unsupported, Some(Unsupported::UnknownType { .. })));
    assert_eq!(find("aws_cognito_identity_pool.ids").unsupported, Some(Unsupported::Unclassified));
    assert_eq!((report.summary.not_supported, report.summary.unknown_type), (4, 2));
    let codes: Vec<&str> = report.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "unknown-resource-type").count(), 2, "{codes:?}");
    for format in Format::ALL {
        for show_skipped in [false, true] {
            let text =
                format.render(&report, &Options { show_skipped, explain: false, width: None });
            // Markdown escapes `_` and backticks.
            let text = if format == Format::Markdown { text.replace('\\', "") } else { text };
            for expected in [
                "`aws_foo_bar` is not a resource type of the AWS provider 5.100.0, the newest \
                 costplan knows: a typo? Or a type added since",
                "`aws_s3_buckett` is not a resource type of the AWS provider 5.100.0, the newest \
                 costplan knows: a typo of `aws_s3_bucket`? Or a type added since",
                "`aws_kinesis_stream` is not supported yet: it costs money",
                "`aws_cognito_identity_pool` is not supported yet: its cost is not included",
            ] {
                assert!(
                    text.contains(expected),
                    "{format} (show_skipped {show_skipped}): no `{expected}`:\n{text}"
                );
            }
            if show_skipped || matches!(format, Format::Json | Format::Csv | Format::Html) {
                assert!(text.contains("security groups have no charge"), "{format}: {text}");
            }
        }
    }
    let table =
        Format::Table.render(&report, &Options { show_skipped: true, explain: false, width: None });
    assert!(
        table.contains("not supported yet (costs money)") && table.contains("unknown type"),
        "{table}"
    );
    assert!(table.contains("(2 of an unknown type)"), "{table}");
}

/// An arm64 function (1,024 MB, 2,048 MB ephemeral storage, 2M requests of 200 ms) priced as
/// AWS bills it in three regions, from the feed
/// (pricing-cache/feed/aws-price-watcher/processed/lambda.json.gz, 2025-04-17):
/// `Lambda Requests-ARM`, `Lambda Duration-ARM`, `Lambda Storage-Duration-ARM` per location.
/// GB-seconds: 2,000,000 × 0.2 s × 1 GB = 400,000; storage: 2,000,000 × 0.2 s × 1.5 GB =
/// 600,000.
#[test]
fn lambda_arm64_is_priced_as_aws_bills_it_in_three_regions() {
    use rust_decimal_macros::dec;
    let cases = [
        // us-east-1: $0.20 per 1M requests, $0.0000133334 per GB-s, $0.0000000309 per GB-s.
        ("us-east-1", dec!(0.40), dec!(5.33336), dec!(0.01854)),
        // EU (Frankfurt): 0.0000002, 0.0000133334, 0.0000000367.
        ("eu-central-1", dec!(0.40), dec!(5.33336), dec!(0.02202)),
        // Africa (Cape Town): 0.00000027, 0.00001768, 0.0000000404.
        ("af-south-1", dec!(0.54), dec!(7.072), dec!(0.02424)),
    ];
    for (region, requests, duration, storage) in cases {
        let report = estimate_with_usage_values(
            &format!(
                r#"
provider "aws" {{ region = "{region}" }}
resource "aws_lambda_function" "f" {{
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  architectures = ["arm64"]
  memory_size   = 1024
  ephemeral_storage {{ size = 2048 }}
}}
"#
            ),
            &[
                ("aws_lambda_function.f", "monthly_requests", "2000000"),
                ("aws_lambda_function.f", "request_duration_ms", "200"),
            ],
        );
        assert_eq!(
            costs_by_id(&report, "aws_lambda_function.f"),
            vec![
                ("lambda.requests".to_string(), Some(requests)),
                ("lambda.duration".to_string(), Some(duration)),
                ("lambda.ephemeral_storage".to_string(), Some(storage)),
            ],
            "{region}"
        );
        assert_eq!(report.totals.monthly, requests + duration + storage, "{region}");
    }
}

/// Past 6 billion GB-seconds a month, x86 duration moves to the second tier (us-east-1 feed:
/// `Lambda Duration` $0.0000166667 up to 6 billion, `Lambda Duration Tier2` $0.000015 to 15
/// billion). 100M requests × 10 s × 10 GB = 10 billion GB-seconds:
/// 6e9 × 0.0000166667 = 100,000.2 and 4e9 × 0.000015 = 60,000.
#[test]
fn lambda_duration_crosses_its_tiers() {
    use rust_decimal_macros::dec;
    let report = estimate_with_usage_values(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_lambda_function" "big" {
  function_name = "big"
  role          = "arn:aws:iam::123456789012:role/r"
  memory_size   = 10240
}
"#,
        &[
            ("aws_lambda_function.big", "monthly_requests", "100000000"),
            ("aws_lambda_function.big", "request_duration_ms", "10000"),
        ],
    );
    let costs = costs_by_id(&report, "aws_lambda_function.big");
    assert_eq!(costs[1], ("lambda.duration".to_string(), Some(dec!(160000.2))));
    // 100 × $0.20 per 1M requests.
    assert_eq!(costs[0], ("lambda.requests".to_string(), Some(dec!(20))));
}

/// Every region the feed prices Lambda, DynamoDB and API Gateway in resolves the queries the
/// resources make to exactly the feed's price (first tier), not only the three regions above.
#[test]
fn serverless_prices_resolve_to_the_feed_in_every_region() {
    use costplan::pricing::{Resolution, region, snapshot};
    type Processed = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing-cache");
    let files = snapshot::read_feed(&root).expect("feed");
    let file = |name: &str| -> Processed {
        let f = files.iter().find(|f| f.path.ends_with(name)).expect(name);
        serde_json::from_str(&f.text).expect("json")
    };
    let cat = Catalog::bundled();
    /// (feed file, label, service, usage type, attribute the query adds).
    type Check = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<(&'static str, &'static str)>,
    );
    let checks: [Check; 6] = [
        ("lambda.json.gz", "Lambda Requests-ARM", "AWSLambda", "Request-ARM", None),
        ("lambda.json.gz", "Lambda Duration", "AWSLambda", "Lambda-GB-Second", None),
        (
            "dynamodb.json.gz",
            "PayPerRequest Write Request Units",
            "AmazonDynamoDB",
            "WriteRequestUnits",
            Some(("tableClass", "Standard")),
        ),
        (
            "dynamodb.json.gz",
            "Provisioned Read Units IA",
            "AmazonDynamoDB",
            "IA-ReadCapacityUnit-Hrs",
            Some(("tableClass", "Standard-IA")),
        ),
        (
            "apigateway.json.gz",
            "ApiGatewayHttpApi First 300 million",
            "AmazonApiGateway",
            "ApiGatewayHttpRequest",
            None,
        ),
        (
            "apigateway.json.gz",
            "API Calls Number of up to 333 million",
            "AmazonApiGateway",
            "ApiGatewayRequest",
            None,
        ),
    ];
    let mut checked = 0;
    for (name, label, service, ut, attr) in checks {
        for (location, price) in &file(name)[label] {
            let Some(reg) = region::by_feed_location(location) else { continue };
            let mut q = PriceQuery::new(service, reg.code).usage_type(ut);
            if let Some((k, v)) = attr {
                q = q.attr(k, v);
            }
            match cat.resolve(&q) {
                Resolution::Found(p) => {
                    let want: rust_decimal::Decimal = price.parse().expect("price");
                    assert_eq!(p.tiers[0].usd, want.normalize(), "{label} {}", reg.code);
                    checked += 1;
                }
                other => panic!("{label} in {}: {other:?}", reg.code),
            }
        }
    }
    assert!(checked > 180, "only {checked} region prices checked");
}

/// Aurora Standard storage and I/O come from the feed in every region, not only the hand
/// table's us-east-1 (an Aurora cluster outside us-east-1 had both lines "price not found").
/// Prices: pricing-cache/feed/aws-price-watcher/processed/rds-storage.json.gz, EU (Ireland):
/// `Database Storage Single AZ General Purpose-Aurora` $0.11 per GB-month, `System Operation`
/// $0.00000022 per request ($0.22 per million).
#[test]
fn aurora_storage_and_io_are_priced_outside_us_east_1() {
    use rust_decimal_macros::dec;
    let report = estimate_with_usage(
        r#"
provider "aws" { region = "eu-west-1" }
resource "aws_rds_cluster" "db" {
  cluster_identifier = "db"
  engine             = "aurora-postgresql"
}
"#,
        r#"{"values": {"aws_rds_cluster.db": {
            "storage_gb": {"value": "100", "source": "explicit", "formula": ""},
            "monthly_io_requests": {"value": "10000000", "source": "explicit", "formula": ""}}}}"#,
    );
    // 100 GB × $0.11 = $11.00.
    let storage = line(&report, "aws_rds_cluster.db", "aurora.storage");
    assert_eq!((storage.quantity, storage.monthly_cost), (Some(dec!(100)), Some(dec!(11.00))));
    // 10,000,000 requests = 10 (1M requests) × $0.22 = $2.20.
    let io = line(&report, "aws_rds_cluster.db", "aurora.io_requests");
    assert_eq!((io.quantity, io.monthly_cost), (Some(dec!(10)), Some(dec!(2.20))));
    assert_eq!(report.summary.price_not_found, 0, "{:?}", report.warnings);
}

/// Infracost's `capacity` usage of an `aws_appautoscaling_target` is the count the target scales
/// its resource to (issue 20 item 3: costplan ignored it, and Infracost's own ElastiCache test
/// file priced 16 nodes where the file says 40). Without it, `min_capacity` stays a floor. A
/// target refers to its table by reference: two tables of the same name are not confused.
/// Prices, us-east-1: pricing-cache/feed/aws-price-watcher/processed/elasticache.json.gz `OnDemand
/// Cache Instance Memory optimized cache r6g.large Redis Current Generation` 0.206 per node-hour;
/// dynamodb.json.gz `Provisioned Read Units` 0.00013 per RCU-hour.
#[test]
fn an_autoscaling_targets_capacity_is_the_count_it_scales_to() {
    use rust_decimal_macros::dec;
    let main_tf = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id    = "cache"
  description             = "cache"
  node_type               = "cache.r6g.large"
  num_node_groups         = 2
  replicas_per_node_group = 1
}

resource "aws_appautoscaling_target" "shards" {
  service_namespace  = "elasticache"
  resource_id        = "replication-group/${aws_elasticache_replication_group.cache.replication_group_id}"
  scalable_dimension = "elasticache:replication-group:NodeGroups"
  min_capacity       = 3
  max_capacity       = 10
}

resource "aws_appautoscaling_target" "replicas" {
  service_namespace  = "elasticache"
  resource_id        = "replication-group/${aws_elasticache_replication_group.cache.replication_group_id}"
  scalable_dimension = "elasticache:replication-group:Replicas"
  min_capacity       = 2
  max_capacity       = 5
}

resource "aws_dynamodb_table" "a" {
  name           = "scores"
  hash_key       = "id"
  read_capacity  = 30
  write_capacity = 20
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "b" {
  name           = "scores"
  hash_key       = "id"
  read_capacity  = 30
  write_capacity = 20
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_appautoscaling_target" "b_read" {
  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.b.name}"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  min_capacity       = 8
  max_capacity       = 100
}
"#;
    let report = estimate_with_usage_values(
        main_tf,
        &[
            ("aws_appautoscaling_target.shards", "capacity", "5"),
            ("aws_appautoscaling_target.b_read", "capacity", "76"),
        ],
    );
    // 5 node groups (capacity) × (1 + 2 replicas, min_capacity above the configured 1) = 15
    // nodes × 730 h = 10,950 h × 0.206 = 2,255.70.
    let nodes = line(&report, "aws_elasticache_replication_group.cache", "elasticache.node");
    assert_eq!((nodes.quantity, nodes.monthly_cost), (Some(dec!(10950)), Some(dec!(2255.70))));
    let how = nodes.formula.unwrap_or_default();
    assert!(how.contains("capacity of aws_appautoscaling_target.shards"), "{how}");
    // Table b reads at the target's capacity: 76 × 730 = 55,480 RCU-hours × 0.00013 = 7.2124;
    // table a, of the same name, keeps its own 30: 21,900 × 0.00013 = 2.847.
    let b = line(&report, "aws_dynamodb_table.b", "dynamodb.read_capacity");
    assert_eq!((b.quantity, b.monthly_cost), (Some(dec!(55480)), Some(dec!(7.2124))));
    let a = line(&report, "aws_dynamodb_table.a", "dynamodb.read_capacity");
    assert_eq!((a.quantity, a.monthly_cost), (Some(dec!(21900)), Some(dec!(2.847))));

    // Without the usage, the targets' min_capacity is a floor: 3 × (1 + 2) = 9 nodes ×
    // 730 h × 0.206 = 1,353.42; table b at min_capacity 8 < 30 configured: 30 stays.
    let report = estimate_with_usage_values(main_tf, &[]);
    let nodes = line(&report, "aws_elasticache_replication_group.cache", "elasticache.node");
    assert_eq!(nodes.monthly_cost, Some(dec!(1353.42)));
    let b = line(&report, "aws_dynamodb_table.b", "dynamodb.read_capacity");
    assert_eq!(b.monthly_cost, Some(dec!(2.847)));
}

/// S3 Select data scanned and returned are priced per class (issue 20 item 3: the keys of
/// Infracost's usage files were ignored; its own S3 test prices Standard at $20.00 + $7.00 for
/// 10,000 GB each). pricing-cache/feed/aws-price-watcher/processed/s3.json.gz, US East (N.
/// Virginia) and EU (Ireland) alike: `Data Scanned by S3 Select in Standard per GB` 0.002,
/// `Data Returned by S3 Select in Standard per GB` 0.0007, `... in Standard Infrequent Access
/// per GB` 0.002 and 0.01.
#[test]
fn s3_select_data_scanned_and_returned_are_priced_per_class() {
    use rust_decimal_macros::dec;
    for region in ["us-east-1", "eu-west-1"] {
        let report = estimate_with_usage_values(
            &format!(
                "provider \"aws\" {{ region = \"{region}\" }}\nresource \"aws_s3_bucket\" \"b\" {{ bucket = \"b\" }}\n"
            ),
            &[
                ("aws_s3_bucket.b", "standard.storage_gb", "1"),
                ("aws_s3_bucket.b", "standard.monthly_select_data_scanned_gb", "10000"),
                ("aws_s3_bucket.b", "standard.monthly_select_data_returned_gb", "10000"),
                (
                    "aws_s3_bucket.b",
                    "standard_infrequent_access.monthly_select_data_scanned_gb",
                    "30000",
                ),
                (
                    "aws_s3_bucket.b",
                    "standard_infrequent_access.monthly_select_data_returned_gb",
                    "30000",
                ),
            ],
        );
        let costs: Vec<_> = report
            .resources()
            .flat_map(|r| r.all_components())
            .filter(|c| c.id.starts_with("s3.select"))
            .map(|c| (c.id.as_str(), c.monthly_cost))
            .collect();
        // 10,000 × 0.002 = 20.00; 10,000 × 0.0007 = 7.00; 30,000 × 0.002 = 60.00;
        // 30,000 × 0.01 = 300.00.
        assert_eq!(
            costs,
            [
                ("s3.select.scanned", Some(dec!(20.000))),
                ("s3.select.returned", Some(dec!(7.0000))),
                ("s3.select.scanned", Some(dec!(60.000))),
                ("s3.select.returned", Some(dec!(300.00))),
            ],
            "{region}"
        );
    }
}

/// Prices of the EFS, MemoryDB, RDS Proxy and EKS tests below, per region, from the feed
/// (pricing-cache/feed/aws-price-watcher/processed/, labels quoted), written out by hand.
struct Rates {
    region: &'static str,
    /// efs.json.gz `General Purpose Storage GB Mo`, `Infrequent Access ET Storage GB Mo`,
    /// `Infrequent Access Requests Read per GB` (= `... Write per GB`), `Throughput
    /// Provisioned`, `EFS Storage Requests Read per GB`, `EFS Storage Requests Write per GB`.
    efs: [rust_decimal::Decimal; 6],
    /// memorydb.json.gz `[Memory optimized Nodes] db r6g.large ...` (Redis OSS), `[Memory
    /// optimized Valkey Nodes] db r6g.large ...`, `Data Written per GB`, `Amazon S3 per GB-Mo`.
    memorydb: [rust_decimal::Decimal; 4],
    /// rds-proxy.json.gz `RDSProxy`, `RDSProxy Aurora PostgreSQL Hrs`, `RDSProxy Aurora
    /// PostgreSQL ACU-Hr`.
    proxy: [rust_decimal::Decimal; 3],
}

const RATES: [Rates; 2] = {
    use rust_decimal_macros::dec;
    [
        Rates {
            region: "us-east-1",
            efs: [dec!(0.30), dec!(0.016), dec!(0.01), dec!(6.0), dec!(0.03), dec!(0.06)],
            memorydb: [dec!(0.309), dec!(0.2163), dec!(0.20), dec!(0.021)],
            proxy: [dec!(0.015), dec!(0.015), dec!(0.015)],
        },
        Rates {
            region: "eu-west-2",
            efs: [dec!(0.33), dec!(0.020), dec!(0.011), dec!(6.6), dec!(0.03), dec!(0.07)],
            memorydb: [dec!(0.36), dec!(0.252), dec!(0.20), dec!(0.022)],
            proxy: [dec!(0.017), dec!(0.017), dec!(0.018)],
        },
    ]
};

/// EFS in us-east-1 and EU (London): a Regional file system with Infrequent Access (100 GB
/// Standard, 400 GB IA, 50 GB read and 10 GB written from IA), one with 50 MiB/s provisioned
/// over 200 GB (200 ÷ 20 = 10 MiB/s come with bursting: 40 MiB/s billed) and one on elastic
/// throughput (1,000 GB read, 200 GB written).
#[test]
fn efs_is_priced_as_aws_bills_it_in_two_regions() {
    for r in &RATES {
        let [std, ia, ia_access, provisioned, read, write] = r.efs;
        let report = estimate_with_usage_values(
            &format!(
                r#"
provider "aws" {{ region = "{}" }}
resource "aws_efs_file_system" "ia" {{
  lifecycle_policy {{ transition_to_ia = "AFTER_30_DAYS" }}
}}
resource "aws_efs_file_system" "pt" {{
  throughput_mode                 = "provisioned"
  provisioned_throughput_in_mibps = 50
}}
resource "aws_efs_file_system" "el" {{
  throughput_mode = "elastic"
}}
"#,
                r.region
            ),
            &[
                ("aws_efs_file_system.ia", "storage_gb", "100"),
                ("aws_efs_file_system.ia", "infrequent_access_storage_gb", "400"),
                ("aws_efs_file_system.ia", "monthly_infrequent_access_read_gb", "50"),
                ("aws_efs_file_system.ia", "monthly_infrequent_access_write_gb", "10"),
                ("aws_efs_file_system.pt", "storage_gb", "200"),
                ("aws_efs_file_system.el", "storage_gb", "0"),
                ("aws_efs_file_system.el", "monthly_elastic_read_gb", "1000"),
                ("aws_efs_file_system.el", "monthly_elastic_write_gb", "200"),
            ],
        );
        let d = rust_decimal::Decimal::from;
        assert_eq!(
            costs_by_id(&report, "aws_efs_file_system.ia"),
            vec![
                ("efs.storage".to_string(), Some(d(100) * std)),
                ("efs.storage.infrequent_access".to_string(), Some(d(400) * ia)),
                ("efs.read.infrequent_access".to_string(), Some(d(50) * ia_access)),
                ("efs.write.infrequent_access".to_string(), Some(d(10) * ia_access)),
            ],
            "{}",
            r.region
        );
        // 200 GB × std; (50 − 200 ÷ 20) = 40 MiB/s-months × provisioned.
        assert_eq!(
            costs_by_id(&report, "aws_efs_file_system.pt"),
            vec![
                ("efs.storage".to_string(), Some(d(200) * std)),
                ("efs.throughput.provisioned".to_string(), Some(d(40) * provisioned)),
            ],
            "{}",
            r.region
        );
        assert_eq!(
            costs_by_id(&report, "aws_efs_file_system.el")[1..],
            [
                ("efs.throughput.elastic_read".to_string(), Some(d(1000) * read)),
                ("efs.throughput.elastic_write".to_string(), Some(d(200) * write)),
            ],
            "{}",
            r.region
        );
    }
    // The figures, us-east-1: 30 + 6.4 + 0.5 + 0.1; 60 + 240; 30 + 12.
    let us = estimate_with_usage_values(
        "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_efs_file_system\" \"a\" {}\n",
        &[("aws_efs_file_system.a", "storage_gb", "100")],
    );
    assert_eq!(us.totals.monthly, rust_decimal_macros::dec!(30));
}

/// MemoryDB in us-east-1 and EU (London): Redis OSS, 2 shards × (1 + 1 replica) = 4 nodes of
/// db.r6g.large × 730 h = 2,920 node-hours; 100 GB written; 3 snapshots of 10 GB kept, one
/// free: 20 GB-months. Valkey, 1 shard × (1 + 2 replicas) = 3 nodes × 730 h = 2,190 node-hours.
/// us-east-1: 2,920 × 0.309 = 902.28; 100 × 0.20 = 20; 20 × 0.021 = 0.42; 2,190 × 0.2163 =
/// 473.697. London: 2,920 × 0.36 = 1,051.2; 20; 20 × 0.022 = 0.44; 2,190 × 0.252 = 551.88.
#[test]
fn memorydb_is_priced_as_aws_bills_it_in_two_regions() {
    use rust_decimal_macros::dec;
    let expected = [
        ("us-east-1", dec!(902.28), dec!(20), dec!(0.42), dec!(473.697)),
        ("eu-west-2", dec!(1051.2), dec!(20), dec!(0.44), dec!(551.88)),
    ];
    for (r, (region, nodes, written, snapshots, valkey)) in RATES.iter().zip(expected) {
        assert_eq!(r.region, region);
        let [redis_rate, valkey_rate, written_rate, snapshot_rate] = r.memorydb;
        // The written-out figures agree with the rates.
        assert_eq!(dec!(2920) * redis_rate, nodes);
        assert_eq!(dec!(100) * written_rate, written);
        assert_eq!(dec!(20) * snapshot_rate, snapshots);
        assert_eq!(dec!(2190) * valkey_rate, valkey);
        let report = estimate_with_usage_values(
            &format!(
                r#"
provider "aws" {{ region = "{region}" }}
resource "aws_memorydb_cluster" "redis" {{
  name                     = "redis"
  acl_name                 = "open-access"
  node_type                = "db.r6g.large"
  num_shards               = 2
  snapshot_retention_limit = 3
}}
resource "aws_memorydb_cluster" "valkey" {{
  name                   = "valkey"
  acl_name               = "open-access"
  engine                 = "valkey"
  node_type              = "db.r6g.large"
  num_replicas_per_shard = 2
}}
"#
            ),
            &[
                ("aws_memorydb_cluster.redis", "monthly_data_written_gb", "100"),
                ("aws_memorydb_cluster.redis", "snapshot_storage_size_gb", "10"),
                ("aws_memorydb_cluster.valkey", "monthly_data_written_gb", "100"),
            ],
        );
        assert_eq!(
            costs_by_id(&report, "aws_memorydb_cluster.redis"),
            vec![
                ("memorydb.node".to_string(), Some(nodes)),
                ("memorydb.data_written".to_string(), Some(written)),
                ("memorydb.snapshot".to_string(), Some(snapshots)),
            ],
            "{region}"
        );
        // Valkey: the first 10 TB written are free (`Data Written per GB-Mo Valkey 0 to 10000`).
        assert_eq!(
            costs_by_id(&report, "aws_memorydb_cluster.valkey"),
            vec![
                ("memorydb.node".to_string(), Some(valkey)),
                ("memorydb.data_written".to_string(), Some(dec!(0))),
            ],
            "{region}"
        );
    }
}

/// The proxy Terraform for the RDS Proxy tests: a PostgreSQL instance of `class` and an Aurora
/// PostgreSQL cluster of two db.r6g.xlarge (4 vCPUs each) and one Serverless v2 instance, each
/// behind its own proxy.
fn proxy_tf(region: &str, class: &str) -> String {
    format!(
        r#"
provider "aws" {{ region = "{region}" }}
resource "aws_db_instance" "pg" {{
  identifier        = "pg"
  engine            = "postgres"
  instance_class    = "{class}"
  allocated_storage = 20
}}
resource "aws_db_proxy" "pg" {{
  name          = "pg"
  engine_family = "POSTGRESQL"
}}
resource "aws_db_proxy_target" "pg" {{
  db_proxy_name          = aws_db_proxy.pg.name
  target_group_name      = "default"
  db_instance_identifier = aws_db_instance.pg.identifier
}}
resource "aws_rds_cluster" "aurora" {{
  cluster_identifier = "aurora"
  engine             = "aurora-postgresql"
  serverlessv2_scaling_configuration {{
    min_capacity = 0.5
    max_capacity = 16
  }}
}}
resource "aws_rds_cluster_instance" "a" {{
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.xlarge"
}}
resource "aws_rds_cluster_instance" "b" {{
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.xlarge"
}}
resource "aws_rds_cluster_instance" "flex" {{
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.serverless"
}}
resource "aws_db_proxy" "aurora" {{
  name          = "aurora"
  engine_family = "POSTGRESQL"
}}
resource "aws_db_proxy_target" "aurora" {{
  db_proxy_name         = aws_db_proxy.aurora.name
  target_group_name     = "default"
  db_cluster_identifier = aws_rds_cluster.aurora.cluster_identifier
}}
"#
    )
}

/// RDS Proxy in us-east-1 and EU (London), through the links proxy → target → database:
/// db.r6g.4xlarge (16 vCPUs) × 730 h = 11,680 vCPU-hours at `RDSProxy`; the Aurora cluster's
/// 2 × 4 vCPUs × 730 h = 5,840 vCPU-hours at `RDSProxy Aurora PostgreSQL Hrs`; its Serverless
/// v2 instance at 2 ACUs, below the 8-ACU minimum: 8 × 730 = 5,840 ACU-hours at `RDSProxy
/// Aurora PostgreSQL ACU-Hr`, and at 12 ACUs 12 × 730 = 8,760. A db.t4g.micro (2 vCPUs) is
/// charged its 2 vCPUs, the minimum.
/// us-east-1: 11,680 × 0.015 = 175.2; 5,840 × 0.015 = 87.6; 87.6; 8,760 × 0.015 = 131.4.
/// London: 11,680 × 0.017 = 198.56; 5,840 × 0.017 = 99.28; 5,840 × 0.018 = 105.12; 157.68.
#[test]
fn rds_proxy_is_priced_on_the_databases_behind_it_in_two_regions() {
    use rust_decimal_macros::dec;
    let expected = [
        ("us-east-1", dec!(175.2), dec!(87.6), dec!(87.6), dec!(131.4)),
        ("eu-west-2", dec!(198.56), dec!(99.28), dec!(105.12), dec!(157.68)),
    ];
    for (r, (region, instance, aurora, acu_min, acu_12)) in RATES.iter().zip(expected) {
        let [rds_rate, aurora_rate, acu_rate] = r.proxy;
        assert_eq!(
            (dec!(11680) * rds_rate, dec!(5840) * aurora_rate, dec!(5840) * acu_rate),
            (instance, aurora, acu_min)
        );
        assert_eq!(dec!(8760) * acu_rate, acu_12);
        for (acu, acu_cost) in [("2", acu_min), ("12", acu_12)] {
            let report = estimate_with_usage_values(
                &proxy_tf(region, "db.r6g.4xlarge"),
                &[("aws_rds_cluster_instance.flex", "capacity_units_per_hr", acu)],
            );
            assert_eq!(
                costs_by_id(&report, "aws_db_proxy.pg"),
                vec![("rds_proxy.vcpu".to_string(), Some(instance))],
                "{region}"
            );
            assert_eq!(
                costs_by_id(&report, "aws_db_proxy.aurora"),
                vec![
                    ("rds_proxy.vcpu".to_string(), Some(aurora)),
                    ("rds_proxy.acu".to_string(), Some(acu_cost)),
                ],
                "{region} {acu} ACU"
            );
        }
    }
    // db.t4g.micro: 2 vCPUs × 730 h × 0.015 = 21.9.
    let small = estimate_with_usage_values(&proxy_tf("us-east-1", "db.t4g.micro"), &[]);
    assert_eq!(line(&small, "aws_db_proxy.pg", "rds_proxy.vcpu").monthly_cost, Some(dec!(21.9)));
    // Without usage the Serverless v2 instance counts at the cluster's min_capacity (0.5 ACU),
    // floored at 8 ACUs, and a warning says so.
    assert_eq!(line(&small, "aws_db_proxy.aurora", "rds_proxy.acu").monthly_cost, Some(dec!(87.6)));
    assert!(
        small
            .warnings
            .iter()
            .any(|w| w.code == "usage-assumed" && w.message.contains("min_capacity")),
        "{:?}",
        small.warnings
    );
}

/// EKS in us-east-1 and EU (London), feed eks.json.gz: `Compute per Hours` 0.10 and `Compute
/// ExtendedSupport per Hours` 0.50 in both. Kubernetes 1.34: 730 × 0.10 = 73. 1.30 (standard
/// support ended 2025-07-23): 73 + 730 × 0.50 = 365. The same 1.30 with the STANDARD upgrade
/// policy: 73 only.
#[test]
fn eks_cluster_hours_and_extended_support_in_two_regions() {
    use rust_decimal_macros::dec;
    for region in ["us-east-1", "eu-west-2"] {
        let report = estimate_with_usage_values(
            &format!(
                r#"
provider "aws" {{ region = "{region}" }}
resource "aws_eks_cluster" "new" {{
  name    = "new"
  version = "1.34"
}}
resource "aws_eks_cluster" "old" {{
  name    = "old"
  version = "1.30"
}}
resource "aws_eks_cluster" "auto" {{
  name    = "auto"
  version = "1.30"
  upgrade_policy {{ support_type = "STANDARD" }}
}}
"#
            ),
            &[],
        );
        let cluster = ("eks.cluster".to_string(), Some(dec!(73)));
        assert_eq!(costs_by_id(&report, "aws_eks_cluster.new"), vec![cluster.clone()]);
        assert_eq!(
            costs_by_id(&report, "aws_eks_cluster.old"),
            vec![cluster.clone(), ("eks.extended_support".to_string(), Some(dec!(365)))],
            "{region}"
        );
        assert_eq!(costs_by_id(&report, "aws_eks_cluster.auto"), vec![cluster]);
    }
}

/// Bad input on the new resources: a clear line or warning naming the attribute, never a
/// default, never $0, never a panic.
#[test]
fn efs_memorydb_proxy_and_eks_bad_input_is_named_not_priced() {
    let report = estimate_with_usage_values(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_efs_file_system" "no_mibps" {
  throughput_mode = "provisioned"
}
resource "aws_efs_file_system" "negative" {
  throughput_mode                 = "provisioned"
  provisioned_throughput_in_mibps = -5
}
resource "aws_efs_file_system" "turbo" {
  throughput_mode = "turbo"
}
resource "aws_memorydb_cluster" "shards" {
  name       = "shards"
  node_type  = "db.r6g.large"
  num_shards = "lots"
}
resource "aws_memorydb_cluster" "typo" {
  name      = "typo"
  node_type = "db.r6g.lage"
}
resource "aws_memorydb_cluster" "valkey" {
  name      = "valkey"
  engine    = "valkey"
  node_type = "db.r6g.large"
}
resource "aws_db_proxy" "alone" {
  name          = "alone"
  engine_family = "MYSQL"
}
resource "aws_db_instance" "odd" {
  identifier     = "odd"
  engine         = "mysql"
  instance_class = "db.x9.weird"
}
resource "aws_db_proxy" "odd" {
  name          = "odd"
  engine_family = "MYSQL"
}
resource "aws_db_proxy_target" "odd" {
  db_proxy_name          = aws_db_proxy.odd.name
  target_group_name      = "default"
  db_instance_identifier = aws_db_instance.odd.identifier
}
resource "aws_eks_node_group" "lots" {
  cluster_name  = "c"
  node_group_name = "lots"
  instance_types = ["m5.large"]
  scaling_config {
    desired_size = "lots"
    min_size     = 1
    max_size     = 2
  }
}
resource "aws_eks_node_group" "m5" {
  cluster_name    = "c"
  node_group_name = "m5"
  instance_types  = ["m5.large"]
  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 2
  }
}
"#,
        &[("aws_memorydb_cluster.valkey", "monthly_data_written_gb", "20000")],
    );
    let warned = |address: &str, code: &str, text: &str| {
        report.warnings.iter().any(|w| {
            w.code == code && w.address.as_deref() == Some(address) && w.message.contains(text)
        })
    };
    let not_known = |address: &str, id: &str, text: &str| {
        let c = line(&report, address, id);
        assert_eq!((c.quantity, c.monthly_cost), (None, None), "{address}");
        let formula = c.formula.unwrap_or_default();
        assert!(formula.contains(text), "{address}: {formula}");
    };
    not_known(
        "aws_efs_file_system.no_mibps",
        "efs.throughput.provisioned",
        "provisioned_throughput_in_mibps",
    );
    assert!(warned(
        "aws_efs_file_system.negative",
        "invalid-value",
        "provisioned_throughput_in_mibps"
    ));
    assert!(warned("aws_efs_file_system.turbo", "unsupported-option", "turbo"));
    assert!(warned("aws_memorydb_cluster.shards", "invalid-value", "num_shards"));
    let typo = line(&report, "aws_memorydb_cluster.typo", "memorydb.node");
    assert!(matches!(typo.price_status, PriceStatus::NotFound { .. }), "{:?}", typo.price_status);
    not_known("aws_memorydb_cluster.valkey", "memorydb.data_written", "10,000 GB");
    not_known("aws_db_proxy.alone", "rds_proxy.vcpu", "no aws_db_proxy_target");
    not_known("aws_db_proxy.odd", "rds_proxy.vcpu", "db.x9.weird");
    assert!(warned("aws_eks_node_group.lots", "invalid-value", "desired_size"));
    // With the EC2 import the nodes are priced: 2 × 730 h × $0.096 (ec2.json.gz
    // `OnDemand Linux-instancetype-m5.large`, US East (N. Virginia)) = $140.16.
    let m5 = line(&report, "aws_eks_node_group.m5", "ec2.instance");
    assert_eq!(m5.monthly_cost, Some(rust_decimal_macros::dec!(140.16)), "{m5:?}");
    assert!(m5.name.contains("m5.large"), "{}", m5.name);
    assert!(report.summary.price_not_found >= 1, "{:?}", report.summary);
}

/// The node group's lookups use the AWS Price List's attributes for EC2 compute and EBS, so a
/// catalog that has those products (as the EC2 import will add) prices the group. Here a pricing
/// directory holding one m5.large product, at the feed's `OnDemand Linux-instancetype-m5.large`
/// price in US East (N. Virginia), $0.096 (the reference copy of aws-price-watcher's
/// `processed/ec2.json.gz`), and gp2 at $0.10 per GB-month (AWS's EBS pricing page,
/// us-east-1): 3 nodes × 730 h × 0.096 = $210.24; 3 × 50 GB × 0.10 = $15.
#[test]
fn eks_node_group_is_priced_once_the_catalog_has_ec2_prices() {
    use rust_decimal_macros::dec;
    let dir = tempfile::tempdir().expect("tempdir");
    let product = |sku: &str, family: &str, attrs: &str, unit: &str, usd: &str| {
        format!(
            r#"{{"sku": "{sku}", "productFamily": "{family}", "attributes": {{{attrs}, "location": "US East (N. Virginia)", "regionCode": "us-east-1", "servicecode": "AmazonEC2"}},
               "terms": {{"OnDemand": [{{"priceDimensions": [{{"unit": "{unit}", "usd": "{usd}", "beginRange": "0", "endRange": "Inf", "description": "test"}}]}}]}}}}"#
        )
    };
    let body = format!(
        r#"{{"formatVersion": 1, "serviceCode": "AmazonEC2", "region": "us-east-1", "location": "US East (N. Virginia)", "source": "price-list-api", "publicationDate": null, "fetchDate": "2026-12-07", "products": [{}, {}]}}"#,
        product(
            "EC2M5LARGE",
            "Compute Instance",
            r#""instanceType": "m5.large", "operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used", "usagetype": "BoxUsage:m5.large""#,
            "Hrs",
            "0.096"
        ),
        product(
            "EBSGP2",
            "Storage",
            r#""volumeApiName": "gp2", "usagetype": "EBS:VolumeUsage.gp2""#,
            "GB-Mo",
            "0.10"
        ),
    );
    std::fs::create_dir_all(dir.path().join("aws/AmazonEC2")).expect("mkdir");
    std::fs::write(dir.path().join("aws/AmazonEC2/us-east-1.json"), &body).expect("write");
    let sha = costplan::pricing::catalog::sha256_hex(body.as_bytes());
    let manifest = format!(
        r#"{{"formatVersion":1,"generator":"test","files":{{"aws/AmazonEC2/us-east-1.json":{{"serviceCode":"AmazonEC2","region":"us-east-1","source":"price-list-api","fetchDate":"2026-12-07","products":2,"priceDimensions":2,"sha256":"{sha}"}}}}}}"#
    );
    std::fs::write(dir.path().join("manifest.json"), manifest).expect("manifest");
    let catalog = Catalog::from_dir(dir.path()).expect("catalog");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resources/aws_eks_node_group");
    let loaded = terraform::load(&LoadOptions::new(&fixture)).expect("loads");
    let report = estimate(
        Configuration::from(&loaded),
        &Usage::default(),
        &catalog,
        &EstimateOptions::default(),
    )
    .expect("estimate");
    assert_eq!(
        costs_by_id(&report, "aws_eks_node_group.general"),
        vec![
            ("ec2.instance".to_string(), Some(dec!(210.24))),
            ("ebs.volume.gp2".to_string(), Some(dec!(15))),
        ]
    );
    // The Spot group's t3.medium is not in this catalog: "price not found", not $0.
    let t3 = line(&report, "aws_eks_node_group.spot", "ec2.instance");
    assert!(matches!(t3.price_status, PriceStatus::NotFound { .. }), "{:?}", t3.price_status);
}

/// Glacier Flexible Retrieval and Deep Archive retrievals, restore requests and early deletes
/// are priced (issue 20 item 3: Infracost's keys were "not priced" lines). 1,000 GB and 10,000
/// requests (10 × 1k) each. pricing-cache/feed/aws-price-watcher/processed/s3.json.gz, US East
/// (N. Virginia) / EU (Ireland): `Intelligent Tiering Frequent Access First 50 TB per GB Mo`
/// 0.023 / 0.023, `Glacier Storage per GB Mo` 0.0036 / 0.0036, `Glacier S3 API Tier 3
/// RestoreObject` 0.00005 / 0.000055, `Glacier S3 Standard Retrieval RestoreObject` 0.01 /
/// 0.01, `Glacier Expedited Glacier Restore Requests` 0.01 / 0.011, `Glacier S3 Expedited
/// Retrieval` 0.03 / 0.03; s3glacierdeeparchive.json.gz: `GDA Standard Restore Requests`
/// 0.0001 / 0.00011, `S3 Standard-Retrieval GB` 0.02 / 0.02, `Glacier Deep Archive Bulk
/// Restore Requests` 0.000025 / 0.000025, `S3 Bulk-Retrieval GB` 0.0025 / 0.003, `Glacier Deep
/// Archive GB Mo` 0.00099 / 0.00099. Early deletes are billed at the class's storage rate.
#[test]
fn s3_archive_retrievals_restore_requests_and_early_deletes_are_priced() {
    use rust_decimal_macros::dec;
    let b = "aws_s3_bucket.b";
    let usage = [
        (b, "intelligent_tiering.early_delete_gb", "1000"),
        (b, "glacier_flexible_retrieval.monthly_standard_data_retrieval_requests", "10000"),
        (b, "glacier_flexible_retrieval.monthly_standard_data_retrieval_gb", "1000"),
        (b, "glacier_flexible_retrieval.monthly_expedited_data_retrieval_requests", "10000"),
        (b, "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb", "1000"),
        (b, "glacier_flexible_retrieval.early_delete_gb", "1000"),
        (b, "glacier_deep_archive.monthly_standard_data_retrieval_requests", "10000"),
        (b, "glacier_deep_archive.monthly_standard_data_retrieval_gb", "1000"),
        (b, "glacier_deep_archive.monthly_bulk_data_retrieval_requests", "10000"),
        (b, "glacier_deep_archive.monthly_bulk_data_retrieval_gb", "1000"),
        (b, "glacier_deep_archive.early_delete_gb", "1000"),
    ];
    // (region, per-1k standard GFR restore requests, per-1k expedited GFR restore requests,
    // per-1k standard GDA restore requests, per-GB GDA bulk retrieval)
    for (region, expected) in [
        (
            "us-east-1",
            [
                dec!(23),   // IT early delete: 1,000 × 0.023
                dec!(0.50), // GFR standard requests: 10 × (0.00005 × 1,000)
                dec!(10),   // GFR standard GB: 1,000 × 0.01
                dec!(100),  // GFR expedited requests: 10 × (0.01 × 1,000)
                dec!(30),   // GFR expedited GB: 1,000 × 0.03
                dec!(3.6),  // GFR early delete: 1,000 × 0.0036
                dec!(1.0),  // GDA standard requests: 10 × (0.0001 × 1,000)
                dec!(20),   // GDA standard GB: 1,000 × 0.02
                dec!(0.25), // GDA bulk requests: 10 × (0.000025 × 1,000)
                dec!(2.5),  // GDA bulk GB: 1,000 × 0.0025
                dec!(0.99), // GDA early delete: 1,000 × 0.00099
            ],
        ),
        (
            "eu-west-1",
            [
                dec!(23),
                dec!(0.55), // 10 × (0.000055 × 1,000)
                dec!(10),
                dec!(110), // 10 × (0.011 × 1,000)
                dec!(30),
                dec!(3.6),
                dec!(1.1), // 10 × (0.00011 × 1,000)
                dec!(20),
                dec!(0.25),
                dec!(3.0), // 1,000 × 0.003
                dec!(0.99),
            ],
        ),
    ] {
        let report = estimate_with_usage_values(
            &format!(
                "provider \"aws\" {{ region = \"{region}\" }}\nresource \"aws_s3_bucket\" \"b\" {{ bucket = \"b\" }}\n"
            ),
            &usage,
        );
        let costs: Vec<_> = report
            .resources()
            .flat_map(|r| r.all_components())
            .filter(|c| {
                c.id.starts_with("s3.retrieval.")
                    || c.id.starts_with("s3.restore_requests.")
                    || c.id == "s3.early_delete"
            })
            .map(|c| c.monthly_cost)
            .collect();
        let expected: Vec<_> = expected.into_iter().map(Some).collect();
        assert_eq!(costs, expected, "{region}");
        assert!(
            report.resources().flat_map(|r| r.all_components()).all(|c| c.id != "usage.not_priced"),
            "{region}: every key is priced"
        );
    }
}

/// Infracost's `rule_group_rules` and `managed_rule_group_rules` are billed as more rules at the
/// rule rate (issue 20 item 3: they were "not priced" lines). pricing-cache/feed/
/// aws-price-watcher/processed/waf.json.gz, US East (N. Virginia): `Rules added per WebACL per
/// month` 1.00. Two `rule` blocks (2 × 1.00 = 2.00), 5 rule-group rules (5 × 1.00 = 5.00),
/// 10 managed rule-group rules (10 × 1.00 = 10.00), as Infracost's own WAFv2 test counts them.
#[test]
fn wafv2_rule_group_rules_are_billed_as_rules() {
    use rust_decimal_macros::dec;
    let acl = "aws_wafv2_web_acl.a";
    let report = estimate_with_usage_values(
        r#"provider "aws" { region = "us-east-1" }
resource "aws_wafv2_web_acl" "a" {
  name  = "a"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "group"
    priority = 1
    statement {
      rule_group_reference_statement {
        arn = "arn:aws:wafv2:us-east-1:123456789012:regional/rulegroup/g/abc"
      }
    }
  }
  rule {
    name     = "managed"
    priority = 2
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
  }
}
"#,
        &[(acl, "rule_group_rules", "5"), (acl, "managed_rule_group_rules", "10")],
    );
    assert_eq!(line(&report, acl, "waf.rules").monthly_cost, Some(dec!(2)));
    assert_eq!(line(&report, acl, "waf.rule_group_rules").monthly_cost, Some(dec!(5)));
    assert_eq!(line(&report, acl, "waf.managed_rule_group_rules").monthly_cost, Some(dec!(10)));
    assert!(
        report.resources().flat_map(|r| r.all_components()).all(|c| c.id != "usage.not_priced")
    );
}

/// Provisioned concurrency whose function is not in the configuration takes Infracost's
/// `memory_mb`, `architecture`, `monthly_duration_hrs`, `monthly_requests` and
/// `request_duration_ms` (issue 20 item 3: they were "not priced" lines). Infracost's own test:
/// 50 executions, 512 MB arm64, 100 h, 10M requests of 350 ms. pricing-cache/feed/
/// aws-price-watcher/processed/lambda.json.gz, US East (N. Virginia): `Lambda
/// Provisioned-Concurrency-ARM` 0.0000033334, `Lambda Requests-ARM` 0.0000002, `Lambda
/// Duration-Provisioned-ARM` 0.0000077778.
#[test]
fn lambda_provisioned_concurrency_without_its_function_reads_infracost_usage() {
    use rust_decimal_macros::dec;
    let pc = "aws_lambda_provisioned_concurrency_config.p";
    let report = estimate_with_usage_values(
        r#"provider "aws" { region = "us-east-1" }
resource "aws_lambda_provisioned_concurrency_config" "p" {
  function_name                     = "elsewhere"
  provisioned_concurrent_executions = 50
  qualifier                         = "1"
}
"#,
        &[
            (pc, "memory_mb", "512"),
            // `architecture: arm64` in a usage file (tests/usage/files.rs reads it as 1).
            (pc, "architecture", "1"),
            (pc, "monthly_duration_hrs", "100"),
            (pc, "monthly_requests", "10000000"),
            (pc, "request_duration_ms", "350"),
        ],
    );
    // 50 × 512 ÷ 1,024 × 100 h × 3,600 s = 9,000,000 GB-s × 0.0000033334 = 30.0006
    assert_eq!(
        line(&report, pc, "lambda.provisioned_concurrency").monthly_cost,
        Some(dec!(30.0006))
    );
    // 10,000,000 ÷ 1,000,000 = 10 × (0.0000002 × 1,000,000) = 2.00
    assert_eq!(
        line(&report, pc, "lambda.provisioned_concurrency.requests").monthly_cost,
        Some(dec!(2))
    );
    // 10,000,000 × 350 ms × 512 ÷ 1,024 ÷ 1,000 = 1,750,000 GB-s × 0.0000077778 = 13.61115
    assert_eq!(
        line(&report, pc, "lambda.provisioned_concurrency.duration").monthly_cost,
        Some(dec!(13.61115))
    );
    assert!(
        report.resources().flat_map(|r| r.all_components()).all(|c| c.id != "usage.not_priced")
    );
    assert!(!report.warnings.iter().any(|w| w.code == "usage-assumed"), "{:?}", report.warnings);
}

/// Every query key a usage file gives a record is priced, at its own routing policy's rate, as
/// Infracost prices them (its route53_record test: $1,955.00); before, a simple record read only
/// `monthly_standard_queries` and dropped the others silently ($420.00). Prices, global
/// (pricing-cache/feed/aws-price-watcher/processed/route53.json.gz, location none): `Query
/// Standard External first 1B` 0.0000004 / `over 1B` 0.0000002, `Query Latency Based Routing
/// External first 1B` 0.0000006 / `over 1B` 0.0000003, `Query Geo DNS External first 1B`
/// 0.0000007 / `over 1B` 0.00000035 per query.
#[test]
fn every_query_key_given_to_a_record_is_priced_at_its_policy_rate() {
    use rust_decimal_macros::dec;
    let report = estimate_with_usage_values(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_route53_zone" "z" { name = "example.com" }
resource "aws_route53_record" "r" {
  zone_id = aws_route53_zone.z.zone_id
  name    = "www.example.com"
  type    = "A"
  ttl     = 300
  records = ["192.0.2.1"]
}
"#,
        &[
            ("aws_route53_record.r", "monthly_standard_queries", "1100000000"),
            ("aws_route53_record.r", "monthly_latency_based_queries", "1200000000"),
            ("aws_route53_record.r", "monthly_geo_queries", "1500000000"),
        ],
    );
    let r = report.resources().find(|r| r.address == "aws_route53_record.r").expect("record");
    let costs: Vec<_> = r.components.iter().map(|c| (c.name.as_str(), c.monthly_cost)).collect();
    // Standard: 1,000M × 0.40/M + 100M × 0.20/M = 420; latency: 1,000 × 0.60 + 200 × 0.30 =
    // 660; geo: 1,000 × 0.70 + 500 × 0.35 = 875. Total 1,955.
    assert_eq!(
        costs,
        [
            ("Standard queries", Some(dec!(420))),
            ("Latency-based queries", Some(dec!(660))),
            ("Geo DNS queries", Some(dec!(875))),
        ]
    );
    assert_eq!(r.monthly_cost, dec!(1955));
}

/// A reserved term given for an instance in a usage file is not priced on demand as if it had
/// not been said (Infracost's instance test gives 12 such instances): the snapshot has no EC2
/// reserved prices, so the line names the term and says "price not found".
#[test]
fn an_instance_with_a_reserved_term_is_not_priced_on_demand() {
    let report = estimate_with_usage(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_instance" "r" {
  ami           = "ami-12345678"
  instance_type = "t3.medium"
}
"#,
        r#"{"values": {}, "purchase": {"aws_instance.r": {"term": "one_year", "payment": "all_upfront"}}}"#,
    );
    let hours = line(&report, "aws_instance.r", "ec2.instance_hours");
    assert!(hours.name.contains("reserved 1yr All Upfront"), "{}", hours.name);
    assert!(matches!(hours.price_status, PriceStatus::NotFound { .. }), "{:?}", hours.price_status);
    assert_eq!(hours.monthly_cost, None);
}

/// A node group whose launch template sets its disks: the disks are not priced for node groups
/// yet, so they are a "not known" line and the total an "at least", never silently left out
/// (Infracost's node-group test prices them: $6.00 and $24.00 more than costplan had).
#[test]
fn a_node_group_with_a_launch_template_does_not_leave_its_disks_out() {
    let report = estimate_with_usage_values(
        r#"
provider "aws" { region = "us-east-1" }
resource "aws_launch_template" "lt" {
  name = "lt"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
    }
  }
}
resource "aws_eks_node_group" "ng" {
  cluster_name    = "c"
  node_group_name = "ng"
  instance_types  = ["m5.large"]
  scaling_config {
    desired_size = 3
    min_size     = 1
    max_size     = 3
  }
  launch_template {
    name    = aws_launch_template.lt.name
    version = "$Default"
  }
}
"#,
        &[],
    );
    let disks = line(&report, "aws_eks_node_group.ng", "ebs.volume.gp2");
    assert!(disks.name.contains("launch template"), "{}", disks.name);
    assert_eq!(disks.monthly_cost, None);
    let ng = report.resources().find(|r| r.address == "aws_eks_node_group.ng").expect("ng");
    assert!(ng.incomplete, "{ng:?}");
}
