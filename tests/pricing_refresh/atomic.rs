//! Atomicity: a refresh killed midway leaves the previous cache byte-identical, and the next
//! refresh cleans up after it.

use std::time::Duration;

use crate::common::{assert_same_as_fixtures, ok, refresh, run};
use crate::support::api_server::{ApiServer, Faults};
use crate::support::{fixture_cache, snapshot_tree};

#[test]
fn killed_refresh_leaves_the_previous_cache_byte_identical() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    let before = snapshot_tree(&cache);

    let slow = ApiServer::start(Faults { hang: true, ..Faults::default() });
    let mut child = refresh()
        .args([
            "--endpoint-url",
            &slow.url,
            "--service",
            "AmazonRDS",
            "--region",
            "us-east-1",
            "--pricing-dir",
            cache.to_str().expect("utf-8"),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn costplan");
    assert!(slow.wait_hung(Duration::from_secs(60)), "the refresh reached the server");
    child.kill().expect("kill");
    let _ = child.wait();
    assert_eq!(snapshot_tree(&cache), before, "the previous cache must be byte-identical");
    let leftover = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with(".cache.refresh-"));
    assert!(leftover, "the killed refresh had started writing beside the cache");

    // The next refresh succeeds, removes the leftover, and keeps the files it did not refresh.
    let good = ApiServer::start(Faults::default());
    ok(&run(refresh().args([
        "--endpoint-url",
        &good.url,
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
        "--format",
        "json",
    ])));
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("refresh-"))
        .collect();
    assert!(names.is_empty(), "leftovers removed: {names:?}");
    let after = snapshot_tree(&cache);
    for (file, bytes) in &before {
        if file.starts_with("aws/") && file != "aws/AmazonRDS/us-east-1.json" {
            assert_eq!(after.get(file), Some(bytes), "{file} kept byte for byte");
        }
    }
    assert_same_as_fixtures(&cache, crate::common::API_FILES);
}

#[test]
fn a_second_refresh_of_the_same_cache_waits_its_turn() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fixture_cache(&cache);
    let before = snapshot_tree(&cache);
    // Another refresh holds the lock.
    let lock = std::fs::File::create(tmp.path().join(".cache.refresh.lock")).expect("lock file");
    lock.try_lock().expect("take the lock");
    let server = ApiServer::start(Faults::default());
    let out = run(refresh().args([
        "--endpoint-url",
        &server.url,
        "--service",
        "AmazonRDS",
        "--region",
        "us-east-1",
        "--pricing-dir",
        cache.to_str().expect("utf-8"),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = crate::common::stderr(&out);
    assert!(err.contains("another `costplan pricing refresh`"), "{err}");
    assert_eq!(snapshot_tree(&cache), before);
    drop(lock);
}
