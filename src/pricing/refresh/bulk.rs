//! The bulk offer file source: `/offers/v1.0/aws/<Service>/current/region_index.json`, then the
//! regional file it points to. No credentials; the base URL is overridable (tests, mirrors).
//!
//! The regional file is parsed while it downloads: the body is passed chunk by chunk through a
//! bounded channel to a blocking serde visitor ([`parse_offer`]) that keeps only the products of
//! the scope's families in the region, and their terms. Nothing holds the whole file, neither as
//! bytes nor as a `serde_json::Value`. A failure while downloading restarts the file (retried
//! like a failed request).
//!
//! HTTP goes through [`crate::http`]: its timeouts (`--connect-timeout`; `--request-timeout` for
//! the response headers and for the longest pause in a download), its retries (`--max-attempts`),
//! proxy, roots and TLS rule (`https://`, or `http://` to a loopback mirror). What stays here is
//! what is specific to offer files: their URLs, and restarting a download that broke.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Read;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, StatusCode};
use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::normalise::{self, Malformed, RawProduct, RawTerm};
use super::{Fetched, Progress, RefreshError, RetryPolicy, ServiceScope};
use crate::pricing::price::SourceKind;

/// Chunks buffered between the download and the parser.
const CHANNEL_CHUNKS: usize = 16;

/// Largest region index read (the real ones are a few kB).
const MAX_INDEX_BYTES: usize = 16 << 20;

/// A client for the offer files under one base URL.
#[derive(Clone)]
pub struct BulkSource {
    base: String,
    client: crate::http::Client,
}

impl fmt::Debug for BulkSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkSource").field("base", &self.base).finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
struct RegionIndex {
    #[serde(default)]
    regions: BTreeMap<String, RegionEntry>,
}

#[derive(Debug, Deserialize)]
struct RegionEntry {
    #[serde(rename = "currentVersionUrl")]
    current_version_url: String,
}

/// Why a request failed, and whether trying again may help.
struct Failure {
    retry: bool,
    status: Option<StatusCode>,
    detail: String,
}

