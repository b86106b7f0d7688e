//! The state every request shares: the catalog handles, the rating limit,
//! the templates and the caches of rendered pages.
//!
//! The web keeps no copy of the library. Every listing, count and feed is a
//! search ([`AppState::list`], with a [`ListingScope`] that becomes filters
//! of the search); only the page's works are read from the store. Every
//! work looked up by id (pages, chapters, downloads, images, the API) is
//! read from the store and checked against the reader's scope in one place
//! ([`AppState::work`], `works.rs`). A reader's view is built from their
//! limits and the library's vocabulary, read from the search index's facets
//! (`readers.rs`). Chapter text is read through a [`Pool`] of catalog
//! handles on blocking threads.
//!
//! Searches have handles of their own, and wait for one asynchronously (a
//! semaphore with one permit per search handle) rather than on a blocking
//! thread: however many slow searches arrive at once, chapter pages never
//! wait behind them. Each search also stops at [`SEARCH_TIME_LIMIT`].

mod listing;
mod pages;
mod pool;
mod readers;
mod stamp;
mod works;

use crate::accounts::Accounts;
use crate::catalog::Catalog;
use crate::manage::{Manager, DEFAULT_UPLOAD_LIMIT};
use crate::render::Templates;
use crate::WebError;
use axum::body::Bytes;
use ficshelf_library::{HitFields, Library, LibraryError};
use ficshelf_model::{Rating, Work};
pub(crate) use listing::{ListOutcome, ListRequest, Listing};
pub use listing::{ListingScope, ReaderScope};
use pages::PageCache;
use pool::Pool;
use stamp::Stamp;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
pub(crate) use works::WorkLookup;

/// Library handles opened for reading chapters, besides the one given.
const EXTRA_HANDLES: usize = 3;

/// Library handles opened for searches only.
const SEARCH_HANDLES: usize = 2;

/// How long one search may walk its matches: a reader waits no longer, and
/// a query built to be slow holds a search handle no longer.
pub(crate) const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(3);

/// Shared application state: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
    /// Readers' accounts, when the server has them (see [`AppState::with_readers`]).
    accounts: Option<Arc<Accounts>>,
    /// The write path of administrators' pages; only a state serving a
    /// [`Library`] folder has one (see [`crate::manage`]).
    manager: Option<Arc<Manager>>,
}

struct Shared {
    pool: Pool,
    /// Handles for searches; `None` when searches share `pool` (a single
    /// catalog given).
    search_pool: Option<Pool>,
    /// One permit per search handle, taken before a search goes to a
    /// blocking thread.
    search_slots: Semaphore,
    /// Files whose changes mean cached chapter pages are stale.
    watch: Vec<PathBuf>,
    max_rating: Option<Rating>,
    templates: Templates,
    /// Listing pages, kept per search-index content.
    listings: PageCache,
    /// Chapter pages past the gate, kept per [`Stamp`] of `watch`.
    chapter_pages: PageCache,
    /// The search index content this process last saw, by any handle:
    /// what a reader's kept view is checked against on the pages of one
    /// work, in memory (see [`ViewCheck`]).
    last_content: std::sync::Mutex<Option<u64>>,
}

/// How a reader's kept view is checked against the search index's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewCheck {
    /// Read the index's content now: listings and searches, whose
    /// exclusions (mutes with `*` expanded over the library's tags) must
    /// be those of the works the search sees.
    ReadIndex,
    /// Against the content this process last saw, without a trip to the
    /// index: the admission check of one work's pages, which matches the
    /// work's own tags with the reader's mutes and never uses the expanded
    /// exclusions. A view is kept for [`crate::accounts`]' two seconds at
    /// most either way.
    LastSeen,
}

/// Whether a search also reads its hits' works from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HitWorks {
    /// A page that shows each work's card reads them, in one read.
    Read,
    /// The JSON API answers from the hits alone (title, authors, rating:
    /// the index's copy), as the CLI's `search --json` does.
    Skip,
}

/// What a search came to.
pub(crate) enum SearchOutcome {
    /// The results, and the hits' works as the store has them (in the
    /// hits' order; a hit the store no longer has is missing; none at all
    /// when the search was asked for [`HitWorks::Skip`]).
    Found(Box<ficshelf_library::SearchResults>, Vec<Work>),
    /// The query could not be parsed; the message points at the problem.
    BadQuery(String),
    /// The catalog has no search index.
    NoIndex,
}

