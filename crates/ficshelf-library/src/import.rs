//! Import: files, folders and zip archives into works.

use crate::{Library, LibraryError};
use std::path::PathBuf;

/// A file import could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub files_read: u64,
    pub bytes_read: u64,
    pub works_created: u64,
    pub works_updated: u64,
    /// Files already imported with the same content.
    pub files_unchanged: u64,
    /// Chapters added or replaced.
    pub chapters: u64,
    pub skipped: Vec<SkippedFile>,
}

/// Follows an import as it goes (the CLI draws a progress bar from this).
pub trait ImportObserver {
    /// The total size of the input, once known.
    fn total(&self, _files: u64, _bytes: u64) {}
    /// One file was handled (imported, unchanged or skipped).
    fn file_done(&self, _path: &str, _bytes: u64) {}
    /// A work was created or updated.
    fn work_saved(&self, _created: bool) {}
}

/// An observer that ignores everything.
pub struct NoProgress;
impl ImportObserver for NoProgress {}

impl Library {
    /// Imports files, folders (recursively) and `.zip` archives.
    ///
    /// Each file is committed on its own: a file that cannot be read is
    /// reported in [`ImportReport::skipped`] and the rest goes on.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        observer: &dyn ImportObserver,
    ) -> Result<ImportReport, LibraryError> {
        let _ = (paths, observer);
        todo!("import")
    }
}
