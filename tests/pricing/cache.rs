//! Loading cache directories: per-file override of the bundled snapshot, and clear errors for
//! corrupt, truncated, tampered or missing files.

use std::path::Path;

use costplan::pricing::{Catalog, CatalogOptions, PriceQuery, PricingError};
use rust_decimal_macros::dec;

use crate::common::{fixture_dir, found};
use crate::fs::copy_tree;

fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_dir(), dir.path());
    dir
}

fn nat_hours() -> PriceQuery {
    PriceQuery::new("AmazonEC2", "us-east-1").family("NAT Gateway").usage_type("NatGateway-Hours")
}

#[test]
fn a_cache_directory_overrides_the_bundled_snapshot_file_by_file() {
    let opts = CatalogOptions { pricing_dir: None, user_cache: Some(fixture_dir()) };
    let cat = Catalog::load(&opts).unwrap();
    // AmazonEC2/us-east-1 comes from the fixture directory ...
    let nat = found(&cat, &nat_hours());
    assert_eq!(nat.sku, "FIXNAT000000HRS1");
    // ... AmazonECS, absent there, still from the bundled snapshot.
    let fargate =
        found(&cat, &PriceQuery::new("AmazonECS", "us-east-1").usage_type("Fargate-GB-Hours"));
    assert_eq!(fargate.tiers[0].usd, dec!(0.004445));
    let sources = cat.sources_used();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].file, "aws/AmazonEC2/us-east-1.json");
    assert_eq!(sources[0].origin, fixture_dir().display().to_string());
    assert_eq!(sources[1].origin, "bundled");
}

#[test]
fn pricing_dir_wins_over_user_cache() {
    let user = fixture_copy();
    let text = std::fs::read_to_string(user.path().join("aws/AmazonEC2/us-east-1.json"))
        .unwrap()
        .replace("FIXNAT000000HRS1", "USERNAT00000HRS1");
    rewrite_with_checksum(user.path(), "aws/AmazonEC2/us-east-1.json", &text);
    let only_user = Catalog::load(&CatalogOptions {
        pricing_dir: None,
        user_cache: Some(user.path().to_path_buf()),
    })
    .unwrap();
    assert_eq!(found(&only_user, &nat_hours()).sku, "USERNAT00000HRS1");
    let both = Catalog::load(&CatalogOptions {
        pricing_dir: Some(fixture_dir()),
        user_cache: Some(user.path().to_path_buf()),
    })
    .unwrap();
    assert_eq!(found(&both, &nat_hours()).sku, "FIXNAT000000HRS1");
}

