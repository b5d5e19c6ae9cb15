//! Scenario files and Infracost usage files: schema, human numbers, errors, precedence.

use costplan::usage::{Payment, Profile, Term, UsageError, UsageSource, derive};
use rust_decimal_macros::dec;

use super::credlink::prod_instances;

fn err(text: &str) -> String {
    Profile::from_yaml(text, "s.yaml").unwrap_err().to_string()
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let e = err("requests: 100k\nmix:\n  api: {share: 100%\n");
    assert!(e.starts_with("s.yaml:"), "{e}");
    assert!(matches!(Profile::from_yaml("a: [", "s.yaml"), Err(UsageError::Yaml { .. })));
}

/// A 100,000-deep `[[[...]]]` took minutes in the YAML parser before failing; the nesting check
/// refuses it at once at the bracket past the limit (128), in scenario and usage files alike.
#[test]
fn deeply_nested_yaml_is_refused_at_its_line_and_column() {
    let deep = format!("requests: 100k\nmix: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let e = err(&deep);
    assert_eq!(
        e,
        "s.yaml:2:134: `[`/`{` nested more than 128 deep: costplan reads at most 128 levels"
    );
    let usage = format!("version: 0.1\nresource_usage: {}\n", "{a: ".repeat(200));
    let e = Profile::default_profile()
        .and_then(|p| p.with_usage_file_text(&usage, "u.yml"))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("u.yml:2:"), "{e}");
    assert!(e.contains("nested more than 128 deep"), "{e}");
}

#[test]
fn typos_are_errors_with_a_suggestion() {
    let e = err("requests: 100k\npeak_to_averge: 3\n");
    assert!(e.contains("s.yaml:2"), "{e}");
    assert!(e.contains("did you mean `peak_to_average`"), "{e}");
    let e = err("mix:\n  api:\n    share: 100%\n    reponse_kb: 4\n");
    assert!(e.contains("did you mean `response_kb`"), "{e}");
}

#[test]
fn negative_and_non_numeric_traffic_are_refused() {
    let e = err("requests: -5\n");
    assert!(e.contains("must not be negative"), "{e}");
    let e = err("requests: lots\n");
    assert!(e.contains("`lots`"), "{e}");
    let e = err("mix:\n  a: {share: 50%}\n  b: {share: 20%}\n");
    assert!(e.contains("add up to 70%"), "{e}");
}

#[test]
fn human_numbers_everywhere() {
    let p = Profile::from_yaml("requests: 50/s\ncapacity_per_task: 10/s\n", "s.yaml").unwrap();
    assert_eq!(p.requests.unwrap().per_month(dec!(730)), Ok(dec!(131400000)));
    assert_eq!(p.model.capacity_per_task, dec!(10));
    let p = Profile::from_yaml("requests: 2.5M\nmix:\n  x: {share: 1, response_kb: 1 MB}\n", "s")
        .unwrap();
    assert_eq!(p.model.mix[0].response_kb, dec!(1024));
}

#[test]
fn unknown_scenario_name_lists_the_built_ins() {
    let e = Profile::load("credlink-1m").unwrap_err().to_string();
    assert!(e.contains("`credlink-100k`"), "{e}");
}

const USAGE_FILE: &str = "\
version: 0.1
resource_type_default_usage:
  aws_nat_gateway:
    monthly_data_processed_gb: 1
resource_usage:
  module.vpc.aws_nat_gateway.this[*]:
    monthly_data_processed_gb: 50
  module.vpc.aws_nat_gateway.this[1]:
    monthly_data_processed_gb: 7
  aws_s3_bucket.proofs:
    standard:
      storage_gb: 2.5k
  aws_db_instance.this:
    reserved_instance_term: 1_year
    reserved_instance_payment_option: partial_upfront
  aws_kinesis_stream.other:
    monthly_requests: 1
";

