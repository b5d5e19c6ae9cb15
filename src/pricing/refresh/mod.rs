//! `costplan pricing refresh`: fetch current AWS list prices and rewrite the pricing cache
//! atomically.
//!
//! Contract:
//! - [`run`] fetches every (service, region) of the plan from one source, the Price List Query
//!   API ([`api`], `GetProducts`, needs credentials) or the public bulk offer files ([`bulk`], no
//!   credentials), normalises the products ([`normalise`]) and writes a complete new cache
//!   directory beside the old one, swapping it in only when everything is written and verified
//!   ([`write`]). Any error (access denied, unknown region or service, a network failure midway)
//!   leaves the previous cache byte-identical.
//! - Only the product families costplan prices are fetched ([`scopes`]); NAT gateway prices come
//!   from `AmazonEC2` through `GetProducts` with `productFamily = NAT Gateway`, never from the
//!   440 MB EC2 offer file, so `AmazonEC2` is API-only. EC2 instance and EBS products are not
//!   fetched yet: a refresh carries the bundled ones over.
//! - Products of the previous file that the refresh did not look at (families outside the scope,
//!   prices not in the Price List such as Fargate Spot) are carried over, so a refresh never
//!   loses a price it cannot replace.
//! - Requests run with bounded concurrency and are retried with exponential backoff on
//!   throttling, 5xx and network errors ([`RetryPolicy`]). A malformed product is skipped and
//!   reported in the [`Summary`], never silently dropped.
//! - The library does not print: progress goes through [`Progress`], results through
//!   [`Summary`].

pub mod api;
pub mod bulk;
pub mod normalise;
pub mod write;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::catalog::{Catalog, CatalogOptions};
use super::error::PricingError;
use super::format::Product;
use super::price::SourceKind;

pub use normalise::Malformed;
pub use write::{FileChange, PriceChange, Summary};

/// Base URL of the public bulk offer files.
pub const DEFAULT_BULK_URL: &str = "https://pricing.us-east-1.amazonaws.com";
/// Regions that serve the Price List Query API.
pub const PRICING_ENDPOINT_REGIONS: &[&str] = &["us-east-1", "eu-central-1", "ap-south-1"];

/// A service costplan prices and a refresh fetches: its row of the service registry (code,
/// product families, whether the bulk offer file may be used).
pub type ServiceScope = crate::services::Service;

/// What a refresh fetches: the services the registry marks priced, with their product
/// families ([`crate::services::SERVICES`]).
pub fn scopes() -> impl Iterator<Item = &'static ServiceScope> {
    crate::services::priced()
}

/// The scope entry of a service code, if costplan prices it.
pub fn scope(service: &str) -> Option<&'static ServiceScope> {
    crate::services::by_code(service).filter(|s| s.priced)
}

/// Where prices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChoice {
    /// The Price List Query API when credentials resolve; otherwise an error suggesting bulk.
    Auto,
    Api,
    Bulk,
}

/// How often a request is tried: the HTTP client's rule, also applied to the Price List API
/// calls (their retries are made here, not by the SDK).
pub use crate::http::Retry as RetryPolicy;

/// Everything a refresh needs to know.
#[derive(Debug, Clone)]
pub struct RefreshOptions {
    /// Service codes; empty = every service of [`scopes`] (AmazonEC2 skipped with bulk).
    pub services: Vec<String>,
    /// Region codes; empty = the regions the current cache and snapshot have per service.
    pub regions: Vec<String>,
    pub source: SourceChoice,
    /// `--endpoint-url`: the Price List API endpoint (api) or the offer-file base URL (bulk).
    pub endpoint_url: Option<String>,
    /// Region of the Price List API endpoint (us-east-1, eu-central-1, ap-south-1).
    pub pricing_endpoint_region: String,
    /// The cache directory to rewrite.
    pub cache_dir: PathBuf,
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// Time allowed for one request to answer (API: one page; bulk: the response headers, and
    /// the longest pause in the download of an offer file).
    /// A request that takes longer fails and is retried like a network error.
    pub request_timeout: Duration,
    /// Time allowed to connect to the Price List API.
    pub connect_timeout: Duration,
    /// Fetch date written into the cache.
    pub today: NaiveDate,
}

/// Progress of a refresh, for a progress bar. Called from several tasks.
pub trait Progress: Send + Sync {
    /// The plan is known: `total` service/region pairs.
    fn start(&self, _total: usize) {}
    /// A page or file of `service`/`region` arrived (`detail` says which).
    fn fetched(&self, _service: &str, _region: &str, _detail: &str) {}
    /// A request failed and is retried after a pause.
    fn retrying(&self, _what: &str, _attempt: u32, _reason: &str) {}
    /// One service/region pair is complete.
    fn done(&self, _service: &str, _region: &str) {}
}

/// A progress sink that ignores everything (`--quiet`, tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;
impl Progress for NoProgress {}

