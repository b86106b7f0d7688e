//! The use cases of a Ficshelf library, shared by the CLI and the web server.
//!
//! A library is one folder: `library.sqlite3` (the record), `index/` (the
//! search index, derived from the record), and optionally `synonyms.toml`
//! (the user's tag synonyms) and `characters/*.toml` (the user's character
//! lists for analysis, beside the built-in ones). [`Library`] opens it and
//! offers import, search, reading and analysis.
//!
//! Public items:
//! - [`Library`]: open a library folder; [`Library::import`] files, folders and
//!   zip archives; [`Library::search`]; [`Library::tags`]; [`Library::reindex`];
//!   read works and chapters.
//! - Re-exported from `ficshelf-search`: [`SearchOptions`] (with [`HitFields`]), [`SearchResults`],
//!   [`TagKind`], [`TagCount`], [`SearchError`].
//! - [`ImportReport`], [`SkippedFile`], [`AnalysisFailure`], [`ImportObserver`]:
//!   what an import did and how a caller follows it (the CLI draws a progress bar).
//! - [`Library::analyze`], [`Library::duplicates`] ([`DuplicateGroup`], [`DuplicateEvidence`]):
//!   text analysis and works saved twice.
//! - Operations, each recorded in the journal and undoable (`ops`):
//!   [`Library::merge`] (keeps every chapter; [`MergeReport`]),
//!   [`Library::split`], [`Library::edit`] ([`EditRequest`]),
//!   [`Library::delete`] to the trash, [`Library::restore`],
//!   [`Library::purge`], [`Library::history`] and [`Library::undo`];
//!   [`check`] (integrity, [`Problem`]), [`Library::backup`] and
//!   [`Library::restore_backup`].
//! - [`Library::asset`], [`Library::work_asset`], [`Library::work_assets`],
//!   [`Library::work_images`]: images kept from EPUBs, by the SHA-256
//!   chapter HTML names them with (`asset:<sha256>`).
//! - [`LibraryError`].
//! - [`readers`]: readers' accounts, sessions, tokens, what each may see
//!   ([`readers::ReaderView`]) and what they keep ([`readers::Readers`]).

mod analysis;
mod assets;
mod duplicates;
mod error;
#[cfg(test)]
mod handle_tests;
mod import;
mod indexing;
mod merge;
mod ops;
pub mod readers;
mod shingles;

pub use analysis::{
    AnalyzeFailure, AnalyzeReport, DuplicateEvidence, DuplicateGroup, CHARACTERS_DIR,
};
pub use error::LibraryError;
pub use ficshelf_store::{Operation, OperationKind, UserEdits};
pub use import::{AnalysisFailure, ImportObserver, ImportReport, NoProgress, SkippedFile};
pub use ops::tags_of_kind;
pub use ops::{
    check, parse_chapters, EditRequest, History, MergeReport, Problem, Purged, RestoreReport,
    SplitReport, TagRef, TrashEntry, UndoReport, TAG_KINDS,
};

pub use ficshelf_search::{
    HitFields, SearchError, SearchOptions, SearchResults, TagCount, TagKind,
};

use ficshelf_model::{Chapter, ChapterBody, Work};
use ficshelf_search::{SearchIndex, TagWrangler};
use ficshelf_store::Store;
use indexing::IndexGap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File name of the SQLite database inside a library folder.
pub const DATABASE_FILE: &str = "library.sqlite3";
/// Folder of the search index inside a library folder.
pub const INDEX_DIR: &str = "index";
/// File of user tag synonyms inside a library folder.
pub const SYNONYMS_FILE: &str = "synonyms.toml";

/// An open library folder.
pub struct Library {
    root: PathBuf,
    store: Box<dyn Store>,
    /// Shared by every handle of this process on the folder ([`Library::open_beside`]).
    index: Arc<SearchIndex>,
    analyzer: analysis::Analyzer,
    /// Whether import runs text analysis on the works it saves.
    analyze_on_import: bool,
}

