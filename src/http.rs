//! The one HTTP client of costplan: every outbound call that is not an AWS SDK client (the GitHub
//! comment calls, the bulk offer files) goes through [`Client`].
//!
//! Contract:
//! - **TLS only, except loopback.** [`check_url`] accepts `https://` URLs, and `http://` only
//!   for this machine (`localhost`, 127.0.0.0/8, `[::1]`: test servers, local mirrors). Every
//!   request is checked, so a URL taken from an answer (a pagination link, an offer file's
//!   location) cannot downgrade a call to plain http either.
//! - **Timeouts.** [`Settings::connect_timeout`] bounds the TCP connection (and the proxy
//!   tunnel); [`Settings::response_timeout`] bounds the wait for the response headers, connect
//!   included; [`Settings::read_timeout`] bounds each pause while a body is read ([`Client::chunk`],
//!   [`Client::read_all`]). A body as a whole has no deadline: it streams as long as data comes.
//! - **Retries** ([`Client::send`]): up to [`Retry::max_attempts`] attempts, with exponential
//!   backoff and jitter ([`Retry::delay`]). A connection that could not be made is retried for
//!   any method (nothing was sent). A timeout, a broken connection, a 5xx answer are retried
//!   only for safe methods (GET, HEAD), so nothing is ever created twice. A 429 is retried for any
//!   method when [`Settings::retry_rate_limits`] is set, honouring `Retry-After` (seconds or an
//!   HTTP date); a `Retry-After` longer than [`Settings::max_retry_after`] is not waited: the answer
//!   goes back to the caller. After the last attempt the caller gets the last answer (whatever
//!   its status) or the last error, with the number of attempts made.
//! - **Proxy** from the environment, as curl reads it ([`Environment`]): `HTTPS_PROXY` (or
//!   `ALL_PROXY`) for `https://` targets through an HTTP `CONNECT` tunnel, with basic auth from
//!   the proxy URL's `user:password@`; `NO_PROXY` lists hosts and domains reached directly.
//!   Plain-http targets are loopback only and are never proxied (so `HTTP_PROXY` is not used),
//!   nor is a loopback https target. A proxy URL that is not `http://host[:port]` is an error.
//! - **Roots**: the system's certificates (rustls-native-certs, as the AWS SDK clients of the same
//!   process use). `SSL_CERT_FILE` names a PEM bundle trusted in their place, as OpenSSL, curl
//!   and the AWS SDK read it; a file that cannot be read or holds no certificate is an error
//!   naming it.
//! - Every request carries `user-agent: costplan/<version>` ([`USER_AGENT`]) unless the caller
//!   set one.
//! - A body read whole ([`Client::read_all`]) is bounded: past the limit the read fails.
//!
//! Built on hyper, hyper-util and hyper-rustls (with rustls and aws-lc-rs), the stack the AWS SDK
//! already builds: no second HTTP or TLS stack.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{HeaderMap, Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tower_service::Service;

use crate::error_chain::error_chain;

/// The `user-agent` of every request.
pub const USER_AGENT: &str = concat!("costplan/", env!("CARGO_PKG_VERSION"));

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Https = hyper_rustls::HttpsConnector<ProxyConnector>;

/// Why a request could not be made or answered.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("`{url}` is not a valid URL: {detail}")]
    BadUrl { url: String, detail: String },
    #[error(
        "refusing plain http to `{0}`: use an `https://` URL (only a loopback address, \
         `localhost`, 127.0.0.0/8 or `[::1]`, may be reached without TLS)"
    )]
    Insecure(String),
    #[error(
        "`{var}` = `{value}` is not a usable proxy: {detail}; set it to `http://host:port` (an HTTP \
         proxy that accepts CONNECT) or unset it"
    )]
    Proxy { var: &'static str, value: String, detail: String },
    #[error(
        "SSL_CERT_FILE `{}`: {detail}; point it at a PEM file of CA certificates, or unset it",
        path.display()
    )]
    CaFile { path: PathBuf, detail: String },
    #[error("TLS setup: {0}")]
    Tls(String),
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("no response within {}s", .0.as_secs())]
    Timeout(Duration),
    #[error("no data for {}s", .0.as_secs())]
    Stalled(Duration),
    #[error("{0}")]
    Transport(String),
    #[error("the answer is over {limit} bytes")]
    TooLarge { limit: usize },
}