/// One (service, region) fetched from a source, before writing.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub service: String,
    pub region: String,
    pub source: SourceKind,
    pub products: Vec<Product>,
    /// Latest AWS publication date seen.
    pub publication_date: Option<String>,
    /// Items skipped because they could not be read.
    pub skipped: Vec<Malformed>,
    /// Retries it took (throttling, 5xx, network).
    pub retries: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(
        "no AWS credentials found for the Price List API ({detail}); configure credentials \
         (environment, profile, SSO) or use `--source bulk` to read the public offer files, which \
         need none (NAT gateway prices need the API)"
    )]
    NoCredentials { detail: String },

    #[error(
        "access denied by the Price List API for `{service}` ({detail}); the credentials need \
         the IAM action `pricing:GetProducts`, or use `--source bulk`"
    )]
    AccessDenied { service: String, detail: String },

    #[error("unknown service `{service}`: `pricing refresh` fetches {known}")]
    UnknownService { service: String, known: String },

    #[error("unknown region `{region}` for `{service}`: {detail}")]
    UnknownRegion { service: String, region: String, detail: String },

    #[error(
        "`{service}` cannot be refreshed from the bulk offer files (the AmazonEC2 file is about \
         440 MB); use `--source api`, which fetches only the NAT Gateway products"
    )]
    NotInBulk { service: String },

    #[error("`{value}` is not a valid {what}: {detail}")]
    InvalidOption { what: &'static str, value: String, detail: String },

    #[error("{what} failed after {attempts} attempt(s): {detail}")]
    Remote { what: String, attempts: u32, detail: String },

    #[error("{what}: unexpected response: {detail}")]
    BadResponse { what: String, detail: String },

    #[error(
        "no valid product for `{file}`: {why}; a file without prices would replace its \
         previous prices, so nothing was written"
    )]
    NoValidProduct { file: String, why: String },

    #[error("`{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "another `costplan pricing refresh` is writing `{}` (lock file `{}`); wait for it to \
         finish", dir.display(), lock.display()
    )]
    Locked { dir: PathBuf, lock: PathBuf },

    #[error(transparent)]
    Pricing(#[from] PricingError),

    /// The HTTP client could not be set up (a bad proxy variable or `SSL_CERT_FILE`).
    #[error(transparent)]
    Http(#[from] crate::http::HttpError),

    #[error("internal error: {0}")]
    Internal(String),
}

impl RefreshError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RefreshError::Io { path: path.into(), source }
    }
}

/// The (service, region) pairs to fetch, sorted, and services skipped (with why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub pairs: Vec<(&'static ServiceScope, String)>,
    pub skipped: Vec<String>,
}

