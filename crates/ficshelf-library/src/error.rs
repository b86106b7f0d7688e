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
    #[error("no library in {path} (no {db})", db = crate::DATABASE_FILE)]
    NoLibrary { path: PathBuf },
    #[error("no operation {id} in the history (see `ficshelf history`)")]
    UnknownOperation { id: u64 },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error(
        "operation {id} is already undone (by operation {by}; `ficshelf undo {by}` redoes it)"
    )]
    AlreadyUndone { id: u64, by: u64 },
    #[error("cannot undo operation {id}: {reason}")]
    CannotUndo { id: u64, reason: String },
    #[error("work {id} is not in the trash (see `ficshelf trash`)")]
    NotInTrash { id: String },
    #[error("cannot restore: {what} belongs to work {work_id} now (imported or restored since); delete or merge that work first")]
    RestoreBlocked { what: String, work_id: String },
    #[error("{reason}")]
    BadEdit { reason: String },
    #[error("work {id} names text {text}, which is not stored (run `ficshelf check`)")]
    MissingText { id: String, text: String },
    #[error(transparent)]
    Store(#[from] ficshelf_store::StoreError),
    #[error(transparent)]
    Search(#[from] ficshelf_search::SearchError),
}