impl BulkSource {
    /// `timeout`: the response headers of one request, and the longest pause in a download (the
    /// download as a whole has no deadline: it streams for as long as data keeps arriving).
    pub fn new(
        base_url: &str,
        timeout: Duration,
        connect_timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Self, RefreshError> {
        let base = base_url.trim_end_matches('/').to_string();
        crate::http::check_url(&base).map_err(|e| RefreshError::InvalidOption {
            what: "endpoint URL",
            value: base.clone(),
            detail: e.to_string(),
        })?;
        let settings = crate::http::Settings {
            connect_timeout,
            response_timeout: timeout,
            read_timeout: timeout,
            retry,
            ..crate::http::Settings::default()
        };
        let client = crate::http::Client::new(settings, &crate::http::Environment::from_process())?;
        Ok(Self { base, client })
    }

    fn url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            path_or_url.to_string()
        } else if path_or_url.starts_with('/') {
            format!("{}{path_or_url}", self.base)
        } else {
            format!("{}/{path_or_url}", self.base)
        }
    }

    /// What a failed request says, with the flag that sets the limit it hit.
    fn detail(&self, e: &crate::http::HttpError) -> String {
        use crate::http::HttpError::{Stalled, Timeout};
        match e {
            Timeout(_) => format!("{e} (--request-timeout)"),
            Stalled(_) => format!("the download stalled: {e} (--request-timeout)"),
            _ => e.to_string(),
        }
    }

    /// GET with the client's retries, at most `max_attempts`; a non-success answer is a
    /// [`Failure`]. `progress` hears of each retry as attempt `first_attempt - 1 + n`.
    async fn get(
        &self,
        url: &str,
        (first_attempt, max_attempts): (u32, u32),
        progress: &dyn Progress,
        retries: &mut u32,
    ) -> Result<(hyper::Response<hyper::body::Incoming>, u32), (Failure, u32)> {
        let request = Request::get(url).body(Full::new(Bytes::new())).map_err(|e| {
            (Failure { retry: false, status: None, detail: format!("bad URL `{url}`: {e}") }, 1)
        })?;
        let mut on_retry = |attempt: u32, why: &str| {
            *retries += 1;
            progress.retrying(url, first_attempt - 1 + attempt, why);
        };
        let sent = match self.client.send_within(request, max_attempts, &mut on_retry).await {
            Ok(sent) => sent,
            Err(f) => {
                let failure = Failure { retry: true, status: None, detail: self.detail(&f.error) };
                return Err((failure, f.attempts));
            }
        };
        let status = sent.response.status();
        if status.is_success() {
            return Ok((sent.response, sent.attempts));
        }
        // Read the (small) error body so the connection ends cleanly, and quote its start.
        let body = self.client.error_text(sent.response).await;
        let failure = Failure {
            retry: status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS,
            status: Some(status),
            detail: if body.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {body}")
            },
        };
        Err((failure, sent.attempts))
    }

    /// GET with retries; the body collected (small files only).
    async fn get_small(
        &self,
        url: &str,
        progress: &dyn Progress,
        retries: &mut u32,
    ) -> Result<Bytes, (Failure, u32)> {
        let max = self.client.settings().retry.max_attempts;
        let (resp, attempts) = self.get(url, (1, max), progress, retries).await?;
        self.client
            .read_all(resp.into_body(), MAX_INDEX_BYTES)
            .await
            .map_err(|e| (Failure { retry: true, status: None, detail: self.detail(&e) }, attempts))
    }

    /// Every product of the scope's families in `region`, from the service's offer files.
    pub async fn fetch(
        &self,
        scope: &'static ServiceScope,
        region: &str,
        progress: &dyn Progress,
    ) -> Result<Fetched, RefreshError> {
        let retry = self.client.settings().retry;
        let service = scope.code;
        let mut retries = 0;
        let index_url = self.url(&format!("/offers/v1.0/aws/{service}/current/region_index.json"));
        let bytes = match self.get_small(&index_url, progress, &mut retries).await {
            Ok(b) => b,
            Err((f, _))
                if matches!(f.status, Some(StatusCode::NOT_FOUND | StatusCode::FORBIDDEN)) =>
            {
                return Err(RefreshError::UnknownService {
                    service: service.to_string(),
                    known: format!("services with a bulk offer file (`{index_url}`: {})", f.detail),
                });
            }
            Err((f, attempts)) => {
                return Err(RefreshError::Remote {
                    what: format!("GET {index_url}"),
                    attempts,
                    detail: f.detail,
                });
            }
        };
        let index: RegionIndex =
            serde_json::from_slice(&bytes).map_err(|e| RefreshError::BadResponse {
                what: format!("GET {index_url}"),
                detail: format!("not a region index: {e}"),
            })?;
        let Some(entry) = index.regions.get(region) else {
            let known: Vec<&str> = index.regions.keys().map(String::as_str).collect();
            return Err(RefreshError::UnknownRegion {
                service: service.to_string(),
                region: region.to_string(),
                detail: format!("the offer file index lists {}", known.join(", ")),
            });
        };
        progress.fetched(service, region, "region index");
        let offer_url = self.url(&entry.current_version_url);
        // Attempts made so far: the client's retries of a request and the restarts of a download
        // that broke after its answer began share the `--max-attempts` budget.
        let mut made = 0;
        loop {
            let budget = (made + 1, retry.max_attempts.saturating_sub(made).max(1));
            match self.fetch_offer(&offer_url, scope, region, budget, progress, &mut retries).await
            {
                Ok(offer) => {
                    progress.fetched(service, region, "offer file");
                    return Ok(finish(scope, region, offer, retries));
                }
                Err(OfferError::Failed(f, used)) if f.retry && made + used < retry.max_attempts => {
                    made += used;
                    retries += 1;
                    progress.retrying(&offer_url, made + 1, &f.detail);
                    tokio::time::sleep(retry.delay(made + 1)).await;
                }
                Err(OfferError::Failed(f, used) | OfferError::Request(f, used)) => {
                    return Err(RefreshError::Remote {
                        what: format!("GET {offer_url}"),
                        attempts: made + used,
                        detail: f.detail,
                    });
                }
                Err(OfferError::Parse(detail)) => {
                    return Err(RefreshError::BadResponse {
                        what: format!("GET {offer_url}"),
                        detail,
                    });
                }
            }
        }
    }

    /// Downloads and parses one regional offer file, streaming.
    async fn fetch_offer(
        &self,
        url: &str,
        scope: &'static ServiceScope,
        region: &str,
        budget: (u32, u32),
        progress: &dyn Progress,
        retries: &mut u32,
    ) -> Result<OfferAcc, OfferError> {
        let (resp, used) = self
            .get(url, budget, progress, retries)
            .await
            .map_err(|(f, attempts)| OfferError::Request(f, attempts))?;
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(CHANNEL_CHUNKS);
        let region_owned = region.to_string();
        let parser = tokio::task::spawn_blocking(move || {
            parse_offer(ChannelReader { rx, current: Bytes::new() }, scope, &region_owned)
        });
        let mut body = resp.into_body();
        let mut body_error = None;
        loop {
            match self.client.chunk(&mut body).await {
                Ok(None) => break,
                Ok(Some(data)) => {
                    if tx.send(Ok(data)).await.is_err() {
                        break; // the parser stopped (bad JSON); its error says why
                    }
                }
                // A server that stops sending mid-file fails here (no data for the read
                // timeout) instead of holding the refresh forever.
                Err(e) => {
                    let detail = self.detail(&e);
                    body_error = Some(detail.clone());
                    let _ = tx.send(Err(std::io::Error::other(detail))).await;
                    break;
                }
            }
        }
        drop(tx);
        let parsed =
            parser.await.map_err(|e| OfferError::Parse(format!("parser task failed: {e}")))?;
        match (parsed, body_error) {
            (Ok(acc), _) => Ok(acc),
            (Err(_), Some(detail)) => Err(OfferError::Failed(
                Failure {
                    retry: true,
                    status: None,
                    detail: format!("download interrupted: {detail}"),
                },
                used,
            )),
            (Err(e), None) => Err(OfferError::Parse(format!("not an offer file: {e}"))),
        }
    }
}

