//! `ficshelf serve` as a child process: started on a free local port, timed
//! from spawn to its first `200` on `/works` (cold start), its memory read
//! on demand, stopped with SIGTERM (SIGKILL if it lingers).

use super::http::Client;
use super::process::{reap, Memory};
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to answer its first `/works`.
const START_LIMIT: Duration = Duration::from_secs(600);
/// How long a stopped server may take to exit before it is killed.
const STOP_LIMIT: Duration = Duration::from_secs(10);

/// A running `ficshelf serve`.
pub struct Server {
    child: Option<Child>,
    pub addr: SocketAddr,
    /// Spawn to the first `200` on `/works`, in seconds.
    pub cold_start: f64,
}

impl Server {
    /// Starts `binary --library library serve` on a free port, its stderr
    /// going to `log`, and waits for its first `200` on `/works`.
    pub fn start(binary: &Path, library: &Path, log: &Path) -> Result<Server> {
        let addr = free_port()?;
        let stderr =
            File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let start = Instant::now();
        let child = Command::new(binary)
            .arg("--library")
            .arg(library)
            .arg("serve")
            .arg("--addr")
            .arg(addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("cannot start {} serve", binary.display()))?;
        let mut server = Server {
            child: Some(child),
            addr,
            cold_start: 0.0,
        };
        server.cold_start = server.wait_ready(start, log)?;
        Ok(server)
    }

    fn wait_ready(&mut self, start: Instant, log: &Path) -> Result<f64> {
        let mut client = Client::new(self.addr)?;
        loop {
            if let Ok(answer) = client.get("/works") {
                if answer.status == 200 {
                    return Ok(start.elapsed().as_secs_f64());
                }
            }
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait().context("cannot check the server")? {
                    self.child = None;
                    bail!(
                        "ficshelf serve exited ({status}) before answering; see {}",
                        log.display()
                    );
                }
            }
            if start.elapsed() > START_LIMIT {
                bail!(
                    "ficshelf serve did not answer /works within {} s; see {}",
                    START_LIMIT.as_secs(),
                    log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The server's memory now.
    pub fn memory(&self) -> Result<Memory> {
        let child = self.child.as_ref().context("the server has stopped")?;
        Memory::of(child.id())
    }

    /// Stops the server: SIGTERM, then SIGKILL after [`STOP_LIMIT`].
    pub fn stop(mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        let pid = libc::pid_t::try_from(child.id()).context("process id out of range")?;
        // SAFETY: signalling our own child, which has not been reaped.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + STOP_LIMIT;
        while Instant::now() < deadline {
            if child
                .try_wait()
                .context("cannot check the server")?
                .is_some()
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().context("cannot kill the server")?;
        reap(child)?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // An error path left the server running: do not leave it behind.
        if let Some(mut child) = self.child.take() {
            if let Err(err) = child.kill().and_then(|()| child.wait().map(drop)) {
                eprintln!("cannot stop ficshelf serve: {err}");
            }
        }
    }
}

/// A local address no one listens on now (the port is released before the
/// server binds it; another process could take it in between).
fn free_port() -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    listener.local_addr().context("cannot read the free port")
}
