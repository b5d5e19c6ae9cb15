//! The GitHub REST calls behind `costplan comment github`: list a pull request's comments
//! (following `Link: rel="next"` pagination), create, update and delete a comment.
//!
//! Contract:
//! - costplan's comment is the one whose body holds the hidden marker
//!   ([`crate::diff::render::markdown::MARKER`]); [`post`] adds the marker when the body lacks
//!   it, so the next run finds the comment again.
//! - Errors say what GitHub answered and what to do: 401 (the token), 403 (permissions), 404
//!   (repository or pull request, or a token that cannot see it), 422 (validation, with
//!   GitHub's message). A rate limit (403/429 with `retry-after` or `x-ratelimit-remaining: 0`)
//!   is waited out when the wait is at most [`Client::max_wait`], otherwise reported with the
//!   time it resets. Creating, updating and deleting are never retried after a server error,
//!   so a comment is never posted twice.
//! - HTTP goes through [`crate::http`] (timeouts, proxy, roots, TLS only except loopback; a
//!   connection that could not be made, or a failed GET, is retried there). The token is sent
//!   only to the configured API base (a pagination link elsewhere is an error) and never printed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, StatusCode};
use serde::Deserialize;

use crate::diff::render::markdown::{GITHUB_COMMENT_LIMIT, MARKER};
use crate::http::{self, HttpError};

/// GitHub.com's API; `GITHUB_API_URL` overrides it (GitHub Enterprise, tests).
pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// Time allowed for one request's answer (and for each pause while its body is read).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Rate-limit waits before giving up.
const MAX_RATE_LIMIT_RETRIES: u32 = 3;
/// Largest answer read (a page of 100 comments of at most 65,536 characters each fits).
const MAX_ANSWER_BYTES: usize = 64 << 20;

/// Why a GitHub call failed.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    #[error("`{0}` is not a repository: expected OWNER/NAME, e.g. `acme/infra`")]
    BadRepo(String),
    #[error("API URL `{url}` is not valid: {detail}")]
    BadUrl { url: String, detail: String },
    #[error(
        "GitHub rejected the token (401: {message}): set GITHUB_TOKEN to a token that may write pull-request comments"
    )]
    Unauthorized { message: String },
    #[error(
        "GitHub refused the request (403: {message}): the token may not comment on `{repo}` (in GitHub Actions, give the job `permissions: pull-requests: write`)"
    )]
    Forbidden { repo: String, message: String },
    #[error(
        "GitHub answered 404 for {what}: check the repository and pull request number, and that the token can see the repository"
    )]
    NotFound { what: String },
    #[error("GitHub refused the comment (422: {message})")]
    Validation { message: String },
    #[error(
        "GitHub API rate limit exceeded: retry in {}s{}; costplan waits at most {}s (--max-rate-limit-wait)",
        wait.as_secs(),
        reset.as_ref().map(|r| format!(" (resets at {r})")).unwrap_or_default(),
        max_wait.as_secs()
    )]
    RateLimited { wait: Duration, reset: Option<String>, max_wait: Duration },
    #[error("GitHub answered {status} for {what}: {message}")]
    Status { status: u16, what: String, message: String },
    #[error("calling GitHub ({what}): {detail}")]
    Transport { what: String, detail: String },
    #[error("GitHub's answer to {what} is not the expected JSON: {detail}")]
    Response { what: String, detail: String },
    #[error(
        "refusing to send the GitHub token to `{0}` over plain http: use an `https://` URL in \
         GITHUB_API_URL (only a loopback address, `localhost`, 127.0.0.0/8 or `[::1]`, may be \
         reached without TLS)"
    )]
    InsecureUrl(String),
    #[error("the pagination link `{0}` leaves the API base URL: refusing to send the token there")]
    ForeignLink(String),
    #[error(
        "the comment is {len} characters, over GitHub's limit of {GITHUB_COMMENT_LIMIT}: `costplan diff --format markdown` keeps it under the limit"
    )]
    TooLong { len: usize },
    #[error(transparent)]
    Http(HttpError),
}

/// A comment as GitHub returns it (the fields costplan uses).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub html_url: String,
}

