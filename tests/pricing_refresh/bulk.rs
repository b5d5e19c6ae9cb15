//! `--source bulk`: the offer-file client against the local offer-file server.

use crate::common::{assert_same_as_fixtures, ok, refresh, refresh_with_timeout, run, stderr};
use crate::support::bulk_server::{BulkServer, MALFORMED_SKU, OUT_OF_SCOPE_SKU};

const BULK_FILES: &[(&str, &str)] = &[
    ("AWSELB", "us-east-1"),
    ("AmazonCloudWatch", "us-east-1"),
    ("AmazonElastiCache", "us-east-1"),
    ("AmazonRDS", "us-east-1"),
];

#[test]
fn refresh_from_offer_files_answers_lookups_like_the_fixtures() {
    let server = BulkServer::start(true);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let summary = ok(&run(refresh().args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AWSELB,AmazonCloudWatch,AmazonElastiCache,AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
        "--format",
        "json",
    ])));
    assert_eq!(summary["source"], "bulk-offer-file");
    assert_eq!(summary["retries"], 1, "the 502 was retried: {summary}");
    let skipped = summary["skipped_items"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 4, "one malformed product per file: {skipped:?}");
    assert!(skipped.iter().all(|s| s.as_str().unwrap_or_default().contains(MALFORMED_SKU)));
    assert_same_as_fixtures(&cache, BULK_FILES);
    let text = std::fs::read_to_string(cache.join("aws/AmazonRDS/us-east-1.json")).expect("file");
    assert!(!text.contains(OUT_OF_SCOPE_SKU), "products outside the families are filtered out");
    let manifest = std::fs::read_to_string(cache.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("\"source\": \"bulk-offer-file\""));
    let paths = server.paths();
    assert!(paths.iter().any(|p| p == "/offers/v1.0/aws/AmazonRDS/current/region_index.json"));
    assert!(
        paths.iter().any(|p| p == "/offers/v1.0/aws/AmazonRDS/20261101000000/us-east-1/index.json")
    );
}

#[test]
fn bulk_never_fetches_the_ec2_offer_file() {
    let server = BulkServer::start(false);
    let out = run(refresh().args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonEC2",
        "--region",
        "us-east-1",
        "--pricing-dir",
        "/nonexistent/costplan-test/x",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("440 MB") && err.contains("--source api"), "{err}");
    assert!(server.paths().is_empty());
}

#[test]
fn bulk_offer_files_are_fetched_over_tls_except_from_loopback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = run(refresh().args([
        "--source",
        "bulk",
        "--endpoint-url",
        "http://pricing.example.com",
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        tmp.path().join("cache").to_str().expect("utf-8"),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("refusing plain http to `http://pricing.example.com`"), "{err}");
    assert!(!tmp.path().join("cache").exists(), "nothing written");
}

#[test]
fn a_bad_ssl_cert_file_stops_the_refresh_naming_it() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let ca = tmp.path().join("corp-ca.pem");
    std::fs::write(&ca, "not a certificate\n").expect("write");
    let out = run(refresh().env("SSL_CERT_FILE", &ca).args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        tmp.path().join("cache").to_str().expect("utf-8"),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("SSL_CERT_FILE") && err.contains("corp-ca.pem"), "{err}");
    assert!(server.paths().is_empty(), "nothing fetched");
    assert!(!tmp.path().join("cache").exists(), "nothing written");
}

#[test]
fn bulk_unknown_region_lists_the_known_ones() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = run(refresh().args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonRDS",
        "--region",
        "xx-nowhere-1",
        "--pricing-dir",
        tmp.path().join("cache").to_str().expect("utf-8"),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown region `xx-nowhere-1`") && err.contains("us-east-1"), "{err}");
    assert!(!tmp.path().join("cache").exists(), "nothing written");
}

#[test]
fn summary_lists_changed_prices_against_the_previous_cache() {
    use costplan::pricing::catalog::sha256_hex;
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    crate::support::fixture_cache(&cache);
    // The previous cache had a different price for the Multi-AZ cluster instance hour.
    let rel = "aws/AmazonRDS/us-east-1.json";
    let text = std::fs::read_to_string(cache.join(rel)).expect("rds file");
    let changed = text.replacen("\"0.0990000000\"", "\"0.0900000000\"", 1);
    assert_ne!(text, changed);
    std::fs::write(cache.join(rel), &changed).expect("write");
    let manifest = std::fs::read_to_string(cache.join("manifest.json")).expect("manifest");
    let manifest = manifest.replace(&sha256_hex(text.as_bytes()), &sha256_hex(changed.as_bytes()));
    std::fs::write(cache.join("manifest.json"), manifest).expect("write");

    let dir = cache.to_str().expect("utf-8");
    let args = [
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        dir,
    ];
    let out = run(refresh().args(args));
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout).replace(dir, "<cache>");
    insta::assert_snapshot!("refresh_summary_table", table);

    // Refreshing again changes nothing.
    let again = ok(&run(refresh().args(args).args(["--format", "json"])));
    let f = &again["files"][0];
    assert_eq!(
        (f["added"].as_u64(), f["removed"].as_u64(), f["prices_changed"].as_u64()),
        (Some(0), Some(0), Some(0))
    );
    assert_eq!(f["previous"], "cache");
    assert_eq!(again["files_kept"], 5, "the other fixture files are kept");
}

/// An offer file that always answers 502: tried `--max-attempts` times in all, not that many
/// times per restart of the download.
#[test]
fn a_failing_offer_file_is_tried_max_attempts_times_in_all() {
    let server = BulkServer::failing();
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = run(refresh().args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        tmp.path().join("cache").to_str().expect("utf-8"),
        "--max-attempts",
        "3",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("failed after 3 attempt(s): HTTP 502"), "{err}");
    let regional = server.paths().iter().filter(|p| !p.contains("/current/")).count();
    assert_eq!(regional, 3, "{:?}", server.paths());
}

/// An offer file whose download stops midway, the connection held open: the download fails after
/// `--request-timeout` without data instead of hanging, and the cache is not written.
#[test]
fn a_stalled_offer_file_download_times_out() {
    let server = BulkServer::stalling();
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let out = run(refresh_with_timeout("1").args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
        // Retries too, so that a slow answer to the region index on a loaded machine is not
        // what fails the run.
        "--max-attempts",
        "3",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the download stalled: no data for 1s (--request-timeout)"), "{err}");
    assert!(!cache.exists(), "nothing written");
}
