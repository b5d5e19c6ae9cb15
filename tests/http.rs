//! Tests of the one HTTP client (`costplan::http`) against local servers on 127.0.0.1: the user
//! agent, the retry rules, the timeouts, the TLS-only rule, the CONNECT proxy tunnel and the
//! custom CA file. Never the internet.

#[path = "support/http.rs"]
#[allow(dead_code)] // shared with the pricing refresh and diff tests
mod server;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use costplan::http::{self, Client, Environment, HttpError, Retry, Settings};
use http_body_util::Full;
use hyper::{Method, Request};
use server::{Response, serve};

/// Quick retries, so the tests do not sleep for long.
fn settings(max_attempts: u32) -> Settings {
    Settings {
        connect_timeout: Duration::from_secs(5),
        response_timeout: Duration::from_secs(10),
        read_timeout: Duration::from_secs(10),
        retry: Retry {
            max_attempts,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
        },
        retry_rate_limits: true,
        max_retry_after: Duration::from_secs(5),
    }
}

fn client(settings: Settings) -> Client {
    Client::new(settings, &Environment::default()).expect("client")
}

fn request(method: Method, url: &str) -> Request<Full<Bytes>> {
    Request::builder().method(method).uri(url).body(Full::new(Bytes::new())).expect("request")
}

/// A server answering the n-th request (from 0) with `answer(n)`; returns its URL and the count.
fn counting(
    answer: impl Fn(usize) -> Response + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let url = serve(move |_| answer(seen.fetch_add(1, Ordering::SeqCst)));
    (url, count)
}

#[tokio::test]
async fn every_request_carries_the_costplan_user_agent() {
    let agent = Arc::new(Mutex::new(None));
    let seen = agent.clone();
    let url = serve(move |req| {
        *seen.lock().expect("lock") = req.header("user-agent").map(str::to_string);
        Response::new(200, "text/plain", "ok")
    });
    let sent = client(settings(1)).send(request(Method::GET, &url), &mut |_, _| {}).await;
    assert_eq!(sent.expect("sent").response.status(), 200);
    let agent = agent.lock().expect("lock").clone();
    assert_eq!(agent.as_deref(), Some(concat!("costplan/", env!("CARGO_PKG_VERSION"))));
}

