//! Persistence for Ficshelf: the [`Store`] trait and its SQLite backend.
//!
//! The store is the record of a library. The library crate reads and writes
//! works only through [`Store`]; a PostgreSQL backend will implement the same
//! trait (its SQL is kept portable: no SQLite-only syntax outside the SQLite
//! module), and one behaviour test suite runs against every backend.
//!
//! Public items:
//! - [`Store`]: what a backend must do.
//! - [`open`]: chooses the backend from a database URL (`sqlite://PATH`, or a bare path).
//! - [`SqliteStore`]: the embedded backend (WAL, versioned migrations).
//! - [`StoredWork`], [`ChapterKey`], [`WorkWrite`], [`StoredSource`]: what crosses the trait.
//! - [`readers`]: readers' records ([`ReaderStore`], also implemented by
//!   [`SqliteStore`]) and [`open_readers`], which opens them by URL.
//! - [`StoreError`].

#[doc(hidden)]
pub mod behaviour;
mod error;
pub mod readers;
mod sqlite;

pub use error::StoreError;
pub use readers::ReaderStore;
pub use sqlite::SqliteStore;

use ficshelf_model::{Asset, ChapterBody, Source, Suggested, Work};

/// Where a chapter's text came from: the source file and its position in that
/// file. Stable across re-imports, so it keys chapter bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChapterKey {
    /// The source path (as in [`Source::path`]).
    pub source: String,
    /// 0-based index of the chapter within that file.
    pub index: u32,
    /// The chapter number the file stated ("Chapter 3"), used to order chapters.
    pub stated_number: Option<u32>,
}

/// A work as stored: its metadata and chapter list (no bodies), how it is
/// identified, and where each chapter came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWork {
    /// `work.id` is the store's id.
    pub work: Work,
    /// The key import uses to find this work again (normalised title + authors, …).
    pub identity_key: String,
    /// Every source file, with hash and size.
    pub sources: Vec<Source>,
    /// One key per entry of `work.chapters`, same order.
    pub chapter_keys: Vec<ChapterKey>,
}

/// One transactional write of a work: its full metadata and chapter list,
/// plus the bodies of chapters that are new or changed.
#[derive(Debug, Clone)]
pub struct WorkWrite<'a> {
    /// `None` creates a new work; `Some(id)` replaces that work's metadata.
    pub id: Option<&'a str>,
    pub identity_key: &'a str,
    /// Other keys the work is known by (see [`Store::aliases`]); replaces the
    /// stored set. A key another work had moves to this one.
    pub aliases: &'a [String],
    /// The work's metadata and complete chapter list in final order
    /// (`work.id` is ignored; chapter numbers are taken as given).
    pub work: &'a Work,
    /// Every source of the work after this write.
    pub sources: &'a [Source],
    /// One key per entry of `work.chapters`, same order.
    pub chapter_keys: &'a [ChapterKey],
    /// Bodies for chapters whose text is new or changed. Every key in
    /// `chapter_keys` must either be here or already have a stored body.
    pub new_bodies: Vec<(ChapterKey, &'a ChapterBody)>,
    /// Every image the work's chapters use after this write (each named by
    /// the SHA-256 of its bytes); replaces the work's links. Bytes of an
    /// image already stored are not rewritten; images no work links any
    /// more are deleted.
    pub assets: &'a [Asset],
    /// The work's near-duplicate signature from this write's analysis
    /// (see [`Store::set_signature`]), written in the same transaction;
    /// `None` leaves the stored one as it is.
    pub signature: Option<&'a [u8]>,
}

/// A source file already in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSource {
    pub work_id: String,
    pub sha256: String,
}

/// What a storage backend does. All writes of one [`WorkWrite`] happen in one
/// transaction: after a crash, either all of it is there or none of it.
pub trait Store: Send {
    /// The source stored at `path`, if any.
    fn source(&self, path: &str) -> Result<Option<StoredSource>, StoreError>;
    /// The id of the work with this identity key or alias, if any.
    fn work_by_identity(&self, identity_key: &str) -> Result<Option<String>, StoreError>;
    /// The aliases of work `id` (its keys besides the identity key), sorted.
    fn aliases(&self, id: &str) -> Result<Vec<String>, StoreError>;
    /// One work with its chapter list and sources; `None` if no such id.
    fn load_work(&self, id: &str) -> Result<Option<StoredWork>, StoreError>;
    /// Every work, ordered by id.
    fn works(&self) -> Result<Vec<Work>, StoreError>;
    /// How many works the library holds.
    fn work_count(&self) -> Result<u64, StoreError>;
    /// The story text of chapter `number` (1-based) of work `id`.
    fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, StoreError>;
    /// The sequence number of the latest change (0 for an empty store).
    /// Every [`Store::save_work`] adds at least one change.
    fn last_change(&self) -> Result<u64, StoreError>;
    /// Ids of the works created, changed or deleted by changes after `seq`,
    /// each once. A deleted work's id is listed and no longer loads.
    fn changed_since(&self, seq: u64) -> Result<Vec<String>, StoreError>;
    /// Creates or replaces a work in one transaction; returns its id.
    /// Chapter bodies no longer referenced by the work are deleted.
    fn save_work(&mut self, write: &WorkWrite<'_>) -> Result<String, StoreError>;
    /// Replaces what analysis suggests about work `id`, logging a change.
    fn set_suggested(&mut self, id: &str, suggested: &Suggested) -> Result<(), StoreError>;
    /// Stores work `id`'s near-duplicate signature (opaque bytes).
    fn set_signature(&mut self, id: &str, signature: &[u8]) -> Result<(), StoreError>;
    /// Every stored signature with its work id, ordered by id.
    fn signatures(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// The media type and bytes of image `sha256`, if some work links it.
    fn asset(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError>;
    /// The names (SHA-256) of the images work `id` links, sorted; empty for
    /// an unknown id.
    fn work_assets(&self, id: &str) -> Result<Vec<String>, StoreError>;
}

/// Opens the store named by `url`: `sqlite://PATH` or a bare file path.
///
/// Any other scheme is an error that names the schemes this build supports.
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return Ok(Box::new(SqliteStore::open(std::path::Path::new(path))?));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
            scheme: scheme.to_string(),
        });
    }
    Ok(Box::new(SqliteStore::open(std::path::Path::new(url))?))
}

/// Opens the readers' records of the library whose database `url` names
/// (see [`open`]); the same database, a connection of its own.
pub fn open_readers(url: &str) -> Result<Box<dyn ReaderStore>, StoreError> {
    Ok(Box::new(SqliteStore::open(std::path::Path::new(
        sqlite_path(url)?,
    ))?))
}

/// The file path of an `sqlite://PATH` or bare-path URL; any other scheme
/// is [`StoreError::UnsupportedUrl`].
fn sqlite_path(url: &str) -> Result<&str, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return Ok(path);
    }
    match url.split_once("://") {
        Some((scheme, _)) => Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
            scheme: scheme.to_string(),
        }),
        None => Ok(url),
    }
}
