//! `costplan pricing status|show`: exit code, stdout and stderr, isolated from the real user
//! cache by pointing `COSTPLAN_PRICING_DIR` at an empty directory.

use assert_cmd::Command;

use crate::common::fixture_dir;

fn costplan(args: &[&str]) -> (i32, String, String) {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("costplan")
        .unwrap()
        .env("COSTPLAN_PRICING_DIR", empty.path().join("none"))
        .args(args)
        .output()
        .unwrap();
    let fixtures = fixture_dir().display().to_string();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&fixtures, "[FIXTURES]");
    (out.status.code().unwrap_or(-1), clean(&out.stdout), clean(&out.stderr))
}

#[test]
fn status_of_the_bundled_snapshot() {
    let (code, out, err) = costplan(&["pricing", "status", "--today", "2026-11-25"]);
    assert_eq!(code, 0, "{err}");
    // What no source gives is listed, EBS volumes first among them (issue 17 item 2).
    let gaps = out.split_once("not in the bundled snapshot").expect("the gaps are listed").1;
    assert!(gaps.contains("AmazonEC2: EBS volumes") && gaps.contains("throughput"), "{gaps}");
    assert!(gaps.contains("AmazonElastiCache: backup storage"), "{gaps}");
    insta::assert_snapshot!("status_bundled", out);
}

#[test]
fn status_json_with_a_pricing_dir_and_threshold() {
    let dir = fixture_dir().display().to_string();
    let (code, out, err) = costplan(&[
        "pricing",
        "status",
        "--pricing-dir",
        &dir,
        "--max-age-days",
        "30",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rds =
        v.as_array().unwrap().iter().find(|f| f["file"] == "aws/AmazonRDS/us-east-1.json").unwrap();
    insta::assert_json_snapshot!("status_json_fixture_rds", rds);
}

#[test]
fn show_a_service_in_a_prefixed_region() {
    let (code, out, err) = costplan(&[
        "pricing",
        "show",
        "--service",
        "AmazonEC2",
        "--region",
        "eu-west-1",
        "--filter",
        "productFamily=NAT Gateway",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("show_nat_eu_west_1", out);
}

#[test]
fn show_with_filters_as_json() {
    let (code, out, err) = costplan(&[
        "pricing",
        "show",
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--filter",
        "instanceType=cache.t4g.micro",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("show_cache_t4g_micro_json", out);
}

#[test]
fn show_unknown_attribute_value_is_an_empty_result_with_a_hint() {
    let (code, out, err) = costplan(&[
        "pricing",
        "show",
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--filter",
        "databaseEngine=PostgreSQL",
        "--filter",
        "instanceType=db.t3.nano",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("show_unknown_value", format!("stdout:\n{out}\nstderr:\n{err}"));
    let (code, out, _) = costplan(&[
        "pricing",
        "show",
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--filter",
        "instanceType=db.t3.nano",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["products"].as_array().map(Vec::len), Some(0));
    // The hint names the values the file has (the feed prices every db.* class).
    assert!(v["hint"].as_str().unwrap().contains("known values: db."));
}

#[test]
fn show_unknown_service_or_region_is_an_error_listing_what_exists() {
    let (code, _, err) =
        costplan(&["pricing", "show", "--service", "AmazonRDX", "--region", "us-east-1"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("show_unknown_service", err);
    let (code, _, err) =
        costplan(&["pricing", "show", "--service", "AmazonRDS", "--region", "mars-1"]);
    assert_eq!(code, 1);
    assert!(err.contains("regions with `AmazonRDS` prices: af-south-1, ap-east-1"), "{err}");
}

#[test]
fn bad_filter_is_a_usage_error() {
    let (code, _, err) = costplan(&[
        "pricing",
        "show",
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--filter",
        "oops",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("KEY=VALUE"), "{err}");
}

#[test]
fn corrupt_pricing_dir_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("aws/AmazonRDS")).unwrap();
    let body = "{\"formatVersion\": 1, \"products\": [";
    std::fs::write(dir.path().join("aws/AmazonRDS/us-east-1.json"), body).unwrap();
    let sha = costplan::pricing::catalog::sha256_hex(body.as_bytes());
    let manifest = format!(
        r#"{{"formatVersion":1,"generator":"test","files":{{"aws/AmazonRDS/us-east-1.json":{{"serviceCode":"AmazonRDS","region":"us-east-1","source":"price-list-api","fetchDate":"2026-11-01","products":0,"priceDimensions":0,"sha256":"{sha}"}}}}}}"#
    );
    std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
    let d = dir.path().display().to_string();
    let (code, _, err) = costplan(&["pricing", "status", "--pricing-dir", &d]);
    assert_eq!(code, 1);
    let err = err.replace(&d, "[DIR]");
    insta::assert_snapshot!("corrupt_pricing_dir", err);
}
