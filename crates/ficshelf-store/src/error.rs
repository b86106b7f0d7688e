//! Errors a store can return.

use std::path::PathBuf;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL names a backend this build does not have.
    #[error("unsupported database URL {url:?}: scheme {scheme:?} is not one of: sqlite://PATH (PostgreSQL support is planned)")]
    UnsupportedUrl { url: String, scheme: String },
    /// The database file could not be opened or created.
    #[error("cannot open database {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer Ficshelf.
    #[error("database schema version {found} is newer than this Ficshelf understands ({supported}); upgrade Ficshelf")]
    SchemaTooNew { found: i64, supported: i64 },
    /// A stored value does not decode (a corrupt or hand-edited database).
    #[error("corrupt value in column {column}: {detail}")]
    Corrupt {
        column: &'static str,
        detail: String,
    },
    /// A write names a chapter body that is neither given nor stored.
    #[error("chapter body for {source_path} #{index} is missing")]
    MissingBody { source_path: String, index: u32 },
    /// A work changed between reading it and writing its new state (another
    /// process wrote it), so nothing was written.
    #[error("work {id} changed in the meantime; nothing was written")]
    Changed { id: String },
    /// A state names a source file or key another work holds.
    #[error("{what} belongs to work {work_id}")]
    Taken { what: String, work_id: String },
    /// A state names a text the store does not have.
    #[error("text {sha256} is not stored")]
    MissingText { sha256: String },
    /// A state names an image the store does not have.
    #[error("image {sha256} is not stored")]
    MissingAsset { sha256: String },
    /// An operation id the journal does not have.
    #[error("no operation {id} in the journal")]
    UnknownOperation { id: u64 },
    /// A file given to restore is not a Ficshelf database this build can use.
    #[error("{path} is not a Ficshelf library backup: {detail}")]
    NotABackup { path: PathBuf, detail: String },
    /// A backup or restore could not write or read its file.
    #[error("cannot copy the database to or from {path}")]
    Copy {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A write names a work id the store does not have.
    #[error("no work with id {id:?}")]
    UnknownWork { id: String },
    /// A write contradicts itself (e.g. a chapter key count that differs
    /// from the chapter count).
    #[error("invalid work write: {detail}")]
    InvalidWrite { detail: String },
    /// A write names a reader account the store does not have.
    #[error("no user with id {id}")]
    UnknownUser { id: i64 },
    /// A name that must be unique (a user name, a reader's token name) is
    /// already used.
    #[error("{what} {value:?} is already taken")]
    NameTaken { what: &'static str, value: String },
    /// Any other database error.
    #[error("database error")]
    Sql(#[from] rusqlite::Error),
}