#[test]
fn infracost_usage_file_overrides_with_wildcards_and_precedence() {
    let p = Profile::builtin("credlink-100k")
        .unwrap()
        .with_usage_file_text(USAGE_FILE, "infracost-usage.yml")
        .unwrap();
    let u = derive(&p, &prod_instances()).unwrap();
    let nat0 = u.get("module.vpc.aws_nat_gateway.this[0]", "monthly_data_processed_gb").unwrap();
    assert_eq!((nat0.value, nat0.source), (dec!(50), UsageSource::Explicit));
    assert!(nat0.formula.contains("infracost-usage.yml:7"), "{}", nat0.formula);
    let nat1 = u.get("module.vpc.aws_nat_gateway.this[1]", "monthly_data_processed_gb").unwrap();
    assert_eq!(nat1.value, dec!(7));
    assert_eq!(u.get("aws_s3_bucket.proofs", "standard.storage_gb").unwrap().value, dec!(2500));
    let rds = u.purchase("aws_db_instance.this").unwrap();
    assert_eq!((rds.term, rds.payment), (Some(Term::OneYear), Some(Payment::PartialUpfront)));
    assert!(u.warnings.iter().any(|w| w.code == "usage-type-unsupported"));
}

/// An Infracost usage file is accepted as is: a key costplan does not read (a typo, or a key
/// of Infracost's it does not use) is a `usage-key-unknown` warning naming file:line and the
/// closest key, never a rejected file; a bad value of a key it reads is still an error.
#[test]
fn unknown_usage_key_is_a_warning_with_line_and_suggestion() {
    let text =
        "version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n    monthly_data_procesed_gb: 5\n";
    let p = Profile::default_profile().unwrap().with_usage_file_text(text, "u.yml").unwrap();
    let w: Vec<&str> = p
        .warnings
        .iter()
        .filter(|w| w.code == "usage-key-unknown")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("u.yml:4:"), "{}", w[0]);
    assert!(w[0].contains("did you mean `monthly_data_processed_gb`"), "{}", w[0]);
    let e = Profile::default_profile()
        .unwrap()
        .with_usage_file_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: -1\n", "u.yml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("negative"), "{e}");
    // In a scenario (costplan's own format) an unknown key stays an error.
    let e = err("resources:\n  aws_nat_gateway.main:\n    monthly_data_procesed_gb: 5\n");
    assert!(e.contains("did you mean `monthly_data_processed_gb`"), "{e}");
}

/// A value given for a key costplan does not read cannot drop out of the total silently:
/// Infracost's own S3 test file gives `object_tags` (and gave S3 Select keys, read since), and
/// the bucket's total looked complete without them. Each resource the value applies to keeps it (a
/// zero costs nothing and is not kept), with the file:line of that very key: nested keys are
/// found under their own parent (`glacier_flexible_retrieval.storage_gb` is line 8, not the
/// `storage_gb` of line 5).
#[test]
fn values_of_keys_costplan_does_not_read_are_kept_per_resource_with_their_own_line() {
    use costplan::usage::IgnoredValue;
    let text = "version: 0.1
resource_usage:
  aws_s3_bucket.proofs:
    standard:
      storage_gb: 10
    object_tags: 100
    glacier_flexible_retrieval:
      storage_gb: 20
      early_delete_gb: 0
  module.vpc.aws_nat_gateway.this[*]:
    monthly_data_procesed_gb: 5
";
    let p = Profile::default_profile().unwrap().with_usage_file_text(text, "u.yml").unwrap();
    let u = derive(&p, &prod_instances()).unwrap();
    let given = |key: &str, value: &str, origin: &str| IgnoredValue {
        key: key.into(),
        value: value.into(),
        origin: origin.into(),
    };
    assert_eq!(u.ignored("aws_s3_bucket.proofs"), [given("object_tags", "100", "u.yml:6")]);
    for nat in ["module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_nat_gateway.this[1]"] {
        assert_eq!(u.ignored(nat), [given("monthly_data_procesed_gb", "5", "u.yml:11")]);
    }
    let glacier = u.get("aws_s3_bucket.proofs", "glacier_flexible_retrieval.storage_gb").unwrap();
    assert!(glacier.formula.contains("u.yml:8"), "{}", glacier.formula);
    let standard = u.get("aws_s3_bucket.proofs", "standard.storage_gb").unwrap();
    assert!(standard.formula.contains("u.yml:5"), "{}", standard.formula);
}

