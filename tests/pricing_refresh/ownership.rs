//! What a refresh may replace: it swaps in a whole new directory, so it must refuse a directory
//! that is not a costplan cache (a project, a git checkout) or that holds files its manifest
//! does not list, and it must not replace a file's prices with none.

use std::path::Path;

use costplan::pricing::cache_dir::{MANIFEST, MARKER};

use crate::common::{ok, refresh, run, stderr};
use crate::support::api_server::{ApiServer, Faults};
use crate::support::bulk_server::BulkServer;
use crate::support::{fixture_cache, snapshot_tree};

/// A small Terraform project in a git checkout.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(dir.join("README.md"), "# infra\n").expect("write");
    std::fs::write(dir.join("main.tf"), "resource \"aws_eip\" \"a\" {}\n").expect("write");
}

/// A bulk refresh of one small service into `dir` (as given), run from `cwd`.
fn bulk_refresh(server: &BulkServer, dir: &str, cwd: &Path) -> std::process::Output {
    run(refresh().current_dir(cwd).args([
        "--source",
        "bulk",
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        dir,
    ]))
}

#[test]
fn a_project_directory_is_refused_by_absolute_and_relative_path_and_nothing_is_deleted() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let proj = tmp.path().join("project");
    project(&proj);
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let before = snapshot_tree(&proj);
    for dir in [proj.to_str().expect("utf-8"), "../project"] {
        let out = bulk_refresh(&server, dir, &work);
        assert_eq!(out.status.code(), Some(1), "{dir}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("refusing to replace") && err.contains("project"), "{err}");
        assert!(err.contains("not a costplan pricing cache"), "{err}");
        assert!(err.contains("`README.md`") && err.contains("`main.tf`"), "{err}");
        assert_eq!(snapshot_tree(&proj), before, "{dir}: the project is untouched");
    }
}

#[test]
fn a_cache_holding_a_file_its_manifest_does_not_list_is_refused() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    std::fs::write(cache.join("notes.txt"), "my notes\n").expect("write");
    let before = snapshot_tree(&cache);
    let out = bulk_refresh(&server, cache.to_str().expect("utf-8"), tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("does not list (`notes.txt`)"), "{err}");
    assert!(err.contains("move them out of the cache"), "{err}");
    assert_eq!(snapshot_tree(&cache), before);
}

#[test]
fn an_empty_directory_becomes_a_cache_with_its_marker() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&cache).expect("mkdir");
    let out = bulk_refresh(&server, cache.to_str().expect("utf-8"), tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(cache.join(MARKER).is_file() && cache.join(MANIFEST).is_file());
    // And the cache it wrote may be refreshed again.
    let out = bulk_refresh(&server, cache.to_str().expect("utf-8"), tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn every_item_with_a_bad_price_fails_naming_the_file_and_keeps_the_cache() {
    let server = ApiServer::start(Faults { bad_prices: true, ..Faults::default() });
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    let before = snapshot_tree(&cache);
    let out = run(refresh().args([
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no valid product for `aws/AmazonElastiCache/us-east-1.json`"), "{err}");
    assert!(err.contains("every product had a negative or NaN price"), "{err}");
    assert_eq!(snapshot_tree(&cache), before, "the previous cache is byte-identical");
    // The same refresh from good data succeeds.
    let good = ApiServer::start(Faults::default());
    ok(&run(refresh().args([
        "--endpoint-url",
        &good.url,
        "--service",
        "AmazonElastiCache",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
        "--format",
        "json",
    ])));
}

#[test]
fn a_cache_written_before_the_marker_is_refreshed_and_marked() {
    let server = BulkServer::start(false);
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    std::fs::remove_file(cache.join(MARKER)).expect("rm marker");
    let path = cache.join(MANIFEST);
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("manifest")).expect("json");
    m["generator"] = "costplan pricing refresh (bulk-offer-file)".into();
    std::fs::write(&path, m.to_string()).expect("write");
    let out = bulk_refresh(&server, cache.to_str().expect("utf-8"), tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(cache.join(MARKER).is_file());
}
