//! Errors of library use cases.

use std::path::PathBuf;

/// Why a library operation failed. Problems with single input files are not
/// errors: import reports them as [`crate::SkippedFile`]s and goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LibraryError {
    #[error("cannot create library folder {path}")]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}")]
    ReadInput {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("character list {path} is not valid")]
    CharacterList {
        path: PathBuf,
        #[source]
        source: ficshelf_analyze::characters::ListError,
    },
    #[error("no work with id {id}")]
    UnknownWork { id: String },
    #[error("cannot merge work {id} into itself")]
    MergeSelf { id: String },
    #[error(transparent)]
    Store(#[from] ficshelf_store::StoreError),
    #[error(transparent)]
    Search(#[from] ficshelf_search::SearchError),
}
