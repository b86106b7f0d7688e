//! What the web reader needs from a library.

use ficshelf_library::{Library, LibraryError};
use ficshelf_model::{Chapter, ChapterBody, Work};
use std::path::Path;

/// A source of works to serve.
///
/// [`Library`] is the real one; tests and embedders may serve works built in
/// memory. Calls are made from a blocking thread, one at a time, so an
/// implementation needs to be [`Send`] but not [`Sync`].
pub trait Catalog: Send + 'static {
    /// Every work.
    fn works(&self) -> Result<Vec<Work>, LibraryError>;
    /// One work, or `None` if the id is unknown.
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError>;
    /// Chapter `number` (1-based) of work `id` with its text, or `None`.
    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError>;
    /// The library folder; its `templates/` folder may override the
    /// built-in templates. `None` uses the built-in ones only.
    fn root(&self) -> Option<&Path>;
}

impl Catalog for Library {
    fn works(&self) -> Result<Vec<Work>, LibraryError> {
        Library::works(self)
    }

    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        Library::work(self, id)
    }

    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        Library::chapter(self, id, number)
    }

    fn root(&self) -> Option<&Path> {
        Some(Library::root(self))
    }
}
