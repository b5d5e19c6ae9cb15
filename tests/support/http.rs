//! A minimal HTTP/1.1 server on 127.0.0.1 for the test servers (pricing refresh, and the AWS
//! error responses of the actuals tests): one thread per connection, one
//! request per connection (`Connection: close`), request bodies by `Content-Length`, responses
//! with a `Content-Length` or chunked in pieces of a given size. Small enough to have no surprises
//! (tiny_http sometimes left a request unread for a minute under load).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Send the body chunked, in pieces of this many bytes, flushing each.
    pub chunk: Option<usize>,
    /// Extra response headers (`Link`, `Retry-After` ...).
    pub headers: Vec<(String, String)>,
    /// With `chunk`: send the first piece, then hold the connection for two minutes without
    /// sending more (a stalled download).
    pub stall: bool,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type,
            body: body.into(),
            chunk: None,
            headers: Vec::new(),
            stall: false,
        }
    }

    /// Adds a response header.
    #[allow(dead_code)] // used by the GitHub server of the diff tests, not by every includer
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// Serves `handler` on a fresh port; returns `http://127.0.0.1:<port>`.
pub fn serve(handler: impl Fn(Request) -> Response + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind test server");
    let port = listener.local_addr().expect("local addr").port();
    let handler = Arc::new(handler);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let handler = handler.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, handler.as_ref());
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// A server that accepts connections and never answers; returns `http://127.0.0.1:<port>`.
/// Each connection is held for two minutes at most, so a client without a timeout still ends
/// (with a connection error, not a timeout).
#[allow(dead_code)] // used by the actuals tests, not by every includer
pub fn never_answers() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind test server");
    let port = listener.local_addr().expect("local addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_secs(120));
                drop(stream);
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn handle(stream: TcpStream, handler: &dyn Fn(Request) -> Response) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let resp = handler(Request { method, path, headers, body });
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nConnection: close\r\n",
        resp.status, resp.content_type
    );
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match resp.chunk {
        Some(_) => head.push_str("Transfer-Encoding: chunked\r\n\r\n"),
        None => head.push_str(&format!("Content-Length: {}\r\n\r\n", resp.body.len())),
    }
    out.write_all(head.as_bytes())?;
    match resp.chunk {
        Some(size) => {
            for piece in resp.body.chunks(size.max(1)) {
                out.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                out.write_all(piece)?;
                out.write_all(b"\r\n")?;
                out.flush()?;
                if resp.stall {
                    std::thread::sleep(std::time::Duration::from_secs(120));
                    return Ok(());
                }
            }
            out.write_all(b"0\r\n\r\n")?;
        }
        None => out.write_all(&resp.body)?,
    }
    out.flush()?;
    out.shutdown(std::net::Shutdown::Both)
}
