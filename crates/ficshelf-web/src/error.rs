//! Errors of the web reader, in the reader's own words: the HTTP layer
//! decides which status each one becomes.

use std::net::SocketAddr;

/// Why serving, or one request, failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The listening address could not be bound (in use, not permitted, …).
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The async runtime could not be started.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The listener failed while serving.
    #[error("the listener failed")]
    Listen(#[source] std::io::Error),
    /// Reading the library failed.
    #[error("cannot read the library")]
    Library(#[from] ficshelf_library::LibraryError),
    /// An earlier read panicked while holding the library, so its state is unknown.
    #[error("the library is unusable after an earlier failure")]
    LibraryPoisoned,
    /// A read of the library was cancelled or panicked.
    #[error("a read of the library did not finish")]
    ReadTask(#[source] tokio::task::JoinError),
    /// A template could not be loaded or rendered.
    #[error("cannot render template {name}")]
    Template {
        name: String,
        #[source]
        source: minijinja::Error,
    },
    /// The readers' records (accounts, sessions, …) could not be read or written.
    #[error("cannot use the readers' records")]
    Readers(#[from] ficshelf_library::readers::ReaderError),
    /// A value could not be written as JSON.
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
}