impl Library {
    /// Opens the library in `dir`, creating the folder and database if needed.
    pub fn open(dir: &Path) -> Result<Library, LibraryError> {
        std::fs::create_dir_all(dir).map_err(|source| LibraryError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?;
        let store = open_store(dir)?;
        let index_dir = dir.join(INDEX_DIR);
        let (index, rebuild) = match open_index(&index_dir) {
            Ok(index) => (index, false),
            Err(SearchError::RebuildNeeded { reason, .. }) => {
                tracing::warn!(%reason, "rebuilding the search index");
                (SearchIndex::recreate(&index_dir)?, true)
            }
            Err(e) => return Err(e.into()),
        };
        let synonyms = dir.join(SYNONYMS_FILE);
        if synonyms.exists() {
            index.set_wrangler(TagWrangler::load(&synonyms)?);
        }
        let library = Library {
            root: dir.to_path_buf(),
            store,
            index: Arc::new(index),
            analyzer: analysis::load_analyzer(dir)?,
            analyze_on_import: true,
        };
        let gap = if rebuild {
            IndexGap::All
        } else {
            indexing::gap(library.store.as_ref(), &library.index)?
        };
        match indexing::repair(library.store.as_ref(), &library.index, gap) {
            Ok(_) => {}
            // Another process (an import) is writing the index right now;
            // it commits the works it saved. A crashed writer holds no lock.
            Err(LibraryError::Search(SearchError::WriterBusy)) => {
                tracing::debug!("search index busy; another process is bringing it up to date");
            }
            Err(e) => return Err(e),
        }
        Ok(library)
    }

    /// Another handle on the same folder, for a server reading from several
    /// threads at once: its own database connection, and the same search
    /// index. One index per process keeps one copy of what searches cache
    /// per segment (facet values, global ordinals, decompressed stored
    /// documents), where a handle per thread kept one each: at a million
    /// works, each copy is about a hundred megabytes.
    pub fn open_beside(&self) -> Result<Library, LibraryError> {
        Ok(Library {
            root: self.root.clone(),
            store: open_store(&self.root)?,
            index: Arc::clone(&self.index),
            analyzer: analysis::load_analyzer(&self.root)?,
            analyze_on_import: self.analyze_on_import,
        })
    }

    /// Searches the library (see `ficshelf-search` for the query language).
    pub fn search(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, LibraryError> {
        Ok(self.index.search(query, options)?)
    }

    /// Searches with a query in parsed form: what a form of separate
    /// fields builds (the web's listing filters), so no value is quoted
    /// into a query string and read back.
    pub fn search_parsed(
        &self,
        query: &ficshelf_search::query::ParsedQuery,
        options: &SearchOptions,
    ) -> Result<SearchResults, LibraryError> {
        Ok(self.index.search_parsed(query, options)?)
    }

    /// The library's numbers (works, words, chapters, distinct authors and
    /// fandoms) over the works `options` admit.
    pub fn totals(&self, options: &SearchOptions) -> Result<ficshelf_search::Totals, LibraryError> {
        Ok(self.index.totals(options)?)
    }

    /// A key for what searches currently see, changing after any commit
    /// that changed a work: for caching pages built from searches.
    pub fn search_content_key(&self) -> Result<u64, LibraryError> {
        Ok(self.index.content_key()?)
    }

    /// Canonical tags with the number of works carrying each and the
    /// synonyms seen, for one kind or all.
    pub fn tags(&self, kind: Option<TagKind>) -> Result<Vec<TagCount>, LibraryError> {
        Ok(self.index.tag_counts(kind)?)
    }

    /// Rebuilds the search index from the store; returns the works indexed.
    pub fn reindex(&mut self) -> Result<u64, LibraryError> {
        indexing::repair(self.store.as_ref(), &self.index, IndexGap::All)
    }

    /// Whether the search index includes every change in the store.
    pub fn index_is_current(&self) -> Result<bool, LibraryError> {
        Ok(indexing::gap(self.store.as_ref(), &self.index)? == IndexGap::None)
    }

    /// Whether [`Library::import`] analyses the works it saves (on by
    /// default). Off, suggestions of changed works are left as they were
    /// until [`Library::analyze`] runs.
    pub fn set_analyze_on_import(&mut self, on: bool) {
        self.analyze_on_import = on;
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

    /// The works of `ids` in that order, read together (a page of search
    /// hits); ids the library does not know are left out.
    pub fn works_by_id(&self, ids: &[&str]) -> Result<Vec<Work>, LibraryError> {
        let stored = self.store.load_works(ids)?;
        Ok(stored.into_iter().map(|stored| stored.work).collect())
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

    /// The story text of chapter `number` of work `id`, or `None` if the
    /// store has no such chapter: for a caller that already holds the work
    /// (a web page that read it to check the reader may see it).
    pub fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, LibraryError> {
        Ok(self.store.chapter_body(id, number)?)
    }
}

/// Opens the database of the library folder `dir`.
fn open_store(dir: &Path) -> Result<Box<dyn Store>, LibraryError> {
    let db = dir.join(DATABASE_FILE);
    Ok(ficshelf_store::open(&format!("sqlite://{}", db.display()))?)
}

/// Opens the search index, waiting briefly while another process creates it
/// (a new index's first commit takes the writer lock).
fn open_index(dir: &Path) -> Result<SearchIndex, SearchError> {
    let mut tries = 0;
    loop {
        match SearchIndex::open(dir) {
            Err(SearchError::WriterBusy) if tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}
