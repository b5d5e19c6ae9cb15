//! Feeds arbitrary text to the pricing-cache reader as one price file of a user cache directory
//! (`aws/<ServiceCode>/<region>.json`, named from the text's own `serviceCode` and `region`,
//! with a manifest holding its checksum, as `pricing refresh` writes it), then estimates and
//! renders the example configurations with that catalog: any input must give `Ok` or a
//! `PricingError`, and prices from it must give a report or an estimate error, never a panic.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::pricing::Catalog;
use costplan::pricing::cache_dir;
use costplan::pricing::catalog::sha256_hex;
use costplan::usage::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let field = |name: &str| -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(data).ok()?;
        value.get(name)?.as_str().map(str::to_string)
    };
    let service = field("serviceCode").unwrap_or_else(|| "AmazonVPC".into());
    let region = field("region").unwrap_or_else(|| "us-east-1".into());
    let key = format!("aws/{service}/{region}.json");
    let Ok(path) = cache_dir::file_path(dir.path(), &key) else { return };
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() || std::fs::write(&path, data).is_err() {
        return;
    }
    let manifest = serde_json::json!({
        "formatVersion": 1,
        "generator": "fuzz",
        "files": { key: {
            "serviceCode": service,
            "region": region,
            "source": "published-list-prices",
            "fetchDate": "2026-01-01",
            "products": 1,
            "priceDimensions": 1,
            "sha256": sha256_hex(data),
        }},
    });
    if std::fs::write(dir.path().join(cache_dir::MANIFEST), manifest.to_string()).is_err() {
        return;
    }
    let Ok(catalog) = Catalog::from_dir(dir.path()) else { return };
    let Ok(profile) = Profile::default_profile() else { return };
    common::estimate_and_render(&profile, &catalog, false);
});
