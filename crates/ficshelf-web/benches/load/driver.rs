//! The load generator: `connections` keep-alive HTTP/1.1 connections, each
//! sending one request after another until a deadline, with every request's
//! latency recorded. The paths come from one list shared by all
//! connections, each request taking the next (round the list again at its
//! end), so a list longer than the server's page cache is never answered
//! from it.
//!
//! Built on hyper's client connection API (no pool, no proxy, no TLS), so
//! the client's own cost stays small; it still shares the machine's cores
//! with the server it measures.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// What one scenario measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub elapsed: Duration,
    /// Latencies of successful requests, in microseconds, sorted.
    pub latencies: Vec<u32>,
    /// Body size of the last successful response.
    pub body_bytes: usize,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at `quantile` (0..=1), in milliseconds.
    pub fn latency_ms(&self, quantile: f64) -> f64 {
        let Some(last) = self.latencies.len().checked_sub(1) else {
            return 0.0;
        };
        let index = ((last as f64) * quantile).round() as usize;
        f64::from(self.latencies[index.min(last)]) / 1000.0
    }

    /// Adds `other`, a later run of the same scenario, to this one.
    pub fn absorb(&mut self, other: Outcome) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
        self.latencies.sort_unstable();
        self.body_bytes = other.body_bytes;
    }
}

/// One connection's tally.
#[derive(Default)]
struct Tally {
    requests: u64,
    errors: u64,
    latencies: Vec<u32>,
    body_bytes: usize,
}

/// The paths to request, in turn, shared by every connection.
#[derive(Clone)]
pub struct Paths {
    list: Arc<[String]>,
    next: Arc<AtomicUsize>,
}

impl Paths {
    pub fn new(list: Vec<String>) -> Paths {
        Paths {
            list: list.into(),
            next: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The next path (`/` if the list is empty).
    fn next(&self) -> &str {
        if self.list.is_empty() {
            return "/";
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        &self.list[n % self.list.len()]
    }
}

/// Drives `addr` with `paths` over `connections` connections for
/// `duration`, every request carrying `cookie` (a `Cookie` header value)
/// when one is given.
pub async fn run(
    addr: SocketAddr,
    paths: &Paths,
    cookie: Option<&str>,
    connections: usize,
    duration: Duration,
) -> Outcome {
    let cookie: Option<Arc<str>> = cookie.map(Arc::from);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let paths = paths.clone();
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            connection(addr, &paths, cookie.as_deref(), deadline).await
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        match task.await {
            Ok(tally) => {
                total.requests += tally.requests;
                total.errors += tally.errors;
                total.latencies.extend(tally.latencies);
                total.body_bytes = total.body_bytes.max(tally.body_bytes);
            }
            Err(err) => {
                eprintln!("a load connection panicked: {err}");
                total.errors += 1;
            }
        }
    }
    let elapsed = started.elapsed();
    total.latencies.sort_unstable();
    Outcome {
        requests: total.requests,
        errors: total.errors,
        elapsed,
        latencies: total.latencies,
        body_bytes: total.body_bytes,
    }
}

/// One keep-alive connection, reopened after a failure, until `deadline`.
async fn connection(
    addr: SocketAddr,
    paths: &Paths,
    cookie: Option<&str>,
    deadline: Instant,
) -> Tally {
    let mut tally = Tally::default();
    while Instant::now() < deadline {
        let stream = match TcpStream::connect(addr).await {
            Ok(stream) => stream,
            Err(err) => {
                tally.errors += 1;
                eprintln!("connect: {err}");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if let Err(err) = stream.set_nodelay(true) {
            eprintln!("nodelay: {err}");
        }
        let handshake = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await;
        let (mut sender, conn) = match handshake {
            Ok(pair) => pair,
            Err(err) => {
                tally.errors += 1;
                eprintln!("handshake: {err}");
                continue;
            }
        };
        let driver = tokio::spawn(conn);
        while Instant::now() < deadline {
            let mut request = Request::get(paths.next()).header(hyper::header::HOST, "127.0.0.1");
            if let Some(cookie) = cookie {
                request = request.header(hyper::header::COOKIE, cookie);
            }
            let request = request.body(Empty::<Bytes>::new());
            let Ok(request) = request else {
                tally.errors += 1;
                return tally;
            };
            let sent = Instant::now();
            let outcome = match sender.send_request(request).await {
                Ok(response) => {
                    let ok = response.status().is_success();
                    match response.into_body().collect().await {
                        Ok(body) if ok => Some(body.to_bytes().len()),
                        _ => None,
                    }
                }
                Err(_) => None,
            };
            match outcome {
                Some(bytes) => {
                    let micros = sent.elapsed().as_micros();
                    tally
                        .latencies
                        .push(u32::try_from(micros).unwrap_or(u32::MAX));
                    tally.requests += 1;
                    tally.body_bytes = bytes;
                }
                None => {
                    tally.errors += 1;
                    break; // reconnect
                }
            }
        }
        driver.abort();
    }
    tally
}

/// One `GET` on a fresh connection: the body, or an error unless it is 200.
pub async fn fetch(addr: SocketAddr, path: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let stream = TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    let driver = tokio::spawn(conn);
    let request = Request::get(path)
        .header(hyper::header::HOST, "127.0.0.1")
        .body(Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    driver.abort();
    if !status.is_success() {
        return Err(format!("GET {path}: {status}").into());
    }
    Ok(body.to_vec())
}