#[tokio::test]
async fn a_get_is_retried_after_server_errors_until_it_succeeds() {
    let (url, count) = counting(|n| {
        if n < 2 { Response::new(503, "text/plain", "busy") } else { Response::new(200, "t", "ok") }
    });
    let mut retried = Vec::new();
    let sent = client(settings(5))
        .send(request(Method::GET, &url), &mut |attempt, why| {
            retried.push((attempt, why.to_string()));
        })
        .await
        .expect("sent");
    assert_eq!(sent.response.status(), 200);
    assert_eq!(sent.attempts, 3);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(retried.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3]);
    assert!(retried[0].1.contains("503"), "{retried:?}");
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_answer_is_returned() {
    let (url, count) = counting(|_| Response::new(502, "text/plain", "bad gateway"));
    let sent = client(settings(3)).send(request(Method::GET, &url), &mut |_, _| {}).await;
    let sent = sent.expect("an answer, even a failed one");
    assert_eq!((sent.response.status().as_u16(), sent.attempts), (502, 3));
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_post_is_never_retried_after_a_server_error() {
    let (url, count) = counting(|_| Response::new(500, "text/plain", "oops"));
    let sent = client(settings(5)).send(request(Method::POST, &url), &mut |_, _| {}).await;
    let sent = sent.expect("answer");
    assert_eq!((sent.response.status().as_u16(), sent.attempts), (500, 1));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_429_is_retried_after_a_short_retry_after_and_returned_after_a_long_one() {
    let (url, count) = counting(|n| {
        if n == 0 {
            Response::new(429, "text/plain", "slow down").header("retry-after", "0")
        } else {
            Response::new(200, "text/plain", "ok")
        }
    });
    let sent = client(settings(3)).send(request(Method::POST, &url), &mut |_, _| {}).await;
    let sent = sent.expect("sent");
    assert_eq!((sent.response.status().as_u16(), sent.attempts), (200, 2));
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // Longer than max_retry_after: the caller gets the 429 at once.
    let (url, count) =
        counting(|_| Response::new(429, "text/plain", "later").header("retry-after", "3600"));
    let sent = client(settings(3)).send(request(Method::GET, &url), &mut |_, _| {}).await;
    let sent = sent.expect("answer");
    assert_eq!((sent.response.status().as_u16(), sent.attempts), (429, 1));
    assert_eq!(count.load(Ordering::SeqCst), 1);

    // A caller with its own rate-limit rule gets every 429.
    let (url, count) =
        counting(|_| Response::new(429, "text/plain", "x").header("retry-after", "0"));
    let own = Settings { retry_rate_limits: false, ..settings(3) };
    let sent = client(own).send(request(Method::GET, &url), &mut |_, _| {}).await;
    assert_eq!(sent.expect("answer").attempts, 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_any_method_then_reported() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    }; // the listener is closed: connecting is refused
    let url = format!("http://127.0.0.1:{port}/x");
    let failed = client(settings(3))
        .send(request(Method::POST, &url), &mut |_, _| {})
        .await
        .expect_err("nothing listens");
    assert_eq!(failed.attempts, 3);
    assert!(matches!(failed.error, HttpError::Connect(_)), "{:?}", failed.error);
}

#[tokio::test]
async fn no_response_headers_within_the_response_timeout_is_a_timeout() {
    let url = server::never_answers();
    let s = Settings { response_timeout: Duration::from_secs(1), ..settings(2) };
    let failed = client(s)
        .send(request(Method::GET, &url), &mut |_, _| {})
        .await
        .expect_err("the server never answers");
    assert!(matches!(failed.error, HttpError::Timeout(_)), "{:?}", failed.error);
    assert_eq!(failed.error.to_string(), "no response within 1s");
    assert_eq!(failed.attempts, 2, "a timed-out GET is retried");
}

#[tokio::test]
async fn a_body_that_stops_arriving_fails_after_the_read_timeout() {
    let url = serve(|_| {
        let mut r = Response::new(200, "application/json", vec![b'x'; 64]);
        r.chunk = Some(16);
        r.stall = true;
        r
    });
    let c = client(Settings { read_timeout: Duration::from_secs(1), ..settings(1) });
    let sent = c.send(request(Method::GET, &url), &mut |_, _| {}).await.expect("headers");
    let mut body = sent.response.into_body();
    assert_eq!(c.chunk(&mut body).await.expect("first piece").map(|b| b.len()), Some(16));
    let err = c.chunk(&mut body).await.expect_err("stalled");
    assert!(matches!(err, HttpError::Stalled(_)), "{err:?}");
}

#[tokio::test]
async fn a_body_read_whole_is_bounded() {
    let url = serve(|_| Response::new(200, "text/plain", vec![b'x'; 1000]));
    let c = client(settings(1));
    let sent = c.send(request(Method::GET, &url), &mut |_, _| {}).await.expect("sent");
    let err = c.read_all(sent.response.into_body(), 999).await.expect_err("over the limit");
    assert!(matches!(err, HttpError::TooLarge { limit: 999 }), "{err:?}");
    let sent = c.send(request(Method::GET, &url), &mut |_, _| {}).await.expect("sent");
    assert_eq!(c.read_all(sent.response.into_body(), 1000).await.expect("fits").len(), 1000);
}

#[tokio::test]
async fn plain_http_is_refused_except_to_loopback() {
    for ok in ["https://pricing.example.com/x", "http://127.0.0.1:9/x", "http://localhost/x"] {
        assert!(http::check_url(ok).is_ok(), "{ok}");
    }
    for bad in ["http://pricing.example.com/x", "http://10.0.0.1/x"] {
        assert!(matches!(http::check_url(bad), Err(HttpError::Insecure(_))), "{bad}");
        // Also for a URL given to a request directly (e.g. taken from an answer).
        let failed = client(settings(3))
            .send(request(Method::GET, bad), &mut |_, _| {})
            .await
            .expect_err("refused");
        assert!(matches!(failed.error, HttpError::Insecure(_)), "{:?}", failed.error);
        assert_eq!(failed.attempts, 1);
    }
    assert!(matches!(http::check_url("ftp://x.example.com"), Err(HttpError::BadUrl { .. })));
}

/// A one-connection-at-a-time HTTP proxy on 127.0.0.1 that records each CONNECT request and, when
/// `tunnel`, accepts it and records the first byte sent through the tunnel (then closes). When not
/// `tunnel`, it never answers.
fn proxy(tunnel: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let port = listener.local_addr().expect("addr").port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            seen.lock().expect("lock").push(head);
            if !tunnel {
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_secs(30));
                    drop(stream);
                });
                continue;
            }
            let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let mut first = [0u8; 1];
            if reader.read_exact(&mut first).is_ok() {
                seen.lock().expect("lock").push(format!("tunnelled byte {:#04x}", first[0]));
            }
        }
    });
    (format!("http://proxyuser:proxypass@127.0.0.1:{port}"), log)
}

