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

/// Set by `-v`: [`describe_failure`] appends the SDK's own detail (its debug dump) to the short
/// cause. Off by default: that detail runs to kilobytes and names no fix.
pub static SDK_DETAIL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Why an AWS call failed, in words a user acts on: the short cause (credentials missing,
/// credentials rejected or access denied, throttled, endpoint unreachable, timed out, or the
/// service's own code and message) and what to do. `permission` names the IAM actions the call
/// needs (`ce:GetCostAndUsage`).
pub fn describe_failure<E, R>(err: &SdkError<E, R>, permission: &str) -> String
where
    E: aws_sdk_costexplorer::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let short = short_cause(err, permission);
    if SDK_DETAIL.load(std::sync::atomic::Ordering::Relaxed) {
        format!("{short} [detail: {}]", aws_sdk_costexplorer::error::DisplayErrorContext(err))
    } else {
        short
    }
}

fn short_cause<E, R>(err: &SdkError<E, R>, permission: &str) -> String
where
    E: aws_sdk_costexplorer::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    if let Some(detail) = timeout_detail(err) {
        return detail;
    }
    if let Some(service) = err.as_service_error() {
        let code = service.code().unwrap_or("unknown error");
        let message = service.message().unwrap_or("no message");
        return match classify_code(code) {
            Some(Kind::Denied) => format!(
                "access denied ({code}: {message}); the credentials need {permission}: check the \
                 profile or role in use (`aws sts get-caller-identity`) and its policies"
            ),
            Some(Kind::CredentialsRejected) => format!(
                "the credentials were rejected ({code}: {message}); refresh them (`aws sso login`, \
                 new access keys) or choose another --profile"
            ),
            Some(Kind::Throttled) => format!(
                "throttled by AWS ({code}); wait a minute and run again, or ask for less at once \
                 (a shorter period, fewer --group-by keys)"
            ),
            None => format!("{code}: {message}"),
        };
    }
    let chain = crate::error_chain::error_chain(err);
    let lower = chain.to_ascii_lowercase();
    if lower.contains("credential") {
        return "no AWS credentials found; configure them the standard way (AWS_PROFILE or \
                --profile with `aws configure` / `aws sso login`, AWS_ACCESS_KEY_ID and \
                AWS_SECRET_ACCESS_KEY, or an instance role)"
            .to_string();
    }
    if let SdkError::DispatchFailure(d) = err
        && (d.is_io() || lower.contains("connect") || lower.contains("dns"))
    {
        return format!(
            "the AWS endpoint could not be reached ({}); check the network, a proxy \
             (HTTPS_PROXY), --endpoint-url and the region",
            crate::error_chain::deepest_cause(err)
        );
    }
    crate::error_chain::deepest_cause(err)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Denied,
    CredentialsRejected,
    Throttled,
}

/// The kind of an AWS error code, when it is one a user fixes the same way on every service.
fn classify_code(code: &str) -> Option<Kind> {
    match code {
        c if c.contains("AccessDenied") || c == "UnauthorizedOperation" => Some(Kind::Denied),
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "IncompleteSignature" => Some(Kind::CredentialsRejected),
        c if c.contains("Throttl")
            || c == "TooManyRequestsException"
            || c == "RequestLimitExceeded"
            || c == "LimitExceededException" =>
        {
            Some(Kind::Throttled)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, classify_code};

    #[test]
    fn codes_are_classified_alike_on_every_service() {
        assert_eq!(classify_code("AccessDeniedException"), Some(Kind::Denied));
        assert_eq!(classify_code("ExpiredTokenException"), Some(Kind::CredentialsRejected));
        assert_eq!(classify_code("ThrottlingException"), Some(Kind::Throttled));
        assert_eq!(classify_code("DataUnavailableException"), None);
    }
}