impl HttpError {
    /// Whether nothing reached the server (safe to retry for any method).
    fn not_sent(&self) -> bool {
        matches!(self, HttpError::Connect(_))
    }

    /// Whether another attempt may succeed (for a safe method).
    fn transient(&self) -> bool {
        matches!(
            self,
            HttpError::Connect(_)
                | HttpError::Timeout(_)
                | HttpError::Stalled(_)
                | HttpError::Transport(_)
        )
    }
}

/// How often, and how patiently, a request is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts per request, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further retry.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
        }
    }
}

impl Retry {
    /// The longest wait before attempt `attempt` (2 = first retry): the initial backoff doubled
    /// per further retry, capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(2).min(16);
        self.initial_backoff.saturating_mul(1u32 << doublings).min(self.max_backoff)
    }

    /// The wait before attempt `attempt`: [`Retry::backoff`] with jitter, uniformly between half
    /// of it and all of it, so clients that failed together do not retry together.
    pub fn delay(&self, attempt: u32) -> Duration {
        let cap = self.backoff(attempt);
        let half = cap / 2;
        let spread = u64::try_from((cap - half).as_millis()).unwrap_or(u64::MAX);
        half + Duration::from_millis(fastrand::u64(0..=spread))
    }
}

/// The rules of one client.
#[derive(Debug, Clone)]
pub struct Settings {
    pub connect_timeout: Duration,
    /// Time allowed for the response headers, connecting included.
    pub response_timeout: Duration,
    /// Longest pause while a body is read.
    pub read_timeout: Duration,
    pub retry: Retry,
    /// Whether a 429 is retried here (off for a caller with its own rate-limit rule).
    pub retry_rate_limits: bool,
    /// Longest `Retry-After` waited out; a longer one returns the answer to the caller.
    pub max_retry_after: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(30),
            response_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            retry: Retry::default(),
            retry_rate_limits: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// The environment variables the client reads (a value, so tests need not change the process's
/// environment).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `HTTPS_PROXY` / `https_proxy`.
    pub https_proxy: Option<String>,
    /// `ALL_PROXY` / `all_proxy`.
    pub all_proxy: Option<String>,
    /// `NO_PROXY` / `no_proxy`.
    pub no_proxy: Option<String>,
    /// `SSL_CERT_FILE`.
    pub ssl_cert_file: Option<PathBuf>,
}

