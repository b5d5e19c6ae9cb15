//! A Price List Query API on 127.0.0.1: JSON 1.1 over HTTP, `X-Amz-Target:
//! AWSPriceListService.GetProducts`, answering from the trap fixtures in the documented shape
//! (`FormatVersion`, `PriceList` as JSON strings, `NextToken`; two items per page so every series
//! paginates), honouring the `regionCode` and `productFamily` TERM_MATCH filters. [`Faults`]
//! injects throttling, a 500, malformed items, access denied, persistent 503s, or a hang.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::http::{Request, Response, serve};
use super::{fixture_files, price_list_item};

pub const TARGET: &str = "AWSPriceListService.GetProducts";
const PAGE: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// The first request is answered with a ThrottlingException.
    pub throttle_first: bool,
    /// The second request is answered with an HTTP 500.
    pub error_500_second: bool,
    /// The first page of AmazonRDS `Database Instance` also holds two malformed items.
    pub malformed: bool,
    /// Every request is answered with AccessDeniedException.
    pub deny: bool,
    /// Requests after this many are answered with HTTP 503 (a failure midway).
    pub fail_after: Option<usize>,
    /// Every request hangs for a minute (after signalling [`ApiServer::wait_hung`]).
    pub hang: bool,
    /// Every item has a bad price: negative in even items, `NaN` in odd ones.
    pub bad_prices: bool,
}

pub struct ApiServer {
    pub url: String,
    requests: Arc<Mutex<Vec<(String, Value)>>>,
    hung: Mutex<Receiver<()>>,
}

impl ApiServer {
    pub fn start(faults: Faults) -> Self {
        let requests: Arc<Mutex<Vec<(String, Value)>>> = Arc::default();
        let (hung_tx, hung_rx) = channel();
        let hung_tx = Mutex::new(hung_tx);
        let log = requests.clone();
        let count = AtomicUsize::new(0);
        let url = serve(move |req: Request| {
            let target = req.header("X-Amz-Target").unwrap_or_default().to_string();
            let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            log.lock().expect("log").push((target.clone(), body.clone()));
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let hung: Sender<()> = hung_tx.lock().expect("sender").clone();
            let (status, text) = answer(&faults, n, &target, &body, &hung);
            Response::new(status, "application/x-amz-json-1.1", text)
        });
        Self { url, requests, hung: Mutex::new(hung_rx) }
    }

    /// (X-Amz-Target, JSON body) of every request so far.
    pub fn requests(&self) -> Vec<(String, Value)> {
        self.requests.lock().expect("log").clone()
    }

    /// Waits until a request is hanging.
    pub fn wait_hung(&self, timeout: Duration) -> bool {
        self.hung.lock().expect("rx").recv_timeout(timeout).is_ok()
    }
}

fn error(kind: &str, message: &str) -> String {
    json!({"__type": kind, "message": message}).to_string()
}

fn answer(
    faults: &Faults,
    n: usize,
    target: &str,
    body: &Value,
    hung: &Sender<()>,
) -> (u16, String) {
    if target != TARGET {
        return (400, error("UnknownOperationException", &format!("unknown target `{target}`")));
    }
    if faults.hang {
        let _ = hung.send(());
        std::thread::sleep(Duration::from_secs(60));
    }
    if faults.deny {
        return (
            400,
            error(
                "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/test is not authorized to perform: pricing:GetProducts",
            ),
        );
    }
    if faults.throttle_first && n == 1 {
        return (400, error("ThrottlingException", "Rate exceeded"));
    }
    if faults.error_500_second && n == 2 {
        return (500, error("InternalErrorException", "internal failure"));
    }
    if faults.fail_after.is_some_and(|k| n > k) {
        return (503, "Service Unavailable".to_string());
    }
    let service = body["ServiceCode"].as_str().unwrap_or_default().to_string();
    if body["FormatVersion"] != "aws_v1" {
        return (400, error("InvalidParameterException", "FormatVersion must be aws_v1"));
    }
    let filters: Vec<(String, String)> = body["Filters"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    assert_eq!(f["Type"], "TERM_MATCH", "filter type");
                    (
                        f["Field"].as_str().unwrap_or_default().to_string(),
                        f["Value"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut items: Vec<String> = Vec::new();
    for ((svc, _), file) in fixture_files() {
        if svc != service {
            continue;
        }
        for (i, p) in file.products.iter().enumerate() {
            let keep = filters.iter().all(|(k, v)| {
                if k == "productFamily" {
                    return p.product_family == *v;
                }
                p.attributes.get(k).is_some_and(|a| a == v)
            });
            if keep {
                items.push(price_list_item(&service, p, i % 2 == 1).to_string());
            }
        }
    }
    let start: usize = body["NextToken"]
        .as_str()
        .and_then(|t| t.strip_prefix("page-"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let end = (start + PAGE).min(items.len());
    let mut page: Vec<String> = items.get(start..end).map(<[String]>::to_vec).unwrap_or_default();
    let family = filters.iter().find(|(k, _)| k == "productFamily").map(|(_, v)| v.as_str());
    if faults.malformed
        && start == 0
        && service == "AmazonRDS"
        && family == Some("Database Instance")
    {
        page.push(
            r#"{"product":{"sku":"BROKEN00000001","productFamily":"Database Instance""#.to_string(),
        );
        page.push(
            json!({"product": {"sku": "BROKEN00000002", "productFamily": "Database Instance",
                   "attributes": {"regionCode": "us-east-1"}},
                   "terms": {"OnDemand": {"BROKEN00000002.X": {"priceDimensions":
                       {"BROKEN00000002.X.Y": {"unit": "Hrs", "pricePerUnit": {"CNY": "1.0"}}}}}}})
            .to_string(),
        );
    }
    if faults.bad_prices {
        for (i, item) in page.iter_mut().enumerate() {
            let bad = if i % 2 == 0 { r#""USD":"-1"# } else { r#""USD":"NaN","X":""# };
            *item = item.replace(r#""USD":""#, bad);
        }
    }
    let mut out = json!({"FormatVersion": "aws_v1", "PriceList": page});
    if end < items.len() {
        out["NextToken"] = json!(format!("page-{end}"));
    }
    (200, out.to_string())
}
