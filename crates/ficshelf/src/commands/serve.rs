//! `ficshelf serve`.

use anyhow::Context;
use ficshelf_library::Library;
use ficshelf_model::Rating;
use ficshelf_web::ServeOptions;
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
    let works = library.work_count()?;
    eprintln!(
        "Serving {works} works from {} on http://{addr}/ (Ctrl-C to stop)",
        library.root().display()
    );
    if let Some(rating) = max_rating {
        eprintln!("Works rated above {} are hidden.", rating.display_name());
    }
    ficshelf_web::serve_blocking(library, ServeOptions { addr, max_rating })
        .with_context(|| format!("cannot serve on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}