/// Infracost's legacy reservation types (`heavy_utilization` ... of old ElastiCache classes) are
/// read, not refused: the reserved price then resolves or says "price not found".
#[test]
fn legacy_reservation_payment_options_are_read() {
    let text = "version: 0.1\nresource_usage:\n  aws_elasticache_replication_group.this:\n    reserved_instance_term: 1_year\n    reserved_instance_payment_option: heavy_utilization\n";
    let p = Profile::default_profile().unwrap().with_usage_file_text(text, "u.yml").unwrap();
    let u = derive(&p, &prod_instances()).unwrap();
    let purchase = u.purchase("aws_elasticache_replication_group.this").unwrap();
    assert_eq!(purchase.payment, Some(Payment::HeavyUtilization));
    assert_eq!(Payment::HeavyUtilization.label(), "Heavy Utilization");
}

/// Infracost's `capacity` of the `aws_appautoscaling_target` scaling an ECS service is the
/// service's task count (a usage file written for Infracost prices the tasks it says), unless
/// the service's own `desired_count` is given.
#[test]
fn an_autoscaling_targets_capacity_is_the_services_task_count() {
    let text = "version: 0.1\nresource_usage:\n  aws_appautoscaling_target.api:\n    capacity: 6\n";
    let p = Profile::from_cli(Some("credlink-100k"), None, None, dec!(730))
        .unwrap()
        .with_usage_file_text(text, "u.yml")
        .unwrap();
    let u = derive(&p, &prod_instances()).unwrap();
    let tasks = u.get("aws_ecs_service.api", "desired_count").unwrap();
    assert_eq!((tasks.value, tasks.source), (dec!(6), UsageSource::Explicit));
    assert!(
        tasks.formula.contains("aws_appautoscaling_target.api")
            && tasks.formula.contains("u.yml:4"),
        "{}",
        tasks.formula
    );
    let own = format!("{text}  aws_ecs_service.api:\n    desired_count: 3\n");
    let p = Profile::default_profile().unwrap().with_usage_file_text(&own, "u.yml").unwrap();
    let u = derive(&p, &prod_instances()).unwrap();
    assert_eq!(u.get("aws_ecs_service.api", "desired_count").unwrap().value, dec!(3));
}

#[test]
fn scenario_purchase_options() {
    let text = "purchase:\n  aws_ecs_service.api: {spot_share: 50%}\n  aws_elasticache_replication_group.this: {term: 3yr, payment: no_upfront}\n";
    let u = derive(&Profile::from_yaml(text, "s.yaml").unwrap(), &prod_instances()).unwrap();
    assert_eq!(u.purchase("aws_ecs_service.api").unwrap().spot_share, Some(dec!(0.5)));
    assert_eq!(
        u.purchase("aws_elasticache_replication_group.this").unwrap().term,
        Some(Term::ThreeYear)
    );
    let e = err("purchase:\n  aws_db_instance.this: {term: 1yr}\n");
    assert!(e.contains("needs a payment option"), "{e}");
}

#[test]
fn every_builtin_scenario_loads() {
    for (name, _) in costplan::usage::scenario::BUILTIN {
        Profile::builtin(name).unwrap();
    }
}

