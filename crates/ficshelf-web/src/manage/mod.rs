//! The web's one write path into the library: administrators' imports and
//! journaled operations (edit, delete, restore, merge, split, undo) run here,
//! each through the same `ficshelf-library` use case the CLI calls.
//!
//! A [`Manager`] owns one library handle for writing, opened on first use
//! and kept behind a mutex: every write (and the reads of the management
//! pages, which must see the newest state) takes it on a blocking thread.
//! An import holds it for its whole run on a background task
//! ([`jobs`]); meanwhile other writes are refused with a clear message
//! ([`ManageError::Busy`]) rather than left waiting. Uploaded files are
//! written only inside the library folder ([`staging`]).
//!
//! When another process writes the library (a `ficshelf import`), the
//! library's own waits for the search index apply; past them an import
//! fails before writing anything, and an operation (whose store write is
//! done by then) is reported as made with searches lagging; either way
//! the page says the library is busy.

pub(crate) mod jobs;
pub(crate) mod staging;

use ficshelf_library::{Library, LibraryError, SearchError};
use jobs::Jobs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::{Duration, Instant};

/// The largest upload accepted by default (all files of one form together).
pub const DEFAULT_UPLOAD_LIMIT: u64 = 256 << 20;

/// How long a write waits for another (short) write to finish before the
/// page says the library is busy.
const WRITER_WAIT: Duration = Duration::from_secs(5);

/// Why a management action did not happen.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ManageError {
    /// The writer is taken (an import running here) or the library is
    /// being written by another process; the message says which.
    #[error("{0}")]
    Busy(String),
    /// The use case refused what was asked (unknown work, nothing to undo,
    /// an undo that later operations depend on, …): said to the user.
    #[error("{0}")]
    Refused(String),
    /// Anything else: logged, a 500 page.
    #[error(transparent)]
    Web(#[from] crate::WebError),
}

impl From<LibraryError> for ManageError {
    fn from(error: LibraryError) -> ManageError {
        match error {
            LibraryError::Search(SearchError::WriterBusy) => ManageError::Busy(OTHER_WRITER.into()),
            e @ (LibraryError::UnknownWork { .. }
            | LibraryError::MergeSelf { .. }
            | LibraryError::UnknownOperation { .. }
            | LibraryError::NothingToUndo
            | LibraryError::AlreadyUndone { .. }
            | LibraryError::CannotUndo { .. }
            | LibraryError::NotInTrash { .. }
            | LibraryError::RestoreBlocked { .. }
            | LibraryError::BadEdit { .. }) => ManageError::Refused(e.to_string()),
            other => ManageError::Web(crate::WebError::Library(other)),
        }
    }
}

const RECORDED_INDEX_BUSY: &str = "The change is made and recorded in the history, but another program \
is writing the search index right now (a `ficshelf import`?): searches show the change once it has finished.";

const OTHER_WRITER: &str =
    "Another program is writing this library right now (a `ficshelf import`?). \
Try again when it has finished.";

/// Whether [`Manager::with_writer`] opens the library again first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fresh {
    Yes,
    No,
}

/// The web's writer: one library handle, the import jobs, the upload limit.
pub(crate) struct Manager {
    root: PathBuf,
    /// Opened on first use (`None` until then).
    writer: Mutex<Option<Library>>,
    jobs: Jobs,
    upload_limit: u64,
}

impl Manager {
    /// A manager of the library in `root` accepting uploads up to `upload_limit` bytes.
    pub(crate) fn new(root: PathBuf, upload_limit: u64) -> Manager {
        Manager {
            root,
            writer: Mutex::new(None),
            jobs: Jobs::default(),
            upload_limit,
        }
    }

    /// The library folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub(crate) fn upload_limit(&self) -> u64 {
        self.upload_limit
    }

    /// Runs `act` with the writer on a blocking thread. While an import
    /// holds the writer (or another write does for longer than
    /// [`WRITER_WAIT`]), answers [`ManageError::Busy`] at once.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, act: F) -> Result<T, ManageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Library) -> Result<T, LibraryError> + Send + 'static,
    {
        if let Some(job) = self.jobs.running() {
            return Err(ManageError::Busy(format!(
                "An import is running (job {}); try again when it is done.",
                job.id()
            )));
        }
        let manager = Arc::clone(self);
        let outcome = tokio::task::spawn_blocking(move || {
            let outcome =
                manager.with_writer(Some(WRITER_WAIT), Fresh::No, |library| Ok(act(library)));
            if let Ok(Err(LibraryError::Search(SearchError::WriterBusy))) = &outcome {
                // The index lacks this change: a handle opened again
                // brings it up to date (`Library::open` closes the gap).
                manager.forget_writer();
            }
            outcome
        })
        .await
        .map_err(|e| ManageError::Web(crate::WebError::ReadTask(e)))??;
        match outcome {
            // An operation writes the store, then brings the index up to
            // date: busy there, the change is made and only searches lag.
            Err(LibraryError::Search(SearchError::WriterBusy)) => {
                Err(ManageError::Busy(RECORDED_INDEX_BUSY.into()))
            }
            other => Ok(other?),
        }
    }

    /// Drops the writer handle (when free), so the next write opens the
    /// library again.
    fn forget_writer(&self) {
        match self.writer.try_lock() {
            Ok(mut slot) => *slot = None,
            Err(TryLockError::Poisoned(poisoned)) => *poisoned.into_inner() = None,
            // Another write has it; its own failure would reopen it.
            Err(TryLockError::WouldBlock) => {
                tracing::warn!("library writer busy; the search index catches up at its next open");
            }
        }
    }

    /// Runs `act` with the writer on this thread, waiting at most `wait`
    /// for it (`None`: as long as it takes, for background imports); with
    /// [`Fresh::Yes`], on a handle opened now, which first brings the search
    /// index up to date with the store (whatever another process left).
    pub(crate) fn with_writer<T>(
        &self,
        wait: Option<Duration>,
        fresh: Fresh,
        act: impl FnOnce(&mut Library) -> Result<T, LibraryError>,
    ) -> Result<T, ManageError> {
        let deadline = wait.map(|wait| Instant::now() + wait);
        let mut slot = loop {
            match self.writer.try_lock() {
                Ok(slot) => break slot,
                // A write panicked with the handle: its state is unknown,
                // so it is opened again.
                Err(TryLockError::Poisoned(poisoned)) => {
                    let mut slot = poisoned.into_inner();
                    *slot = None;
                    break slot;
                }
                Err(TryLockError::WouldBlock) => {
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        return Err(ManageError::Busy(
                            "The library is busy with another change; try again in a moment."
                                .into(),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
            }
        };
        if slot.is_none() || fresh == Fresh::Yes {
            *slot = None;
            *slot = Some(Library::open(&self.root)?);
        }
        match slot.as_mut() {
            Some(library) => Ok(act(library)?),
            None => Err(ManageError::Web(crate::WebError::LibraryPoisoned)),
        }
    }
}