#[tokio::test]
async fn https_goes_through_the_proxy_in_a_connect_tunnel_with_its_credentials() {
    let (proxy_url, log) = proxy(true);
    let env = Environment { https_proxy: Some(proxy_url), ..Environment::default() };
    let c = Client::new(settings(1), &env).expect("client");
    // No TLS server is at the other end: the handshake fails, after the tunnel was made.
    let failed = c
        .send(request(Method::GET, "https://costplan-test.invalid/offers"), &mut |_, _| {})
        .await
        .expect_err("no TLS server behind the proxy");
    let log = log.lock().expect("lock").clone();
    assert!(log[0].starts_with("CONNECT costplan-test.invalid:443 HTTP/1.1\r\n"), "{log:?}");
    // basic auth of proxyuser:proxypass
    assert!(log[0].contains("cHJveHl1c2VyOnByb3h5cGFzcw=="), "{log:?}");
    // 0x16: a TLS handshake record, i.e. TLS to the target runs inside the tunnel.
    assert_eq!(log.get(1).map(String::as_str), Some("tunnelled byte 0x16"), "{log:?}");
    assert!(matches!(failed.error, HttpError::Connect(_)), "{:?}", failed.error);
}

#[tokio::test]
async fn a_proxy_that_never_answers_the_connect_times_out() {
    let (proxy_url, _log) = proxy(false);
    let env = Environment { https_proxy: Some(proxy_url), ..Environment::default() };
    let s = Settings { connect_timeout: Duration::from_secs(1), ..settings(1) };
    let failed = Client::new(s, &env)
        .expect("client")
        .send(request(Method::GET, "https://costplan-test.invalid/"), &mut |_, _| {})
        .await
        .expect_err("the proxy never answers");
    let text = failed.error.to_string();
    assert!(text.contains("no tunnel within 1s"), "{text}");
    assert!(!text.contains("proxypass"), "the proxy password is never shown: {text}");
}

#[test]
fn no_proxy_and_loopback_targets_bypass_the_proxy() {
    let env = Environment {
        https_proxy: Some("http://127.0.0.1:3128".into()),
        no_proxy: Some("internal.example, .corp.example".into()),
        ..Environment::default()
    };
    let via = |url: &str| env.proxy_for(url).expect("valid").map(|u| u.to_string());
    assert_eq!(via("https://pricing.example.com/x").as_deref(), Some("http://127.0.0.1:3128/"));
    assert_eq!(via("https://internal.example/x"), None);
    assert_eq!(via("https://api.corp.example/x"), None);
    assert_eq!(via("https://127.0.0.1:8443/x"), None);
    assert_eq!(via("http://127.0.0.1:8080/x"), None);
    let all = Environment { all_proxy: Some("proxy.local:8080".into()), ..Environment::default() };
    assert!(all.proxy_for("https://pricing.example.com/").expect("valid").is_some());
}

#[test]
fn a_proxy_the_tunnel_cannot_use_is_an_error_naming_the_variable() {
    for value in ["socks5://u:secret@127.0.0.1:1080", "https://u:secret@proxy.example:443"] {
        let env = Environment { https_proxy: Some(value.into()), ..Environment::default() };
        let err = Client::new(settings(1), &env).expect_err("unusable proxy");
        let text = err.to_string();
        assert!(matches!(err, HttpError::Proxy { var: "HTTPS_PROXY", .. }), "{text}");
        assert!(text.contains("only `http://` proxies"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}

#[test]
fn ssl_cert_file_is_trusted_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let with = |path: &std::path::Path| Environment {
        ssl_cert_file: Some(path.to_path_buf()),
        ..Environment::default()
    };
    let ca =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/http/test-ca.pem");
    assert!(Client::new(settings(1), &with(&ca)).is_ok());

    let missing = dir.path().join("missing.pem");
    let err = Client::new(settings(1), &with(&missing)).expect_err("missing file");
    assert!(matches!(err, HttpError::CaFile { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.pem"), "{err}");

    // Read like every input file: a directory or a device is refused, never read.
    for not_a_file in [dir.path(), std::path::Path::new("/dev/zero")] {
        let err = Client::new(settings(1), &with(not_a_file)).expect_err("not a regular file");
        assert!(matches!(err, HttpError::CaFile { .. }), "{err:?}");
        assert!(err.to_string().contains(&not_a_file.display().to_string()), "{err}");
    }

    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").expect("write");
    let err = Client::new(settings(1), &with(&empty)).expect_err("no certificate");
    let text = err.to_string();
    assert!(text.contains("empty.pem") && text.contains("BEGIN CERTIFICATE"), "{text}");
}