#[test]
fn command_line_profile() {
    let p = Profile::from_cli(Some("credlink-100k"), Some("10M"), None, dec!(720)).unwrap();
    assert_eq!(p.requests.unwrap().per_month(p.hours_per_month), Ok(dec!(10000000)));
    assert_eq!(p.hours_per_month, dec!(720));
    let p = Profile::from_cli(None, Some("50/s"), None, dec!(730)).unwrap();
    assert_eq!(p.derived_source, UsageSource::Default);
    let e = Profile::from_cli(None, Some("-3"), None, dec!(730)).unwrap_err().to_string();
    assert!(e.contains("--requests") && e.contains("negative"), "{e}");
    let e = Profile::from_cli(Some("no/such/file.yaml"), None, None, dec!(730)).unwrap_err();
    assert!(e.to_string().contains("no/such/file.yaml"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, "requests: 1M\nmix:\n  api: {share: 100%, reponse_kb: 2}\n").unwrap();
    let e = Profile::from_cli(file.to_str(), None, None, dec!(730)).unwrap_err().to_string();
    assert!(e.contains("s.yaml:3") && e.contains("did you mean `response_kb`"), "{e}");
}

#[test]
fn error_messages_read_well() {
    let msgs = [
        err("requests: 100k\npeak_to_averge: 3\n"),
        err("mix:\n  api: {share: 100%, reponse_kb: 2}\n"),
        err("requests: [1, 2]\n"),
        err("requests: 100k\nmix:\n  api: {share: 100%\n"),
    ];
    insta::assert_snapshot!(msgs.join("\n"));
}

/// `version: 2` in a scenario and `version: 9.9` in a usage file used to be accepted silently.
#[test]
fn unsupported_versions_are_refused_naming_file_line_and_key() {
    let e = err("requests: 100k\nversion: 2\n");
    assert!(e.starts_with("s.yaml:2: `version`") && e.contains("version 1"), "{e}");
    assert!(Profile::from_yaml("version: 1\nrequests: 100k\n", "s.yaml").is_ok());

    let usage = |text: &str| {
        Profile::default_profile().unwrap().with_usage_file_text(text, "usage.yml").map(|_| ())
    };
    let e = usage("version: 9.9\nresource_usage: {}\n").unwrap_err().to_string();
    assert!(e.starts_with("usage.yml:1: `version`") && e.contains("`9.9`"), "{e}");
    assert!(e.contains("0.1"), "{e}");
    let e = usage("version: abc\n").unwrap_err().to_string();
    assert!(e.contains("`abc`"), "{e}");
    usage("version: 0.1\nresource_usage: {}\n").unwrap();
    usage("version: \"0.1\"\n").unwrap();
}

/// Infracost's `endpoint_type` of a health check is read whatever its case (its own test file
/// writes `Non_AWS`).
#[test]
fn endpoint_type_is_read_whatever_its_case() {
    for (text, want) in
        [("aws", dec!(1)), ("AWS", dec!(1)), ("non_aws", dec!(0)), ("Non_AWS", dec!(0))]
    {
        let file = format!(
            "version: 0.1\nresource_usage:\n  aws_route53_health_check.h:\n    endpoint_type: {text}\n"
        );
        let p = Profile::default_profile().unwrap().with_usage_file_text(&file, "u.yml").unwrap();
        let got = p.overrides.iter().find(|o| o.key == "endpoint_type").map(|o| o.value);
        assert_eq!(got, Some(want), "{text}");
    }
}

/// Infracost's `architecture` of a Lambda provisioned concurrency config is text: `arm64` is
/// read as 1, `x86_64` as 0; anything else is refused with file:line.
#[test]
fn lambda_architecture_is_read_from_text_and_a_bad_one_is_refused() {
    let file = |arch: &str| {
        format!(
            "version: 0.1\nresource_usage:\n  aws_lambda_provisioned_concurrency_config.p:\n    architecture: {arch}\n"
        )
    };
    let value = |arch: &str| {
        let p =
            Profile::default_profile().unwrap().with_usage_file_text(&file(arch), "u.yml").unwrap();
        p.overrides.iter().find(|o| o.key == "architecture").map(|o| o.value)
    };
    assert_eq!(value("arm64"), Some(dec!(1)));
    assert_eq!(value("x86_64"), Some(dec!(0)));
    let e = Profile::default_profile()
        .unwrap()
        .with_usage_file_text(&file("arm"), "u.yml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("u.yml:4"), "{e}");
    assert!(e.contains("use `x86_64` or `arm64`"), "{e}");
}
