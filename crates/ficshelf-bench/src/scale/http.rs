//! A blocking HTTP/1.1 client over one keep-alive connection, for latency
//! runs: each request waits for the whole body before the next is sent.
//!
//! Built on hyper's client connection API (no pool, no proxy, no TLS) and a
//! single-threaded tokio runtime, so the client adds little of its own to
//! the latencies it measures. Requests carry no `Accept-Encoding`: nothing
//! is compressed.

use anyhow::{Context, Result};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

/// One answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
    /// From sending the request to the body's last byte.
    pub elapsed: Duration,
}

/// A keep-alive connection to one server, reopened after a failure.
pub struct Client {
    runtime: Runtime,
    addr: SocketAddr,
    sender: Option<SendRequest<Empty<Bytes>>>,
}

impl Client {
    /// A client for `addr`; connects on the first request.
    pub fn new(addr: SocketAddr) -> Result<Client> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the HTTP client's runtime")?;
        Ok(Client {
            runtime,
            addr,
            sender: None,
        })
    }

    /// `GET path`, on the open connection if there is one. A failed request
    /// closes the connection, so the next one starts afresh.
    pub fn get(&mut self, path: &str) -> Result<Answer> {
        let sender = self.sender.take();
        let addr = self.addr;
        let (answer, sender) = self.runtime.block_on(async move {
            let mut sender = match sender {
                Some(sender) if !sender.is_closed() => sender,
                _ => connect(addr).await?,
            };
            let answer = send(&mut sender, path).await?;
            Ok::<_, anyhow::Error>((answer, sender))
        })?;
        self.sender = Some(sender);
        Ok(answer)
    }
}

async fn connect(addr: SocketAddr) -> Result<SendRequest<Empty<Bytes>>> {
    let stream = TcpStream::connect(addr)
        .await
        .with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_nodelay(true).context("cannot set TCP_NODELAY")?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .with_context(|| format!("HTTP handshake with {addr} failed"))?;
    tokio::spawn(async move {
        // The connection ends when the server closes it or the sender is
        // dropped; either way the next request reconnects.
        if let Err(err) = connection.await {
            eprintln!("HTTP connection closed: {err}");
        }
    });
    Ok(sender)
}

async fn send(sender: &mut SendRequest<Empty<Bytes>>, path: &str) -> Result<Answer> {
    let request = Request::get(path)
        .header(hyper::header::HOST, "127.0.0.1")
        .body(Empty::<Bytes>::new())
        .with_context(|| format!("bad request path {path:?}"))?;
    let sent = Instant::now();
    let response = sender
        .send_request(request)
        .await
        .with_context(|| format!("GET {path} failed"))?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .with_context(|| format!("GET {path}: body cut short"))?
        .to_bytes();
    Ok(Answer {
        status,
        body,
        elapsed: sent.elapsed(),
    })
}