impl AppState {
    /// State serving `library`, hiding works rated above `max_rating`.
    ///
    /// Opens a few more handles on the same folder so that chapters are read
    /// concurrently, and [`SEARCH_HANDLES`] for searches; if that fails, the
    /// one given serves alone.
    pub fn new(library: Library, max_rating: Option<Rating>) -> AppState {
        let root = library.root().to_path_buf();
        let mut opened: Vec<Box<dyn Catalog>> = Vec::new();
        for _ in 0..EXTRA_HANDLES + SEARCH_HANDLES {
            match library.open_beside() {
                Ok(handle) => opened.push(Box::new(handle)),
                Err(err) => {
                    tracing::warn!(error = %err, "cannot open another library handle");
                    break;
                }
            }
        }
        let searchers = if opened.len() > SEARCH_HANDLES {
            opened.split_off(opened.len() - SEARCH_HANDLES)
        } else {
            Vec::new()
        };
        let mut state = AppState::with_catalogs(Box::new(library), opened, searchers, max_rating);
        state.manager = Some(Arc::new(Manager::new(root, DEFAULT_UPLOAD_LIMIT)));
        state
    }

    /// The same state accepting uploads of at most `bytes` (all files of
    /// one upload together) on the administrators' import page.
    pub fn with_upload_limit(mut self, bytes: u64) -> AppState {
        self.manager = self
            .manager
            .map(|m| Arc::new(Manager::new(m.root().to_path_buf(), bytes)));
        self
    }

    /// The administrators' write path, when this state serves a library folder.
    pub(crate) fn manager(&self) -> Option<&Arc<Manager>> {
        self.manager.as_ref()
    }

    /// State serving any [`Catalog`], through that one handle (searches
    /// included).
    pub fn with_catalog(catalog: impl Catalog, max_rating: Option<Rating>) -> AppState {
        AppState::with_catalogs(Box::new(catalog), Vec::new(), Vec::new(), max_rating)
    }

    /// State serving `first` and `more` (handles on one library for pages,
    /// chapters and downloads) and `searchers` (handles on the same library
    /// used only for searches; none to search through the others).
    pub fn with_catalogs(
        first: Box<dyn Catalog>,
        more: Vec<Box<dyn Catalog>>,
        searchers: Vec<Box<dyn Catalog>>,
        max_rating: Option<Rating>,
    ) -> AppState {
        let templates = Templates::new(first.root().map(|root| root.join("templates")));
        let watch = first.watch();
        let pool = Pool::new(first, more);
        let search_pool = Pool::from_handles(searchers);
        let slots = search_pool.as_ref().unwrap_or(&pool).len();
        AppState {
            shared: Arc::new(Shared {
                pool,
                search_pool,
                search_slots: Semaphore::new(slots),
                watch,
                max_rating,
                templates,
                listings: PageCache::default(),
                chapter_pages: PageCache::default(),
                last_content: std::sync::Mutex::new(None),
            }),
            accounts: None,
            manager: None,
        }
    }

    /// The same state with readers' accounts: once `readers` holds an
    /// account, every page but the sign-in page needs one (see
    /// `http::auth`); with none, the server serves everyone as before.
    /// `wrangler` should be the library's (its synonyms), so mutes match
    /// what searches match.
    pub fn with_readers(
        mut self,
        readers: ficshelf_library::readers::Readers,
        wrangler: ficshelf_search::TagWrangler,
    ) -> AppState {
        self.accounts = Some(Arc::new(Accounts::new(readers, wrangler)));
        self
    }

    /// The readers' accounts, when the server has them.
    pub(crate) fn accounts(&self) -> Option<&Arc<Accounts>> {
        self.accounts.as_ref()
    }

    /// The rating limit, if any.
    pub fn max_rating(&self) -> Option<Rating> {
        self.shared.max_rating
    }

    pub(crate) fn templates(&self) -> &Templates {
        &self.shared.templates
    }

    /// How many catalog handles serve reads (searches not included).
    pub fn handles(&self) -> usize {
        self.shared.pool.len()
    }

    /// How many catalog handles serve searches (the read handles when
    /// searches have none of their own).
    pub fn search_handles(&self) -> usize {
        self.shared
            .search_pool
            .as_ref()
            .unwrap_or(&self.shared.pool)
            .len()
    }