/// Rewrites a file and its manifest checksum, as a writer would.
fn rewrite_with_checksum(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
    let mpath = dir.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["files"][file]["sha256"] = costplan::pricing::catalog::sha256_hex(text.as_bytes()).into();
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

#[test]
fn truncated_file_is_an_error_naming_it_with_the_remedies() {
    let dir = fixture_copy();
    let file = "aws/AmazonRDS/us-east-1.json";
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    rewrite_with_checksum(dir.path(), file, &text[..text.len() / 2]);
    let err = Catalog::from_dir(dir.path()).unwrap_err();
    assert!(matches!(err, PricingError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("AmazonRDS/us-east-1.json"), "{msg}");
    assert!(msg.contains("truncated"), "{msg}");
    assert!(msg.contains("costplan pricing refresh") && msg.contains("--pricing-dir"), "{msg}");
}

#[test]
fn file_changed_behind_the_manifest_is_a_checksum_error() {
    let dir = fixture_copy();
    let file = dir.path().join("aws/AWSELB/us-east-1.json");
    let text = std::fs::read_to_string(&file).unwrap().replace("0.0225", "0.0001");
    std::fs::write(&file, text).unwrap();
    let msg = Catalog::from_dir(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("AWSELB/us-east-1.json") && msg.contains("checksum"), "{msg}");
}

#[test]
fn wrong_json_shape_is_an_error_naming_the_file() {
    let dir = fixture_copy();
    rewrite_with_checksum(
        dir.path(),
        "aws/AmazonCloudWatch/us-east-1.json",
        r#"{"formatVersion": 1, "serviceCode": "AmazonCloudWatch"}"#,
    );
    let msg = Catalog::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("AmazonCloudWatch/us-east-1.json") && msg.contains("missing field"),
        "{msg}"
    );
}

#[test]
fn missing_manifest_missing_file_and_missing_dir() {
    let dir = fixture_copy();
    std::fs::remove_file(dir.path().join("aws/AmazonEC2/eu-west-1.json")).unwrap();
    let msg = Catalog::from_dir(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("AmazonEC2/eu-west-1.json") && msg.contains("missing"), "{msg}");

    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    let err = Catalog::from_dir(dir.path()).unwrap_err();
    assert!(matches!(err, PricingError::MissingManifest { .. }), "{err:?}");
    // The same directory as a user cache is refused too: it holds files without a manifest.
    let err = Catalog::load(&CatalogOptions {
        pricing_dir: None,
        user_cache: Some(dir.path().to_path_buf()),
    })
    .unwrap_err();
    assert!(matches!(err, PricingError::MissingManifest { .. }), "{err:?}");

    let gone = dir.path().join("nope");
    // An absent user cache is normal; an absent --pricing-dir is a mistake.
    Catalog::load(&CatalogOptions { pricing_dir: None, user_cache: Some(gone.clone()) }).unwrap();
    let err =
        Catalog::load(&CatalogOptions { pricing_dir: Some(gone), user_cache: None }).unwrap_err();
    assert!(matches!(err, PricingError::DirNotFound { .. }), "{err:?}");
}

/// Lists `key` in the manifest of `dir` with the checksum of `bytes`.
fn list_in_manifest(dir: &Path, key: &str, bytes: &[u8]) {
    let mpath = dir.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    let mut entry = m["files"]["aws/AmazonRDS/us-east-1.json"].clone();
    entry["sha256"] = costplan::pricing::catalog::sha256_hex(bytes).into();
    m["files"][key] = entry;
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

#[test]
fn a_manifest_key_outside_the_cache_is_refused_naming_the_manifest_and_key() {
    // A valid cache file outside the cache directory, which a manifest key tries to reach.
    let outside = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixture_dir().join("aws/AmazonRDS/us-east-1.json")).unwrap();
    let target = outside.path().join("us-east-1.json");
    std::fs::write(&target, &text).unwrap();
    let dir = fixture_copy();
    let up = "../".repeat(dir.path().components().count());
    let absolute = target.display().to_string();
    let keys = [format!("{up}{}", absolute.trim_start_matches('/')), absolute];
    for key in keys {
        let dir = fixture_copy();
        list_in_manifest(dir.path(), &key, &text);
        let err = Catalog::from_dir(dir.path()).unwrap_err();
        assert!(matches!(err, PricingError::UnsafePath { .. }), "{key}: {err:?}");
        let msg = err.to_string();
        assert!(msg.contains(&format!("`{key}`")), "{msg}");
        assert!(msg.contains(&dir.path().join("manifest.json").display().to_string()), "{msg}");
        assert!(msg.contains("not a file inside the cache directory"), "{msg}");
    }
}

#[cfg(unix)]
#[test]
fn a_manifest_file_symlinked_out_of_the_cache_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixture_dir().join("aws/AmazonRDS/us-east-1.json")).unwrap();
    let target = outside.path().join("us-east-1.json");
    std::fs::write(&target, &text).unwrap();
    let dir = fixture_copy();
    let rel = "aws/AmazonRDS/us-east-1.json";
    std::fs::remove_file(dir.path().join(rel)).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join(rel)).unwrap();
    let msg = Catalog::from_dir(dir.path()).unwrap_err().to_string();
    assert!(msg.contains(&format!("`{rel}`")) && msg.contains("outside the cache"), "{msg}");
}

#[test]
fn a_manifest_with_no_files_is_an_error_naming_it() {
    let dir = fixture_copy();
    let mpath = dir.path().join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["files"] = serde_json::json!({});
    std::fs::write(&mpath, m.to_string()).unwrap();
    for opts in [
        CatalogOptions { pricing_dir: Some(dir.path().to_path_buf()), user_cache: None },
        CatalogOptions { pricing_dir: None, user_cache: Some(dir.path().to_path_buf()) },
    ] {
        let err = Catalog::load(&opts).unwrap_err();
        assert!(matches!(err, PricingError::EmptyManifest { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains(&mpath.display().to_string()) && msg.contains("lists no files"));
    }
}
