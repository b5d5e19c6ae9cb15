//! The public bulk offer files on 127.0.0.1: `/offers/v1.0/aws/<Service>/current/region_index.json`
//! listing the fixture regions, and each regional file (`currentVersionUrl`) in the documented
//! shape (`products` keyed by sku, then `terms.OnDemand` / `terms.Reserved` keyed by sku and
//! offer term code), sent in small chunks so the client has to stream. Each regional file also
//! holds a product of a family costplan does not price (it must be filtered out) and a product
//! whose attributes are not strings (it must be skipped with a warning).

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tiny_http::{Response, Server};

use super::{PUBLICATION_DATE, fixture_files, product_json, terms_json};

pub struct BulkServer {
    pub url: String,
    paths: Arc<Mutex<Vec<String>>>,
}

/// Sku of the product outside the refresh scope in every regional file.
pub const OUT_OF_SCOPE_SKU: &str = "OUTOFSCOPE0001";
/// Sku of the malformed product in every regional file.
pub const MALFORMED_SKU: &str = "MALFORMED00001";

/// A reader that hands out at most 1000 bytes per read, so responses go out in many chunks.
struct Trickle(std::io::Cursor<Vec<u8>>);
impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(100);
        self.0.read(&mut buf[..n])
    }
}

impl BulkServer {
    /// `fail_first`: the first request for each regional file gets an HTTP 502.
    pub fn start(fail_first: bool) -> Self {
        let server = Server::http("127.0.0.1:0").expect("bind test server");
        let port = server.server_addr().to_ip().expect("ip address").port();
        let paths: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = paths.clone();
        let regional_hits = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let path = req.url().to_string();
                log.lock().expect("log").push(path.clone());
                let is_regional = path.ends_with("/index.json") && !path.contains("/current/");
                if is_regional && fail_first && regional_hits.fetch_add(1, Ordering::SeqCst) == 0 {
                    let _ = req.respond(Response::from_string("bad gateway").with_status_code(502));
                    continue;
                }
                match route(&path) {
                    Some(body) => {
                        let bytes = body.to_string().into_bytes();
                        let resp = Response::new(
                            200.into(),
                            Vec::new(),
                            Trickle(std::io::Cursor::new(bytes)),
                            None,
                            None,
                        );
                        let _ = req.respond(resp);
                    }
                    None => {
                        let _ = req.respond(
                            Response::from_string("<Error>NoSuchKey</Error>").with_status_code(404),
                        );
                    }
                }
            }
        });
        Self { url: format!("http://127.0.0.1:{port}"), paths }
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
