//! The use cases of a Ficshelf library, shared by the CLI and the web server.
//!
//! A library is one folder: `library.sqlite3` (the record) and, later, the
//! search index. [`Library`] opens it and offers import and reading.
//!
//! Public items:
//! - [`Library`]: open a library folder; [`Library::import`] files, folders and
//!   zip archives; read works and chapters.
//! - [`ImportReport`], [`SkippedFile`], [`ImportObserver`]: what an import did
//!   and how a caller follows it (the CLI draws a progress bar).
//! - [`LibraryError`].

mod error;
mod import;
mod merge;

pub use error::LibraryError;
pub use import::{ImportObserver, ImportReport, NoProgress, SkippedFile};

use ficshelf_model::{Chapter, ChapterBody, Work};
use ficshelf_store::Store;
use std::path::{Path, PathBuf};

/// File name of the SQLite database inside a library folder.
pub const DATABASE_FILE: &str = "library.sqlite3";

/// An open library folder.
pub struct Library {
    root: PathBuf,
    store: Box<dyn Store>,
}

impl Library {
    /// Opens the library in `dir`, creating the folder and database if needed.
    pub fn open(dir: &Path) -> Result<Library, LibraryError> {
        std::fs::create_dir_all(dir).map_err(|source| LibraryError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?;
        let db = dir.join(DATABASE_FILE);
        let store = ficshelf_store::open(&format!("sqlite://{}", db.display()))?;
        Ok(Library {
            root: dir.to_path_buf(),
            store,
        })
    }

    /// The library folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every work, ordered by id.
    pub fn works(&self) -> Result<Vec<Work>, LibraryError> {
        Ok(self.store.works()?)
    }

    /// How many works the library holds.
    pub fn work_count(&self) -> Result<u64, LibraryError> {
        Ok(self.store.work_count()?)
    }

    /// One work, or `None` if the id is unknown.
    pub fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        Ok(self.store.load_work(id)?.map(|stored| stored.work))
    }

    /// Chapter `number` (1-based) of work `id` with its story text, or `None`
    /// if the work or chapter does not exist.
    pub fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        let Some(stored) = self.store.load_work(id)? else {
            return Ok(None);
        };
        let Some(chapter) = stored
            .work
            .chapters
            .into_iter()
            .find(|c| c.number == number)
        else {
            return Ok(None);
        };
        let body = self.store.chapter_body(id, number)?.unwrap_or_default();
        Ok(Some((chapter, body)))
    }
}