impl Environment {
    /// Reads the process's environment (the upper-case name first, as curl does).
    pub fn from_process() -> Self {
        let var = |names: [&str; 2]| {
            names.iter().find_map(|n| std::env::var(n).ok()).filter(|v| !v.trim().is_empty())
        };
        Self {
            https_proxy: var(["HTTPS_PROXY", "https_proxy"]),
            all_proxy: var(["ALL_PROXY", "all_proxy"]),
            no_proxy: var(["NO_PROXY", "no_proxy"]),
            ssl_cert_file: std::env::var_os("SSL_CERT_FILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    /// The proxy matcher, after checking that the proxy URL is one the tunnel can use.
    fn matcher(&self) -> Result<Matcher, HttpError> {
        let mut builder = Matcher::builder();
        for (var, value) in [("HTTPS_PROXY", &self.https_proxy), ("ALL_PROXY", &self.all_proxy)] {
            let Some(value) = value else { continue };
            check_proxy(var, value)?;
            builder = if var == "HTTPS_PROXY" {
                builder.https(value.as_str())
            } else {
                builder.all(value.as_str())
            };
        }
        if let Some(no) = &self.no_proxy {
            builder = builder.no(no.as_str());
        }
        Ok(builder.build())
    }

    /// The proxy a request to `url` goes through, if any (what [`Client`] does, for tests and
    /// diagnostics).
    pub fn proxy_for(&self, url: &str) -> Result<Option<Uri>, HttpError> {
        let uri = check_url(url)?;
        Ok(proxy_of(&self.matcher()?, &uri).map(|(u, _)| u))
    }
}

fn check_proxy(var: &'static str, value: &str) -> Result<(), HttpError> {
    let err =
        |detail: &str| HttpError::Proxy { var, value: redact(value), detail: detail.to_string() };
    let with_scheme =
        if value.contains("://") { value.to_string() } else { format!("http://{value}") };
    let uri: Uri = with_scheme.parse().map_err(|_| err("not a URL"))?;
    if !uri.scheme_str().is_some_and(|s| s.eq_ignore_ascii_case("http")) {
        return Err(err("only `http://` proxies are supported"));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(err("no host"));
    }
    Ok(())
}

/// A proxy URL without its password, for messages.
fn redact(value: &str) -> String {
    match (value.find("://"), value.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &value[..s + 3], &value[at..]),
        (None, Some(at)) => format!("***{}", &value[at..]),
        _ => value.to_string(),
    }
}

/// The proxy (and its `proxy-authorization`) for `dst`: https targets that are not loopback.
fn proxy_of(matcher: &Matcher, dst: &Uri) -> Option<(Uri, Option<hyper::header::HeaderValue>)> {
    if dst.scheme_str() != Some("https") || dst.host().is_none_or(is_loopback) {
        return None;
    }
    let hit = matcher.intercept(dst)?;
    Some((hit.uri().clone(), hit.basic_auth().cloned()))
}

/// Whether a URL host is this machine (`localhost`, 127.0.0.0/8, `[::1]`).
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Parses `url` and applies the TLS rule: `https://`, or `http://` to a loopback host.
pub fn check_url(url: &str) -> Result<Uri, HttpError> {
    let bad = |detail: String| HttpError::BadUrl { url: url.to_string(), detail };
    let uri: Uri = url.parse().map_err(|e: hyper::http::uri::InvalidUri| bad(e.to_string()))?;
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
        return Err(bad("expected `https://host[/path]`".into()));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(uri),
        "http" if is_loopback(host) => Ok(uri),
        "http" => Err(HttpError::Insecure(url.to_string())),
        _ => Err(bad("expected `https://host[/path]`".into())),
    }
}

/// Connects directly, or through an HTTP CONNECT tunnel when the environment names a proxy for
/// the target. TLS is layered on top by hyper-rustls either way.
#[derive(Clone)]
struct ProxyConnector {
    direct: HttpConnector,
    matcher: Arc<Matcher>,
    connect_timeout: Duration,
}

impl Service<Uri> for ProxyConnector {
    type Response = TokioIo<tokio::net::TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // HttpConnector is always ready; each call clones it.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let mut direct = self.direct.clone();
        let proxy = proxy_of(&self.matcher, &dst);
        let timeout = self.connect_timeout;
        Box::pin(async move {
            let Some((proxy, auth)) = proxy else {
                return direct.call(dst).await.map_err(Into::into);
            };
            let mut tunnel = Tunnel::new(proxy.clone(), direct);
            if let Some(auth) = auth {
                tunnel = tunnel.with_auth(auth);
            }
            // The connect timeout bounds the whole tunnel (the TCP connection to the proxy and
            // its answer to CONNECT), so a proxy that never answers cannot hold the call.
            let where_ = format!("proxy {}:{}", proxy.host().unwrap_or_default(), port_of(&proxy));
            match tokio::time::timeout(timeout, tunnel.call(dst)).await {
                Err(_) => Err(format!("{where_}: no tunnel within {}s", timeout.as_secs()).into()),
                Ok(Err(e)) => Err(format!("{where_}: {}", error_chain(&e)).into()),
                Ok(Ok(io)) => Ok(io),
            }
        })
    }
}

fn port_of(uri: &Uri) -> u16 {
    uri.port_u16().unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 })
}

/// The roots: the system's (or `SSL_CERT_FILE`'s, checked here so a bad file is named).
fn roots(env: &Environment) -> Result<rustls::RootCertStore, HttpError> {
    let mut roots = rustls::RootCertStore::empty();
    let loaded = match &env.ssl_cert_file {
        Some(path) => ca_file(path)?,
        None => rustls_native_certs::load_native_certs().certs,
    };
    let (added, _ignored) = roots.add_parsable_certificates(loaded);
    if added == 0 {
        return match &env.ssl_cert_file {
            Some(path) => Err(HttpError::CaFile {
                path: path.clone(),
                detail: "no certificate in it is usable".into(),
            }),
            None => Err(HttpError::Tls(
                "no root certificate found on this system: install the CA certificates \
                 (e.g. the `ca-certificates` package) or set SSL_CERT_FILE"
                    .into(),
            )),
        };
    }
    Ok(roots)
}

