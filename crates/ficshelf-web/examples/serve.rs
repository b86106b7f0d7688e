//! Serves a library folder, importing files first if asked: a way to try
//! the web reader before the CLI wires it in.
//!
//! ```text
//! cargo run -p ficshelf-web --example serve -- LIBRARY_DIR [ADDR] [--max-rating teen] [--import PATH]...
//! ```

use ficshelf_library::{Library, NoProgress};
use ficshelf_model::Rating;
use ficshelf_web::{serve, ServeOptions};
use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut addr: SocketAddr = "127.0.0.1:8080".parse()?;
    let mut max_rating = None;
    let mut imports = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-rating" => {
                let name = args.next().ok_or("--max-rating needs a rating")?;
                max_rating = Some(Rating::from_machine_name(&name).ok_or("unknown rating")?);
            }
            "--import" => imports.push(PathBuf::from(args.next().ok_or("--import needs a path")?)),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => addr = arg.parse()?,
        }
    }
    let dir =
        dir.ok_or("usage: serve LIBRARY_DIR [ADDR] [--max-rating RATING] [--import PATH]...")?;
    let mut library = Library::open(&dir)?;
    if !imports.is_empty() {
        let report = library.import(&imports, &NoProgress)?;
        eprintln!("imported: {report:?}");
    }
    eprintln!("serving {} on http://{addr}", dir.display());
    serve(library, ServeOptions { addr, max_rating }).await?;
    Ok(())
}
