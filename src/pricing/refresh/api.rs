//! The Price List Query API source: `GetProducts` through aws-sdk-pricing, one paginated series
//! per product family of the scope, filtered by `regionCode` (and `productFamily`).
//!
//! Credentials and configuration come from aws-config (environment, profile, SSO, ...), which
//! also honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_PRICING`; `--endpoint-url` overrides
//! both. The SDK's own retries are off: [`get_page`] retries throttling, 5xx and network errors
//! itself, so the retries are counted and the backoff is the refresh's [`RetryPolicy`].

use crate::error_chain::error_chain;
use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_pricing::Client;
use aws_sdk_pricing::config::ProvideCredentials;
use aws_sdk_pricing::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_pricing::operation::get_products::{GetProductsError, GetProductsOutput};
use aws_sdk_pricing::types::{Filter, FilterType};

use super::normalise;
use super::{Fetched, Progress, RefreshError, RetryPolicy, ServiceScope};
use crate::pricing::format::Product;
use crate::pricing::price::SourceKind;

/// Largest page `GetProducts` serves.
const PAGE_SIZE: i32 = 100;
/// How long credential resolution may take (an absent IMDS otherwise takes several seconds).
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(15);

/// A connected Price List API client.
#[derive(Debug, Clone)]
pub struct ApiSource {
    client: Client,
}

impl ApiSource {
    /// Loads the AWS configuration ([`crate::aws::load`]) and checks that credentials resolve.
    /// `timeouts` bound connecting and one `GetProducts` attempt (a page).
    pub async fn connect(
        endpoint_region: &str,
        endpoint_url: Option<&str>,
        timeouts: crate::aws::Timeouts,
    ) -> Result<Self, RefreshError> {
        let config = crate::aws::load(&crate::aws::SdkOptions {
            region: Some(endpoint_region.to_string()),
            endpoint_url: endpoint_url.map(str::to_string),
            profile: None,
            timeouts,
            no_sdk_retries: true,
        })
        .await;
        let provider = config.credentials_provider().ok_or_else(|| {
            RefreshError::NoCredentials { detail: "no credential provider is configured".into() }
        })?;
        match tokio::time::timeout(CREDENTIALS_TIMEOUT, provider.provide_credentials()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(RefreshError::NoCredentials { detail: error_chain(&e) });
            }
            Err(_) => {
                return Err(RefreshError::NoCredentials {
                    detail: format!(
                        "resolving credentials took longer than {}s",
                        CREDENTIALS_TIMEOUT.as_secs()
                    ),
                });
            }
        }
        Ok(Self { client: Client::new(&config) })
    }

    /// Every product of the scope's families in `region`.
    pub async fn fetch(
        &self,
        scope: &ServiceScope,
        region: &str,
        retry: RetryPolicy,
        progress: &dyn Progress,
    ) -> Result<Fetched, RefreshError> {
        let mut products: BTreeMap<String, Product> = BTreeMap::new();
        let mut fetched = Fetched {
            service: scope.code.to_string(),
            region: region.to_string(),
            source: SourceKind::PriceListApi,
            products: Vec::new(),
            publication_date: None,
            skipped: Vec::new(),
            retries: 0,
        };
        let families: Vec<Option<&str>> = if scope.families.is_empty() {
            vec![None]
        } else {
            scope.families.iter().map(|f| Some(*f)).collect()
        };
        for family in families {
            let mut token: Option<String> = None;
            let mut page = 0u32;
            loop {
                page += 1;
                let what = format!(
                    "GetProducts {} {region}{} page {page}",
                    scope.code,
                    family.map(|f| format!(" `{f}`")).unwrap_or_default()
                );
                let out = self
                    .get_page(
                        scope.code,
                        region,
                        family,
                        token.as_deref(),
                        retry,
                        &what,
                        progress,
                        &mut fetched.retries,
                    )
                    .await?;
                for item in out.price_list() {
                    match normalise::price_list_item(item) {
                        Ok((p, date)) => {
                            if date > fetched.publication_date {
                                fetched.publication_date = date;
                            }
                            products.insert(p.sku.clone(), p);
                        }
                        Err(m) => fetched.skipped.push(m),
                    }
                }
                progress.fetched(scope.code, region, &what);
                match out.next_token() {
                    Some(t) if !t.is_empty() => token = Some(t.to_string()),
                    _ => break,
                }
            }
        }
        if products.is_empty() && fetched.skipped.is_empty() {
            return Err(RefreshError::UnknownRegion {
                service: scope.code.to_string(),
                region: region.to_string(),
                detail: format!(
                    "the Price List API has no {} products for regionCode `{region}`{}; check the \
                     region code",
                    scope.code,
                    if scope.families.is_empty() {
                        String::new()
                    } else {
                        format!(" in families {}", scope.families.join(", "))
                    }
                ),
            });
        }
        fetched.products = products.into_values().collect();
        Ok(fetched)
    }

    #[allow(clippy::too_many_arguments)]
    async fn get_page(
        &self,
        service: &str,
        region: &str,
        family: Option<&str>,
        token: Option<&str>,
        retry: RetryPolicy,
        what: &str,
        progress: &dyn Progress,
        retries: &mut u32,
    ) -> Result<GetProductsOutput, RefreshError> {
        let mut attempt = 1;
        loop {
            let mut req = self
                .client
                .get_products()
                .service_code(service)
                .format_version("aws_v1")
                .max_results(PAGE_SIZE)
                .filters(term_match("regionCode", region)?);
            if let Some(f) = family {
                req = req.filters(term_match("productFamily", f)?);
            }
            if let Some(t) = token {
                req = req.next_token(t);
            }
            let err = match req.send().await {
                Ok(out) => return Ok(out),
                Err(e) => e,
            };
            let class = classify(&err);
            let detail = describe(&err);
            match class {
                Class::Retry if attempt < retry.max_attempts => {
                    attempt += 1;
                    *retries += 1;
                    progress.retrying(what, attempt, &detail);
                    tokio::time::sleep(retry.delay(attempt)).await;
                }
                Class::Retry => {
                    return Err(RefreshError::Remote {
                        what: what.to_string(),
                        attempts: attempt,
                        detail,
                    });
                }
                Class::AccessDenied => {
                    return Err(RefreshError::AccessDenied {
                        service: service.to_string(),
                        detail,
                    });
                }
                Class::NotFound => {
                    return Err(RefreshError::UnknownService {
                        service: service.to_string(),
                        known: format!("only services the Price List knows ({detail})"),
                    });
                }
                Class::Fatal => {
                    return Err(RefreshError::Remote {
                        what: what.to_string(),
                        attempts: attempt,
                        detail,
                    });
                }
            }
        }
    }
}

