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
//! - The journal's types (module `journal`): [`WorkState`] (everything about
//!   a work, texts by reference), [`UserEdits`], [`Operation`] and
//!   [`OperationRecord`], [`StateChange`], [`Trashed`], [`PurgeReport`].
//! - [`StoreError`].
//!
//! Story text is content-addressed and never rewritten; every write belongs
//! to an operation of the journal, which records each touched work's state
//! before it. How operations are built and undone is the library's business;
//! the store writes states exactly, checks that nothing changed in between,
//! and keeps the records.

#[doc(hidden)]
pub mod behaviour;
mod error;
mod journal;
pub mod readers;
mod sqlite;

pub use error::StoreError;
pub use journal::{
    Applied, ChapterRecord, ChapterTitleEdit, NewOperation, Operation, OperationKind,
    OperationRecord, PurgeReport, StateChange, TagEdit, Trashed, UserEdits, WorkState,
};
pub use readers::ReaderStore;
pub use sqlite::SqliteStore;

use ficshelf_model::{Asset, ChapterBody, Source, Work};
use std::path::Path;

/// Where a chapter's text came from: the source file and its position in that
/// file. Stable across re-imports, so it keys chapter bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    /// The SHA-256 naming each chapter's text, same order.
    pub texts: Vec<String>,
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
    /// `chapter_keys` must either be here or be a chapter of the work
    /// already (it keeps that chapter's text).
    pub new_bodies: Vec<(ChapterKey, &'a ChapterBody)>,
    /// Every image the work's chapters use after this write (each named by
    /// the SHA-256 of its bytes); replaces the work's links. Bytes of an
    /// image already stored are not rewritten; images are deleted only by
    /// [`Store::purge`].
    pub assets: &'a [Asset],
    /// The work's near-duplicate signature from this write's analysis,
    /// written in the same transaction;
    /// `None` leaves the stored one as it is.
    pub signature: Option<&'a [u8]>,
}

/// A source file already in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSource {
    pub work_id: String,
    pub sha256: String,
}

