//! `ficshelf serve`.

use crate::output::escape_controls;
use anyhow::anyhow;
use ficshelf_library::readers::Readers;
use ficshelf_library::Library;
use ficshelf_model::Rating;
use ficshelf_web::{ServeOptions, WebError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Checks that `addr` can be bound, imports `import` (if any), binds
/// `addr`, and only then says where the library is served; a taken address
/// is an error naming it and `--addr`, before any import.
pub fn run(
    mut library: Library,
    addr: SocketAddr,
    import: &[PathBuf],
    max_rating: Option<Rating>,
    accounts: usize,
) -> anyhow::Result<ExitCode> {
    // A trial bind, so that a taken address fails before a long import.
    drop(std::net::TcpListener::bind(addr).map_err(|e| bind_error(addr, e))?);
    if !import.is_empty() {
        let code = super::import::run(&mut library, import, false)?;
        if code != ExitCode::SUCCESS {
            eprintln!("warning: some files were skipped; serving what was imported");
        }
    }
    let works = library.work_count()?;
    let root = library.root().display().to_string();
    let listening = |bound: SocketAddr| {
        eprintln!(
            "Serving {works} works from {} on http://{bound}/ (Ctrl-C to stop)",
            escape_controls(&root)
        );
        if let Some(rating) = max_rating {
            eprintln!("Works rated above {} are hidden.", rating.display_name());
        }
        if accounts > 0 {
            let plural = if accounts == 1 { "" } else { "s" };
            eprintln!("Private: readers sign in ({accounts} account{plural}).");
        }
    };
    match ficshelf_web::serve_blocking_then(library, ServeOptions { addr, max_rating }, listening) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(WebError::Bind { source, .. }) => Err(bind_error(addr, source)),
        Err(err) => Err(anyhow::Error::new(err).context(format!("cannot serve on {addr}"))),
    }
}

/// Refuses to serve a library with no accounts on an address other machines
/// can reach, unless `public_read` says that is meant: with no account,
/// anyone who reaches the port reads everything.
///
/// Returns how many accounts the library has (with any, it is private).
pub fn check_exposure(dir: &Path, addr: SocketAddr, public_read: bool) -> anyhow::Result<usize> {
    let accounts = Readers::open(dir)?.users()?.len();
    if accounts > 0 || public_read || addr.ip().is_loopback() {
        return Ok(accounts);
    }
    Err(anyhow!(
        "refusing to serve on {addr} with no accounts: anyone reaching it would read the whole \
         library; add one with `ficshelf user add NAME`, serve on 127.0.0.1, or pass --public-read"
    ))
}

/// Why `addr` cannot be listened on, with the way out when it is taken.
fn bind_error(addr: SocketAddr, source: std::io::Error) -> anyhow::Error {
    if source.kind() == std::io::ErrorKind::AddrInUse {
        let other = SocketAddr::new(addr.ip(), addr.port().wrapping_add(1).max(1));
        return anyhow!(
            "cannot serve on {addr}: the address is already in use (another `ficshelf serve`?); \
             choose another with --addr {other} or --port {}",
            other.port()
        );
    }
    anyhow::Error::new(source).context(format!("cannot serve on {addr}"))
}