/// The certificates of a PEM file, read like every user input file ([`crate::input_file`]: a
/// regular file, bounded), so `SSL_CERT_FILE=/dev/zero` or a directory is refused, not read.
fn ca_file(path: &Path) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, HttpError> {
    use rustls::pki_types::pem::PemObject;
    let err = |detail: String| HttpError::CaFile { path: path.to_path_buf(), detail };
    let bytes = crate::input_file::read(path).map_err(|e| err(e.to_string()))?;
    let certs = rustls::pki_types::CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| err(format!("not a PEM file of certificates: {e}")))?;
    if certs.is_empty() {
        return Err(err("no `-----BEGIN CERTIFICATE-----` block in it".into()));
    }
    Ok(certs)
}

/// An answer, and how many attempts it took.
#[derive(Debug)]
pub struct Sent {
    pub response: Response<Incoming>,
    pub attempts: u32,
}

/// The last error, and how many attempts were made.
#[derive(Debug)]
pub struct Failed {
    pub error: HttpError,
    pub attempts: u32,
}

/// The HTTP client (cheap to clone: the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    inner: HyperClient<Https, Full<Bytes>>,
    settings: Settings,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl Client {
    /// A client with `settings`, its proxy and roots from `env`.
    pub fn new(settings: Settings, env: &Environment) -> Result<Self, HttpError> {
        let matcher = Arc::new(env.matcher()?);
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| HttpError::Tls(e.to_string()))?
            .with_root_certificates(roots(env)?)
            .with_no_client_auth();
        let mut direct = HttpConnector::new();
        direct.enforce_http(false);
        direct.set_connect_timeout(Some(settings.connect_timeout));
        direct.set_nodelay(true);
        let proxied = ProxyConnector { direct, matcher, connect_timeout: settings.connect_timeout };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(proxied);
        let inner = HyperClient::builder(TokioExecutor::new()).build(https);
        Ok(Self { inner, settings })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// One attempt: the TLS rule, the user agent, the response timeout.
    pub async fn send_once(
        &self,
        mut request: Request<Full<Bytes>>,
    ) -> Result<Response<Incoming>, HttpError> {
        check_url(&request.uri().to_string())?;
        if !request.headers().contains_key(hyper::header::USER_AGENT) {
            request.headers_mut().insert(
                hyper::header::USER_AGENT,
                hyper::header::HeaderValue::from_static(USER_AGENT),
            );
        }
        let timeout = self.settings.response_timeout;
        match tokio::time::timeout(timeout, self.inner.request(request)).await {
            Err(_) => Err(HttpError::Timeout(timeout)),
            Ok(Err(e)) if e.is_connect() => Err(HttpError::Connect(error_chain(&e))),
            Ok(Err(e)) => Err(HttpError::Transport(error_chain(&e))),
            Ok(Ok(r)) => Ok(r),
        }
    }

    /// `request` with the retry rules of the module doc; `on_retry(attempt, why)` is called
    /// before each further attempt.
    pub async fn send(
        &self,
        request: Request<Full<Bytes>>,
        on_retry: &mut (dyn FnMut(u32, &str) + Send),
    ) -> Result<Sent, Failed> {
        self.send_within(request, self.settings.retry.max_attempts, on_retry).await
    }

    /// [`Client::send`] with at most `max_attempts` attempts (at least one), for a caller whose
    /// own restarts share the budget of [`Retry::max_attempts`].
    pub async fn send_within(
        &self,
        request: Request<Full<Bytes>>,
        max_attempts: u32,
        on_retry: &mut (dyn FnMut(u32, &str) + Send),
    ) -> Result<Sent, Failed> {
        let (parts, body) = request.into_parts();
        let safe = parts.method.is_safe();
        let retry = self.settings.retry;
        let mut attempt = 1;
        loop {
            let mut again = Request::new(body.clone());
            *again.method_mut() = parts.method.clone();
            *again.uri_mut() = parts.uri.clone();
            *again.version_mut() = parts.version;
            *again.headers_mut() = parts.headers.clone();
            let last = attempt >= max_attempts;
            let (wait, why) = match self.send_once(again).await {
                Ok(response) => {
                    let status = response.status();
                    let retryable = (status == StatusCode::TOO_MANY_REQUESTS
                        && self.settings.retry_rate_limits)
                        || (status.is_server_error() && safe);
                    let asked = retry_after(response.headers(), SystemTime::now());
                    if last
                        || !retryable
                        || asked.is_some_and(|d| d > self.settings.max_retry_after)
                    {
                        return Ok(Sent { response, attempts: attempt });
                    }
                    let wait = asked.unwrap_or_default().max(retry.delay(attempt + 1));
                    (wait, format!("HTTP {status}"))
                }
                Err(error) => {
                    if last || !(error.not_sent() || (safe && error.transient())) {
                        return Err(Failed { error, attempts: attempt });
                    }
                    (retry.delay(attempt + 1), error.to_string())
                }
            };
            attempt += 1;
            on_retry(attempt, &why);
            tokio::time::sleep(wait).await;
        }
    }

    /// The next piece of a body (`None` at its end), within [`Settings::read_timeout`].
    pub async fn chunk(&self, body: &mut Incoming) -> Result<Option<Bytes>, HttpError> {
        let timeout = self.settings.read_timeout;
        loop {
            let frame = tokio::time::timeout(timeout, body.frame())
                .await
                .map_err(|_| HttpError::Stalled(timeout))?;
            match frame {
                None => return Ok(None),
                Some(Err(e)) => return Err(HttpError::Transport(error_chain(&e))),
                Some(Ok(f)) => {
                    if let Ok(data) = f.into_data() {
                        return Ok(Some(data));
                    }
                    // a trailers frame: keep reading
                }
            }
        }
    }

    /// A whole body, at most `limit` bytes.
    pub async fn read_all(&self, body: Incoming, limit: usize) -> Result<Bytes, HttpError> {
        let mut body = body;
        let mut out = BytesMut::new();
        while let Some(data) = self.chunk(&mut body).await? {
            if out.len() + data.len() > limit {
                return Err(HttpError::TooLarge { limit });
            }
            out.extend_from_slice(&data);
        }
        Ok(out.freeze())
    }

    /// The start of an error answer's body, for a message (empty when it cannot be read).
    pub async fn error_text(&self, response: Response<Incoming>) -> String {
        match self.read_all(response.into_body(), 64 * 1024).await {
            Ok(b) => String::from_utf8_lossy(&b).trim().chars().take(200).collect(),
            Err(_) => String::new(),
        }
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date (RFC 9110 10.2.3).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(hyper::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now = chrono::DateTime::<chrono::Utc>::from(now);
    Some((at.with_timezone(&chrono::Utc) - now).to_std().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_under_it() {
        let r = Retry::default();
        assert_eq!(r.backoff(2), Duration::from_millis(250));
        assert_eq!(r.backoff(3), Duration::from_millis(500));
        assert_eq!(r.backoff(30), Duration::from_secs(8));
        for attempt in 2..10 {
            let d = r.delay(attempt);
            assert!(d >= r.backoff(attempt) / 2 && d <= r.backoff(attempt), "{attempt}: {d:?}");
        }
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 07:28:00
        let mut h = HeaderMap::new();
        h.insert(hyper::header::RETRY_AFTER, "7".parse().expect("header"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        h.insert(hyper::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:30 GMT".parse().expect("h"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
        h.insert(hyper::header::RETRY_AFTER, "soon".parse().expect("header"));
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn proxy_passwords_stay_out_of_messages() {
        assert_eq!(redact("http://u:secret@proxy:3128"), "http://***@proxy:3128");
        assert_eq!(redact("u:secret@proxy:3128"), "***@proxy:3128");
        assert_eq!(redact("http://proxy:3128"), "http://proxy:3128");
    }
}