/// What a storage backend does. All writes of one [`WorkWrite`] or
/// [`Store::apply`] happen in one transaction: after a crash, either all of
/// it is there or none of it. Only live works are listed, counted and
/// looked up; works in the trash live in the journal.
pub trait Store: Send {
    /// The source stored at `path`, if any.
    fn source(&self, path: &str) -> Result<Option<StoredSource>, StoreError>;
    /// The id of the work with this identity key or alias, if any.
    fn work_by_identity(&self, identity_key: &str) -> Result<Option<String>, StoreError>;
    /// The aliases of work `id` (its keys besides the identity key), sorted.
    fn aliases(&self, id: &str) -> Result<Vec<String>, StoreError>;
    /// One work with its chapter list and sources; `None` if no such id.
    fn load_work(&self, id: &str) -> Result<Option<StoredWork>, StoreError>;
    /// The works of `ids` as [`Store::load_work`] gives them, in the order
    /// of `ids`, in one read (a page of a listing): ids the store does not
    /// know are left out, and an id given twice gives its work once.
    fn load_works(&self, ids: &[&str]) -> Result<Vec<StoredWork>, StoreError>;
    /// Every work, ordered by id.
    fn works(&self) -> Result<Vec<Work>, StoreError>;
    /// How many works the library holds.
    fn work_count(&self) -> Result<u64, StoreError>;
    /// The story text of chapter `number` (1-based) of work `id`.
    fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, StoreError>;
    /// A stored text by its name (SHA-256), whether a live chapter or only
    /// the journal refers to it.
    fn text(&self, sha256: &str) -> Result<Option<ChapterBody>, StoreError>;
    /// The complete state of live work `id`; `None` if no such work.
    fn work_state(&self, id: &str) -> Result<Option<WorkState>, StoreError>;
    /// The sequence number of the latest change (0 for an empty store).
    /// Every write adds at least one change.
    fn last_change(&self) -> Result<u64, StoreError>;
    /// Ids of the works created, changed or deleted by changes after `seq`,
    /// each once. A deleted work's id is listed and no longer loads.
    fn changed_since(&self, seq: u64) -> Result<Vec<String>, StoreError>;
    /// Starts an operation whose writes come later, one transaction each
    /// (an import); returns its id.
    fn begin_operation(&mut self, operation: &NewOperation<'_>) -> Result<u64, StoreError>;
    /// Creates or replaces a work in one transaction as part of `operation`;
    /// returns its id. The work's state before (and that of any work that
    /// loses a source file to it) is recorded in the journal. A work left
    /// with no sources and no chapters that way is removed.
    fn save_work(&mut self, operation: u64, write: &WorkWrite<'_>) -> Result<String, StoreError>;
    /// Starts a write group: the writes after it ([`Store::save_work`],
    /// [`Store::apply`], …) are committed together by
    /// [`Store::end_write_group`], which saves the per-transaction cost of
    /// many small writes (an import saves hundreds of works a batch). Each
    /// write stays whole on its own: one that fails is undone alone, and the
    /// group's other writes are kept. Reads through this store see the
    /// group's writes at once, other connections when it ends; a crash (or
    /// dropping the store) before the end loses the whole group. Refused
    /// while a group is open.
    fn begin_write_group(&mut self) -> Result<(), StoreError>;
    /// Commits the open write group (nothing to do without one).
    fn end_write_group(&mut self) -> Result<(), StoreError>;
    /// Records a new operation and writes its changes, all in one
    /// transaction: each change's work gets exactly its new state (texts and
    /// images it names must be stored), after checking that the work still
    /// has the expected state and that no work outside the changes holds a
    /// source file or key the new states use. When the operation reverses
    /// another, that one is marked reversed (and the one *it* reversed is in
    /// effect again).
    fn apply(
        &mut self,
        operation: &NewOperation<'_>,
        changes: &[StateChange],
    ) -> Result<Applied, StoreError>;
    /// Every operation, oldest first.
    fn operations(&self) -> Result<Vec<Operation>, StoreError>;
    /// What operation `id` did to each work it touched.
    fn operation_records(&self, id: u64) -> Result<Vec<OperationRecord>, StoreError>;
    /// Every record about work `id`, oldest first (by change number).
    fn work_records(&self, id: &str) -> Result<Vec<OperationRecord>, StoreError>;
    /// The works in the trash, most recently deleted first.
    fn trash(&self) -> Result<Vec<Trashed>, StoreError>;
    /// Removes for good: marks `operations` purged (they cannot be undone),
    /// deletes their records, then deletes every text and image that no
    /// live work and no remaining record refers to. Recorded as `operation`.
    fn purge(
        &mut self,
        operation: &NewOperation<'_>,
        operations: &[u64],
    ) -> Result<PurgeReport, StoreError>;
    /// Every stored signature with its work id, ordered by id.
    fn signatures(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// The media type and bytes of image `sha256`, if stored.
    fn asset(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError>;
    /// The names (SHA-256) of the images work `id` links, sorted; empty for
    /// an unknown id.
    fn work_assets(&self, id: &str) -> Result<Vec<String>, StoreError>;
    /// Storage-level problems, one line each: the database's own integrity
    /// and foreign keys, texts and images whose bytes no longer match their
    /// names, journal records that do not decode or name missing texts.
    fn verify(&self) -> Result<Vec<String>, StoreError>;
    /// Writes a consistent copy of the whole store to the new file `to`
    /// while other connections go on reading and writing.
    fn backup(&self, to: &Path) -> Result<(), StoreError>;
    /// Replaces the whole store with the backup at `from` (checked first),
    /// after writing the current contents to the new file `keep`.
    fn restore_backup(&mut self, from: &Path, keep: &Path) -> Result<(), StoreError>;
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
