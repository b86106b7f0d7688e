//! What the web reader needs from a library.

use ficshelf_library::{Library, LibraryError, SearchOptions, SearchResults, DATABASE_FILE};
use ficshelf_model::{Asset, Chapter, ChapterBody, Work};
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::Totals;
use std::path::{Path, PathBuf};

/// A source of works to serve.
///
/// [`Library`] is the real one; tests and embedders may serve works built in
/// memory. Calls are made from a blocking thread, one at a time per value,
/// so an implementation needs to be [`Send`] but not [`Sync`].
pub trait Catalog: Send + 'static {
    /// One work, or `None` if the id is unknown. The web never asks for
    /// every work: listings are searches.
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError>;
    /// The works of `ids` in that order, unknown ones left out: one read
    /// for a page of hits where the catalog can (by default, one by one).
    fn works_by_id(&self, ids: &[&str]) -> Result<Vec<Work>, LibraryError> {
        let mut works = Vec::with_capacity(ids.len());
        for id in ids {
            works.extend(self.work(id)?);
        }
        Ok(works)
    }
    /// Chapter `number` (1-based) of work `id` with its text, or `None`.
    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError>;
    /// The text of chapter `number` of work `id` alone, for a caller that
    /// already read the work: `None` if there is no such chapter. By
    /// default through [`Catalog::chapter`].
    fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, LibraryError> {
        Ok(self.chapter(id, number)?.map(|(_, body)| body))
    }
    /// Image `sha256` of work `id` (media type and bytes), or `None` unless
    /// that work keeps it. None by default.
    fn work_asset(
        &self,
        _id: &str,
        _sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, LibraryError> {
        Ok(None)
    }
    /// Every image work `id` keeps, for downloads. None by default.
    fn work_images(&self, _id: &str) -> Result<Vec<Asset>, LibraryError> {
        Ok(Vec::new())
    }
    /// The library folder; its `templates/` folder may override the
    /// built-in templates. `None` uses the built-in ones only.
    fn root(&self) -> Option<&Path>;
    /// Files whose size or modification time changes whenever the works
    /// change. The web reader keeps rendered chapter pages until one of
    /// these changes; with none (the default), it keeps them for good.
    fn watch(&self) -> Vec<PathBuf> {
        Vec::new()
    }
    /// Full-text search over the works (the library's query language).
    /// `Ok(None)` when this catalog has no search index (the default).
    fn search(
        &self,
        _query: &str,
        _options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        Ok(None)
    }
    /// The same search with a query in parsed form, which listings build
    /// from their filter form. `Ok(None)` without a search index (the
    /// default).
    fn search_parsed(
        &self,
        _query: &ParsedQuery,
        _options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        Ok(None)
    }
    /// The library's numbers over the works `options` admit, from the
    /// search index; `Ok(None)` without one (the default).
    fn totals(&self, _options: &SearchOptions) -> Result<Option<Totals>, LibraryError> {
        Ok(None)
    }
    /// A key for what searches currently see, changing whenever a work
    /// does; pages built from searches are cached under it. `None` (the
    /// default) caches nothing.
    fn search_key(&self) -> Option<u64> {
        None
    }
}

impl Catalog for Library {
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        Library::work(self, id)
    }

    fn works_by_id(&self, ids: &[&str]) -> Result<Vec<Work>, LibraryError> {
        Library::works_by_id(self, ids)
    }

    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        Library::chapter(self, id, number)
    }

    fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, LibraryError> {
        Library::chapter_body(self, id, number)
    }

    fn work_asset(
        &self,
        id: &str,
        sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, LibraryError> {
        Library::work_asset(self, id, sha256)
    }

    fn work_images(&self, id: &str) -> Result<Vec<Asset>, LibraryError> {
        Library::work_images(self, id)
    }

    fn root(&self) -> Option<&Path> {
        Some(Library::root(self))
    }

    fn search(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        Library::search(self, query, options).map(Some)
    }

    fn search_parsed(
        &self,
        query: &ParsedQuery,
        options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        Library::search_parsed(self, query, options).map(Some)
    }

    fn totals(&self, options: &SearchOptions) -> Result<Option<Totals>, LibraryError> {
        Library::totals(self, options).map(Some)
    }

    fn search_key(&self) -> Option<u64> {
        match Library::search_content_key(self) {
            Ok(key) => Some(key),
            Err(err) => {
                // Nothing is cached for now; the search itself reports the problem.
                tracing::warn!(error = %err, "cannot read the search index's state");
                None
            }
        }
    }

    /// The database and its write-ahead log: an import appends to the log,
    /// and a checkpoint rewrites the database.
    fn watch(&self) -> Vec<PathBuf> {
        let database = Library::root(self).join(DATABASE_FILE);
        let mut log = database.clone().into_os_string();
        log.push("-wal");
        vec![database, PathBuf::from(log)]
    }
}
