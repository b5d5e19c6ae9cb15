//! The public bulk offer files on 127.0.0.1: `/offers/v1.0/aws/<Service>/current/region_index.json`
//! listing the fixture regions, and each regional file (`currentVersionUrl`) in the documented
//! shape (`products` keyed by sku, then `terms.OnDemand` / `terms.Reserved` keyed by sku and
//! offer term code), sent chunked in 100-byte pieces so the client has to stream. Each regional file also
//! holds a product of a family costplan does not price (it must be filtered out) and a product
//! whose attributes are not strings (it must be skipped with a warning).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{Request, Response, serve};
use super::{PUBLICATION_DATE, fixture_files, product_json, terms_json};

pub struct BulkServer {
    pub url: String,
    paths: Arc<Mutex<Vec<String>>>,
}

/// Sku of the product outside the refresh scope in every regional file.
pub const OUT_OF_SCOPE_SKU: &str = "OUTOFSCOPE0001";
/// Sku of the malformed product in every regional file.
pub const MALFORMED_SKU: &str = "MALFORMED00001";

impl BulkServer {
    /// `fail_first`: the first request for a regional file gets an HTTP 502.
    pub fn start(fail_first: bool) -> Self {
        Self::serve(if fail_first { 1 } else { 0 }, false)
    }

    /// Every request for a regional file gets an HTTP 502.
    #[allow(dead_code)] // used by the pricing refresh tests, not by every includer
    pub fn failing() -> Self {
        Self::serve(usize::MAX, false)
    }

    /// Every regional file sends its first 100 bytes and then nothing more, holding the
    /// connection open.
    #[allow(dead_code)] // used by the pricing refresh tests, not by every includer
    pub fn stalling() -> Self {
        Self::serve(0, true)
    }

    /// `failures`: how many requests for a regional file get an HTTP 502 first.
    fn serve(failures: usize, stall: bool) -> Self {
        let paths: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = paths.clone();
        let regional_hits = AtomicUsize::new(0);
        let url = serve(move |req: Request| {
            let path = req.path.clone();
            assert_eq!(req.method, "GET");
            log.lock().expect("log").push(path.clone());
            let is_regional = path.ends_with("/index.json") && !path.contains("/current/");
            if is_regional && regional_hits.fetch_add(1, Ordering::SeqCst) < failures {
                return Response::new(502, "text/plain", "bad gateway");
            }
            match route(&path) {
                // Small chunks, so the client has to parse as the file arrives.
                Some(body) => Response {
                    chunk: Some(100),
                    stall: stall && is_regional,
                    ..Response::new(200, "application/json", body.to_string())
                },
                None => Response::new(404, "application/xml", "<Error>NoSuchKey</Error>"),
            }
        });
        Self { url, paths }
    }

    /// Paths requested so far.
    pub fn paths(&self) -> Vec<String> {
        self.paths.lock().expect("log").clone()
    }
}

fn route(path: &str) -> Option<Value> {
    let rest = path.strip_prefix("/offers/v1.0/aws/")?;
    let (service, rest) = rest.split_once('/')?;
    let files = fixture_files();
    if rest == "current/region_index.json" {
        let mut regions = serde_json::Map::new();
        for (svc, region) in files.keys() {
            if svc == service {
                regions.insert(
                    region.clone(),
                    json!({"regionCode": region,
                           "currentVersionUrl": format!("/offers/v1.0/aws/{service}/20261101000000/{region}/index.json")}),
                );
            }
        }
        if regions.is_empty() {
            return None;
        }
        return Some(json!({"formatVersion": "v1.0", "disclaimer": "test data",
                           "publicationDate": PUBLICATION_DATE, "regions": regions}));
    }
    let region = rest.strip_prefix("20261101000000/")?.strip_suffix("/index.json")?;
    let file = files.get(&(service.to_string(), region.to_string()))?;
    let mut products = serde_json::Map::new();
    let mut on_demand = serde_json::Map::new();
    let mut reserved = serde_json::Map::new();
    for (i, p) in file.products.iter().enumerate() {
        products.insert(p.sku.clone(), product_json(p));
        let terms = terms_json(p, i % 2 == 0, false);
        if let Some(t) = terms.get("OnDemand") {
            on_demand.insert(p.sku.clone(), t.clone());
        }
        if let Some(t) = terms.get("Reserved") {
            reserved.insert(p.sku.clone(), t.clone());
        }
    }
    products.insert(
        OUT_OF_SCOPE_SKU.into(),
        json!({"sku": OUT_OF_SCOPE_SKU, "productFamily": "Not Priced By Costplan",
               "attributes": {"regionCode": region, "usagetype": "Other"}}),
    );
    on_demand.insert(
        OUT_OF_SCOPE_SKU.into(),
        json!({format!("{OUT_OF_SCOPE_SKU}.A"): {"priceDimensions": {"r": {"unit": "Hrs", "pricePerUnit": {"USD": "9"}}}}}),
    );
    let family = file.products.first().map(|p| p.product_family.clone()).unwrap_or_default();
    products.insert(
        MALFORMED_SKU.into(),
        json!({"sku": MALFORMED_SKU, "productFamily": family, "attributes": {"regionCode": 7}}),
    );
    Some(json!({
        "formatVersion": "v1.0",
        "disclaimer": "test data",
        "offerCode": service,
        "version": "20261101000000",
        "publicationDate": PUBLICATION_DATE,
        "products": products,
        "terms": {"OnDemand": on_demand, "Reserved": reserved},
        "attributesList": {}
    }))
}
