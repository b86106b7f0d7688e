//! `ficshelf serve`.

use ficshelf_library::Library;
use ficshelf_model::Rating;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    mut library: Library,
    addr: SocketAddr,
    import: &[PathBuf],
    max_rating: Option<Rating>,
) -> anyhow::Result<ExitCode> {
    if !import.is_empty() {
        let code = super::import::run(&mut library, import, false)?;
        if code != ExitCode::SUCCESS {
            eprintln!("warning: some files were skipped; serving what was imported");
        }
    }
    let _ = (addr, max_rating);
    anyhow::bail!("the web server is not built into this binary yet")
}