    /// Runs `read` on a blocking thread with a catalog handle.
    async fn read<T, F>(&self, read: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Catalog, Option<Rating>) -> Result<T, LibraryError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        let joined = tokio::task::spawn_blocking(move || {
            shared
                .pool
                .with(|catalog| read(catalog, shared.max_rating))?
                .map_err(WebError::from)
        })
        .await;
        joined.map_err(WebError::ReadTask)?
    }

    /// The search index content this process last saw.
    fn last_content(&self) -> Option<u64> {
        *self
            .shared
            .last_content
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Notes the search index content a handle saw just now.
    fn note_content(&self, content: Option<u64>) {
        note_content(&self.shared, content);
    }

    /// The version chapter pages are kept under while the library is as it
    /// is now ([`Stamp`]), or `None` to keep none. Take it before reading
    /// what a page is rendered from: a page is then never kept under a
    /// version newer than what it shows.
    pub(crate) fn chapter_pages_version(&self) -> Option<u64> {
        Stamp::of(&self.shared.watch).map(|stamp| stamp.version())
    }

    /// A chapter page rendered before at `version` (see
    /// [`AppState::chapter_pages_version`]).
    pub(crate) fn chapter_page(&self, version: Option<u64>, key: &str) -> Option<Bytes> {
        self.shared.chapter_pages.get(version?, key)
    }

    /// Keeps a chapter page rendered from what was read after `version`
    /// was taken, for [`AppState::chapter_page`].
    pub(crate) fn keep_chapter_page(&self, version: Option<u64>, key: String, page: Bytes) {
        if let Some(version) = version {
            self.shared.chapter_pages.keep(version, key, page);
        }
    }

    /// Runs a search on a search handle, with the rating limit and
    /// [`SEARCH_TIME_LIMIT`] applied. A query the reader mistyped, or one
    /// that ran out of time, is `Ok(SearchOutcome::BadQuery)`.
    pub(crate) async fn search(
        &self,
        scope: ListingScope,
        query: String,
        offset: usize,
        limit: usize,
        hit_works: HitWorks,
    ) -> Result<SearchOutcome, WebError> {
        let mut options = scope.search_options(
            offset,
            limit,
            ficshelf_library::SearchOptions::default().facet_top,
        );
        if hit_works == HitWorks::Read {
            // The cards come from the store: the index's copy is not read.
            options.hit_fields = HitFields::Ids;
        }
        self.on_search_handle(
            move |_shared, catalog| match catalog.search(&query, &options) {
                Ok(Some(results)) => {
                    let works = match hit_works {
                        HitWorks::Read => {
                            let ids = results.hits.iter().map(|hit| hit.id.clone());
                            listing::page_works(catalog, &scope, ids)?
                        }
                        HitWorks::Skip => Vec::new(),
                    };
                    Ok(SearchOutcome::Found(Box::new(results), works))
                }
                Ok(None) => Ok(SearchOutcome::NoIndex),
                Err(e) => Ok(SearchOutcome::BadQuery(query_problem(e)?)),
            },
        )
        .await
    }

    /// Runs `search` on a blocking thread with a search handle, once one of
    /// the search slots is free.
    async fn on_search_handle<T, F>(&self, search: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Shared, &dyn Catalog) -> Result<T, WebError> + Send + 'static,
    {
        let _slot = self
            .shared
            .search_slots
            .acquire()
            .await
            .map_err(|_closed| WebError::LibraryPoisoned)?;
        let shared = Arc::clone(&self.shared);
        let joined = tokio::task::spawn_blocking(move || {
            let pool = shared.search_pool.as_ref().unwrap_or(&shared.pool);
            pool.with(|catalog| search(&shared, catalog))?
        })
        .await;
        joined.map_err(WebError::ReadTask)?
    }

    /// What every reader may see: the server's rating limit.
    pub fn scope(&self) -> ListingScope {
        ListingScope {
            max_rating: self.shared.max_rating,
            reader: None,
        }
    }

    /// What `reader` may see: [`AppState::scope`] and, once signed in,
    /// their own limit, mutes and works read.
    pub(crate) async fn scope_for(
        &self,
        reader: &crate::http::auth::CurrentReader,
    ) -> Result<ListingScope, WebError> {
        self.scope_checked(reader, ViewCheck::ReadIndex).await
    }

    /// [`AppState::scope_for`] for the admission check of one work's pages:
    /// a reader's kept view is reused without a trip to the index
    /// ([`ViewCheck::LastSeen`]).
    pub(crate) async fn scope_for_work_pages(
        &self,
        reader: &crate::http::auth::CurrentReader,
    ) -> Result<ListingScope, WebError> {
        self.scope_checked(reader, ViewCheck::LastSeen).await
    }

    /// What `reader` may see, a kept view checked as `check` says.
    async fn scope_checked(
        &self,
        reader: &crate::http::auth::CurrentReader,
        check: ViewCheck,
    ) -> Result<ListingScope, WebError> {
        let (Some(accounts), Some(signed_in)) = (self.accounts(), reader.signed_in()) else {
            return Ok(self.scope());
        };
        let view = self.reader_view(accounts, &signed_in.user, check).await?;
        Ok(self.reader_scope(accounts, view))
    }

    /// What `user`, signed in by any means (a session, KOReader's sync
    /// key), may see: [`AppState::scope`] and their own limit, mutes and
    /// works read.
    pub(crate) async fn scope_for_user(
        &self,
        accounts: &Arc<crate::accounts::Accounts>,
        user: &ficshelf_library::readers::User,
    ) -> Result<ListingScope, WebError> {
        let view = self
            .reader_view(accounts, user, ViewCheck::ReadIndex)
            .await?;
        Ok(self.reader_scope(accounts, view))
    }

    /// The scope of a reader with `view`.
    fn reader_scope(
        &self,
        accounts: &crate::accounts::Accounts,
        view: Arc<ficshelf_library::readers::ReaderView>,
    ) -> ListingScope {
        ListingScope {
            reader: Some(ReaderScope {
                view,
                wrangler: accounts.wrangler_handle(),
            }),
            ..self.scope()
        }
    }

    /// One page of the works a request's query matches within `scope`,
    /// with exact counts, from the search engine on a search handle; or the
    /// page cached under its key if one was rendered from the same index
    /// content (keep it with [`AppState::keep_listing`]).
    pub(crate) async fn list(
        &self,
        scope: &ListingScope,
        request: ListRequest,
    ) -> Result<ListOutcome, WebError> {
        let scope = scope.clone();
        let ListRequest {
            query,
            mut options,
            page_key,
            totals,
        } = request;
        // The page's works are read from the store below.
        options.hit_fields = HitFields::Ids;
        // A page listed for one reader is theirs alone: never cached.
        let shared_page = scope.is_shared();
        let page_key = page_key.filter(|_| shared_page);
        self.on_search_handle(move |shared, catalog| {
            let version = catalog.search_key();
            note_content(shared, version);
            if let (Some(version), Some(key)) = (version, &page_key) {
                if let Some(page) = shared.listings.get(version, key) {
                    return Ok(ListOutcome::Cached(page));
                }
            }
            let results = match catalog.search_parsed(&query, &options) {
                Ok(Some(results)) => results,
                Ok(None) => return Ok(ListOutcome::NoIndex),
                Err(e) => return Ok(ListOutcome::BadQuery(query_problem(e)?)),
            };
            let totals = if totals {
                catalog.totals(&options)?
            } else {
                None
            };
            let ids = results.hits.into_iter().map(|hit| hit.id);
            let works = listing::page_works(catalog, &scope, ids)?;
            Ok(ListOutcome::Found(Box::new(Listing {
                total: results.total,
                works,
                facets: results.facets,
                totals,
                version: version.filter(|_| shared_page),
            })))
        })
        .await
    }

    /// Keeps a listing page rendered from `listing`, for [`AppState::list`]
    /// to return while the index shows the same works.
    pub(crate) fn keep_listing(&self, listing: &Listing, page_key: String, page: Bytes) {
        if let Some(version) = listing.version {
            self.shared.listings.keep(version, page_key, page);
        }
    }
}

/// Notes the search index content a handle of `shared` saw just now.
fn note_content(shared: &Shared, content: Option<u64>) {
    if content.is_some() {
        *shared
            .last_content
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = content;
    }
}

/// What the reader is told when a search fails because of its query (a
/// mistake, or past the time limit); any other failure is an error.
fn query_problem(error: LibraryError) -> Result<String, WebError> {
    match error {
        LibraryError::Search(
            e @ (ficshelf_library::SearchError::Query { .. }
            | ficshelf_library::SearchError::TimeLimit { .. }),
        ) => Ok(e.to_string()),
        e => Err(WebError::from(e)),
    }
}