/// What to do with costplan's previous comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behavior {
    /// Update the latest costplan comment in place, or create one.
    #[default]
    Update,
    /// Always create a new comment.
    New,
    /// Delete every costplan comment, then create a new one.
    DeleteAndNew,
}

/// What [`post`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    Created {
        url: String,
    },
    Updated {
        url: String,
    },
    /// The previous comment already had this body: nothing was sent.
    Unchanged {
        url: String,
    },
    Replaced {
        deleted: usize,
        url: String,
    },
}

/// A pull request to comment on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub owner: String,
    pub name: String,
    pub number: u64,
}

impl Target {
    /// Parses `OWNER/NAME`.
    pub fn new(repo: &str, number: u64) -> Result<Target, GitHubError> {
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        match repo.split_once('/') {
            Some((o, n)) if ok(o) && ok(n) => {
                Ok(Target { owner: o.to_string(), name: n.to_string(), number })
            }
            _ => Err(GitHubError::BadRepo(repo.to_string())),
        }
    }

    fn repo(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// An authenticated client for one API base.
pub struct Client {
    base: String,
    token: String,
    /// Longest rate-limit wait to sit out before failing.
    pub max_wait: Duration,
    http: http::Client,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for Client {
    // The token stays out of debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish_non_exhaustive()
    }
}

/// One answer: status, the headers costplan reads, the body.
struct Answer {
    status: StatusCode,
    link: Option<String>,
    body: Bytes,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
}

fn error_message(body: &[u8]) -> String {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(e) => {
            let details: Vec<String> = e
                .errors
                .iter()
                .map(|x| match x.get("message").and_then(|m| m.as_str()) {
                    Some(m) => m.to_string(),
                    None => x.to_string(),
                })
                .collect();
            if details.is_empty() {
                e.message
            } else {
                format!("{}: {}", e.message, details.join("; "))
            }
        }
        Err(_) => String::from_utf8_lossy(body).trim().chars().take(200).collect(),
    }
}

impl Client {
    pub fn new(base: &str, token: &str, max_wait: Duration) -> Result<Client, GitHubError> {
        let base = base.trim_end_matches('/').to_string();
        match http::check_url(&base) {
            Ok(_) => {}
            Err(HttpError::Insecure(_)) => return Err(GitHubError::InsecureUrl(base)),
            Err(HttpError::BadUrl { detail, .. }) => {
                return Err(GitHubError::BadUrl { url: base, detail });
            }
            Err(e) => return Err(GitHubError::Http(e)),
        }
        let settings = http::Settings {
            response_timeout: REQUEST_TIMEOUT,
            read_timeout: REQUEST_TIMEOUT,
            retry: http::Retry { max_attempts: 3, ..http::Retry::default() },
            // GitHub's rate limits (403 or 429, with their own headers) are waited out in
            // `send`, against --max-rate-limit-wait.
            retry_rate_limits: false,
            ..http::Settings::default()
        };
        let http = http::Client::new(settings, &http::Environment::from_process())
            .map_err(GitHubError::Http)?;
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                GitHubError::Transport {
                    what: "setting up".into(),
                    detail: format!("async runtime: {e}"),
                }
            })?;
        Ok(Client { base, token: token.to_string(), max_wait, http, runtime })
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        what: &str,
    ) -> Result<Answer, GitHubError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let answer = self.runtime.block_on(self.send_once(method.clone(), url, body, what))?;
            let (status, headers, bytes) = answer;
            if let Some(wait) = rate_limit_wait(status, &headers) {
                if wait <= self.max_wait && attempt <= MAX_RATE_LIMIT_RETRIES {
                    std::thread::sleep(wait);
                    continue;
                }
                return Err(GitHubError::RateLimited {
                    wait,
                    reset: header(&headers, "x-ratelimit-reset").and_then(|r| reset_text(&r)),
                    max_wait: self.max_wait,
                });
            }
            return Ok(Answer { status, link: header(&headers, "link"), body: bytes });
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        what: &str,
    ) -> Result<(StatusCode, hyper::HeaderMap, Bytes), GitHubError> {
        let transport =
            |e: HttpError| GitHubError::Transport { what: what.to_string(), detail: e.to_string() };
        let bytes = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        let request = Request::builder()
            .method(method)
            .uri(url)
            .header("authorization", format!("Bearer {}", self.token))
            .header("accept", "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
            .header("content-type", "application/json")
            .body(Full::new(bytes))
            .map_err(|e| GitHubError::BadUrl { url: url.to_string(), detail: e.to_string() })?;
        let sent = self.http.send(request, &mut |_, _| {}).await.map_err(|f| transport(f.error))?;
        let (parts, body) = sent.response.into_parts();
        let body = self.http.read_all(body, MAX_ANSWER_BYTES).await.map_err(transport)?;
        Ok((parts.status, parts.headers, body))
    }

    fn check(&self, answer: &Answer, target: &Target, what: &str) -> Result<(), GitHubError> {
        let message = || error_message(&answer.body);
        match answer.status.as_u16() {
            200..=299 => Ok(()),
            401 => Err(GitHubError::Unauthorized { message: message() }),
            403 => Err(GitHubError::Forbidden { repo: target.repo(), message: message() }),
            404 => Err(GitHubError::NotFound { what: what.to_string() }),
            422 => Err(GitHubError::Validation { message: message() }),
            s => Err(GitHubError::Status { status: s, what: what.to_string(), message: message() }),
        }
    }

    fn json<T: for<'de> Deserialize<'de>>(answer: &Answer, what: &str) -> Result<T, GitHubError> {
        serde_json::from_slice(&answer.body)
            .map_err(|e| GitHubError::Response { what: what.to_string(), detail: e.to_string() })
    }

    /// Every comment of the pull request, oldest first, across pages.
    pub fn list_comments(&self, target: &Target) -> Result<Vec<Comment>, GitHubError> {
        let what = format!("the comments of {}#{}", target.repo(), target.number);
        let mut url = format!(
            "{}/repos/{}/{}/issues/{}/comments?per_page=100",
            self.base, target.owner, target.name, target.number
        );
        let mut out = Vec::new();
        loop {
            let answer = self.send(Method::GET, &url, None, &what)?;
            self.check(&answer, target, &what)?;
            let page: Vec<Comment> = Self::json(&answer, &what)?;
            out.extend(page);
            match answer.link.as_deref().and_then(next_link) {
                Some(next) => {
                    if !next.starts_with(&format!("{}/", self.base)) {
                        return Err(GitHubError::ForeignLink(next));
                    }
                    url = next;
                }
                None => return Ok(out),
            }
        }
    }

    /// Creates a comment.
    pub fn create(&self, target: &Target, body: &str) -> Result<Comment, GitHubError> {
        let what = format!("a new comment on {}#{}", target.repo(), target.number);
        let url = format!(
            "{}/repos/{}/{}/issues/{}/comments",
            self.base, target.owner, target.name, target.number
        );
        let payload = serde_json::json!({ "body": body });
        let answer = self.send(Method::POST, &url, Some(&payload), &what)?;
        self.check(&answer, target, &what)?;
        Self::json(&answer, &what)
    }

    /// Replaces a comment's body.
    pub fn update(&self, target: &Target, id: u64, body: &str) -> Result<Comment, GitHubError> {
        let what = format!("comment {id} of {}", target.repo());
        let url =
            format!("{}/repos/{}/{}/issues/comments/{id}", self.base, target.owner, target.name);
        let payload = serde_json::json!({ "body": body });
        let answer = self.send(Method::PATCH, &url, Some(&payload), &what)?;
        self.check(&answer, target, &what)?;
        Self::json(&answer, &what)
    }

    /// Deletes a comment.
    pub fn delete(&self, target: &Target, id: u64) -> Result<(), GitHubError> {
        let what = format!("comment {id} of {}", target.repo());
        let url =
            format!("{}/repos/{}/{}/issues/comments/{id}", self.base, target.owner, target.name);
        let answer = self.send(Method::DELETE, &url, None, &what)?;
        self.check(&answer, target, &what)
    }
}

