//! HTTP GETs for module fetching, through the one client of [`crate::http`] (TLS except
//! loopback, retries, timeouts, proxy), with registry tokens attached only for their own host.

use std::cell::Cell;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{HeaderMap, Request, StatusCode, Uri};

use super::credentials::Credentials;
use super::error::ModuleError;
use crate::http;

/// Largest answer read: registry JSON and module archives.
pub const MAX_BODY: usize = 512 * 1024 * 1024;

/// An answer read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The client, its runtime and the credentials; counts the requests it made.
pub struct Net {
    client: http::Client,
    runtime: tokio::runtime::Runtime,
    credentials: Credentials,
    requests: Cell<usize>,
}

impl Net {
    pub fn new(credentials: Credentials) -> Result<Net, ModuleError> {
        let http_err = |source| ModuleError::Http { url: "(setup)".into(), source };
        let client =
            http::Client::new(http::Settings::default(), &http::Environment::from_process())
                .map_err(http_err)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ModuleError::io("(async runtime)", e))?;
        Ok(Net { client, runtime, credentials, requests: Cell::new(0) })
    }

    /// How many requests were sent so far.
    pub fn requests(&self) -> usize {
        self.requests.get()
    }

    /// GETs `url`; the token of `url`'s host is attached when `authenticate` (registry calls,
    /// and downloads from the registry's own host).
    pub fn get(&self, url: &str, authenticate: bool) -> Result<Answer, ModuleError> {
        let http_err = |source| ModuleError::Http { url: url.to_string(), source };
        let uri = http::check_url(url).map_err(http_err)?;
        let mut request = Request::get(uri.clone());
        if authenticate && let Some(token) = host_of(&uri).and_then(|h| self.credentials.token(&h))
        {
            request = request.header(hyper::header::AUTHORIZATION, token.header());
        }
        let request = request.body(Full::new(Bytes::new())).map_err(|e| ModuleError::Http {
            url: url.to_string(),
            source: http::HttpError::BadUrl { url: url.to_string(), detail: e.to_string() },
        })?;
        self.requests.set(self.requests.get() + 1);
        self.runtime.block_on(async {
            let sent =
                self.client.send(request, &mut |_, _| {}).await.map_err(|f| http_err(f.error))?;
            let (parts, body) = sent.response.into_parts();
            let body = self.client.read_all(body, MAX_BODY).await.map_err(http_err)?;
            Ok(Answer { status: parts.status, headers: parts.headers, body })
        })
    }
}

/// `host` or `host:port` (as registry hosts are written).
pub fn host_of(uri: &Uri) -> Option<String> {
    let host = uri.host()?.to_ascii_lowercase();
    Some(match uri.port_u16() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// `location` resolved against `base` (an absolute URL, a path from the host's root, or a path
/// relative to `base`'s directory); go-getter addresses (`git::…`) are returned as they are.
pub fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") || location.contains("::") || location.starts_with("git@") {
        return location.to_string();
    }
    let Some(scheme_end) = base.find("://").map(|i| i + 3) else {
        return location.to_string();
    };
    let authority_end = base[scheme_end..].find(['/', '?']).map_or(base.len(), |i| i + scheme_end);
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    if location.starts_with('/') {
        return format!("{}{location}", &base[..authority_end]);
    }
    let path_end = base.find('?').unwrap_or(base.len());
    let dir_end =
        base[..path_end].rfind('/').filter(|&i| i >= authority_end).map_or(path_end, |i| i + 1);
    let dir = &base[..dir_end];
    let sep = if dir.ends_with('/') { "" } else { "/" };
    let joined = format!("{dir}{sep}{location}");
    let (origin, path) = joined.split_at(authority_end);
    format!("{origin}{}", remove_dot_segments(path))
}

/// `/a/b/../c/./d` → `/a/c/d` (RFC 3986 5.2.4), the query left alone.
fn remove_dot_segments(path: &str) -> String {
    let (path, query) = path.split_at(path.find('?').unwrap_or(path.len()));
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        match *s {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}{query}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_like_urls() {
        let base = "https://r.example.com/v1/modules/a/b/c/1.0.0/download";
        assert_eq!(resolve(base, "https://cdn.example.com/x.tgz"), "https://cdn.example.com/x.tgz");
        assert_eq!(resolve(base, "/files/x.tgz"), "https://r.example.com/files/x.tgz");
        assert_eq!(resolve(base, "./x.tgz"), "https://r.example.com/v1/modules/a/b/c/1.0.0/x.tgz");
        assert_eq!(resolve(base, "git::https://g/x.git?ref=v1"), "git::https://g/x.git?ref=v1");
        assert_eq!(resolve("https://h", "x"), "https://h/x");
        assert_eq!(resolve(base, "../../../../../../../x.tgz"), "https://r.example.com/x.tgz");
        assert_eq!(
            resolve(base, "../../../../../../../../../x.tgz"),
            "https://r.example.com/x.tgz"
        );
    }
}
