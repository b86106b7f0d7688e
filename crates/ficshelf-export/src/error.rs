//! The one error type of the writers.

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing to the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// The zip container of an EPUB could not be written.
    #[error("cannot write the EPUB container: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The work could not be serialised as JSON.
    #[error("cannot serialise the work as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An export format name that is not `epub`, `html`, `txt` or `json`.
    #[error("unknown export format {0:?}: use epub, html, txt or json")]
    UnknownFormat(String),
}