/// Posts `body` as costplan's comment on the pull request, per `behavior`.
pub fn post(
    client: &Client,
    target: &Target,
    body: &str,
    behavior: Behavior,
) -> Result<Posted, GitHubError> {
    let body = with_marker(body);
    let len = body.chars().count();
    if len > GITHUB_COMMENT_LIMIT {
        return Err(GitHubError::TooLong { len });
    }
    if behavior == Behavior::New {
        let c = client.create(target, &body)?;
        return Ok(Posted::Created { url: c.html_url });
    }
    let ours: Vec<Comment> =
        client.list_comments(target)?.into_iter().filter(|c| c.body.contains(MARKER)).collect();
    match behavior {
        Behavior::Update => match ours.last() {
            Some(c) if c.body == body => Ok(Posted::Unchanged { url: c.html_url.clone() }),
            Some(c) => {
                let c = client.update(target, c.id, &body)?;
                Ok(Posted::Updated { url: c.html_url })
            }
            None => {
                let c = client.create(target, &body)?;
                Ok(Posted::Created { url: c.html_url })
            }
        },
        Behavior::DeleteAndNew | Behavior::New => {
            for c in &ours {
                client.delete(target, c.id)?;
            }
            let c = client.create(target, &body)?;
            Ok(Posted::Replaced { deleted: ours.len(), url: c.html_url })
        }
    }
}

