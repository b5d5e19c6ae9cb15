//! `--source api`: the real aws-sdk-pricing client against the local Price List API.

use crate::common::{API_FILES, assert_same_as_fixtures, ok, refresh, run, stderr};
use crate::support::api_server::{ApiServer, Faults, TARGET};
use crate::support::{fixture_cache, snapshot_tree};

const SERVICES: &str = "AWSELB,AmazonCloudWatch,AmazonEC2,AmazonElastiCache,AmazonRDS";

#[test]
fn refresh_through_retries_and_a_malformed_item_answers_lookups_like_the_fixtures() {
    let server = ApiServer::start(Faults {
        throttle_first: true,
        error_500_second: true,
        malformed: true,
        ..Faults::default()
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let dir = cache.to_str().expect("utf-8 path");
    let summary = ok(&run(refresh().args([
        "--source",
        "api",
        "--endpoint-url",
        &server.url,
        "--service",
        SERVICES,
        "--region",
        "us-east-1",
        "--pricing-dir",
        dir,
        "--format",
        "json",
    ])));
    assert_eq!(summary["source"], "price-list-api");
    assert_eq!(summary["retries"], 2, "one throttling and one 500 retried: {summary}");
    let skipped: Vec<String> = summary["skipped_items"]
        .as_array()
        .expect("skipped items")
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].contains("BROKEN00000001")
            && skipped[0].contains("aws/AmazonRDS/us-east-1.json")
    );
    assert!(skipped[1].contains("BROKEN00000002") && skipped[1].contains("no USD price"));
    let files = summary["files"].as_array().expect("files");
    assert_eq!(files.len(), 5);
    let ec2 = files.iter().find(|f| f["file"] == "aws/AmazonEC2/us-east-1.json").expect("ec2");
    assert_eq!(ec2["previous"], "bundled snapshot");
    assert!(
        ec2["carried_over"].as_u64().is_some_and(|n| n > 0),
        "EC2 data transfer prices are not fetched, so they are carried over: {ec2}"
    );

    // A second refresh of another region keeps the files of the first.
    ok(&run(refresh().args([
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonEC2",
        "--region",
        "eu-west-1",
        "--pricing-dir",
        dir,
        "--format",
        "json",
    ])));
    assert_same_as_fixtures(&cache, API_FILES);

    let requests = server.requests();
    assert!(requests.iter().all(|(t, _)| t == TARGET));
    for (_, body) in &requests {
        let filters = body["Filters"].as_array().expect("filters");
        assert!(filters.iter().any(|f| f["Field"] == "regionCode"), "{body}");
        if body["ServiceCode"] == "AmazonEC2" {
            assert!(
                filters
                    .iter()
                    .any(|f| f["Field"] == "productFamily" && f["Value"] == "NAT Gateway"),
                "EC2 is only ever asked for NAT Gateway products: {body}"
            );
        }
        assert_eq!(body["MaxResults"], 100);
    }
    // Pagination happened: some request carried a NextToken.
    assert!(requests.iter().any(|(_, b)| b["NextToken"].is_string()));

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cache.join("manifest.json")).expect("manifest"))
            .expect("json");
    let rds = &manifest["files"]["aws/AmazonRDS/us-east-1.json"];
    assert_eq!(rds["source"], "price-list-api");
    assert_eq!(rds["publicationDate"], "2026-11-01T00:00:00Z");
    assert!(rds["notes"].to_string().contains("2 malformed"), "{rds}");
}

#[test]
fn endpoint_comes_from_aws_endpoint_url_pricing() {
    let server = ApiServer::start(Faults::default());
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let out = run(refresh().env("AWS_ENDPOINT_URL_PRICING", &server.url).args([
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
        "--quiet",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("refreshed 1 file(s)"), "{line}");
    assert!(!server.requests().is_empty());
    assert_same_as_fixtures(&cache, &[("AmazonElastiCache", "us-east-1")]);
}

/// Runs a refresh that must fail against a copy of the fixtures, and checks the copy did not
/// change. Returns stderr.
fn fails_leaving_cache_untouched(faults: Faults, extra: &[&str]) -> String {
    let server = ApiServer::start(faults);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    let before = snapshot_tree(&cache);
    let mut cmd = refresh();
    cmd.args(["--endpoint-url", &server.url, "--pricing-dir", cache.to_str().expect("utf-8")]);
    cmd.args(extra);
    let out = run(&mut cmd);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot_tree(&cache), before, "the previous cache must be byte-identical");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("refresh-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary directories removed: {leftovers:?}");
    stderr(&out)
}

#[test]
fn access_denied_is_a_clear_error_and_keeps_the_cache() {
    let err = fails_leaving_cache_untouched(
        Faults { deny: true, ..Faults::default() },
        &["--service", "AmazonRDS", "--region", "us-east-1"],
    );
    assert!(err.contains("access denied"), "{err}");
    assert!(err.contains("pricing:GetProducts"), "{err}");
    assert!(err.contains("is unchanged"), "{err}");
}

#[test]
fn network_failure_midway_keeps_the_cache() {
    let err = fails_leaving_cache_untouched(
        Faults { fail_after: Some(3), ..Faults::default() },
        &[
            "--service",
            SERVICES,
            "--region",
            "us-east-1",
            "--max-attempts",
            "2",
            "--concurrency",
            "1",
        ],
    );
    assert!(err.contains("failed after 2 attempt(s)"), "{err}");
    assert!(err.contains("503"), "{err}");
}

#[test]
fn unknown_region_is_a_clear_error() {
    let err = fails_leaving_cache_untouched(
        Faults::default(),
        &["--service", "AmazonRDS", "--region", "xx-nowhere-1"],
    );
    assert!(err.contains("unknown region `xx-nowhere-1`"), "{err}");
}

#[test]
fn unknown_service_is_refused_before_any_request() {
    let server = ApiServer::start(Faults::default());
    let out = run(refresh().args([
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonFoo",
        "--pricing-dir",
        "/nonexistent/costplan-test/never-written",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown service `AmazonFoo`") && err.contains("AmazonRDS"), "{err}");
    assert!(server.requests().is_empty());
}

#[test]
fn no_credentials_suggests_bulk() {
    let server = ApiServer::start(Faults::default());
    let out =
        run(refresh().env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY").args([
            "--endpoint-url",
            &server.url,
            "--service",
            "AmazonRDS",
            "--region",
            "us-east-1",
            "--pricing-dir",
            "/nonexistent/costplan-test/x",
        ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no AWS credentials"), "{err}");
    assert!(err.contains("--source bulk"), "{err}");
    assert!(server.requests().is_empty());
}
