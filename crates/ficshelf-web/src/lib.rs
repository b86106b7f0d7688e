//! The web reader of a Ficshelf library: what `ficshelf serve` runs.
//!
//! Pages are rendered on the server and work without JavaScript; a small
//! embedded script adds keyboard navigation, reading settings and "continue
//! reading". URLs follow AO3's (`/works`, `/works/{id}`,
//! `/works/{id}/chapters/{n}`, `/search?q=`), and a JSON API mirrors them
//! under `/api`. `/search` is the library's full-text search (story text,
//! tags and filters) with the best-matching chapter and a highlighted
//! snippet; snippets of adult works wait for the reader's consent.
//!
//! Public items:
//! - [`serve`] and [`ServeOptions`]: bind an address and serve a [`Library`]
//!   until the listener fails; [`serve_blocking`] does the same from
//!   synchronous code (the CLI) on a runtime of its own; [`serve_then`] and
//!   [`serve_blocking_then`] also report the bound address once bound.
//! - [`router`] and [`AppState`]: the same application as an [`axum::Router`],
//!   for tests and embedding (bind port 0 and learn the address).
//! - [`Catalog`]: what the web reader needs from a library; implemented for
//!   [`Library`], and by tests with works built in memory.
//! - [`browse`]: filtering, facet counts, sorting and paging of works, without
//!   any web types (the listing page and the API share it).
//! - [`WebError`].
//!
//! Works are kept in memory and reloaded when the library's database files
//! change (an import while serving shows up on the next request); pages that
//! are the same for every reader (chapters past the gate, listings) are
//! rendered once per reload; chapter text is read through a few library
//! handles at once. `benches/load.rs` measures it; `tests/e2e.rs` drives the
//! pages in a headless Chromium.
//!
//! Templates are embedded; a file `<library>/templates/<name>.html` replaces
//! the built-in template of that name (`base`, `home`, `works`, `work`,
//! `chapter`, `gate`, `error`, `search`, `macros`, `signin`, `account`, and
//! the administrators' `readers`, `admin_nav` and `manage_*` pages).
//!
//! Administrators manage the library from the browser (uploads imported
//! with progress, edit, delete and restore, merge and split, the history
//! with undo) through one write path, `manage`, calling the library's use
//! cases as the CLI does; see `http::manage`.
//!
//! A state given readers' records ([`AppState::with_readers`]; [`serve`]
//! always does) is private once the library has an account: every page asks
//! for sign-in, and each reader sees what their limits and mutes allow.
//!
//! ```no_run
//! # async fn run() -> Result<(), ficshelf_web::WebError> {
//! use ficshelf_library::Library;
//! use ficshelf_web::{serve, ServeOptions};
//! let library = Library::open(std::path::Path::new("my-library"))?;
//! let options = ServeOptions { addr: "127.0.0.1:8080".parse().expect("address"), max_rating: None };
//! serve(library, options).await
//! # }
//! ```

mod accounts;
mod assets;
pub mod browse;
mod catalog;
mod digest;
mod error;
mod http;
mod manage;
mod render;
mod state;
mod urlencode;
mod view;

pub use catalog::Catalog;
pub use error::WebError;
pub use http::router;
pub use state::{AppState, ListingScope};

use ficshelf_library::Library;
use ficshelf_model::Rating;
use std::net::SocketAddr;

/// How [`serve`] listens and what it shows.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on (`127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// When set, works rated above this are hidden everywhere, as if they
    /// were not in the library. [`Rating::NotRated`] counts as above every
    /// other rating.
    pub max_rating: Option<Rating>,
}

/// Serves `library` on `options.addr` until the listener fails.
///
/// Prints nothing; requests that fail are reported through `tracing`.
pub async fn serve(library: Library, options: ServeOptions) -> Result<(), WebError> {
    serve_then(library, options, |_| {}).await
}

/// [`serve`], calling `listening` with the bound address (the real port
/// when `options.addr` asks for port 0) once the address is bound and
/// before the first request: the moment to say where the reader is, and
/// never before binding has succeeded.
pub async fn serve_then(
    library: Library,
    options: ServeOptions,
    listening: impl FnOnce(SocketAddr),
) -> Result<(), WebError> {
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|source| WebError::Bind {
            addr: options.addr,
            source,
        })?;
    let bound = listener.local_addr().map_err(|source| WebError::Bind {
        addr: options.addr,
        source,
    })?;
    let readers = ficshelf_library::readers::Readers::open(library.root())?;
    let wrangler = library_wrangler(library.root())?;
    let state = AppState::new(library, options.max_rating).with_readers(readers, wrangler);
    listening(bound);
    // Connection info gives the sign-in throttle each client's address.
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await.map_err(WebError::Listen)
}

/// The tag wrangler of the library in `root`: its synonyms file when it
/// has one, as its search index uses.
fn library_wrangler(root: &std::path::Path) -> Result<ficshelf_search::TagWrangler, WebError> {
    let synonyms = root.join(ficshelf_library::SYNONYMS_FILE);
    if synonyms.exists() {
        ficshelf_search::TagWrangler::load(&synonyms)
            .map_err(|e| WebError::Library(ficshelf_library::LibraryError::from(e)))
    } else {
        Ok(ficshelf_search::TagWrangler::new())
    }
}

/// [`serve`] for synchronous callers: runs it on a new multi-threaded Tokio
/// runtime and blocks until it returns.
pub fn serve_blocking(library: Library, options: ServeOptions) -> Result<(), WebError> {
    serve_blocking_then(library, options, |_| {})
}

/// [`serve_then`] for synchronous callers (the CLI), on a runtime of its own.
pub fn serve_blocking_then(
    library: Library,
    options: ServeOptions,
    listening: impl FnOnce(SocketAddr),
) -> Result<(), WebError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(WebError::Runtime)?;
    runtime.block_on(serve_then(library, options, listening))
}