/// The body with costplan's marker (added at the end when missing).
pub fn with_marker(body: &str) -> String {
    if body.contains(MARKER) {
        body.to_string()
    } else {
        format!("{}\n\n{MARKER}\n", body.trim_end())
    }
}

fn header(headers: &hyper::HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// How long GitHub asks to wait, when the answer is a rate limit (primary: remaining 0 and a
/// reset time; secondary: `retry-after`).
fn rate_limit_wait(status: StatusCode, headers: &hyper::HeaderMap) -> Option<Duration> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    if let Some(secs) = header(headers, "retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if header(headers, "x-ratelimit-remaining").as_deref() == Some("0") {
        let reset =
            header(headers, "x-ratelimit-reset").and_then(|v| v.trim().parse::<u64>().ok())?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        return Some(Duration::from_secs(reset.saturating_sub(now).max(1)));
    }
    // A 429 without headers is still a rate limit: GitHub asks for at least a minute.
    (status == StatusCode::TOO_MANY_REQUESTS).then_some(Duration::from_secs(60))
}

/// `x-ratelimit-reset` (epoch seconds) as an RFC 3339 UTC time.
fn reset_text(epoch: &str) -> Option<String> {
    let secs: i64 = epoch.trim().parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The `rel="next"` URL of a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        });
        is_next.then(|| url.trim().trim_start_matches('<').trim_end_matches('>').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_give_the_next_page() {
        let link = r#"<https://api.github.com/repos/a/b/issues/1/comments?page=2>; rel="next", <https://api.github.com/repos/a/b/issues/1/comments?page=5>; rel="last""#;
        assert_eq!(
            next_link(link).as_deref(),
            Some("https://api.github.com/repos/a/b/issues/1/comments?page=2")
        );
        assert_eq!(next_link(r#"<https://x/y?page=1>; rel="prev""#), None);
    }

    #[test]
    fn repos_are_owner_slash_name() {
        assert!(Target::new("acme/infra", 1).is_ok());
        for bad in ["acme", "acme/", "/infra", "a/b/c", "acme/in fra"] {
            assert!(Target::new(bad, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_token_goes_over_plain_http_only_to_loopback() {
        let client = |url: &str| Client::new(url, "t", Duration::ZERO).map(|_| ());
        for ok in [
            "https://api.github.com",
            "https://ghe.example.com/api/v3",
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://localhost:3000/api",
            "http://[::1]:8080",
        ] {
            assert!(client(ok).is_ok(), "{ok}");
        }
        for bad in ["http://api.github.com", "http://10.0.0.1", "HTTP://ghe.example.com/api/v3"] {
            let err = client(bad).unwrap_err();
            assert!(matches!(err, GitHubError::InsecureUrl(_)), "{bad}: {err:?}");
        }
        assert!(matches!(client("ftp://x.example.com"), Err(GitHubError::BadUrl { .. })));
    }

    #[test]
    fn the_marker_is_added_once() {
        assert!(with_marker("hi").ends_with(&format!("{MARKER}\n")));
        assert_eq!(with_marker(&with_marker("hi")), with_marker("hi"));
    }
}