enum OfferError {
    /// The request failed after the client's own retries (so it is not restarted), and the
    /// attempts it made.
    Request(Failure, u32),
    /// The download broke after the answer began, and the attempts its request took.
    Failed(Failure, u32),
    Parse(String),
}

/// A blocking reader over chunks sent by the download task.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    current: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                None => return Ok(0),
                Some(Ok(b)) => self.current = b,
                Some(Err(e)) => return Err(e),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        let _ = self.current.split_to(n);
        Ok(n)
    }
}

/// What the parser kept of an offer file.
#[derive(Debug, Default)]
pub struct OfferAcc {
    pub publication_date: Option<String>,
    /// Kept products by sku.
    pub products: BTreeMap<String, RawProduct>,
    /// Whether `products` came before `terms` (then terms of other skus are not kept).
    products_done: bool,
    pub on_demand: BTreeMap<String, Vec<RawTerm>>,
    pub reserved: BTreeMap<String, Vec<RawTerm>>,
    pub skipped: Vec<Malformed>,
}

/// Parses an offer file from a reader, keeping only the scope's products in `region`.
pub fn parse_offer<R: Read>(
    reader: R,
    scope: &ServiceScope,
    region: &str,
) -> Result<OfferAcc, serde_json::Error> {
    let mut acc = OfferAcc::default();
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    Offer { scope, region, acc: &mut acc }.deserialize(&mut de)?;
    de.end()?;
    Ok(acc)
}