fn term_match(field: &str, value: &str) -> Result<Filter, RefreshError> {
    Filter::builder()
        .r#type(FilterType::TermMatch)
        .field(field)
        .value(value)
        .build()
        .map_err(|e| RefreshError::Internal(format!("GetProducts filter: {e}")))
}

enum Class {
    Retry,
    AccessDenied,
    NotFound,
    Fatal,
}

fn classify(err: &SdkError<GetProductsError>) -> Class {
    match err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => Class::Retry,
        SdkError::ResponseError(_) => Class::Retry,
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            match se.err() {
                GetProductsError::ThrottlingException(_) => Class::Retry,
                GetProductsError::InternalErrorException(_) => Class::Retry,
                GetProductsError::AccessDeniedException(_) => Class::AccessDenied,
                GetProductsError::NotFoundException(_) => Class::NotFound,
                e => match e.code() {
                    Some(
                        "ThrottlingException"
                        | "Throttling"
                        | "TooManyRequestsException"
                        | "RequestLimitExceeded",
                    ) => Class::Retry,
                    Some(
                        "AccessDeniedException"
                        | "UnrecognizedClientException"
                        | "InvalidSignatureException",
                    ) => Class::AccessDenied,
                    _ if status >= 500 || status == 429 => Class::Retry,
                    _ => Class::Fatal,
                },
            }
        }
        _ => Class::Fatal,
    }
}

fn describe(err: &SdkError<GetProductsError>) -> String {
    match err {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let e = se.err();
            match (e.code(), e.message()) {
                (Some(c), Some(m)) => format!("HTTP {status} {c}: {m}"),
                (Some(c), None) => format!("HTTP {status} {c}"),
                _ => format!("HTTP {status}"),
            }
        }
        other => error_chain(other),
    }
}