/// Works out what to fetch. Unknown services are an error; regions default to what the current
/// cache (or the bundled snapshot) holds for each service.
pub fn plan(opts: &RefreshOptions, bulk: bool) -> Result<Plan, RefreshError> {
    let mut chosen: Vec<&'static ServiceScope> = Vec::new();
    let mut skipped = Vec::new();
    if opts.services.is_empty() {
        for s in scopes() {
            if bulk && !s.bulk {
                skipped.push(format!(
                    "{} skipped: not fetched from the bulk offer files (use `--source api` for \
                     NAT gateway prices)",
                    s.code
                ));
            } else {
                chosen.push(s);
            }
        }
    } else {
        for name in &opts.services {
            let s = scope(name).ok_or_else(|| RefreshError::UnknownService {
                service: name.clone(),
                known: scopes().map(|s| s.code).collect::<Vec<_>>().join(", "),
            })?;
            if bulk && !s.bulk {
                return Err(RefreshError::NotInBulk { service: s.code.to_string() });
            }
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
    }
    for r in &opts.regions {
        let ok = !r.is_empty()
            && r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && r.contains('-');
        if !ok {
            return Err(RefreshError::InvalidOption {
                what: "region",
                value: r.clone(),
                detail: "expected a region code like `us-east-1`".into(),
            });
        }
    }
    let current = if opts.regions.is_empty() { Some(current_catalog(opts)) } else { None };
    let mut pairs = Vec::new();
    for s in chosen {
        let regions: Vec<String> = match &current {
            None => opts.regions.clone(),
            Some(cat) => {
                let r = cat.regions(s.code);
                if r.is_empty() { vec!["us-east-1".to_string()] } else { r }
            }
        };
        for r in regions {
            if !pairs.iter().any(|(p, q): &(&ServiceScope, String)| p.code == s.code && *q == r) {
                pairs.push((s, r));
            }
        }
    }
    pairs.sort_by(|a, b| (a.0.code, &a.1).cmp(&(b.0.code, &b.1)));
    Ok(Plan { pairs, skipped })
}

/// The catalog the user has now (snapshot + this cache dir), or the snapshot alone when the
/// cache cannot be read (refresh is the remedy for a corrupt cache, so it must not need it).
fn current_catalog(opts: &RefreshOptions) -> Catalog {
    let dir = opts.cache_dir.join("manifest.json").is_file().then(|| opts.cache_dir.clone());
    Catalog::load(&CatalogOptions { pricing_dir: dir, user_cache: None })
        .unwrap_or_else(|_| Catalog::bundled())
}

/// Where the prices come from, once resolved.
enum Fetcher {
    Api(api::ApiSource),
    Bulk(Box<bulk::BulkSource>),
}

impl Fetcher {
    async fn fetch(
        &self,
        scope: &'static ServiceScope,
        region: &str,
        retry: RetryPolicy,
        progress: &dyn Progress,
    ) -> Result<Fetched, RefreshError> {
        match self {
            Fetcher::Api(a) => a.fetch(scope, region, retry, progress).await,
            Fetcher::Bulk(b) => b.fetch(scope, region, progress).await,
        }
    }
}

/// Runs a refresh. See the module docs for the contract.
pub async fn run(
    opts: &RefreshOptions,
    progress: Arc<dyn Progress>,
) -> Result<Summary, RefreshError> {
    if !PRICING_ENDPOINT_REGIONS.contains(&opts.pricing_endpoint_region.as_str()) {
        return Err(RefreshError::InvalidOption {
            what: "Price List endpoint region",
            value: opts.pricing_endpoint_region.clone(),
            detail: format!(
                "the Price List API is served from {}",
                PRICING_ENDPOINT_REGIONS.join(", ")
            ),
        });
    }
    let bulk = opts.source == SourceChoice::Bulk;
    let plan = plan(opts, bulk)?;
    let fetcher = if bulk {
        Fetcher::Bulk(Box::new(bulk::BulkSource::new(
            opts.endpoint_url.as_deref().unwrap_or(DEFAULT_BULK_URL),
            opts.request_timeout,
            opts.connect_timeout,
            opts.retry,
        )?))
    } else {
        Fetcher::Api(
            api::ApiSource::connect(
                &opts.pricing_endpoint_region,
                opts.endpoint_url.as_deref(),
                crate::aws::Timeouts {
                    connect: opts.connect_timeout,
                    request: opts.request_timeout,
                },
            )
            .await?,
        )
    };
    let source = if bulk { SourceKind::BulkOfferFile } else { SourceKind::PriceListApi };
    // Take the lock and clean up after interrupted refreshes before any network traffic.
    let mut staging = write::Staging::begin(&opts.cache_dir, source, opts.today)?;
    staging.notes.extend(plan.skipped.iter().cloned());
    progress.start(plan.pairs.len());

    let fetcher = Arc::new(fetcher);
    let limit = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let mut tasks: JoinSet<Result<Fetched, RefreshError>> = JoinSet::new();
    for (scope, region) in plan.pairs {
        let (fetcher, limit, progress) = (fetcher.clone(), limit.clone(), progress.clone());
        let retry = opts.retry;
        tasks.spawn(async move {
            let _permit =
                limit.acquire_owned().await.map_err(|e| RefreshError::Internal(e.to_string()))?;
            let fetched = fetcher.fetch(scope, &region, retry, progress.as_ref()).await?;
            progress.done(scope.code, &region);
            Ok(fetched)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let fetched = joined.map_err(|e| RefreshError::Internal(format!("fetch task: {e}")))??;
        staging.add(fetched)?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Families of the bundled snapshot a refresh does not fetch (their products are carried
    /// over from the previous file): EC2 data transfer has no `regionCode` to filter on; EC2
    /// instances and EBS are not fetched yet (`Compute Instance` is every OS, tenancy and
    /// licence of every type: far more products per region than costplan reads).
    const CARRIED: &[(&str, &str)] = &[
        ("AmazonEC2", "Data Transfer"),
        ("AmazonEC2", "Compute Instance"),
        ("AmazonEC2", "Storage"),
        ("AmazonEC2", "System Operation"),
        ("AmazonEC2", "Provisioned Throughput"),
        ("AmazonEC2", "Storage Snapshot"),
        ("AmazonEC2", "Fast Snapshot Restore"),
        ("AmazonEC2", "EBS direct API Requests"),
    ];

    #[test]
    fn scope_covers_every_family_the_bundled_snapshot_prices() {
        let cat = Catalog::bundled();
        for service in cat.services() {
            let s = scope(&service)
                .unwrap_or_else(|| panic!("{service} missing from the registry's priced services"));
            for region in cat.regions(&service) {
                for p in cat.products(&service, &region, &[]).expect("bundled file") {
                    let fam = p.product_family.as_str();
                    assert!(
                        s.covers(fam) || CARRIED.contains(&(service.as_str(), fam)),
                        "{service} {region}: family `{fam}` neither fetched nor carried"
                    );
                }
            }
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = RetryPolicy::default();
        assert_eq!(r.backoff(2), Duration::from_millis(250));
        assert_eq!(r.backoff(3), Duration::from_millis(500));
        assert_eq!(r.backoff(30), Duration::from_secs(8));
    }
}
