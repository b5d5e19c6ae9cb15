//! Test support for `pricing refresh`: the trap fixtures turned back into AWS Price List JSON,
//! and two local servers that serve it — the Price List Query API ([`api_server`]) and the bulk
//! offer files ([`bulk_server`]). Nothing here touches the internet.

pub mod api_server;
pub mod bulk_server;
pub mod fs;
pub mod http;

pub use fs::copy_tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use costplan::pricing::format::{CacheFile, PriceTerm, Product};
use serde_json::{Value, json};

/// Publication date the servers announce.
pub const PUBLICATION_DATE: &str = "2026-11-01T00:00:00Z";

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pricing")
}

/// Copies the fixture cache to `dest` as `pricing refresh` would leave it: its manifest, its
/// files and the marker, without the fixture's README (a refresh refuses a cache holding files
/// its manifest does not list).
pub fn fixture_cache(dest: &Path) {
    use costplan::pricing::cache_dir::{MANIFEST, MARKER, MARKER_TEXT};
    copy_tree(&fixture_dir().join("aws"), &dest.join("aws"));
    std::fs::copy(fixture_dir().join(MANIFEST), dest.join(MANIFEST)).expect("copy manifest");
    std::fs::write(dest.join(MARKER), MARKER_TEXT).expect("write marker");
}

/// Every fixture cache file, keyed by (service, region).
pub fn fixture_files() -> BTreeMap<(String, String), CacheFile> {
    let mut out = BTreeMap::new();
    let aws = fixture_dir().join("aws");
    for service in std::fs::read_dir(&aws).expect("fixture dir") {
        let service = service.expect("entry").path();
        for file in std::fs::read_dir(&service).expect("service dir") {
            let path = file.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("fixture file");
            let data: CacheFile = serde_json::from_str(&text).expect("fixture parses");
            out.insert((data.service_code.clone(), data.region.clone()), data);
        }
    }
    out
}

/// How the Price List would spell a unit the cache normalised: `Hrs` comes back as `hours`
/// for every other product, so the refresh has to normalise it again.
fn spelling(unit: &str, odd: bool) -> String {
    match (unit, odd) {
        ("Hrs", true) => "hours".to_string(),
        _ => unit.to_string(),
    }
}

fn term_json(sku: &str, code: &str, t: &PriceTerm, odd: bool) -> Value {
    let key = format!("{sku}.{code}");
    let mut dims = serde_json::Map::new();
    for (j, d) in t.price_dimensions.iter().enumerate() {
        let rate = format!("{key}.RATE{j:02}");
        dims.insert(
            rate.clone(),
            json!({
                "rateCode": rate,
                "description": d.description,
                "beginRange": d.begin_range.to_string(),
                "endRange": d.end_range.map_or_else(|| "Inf".to_string(), |e| e.to_string()),
                "unit": spelling(&d.unit, odd),
                "pricePerUnit": {"USD": d.usd.to_string()},
                "appliesTo": []
            }),
        );
    }
    json!({
        "offerTermCode": code,
        "sku": sku,
        "effectiveDate": t.effective_date,
        "priceDimensions": dims,
        "termAttributes": t.term_attributes,
    })
}

/// `terms` of one product, keyed like AWS: term type → `<sku>.<offerTermCode>` → term.
/// `extra_zero` adds a `$0` dimension in another unit beside the priced OnDemand one, which the
/// refresh must ignore.
pub fn terms_json(p: &Product, odd: bool, extra_zero: bool) -> Value {
    let mut od = serde_json::Map::new();
    for (i, t) in p.terms.on_demand.iter().enumerate() {
        let code = format!("JRTCKXETX{i}");
        let mut term = term_json(&p.sku, &code, t, odd);
        if extra_zero {
            term["priceDimensions"][format!("{}.{code}.ZERO", p.sku)] = json!({
                "rateCode": "zero", "description": "$0.00 per GB beside the hourly rate",
                "beginRange": "0", "endRange": "Inf", "unit": "GB",
                "pricePerUnit": {"USD": "0.0000000000"}, "appliesTo": []
            });
        }
        od.insert(format!("{}.{code}", p.sku), term);
    }
    let mut rs = serde_json::Map::new();
    for (i, t) in p.terms.reserved.iter().enumerate() {
        let code = format!("RESERVED{i}");
        rs.insert(format!("{}.{code}", p.sku), term_json(&p.sku, &code, t, odd));
    }
    let mut terms = serde_json::Map::new();
    if !od.is_empty() {
        terms.insert("OnDemand".into(), Value::Object(od));
    }
    if !rs.is_empty() {
        terms.insert("Reserved".into(), Value::Object(rs));
    }
    Value::Object(terms)
}

pub fn product_json(p: &Product) -> Value {
    json!({"sku": p.sku, "productFamily": p.product_family, "attributes": p.attributes})
}

/// The sku whose OnDemand term gets an extra `$0` dimension.
pub const ZERO_BESIDE_SKU: &str = "FIXNAT000000HRS1";

/// One `GetProducts` `PriceList` element for a fixture product.
pub fn price_list_item(service: &str, p: &Product, odd: bool) -> Value {
    json!({
        "product": product_json(p),
        "serviceCode": service,
        "terms": terms_json(p, odd, p.sku == ZERO_BESIDE_SKU),
        "version": "20261101000000",
        "publicationDate": PUBLICATION_DATE,
    })
}

/// Every file under `dir`, relative path → bytes.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
