//! The one place that builds AWS SDK configurations, for every SDK client costplan makes (Cost
//! Explorer and Athena for `actuals`/`compare`/`report`, the Price List API for
//! `pricing refresh`).
//!
//! Contract:
//! - Every configuration has a connect timeout and a request timeout ([`Timeouts`]): the request
//!   timeout bounds the wait for the first byte of an answer (read timeout) and each attempt of
//!   an operation as a whole, so an endpoint that accepts a connection and never answers fails
//!   with an error instead of hanging. The SDK's retries, when on, repeat at most its usual number
//!   of attempts, each bounded.
//! - Credentials, region and endpoint come from the standard AWS chain (`aws-config`: environment,
//!   profile, SSO, IMDS), overridden only by what [`SdkOptions`] sets.
//! - [`timeout_detail`] recognises a timed-out SDK call, so every caller words it the same way and
//!   names the flag that sets the limit.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
// Every SDK crate re-exports the same smithy `SdkError`.
use aws_sdk_costexplorer::error::SdkError;

/// Default `--connect-timeout`, seconds.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 10;
/// Default `--request-timeout` of `actuals`/`compare`/`report`, seconds.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 300;

/// Limits on one AWS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the connection (TCP and TLS).
    pub connect: Duration,
    /// The first byte of the answer, and each attempt of an operation as a whole.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_SECS),
            request: Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_SECS),
        }
    }
}

/// What a command sets on top of the standard AWS chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SdkOptions {
    /// Region; `None` leaves it to the chain.
    pub region: Option<String>,
    /// Endpoint override (a local test server, a proxy).
    pub endpoint_url: Option<String>,
    /// Profile of the shared config files.
    pub profile: Option<String>,
    pub timeouts: Timeouts,
    /// Turn the SDK's own retries off (for a caller that retries and counts retries itself).
    pub no_sdk_retries: bool,
}

/// Loads the SDK configuration for `opts`; see the module contract.
pub async fn load(opts: &SdkOptions) -> SdkConfig {
    let t = opts.timeouts;
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(t.connect)
        .read_timeout(t.request)
        .operation_attempt_timeout(t.request)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts);
    if opts.no_sdk_retries {
        loader = loader.retry_config(RetryConfig::disabled());
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &opts.region {
        loader = loader.region(Region::new(r.clone()));
    }
    loader.load().await
}

/// When `err` is a call that ran out of time: what to say about it, naming the flags.
pub fn timeout_detail<E, R>(err: &SdkError<E, R>) -> Option<String> {
    let timed_out = match err {
        SdkError::TimeoutError(_) => true,
        SdkError::DispatchFailure(d) => d.is_timeout(),
        _ => false,
    };
    timed_out.then(|| {
        "no answer within the time allowed (--connect-timeout to connect, --request-timeout for \
         an answer); check the network and the endpoint, or raise the limits"
            .to_string()
    })
}