struct Offer<'a> {
    scope: &'a ServiceScope,
    region: &'a str,
    acc: &'a mut OfferAcc,
}

impl<'de> DeserializeSeed<'de> for Offer<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Offer<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an AWS offer file object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "publicationDate" => self.acc.publication_date = map.next_value()?,
                "products" => {
                    map.next_value_seed(Products {
                        scope: self.scope,
                        region: self.region,
                        acc: self.acc,
                    })?;
                    self.acc.products_done = true;
                }
                "terms" => map.next_value_seed(TermTypes { acc: self.acc })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Products<'a> {
    scope: &'a ServiceScope,
    region: &'a str,
    acc: &'a mut OfferAcc,
}

impl<'de> DeserializeSeed<'de> for Products<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Products<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of sku to product")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            // One product is small: read it as a Value so a malformed one is skipped, not fatal.
            let value: serde_json::Value = map.next_value()?;
            match serde_json::from_value::<RawProduct>(value) {
                Ok(p) => {
                    let family = p.product_family.as_deref().unwrap_or_default();
                    let in_region = p.attributes.get("regionCode").is_none_or(|r| r == self.region);
                    if in_region && self.scope.covers(family) {
                        self.acc.products.insert(sku, p);
                    }
                }
                Err(e) => self.acc.skipped.push(Malformed {
                    sku: Some(sku),
                    reason: format!("not an offer-file product: {e}"),
                }),
            }
        }
        Ok(())
    }
}

struct TermTypes<'a> {
    acc: &'a mut OfferAcc,
}

impl<'de> DeserializeSeed<'de> for TermTypes<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermTypes<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of term type to terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(kind) = map.next_key::<String>()? {
            let reserved = match kind.as_str() {
                "OnDemand" => false,
                "Reserved" => true,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            map.next_value_seed(SkuTerms { reserved, acc: self.acc })?;
        }
        Ok(())
    }
}

struct SkuTerms<'a> {
    reserved: bool,
    acc: &'a mut OfferAcc,
}

impl<'de> DeserializeSeed<'de> for SkuTerms<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SkuTerms<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of sku to terms")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let wanted = !self.acc.products_done || self.acc.products.contains_key(&sku);
            if !wanted {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: serde_json::Value = map.next_value()?;
            match serde_json::from_value::<BTreeMap<String, RawTerm>>(value) {
                Ok(terms) => {
                    let dest = if self.reserved {
                        &mut self.acc.reserved
                    } else {
                        &mut self.acc.on_demand
                    };
                    dest.entry(sku).or_default().extend(terms.into_values());
                }
                Err(e) => self.acc.skipped.push(Malformed {
                    sku: Some(sku),
                    reason: format!("terms not in the offer-file shape: {e}"),
                }),
            }
        }
        Ok(())
    }
}

/// Normalises what the parser kept into a [`Fetched`].
fn finish(scope: &ServiceScope, region: &str, mut offer: OfferAcc, retries: u32) -> Fetched {
    let bad: BTreeSet<String> = offer.skipped.iter().filter_map(|m| m.sku.clone()).collect();
    let mut products = Vec::with_capacity(offer.products.len());
    let mut skipped = std::mem::take(&mut offer.skipped);
    for (sku, raw) in std::mem::take(&mut offer.products) {
        if bad.contains(&sku) {
            continue;
        }
        let od = offer.on_demand.remove(&sku).unwrap_or_default();
        let rs = offer.reserved.remove(&sku).unwrap_or_default();
        match normalise::product(raw, od, rs) {
            Ok(p) => products.push(p),
            Err(m) => skipped.push(m),
        }
    }
    Fetched {
        service: scope.code.to_string(),
        region: region.to_string(),
        source: SourceKind::BulkOfferFile,
        products,
        publication_date: offer.publication_date,
        skipped,
        retries,
    }
}
