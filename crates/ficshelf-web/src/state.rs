//! The state every request shares: the catalog handles, the works in
//! memory, the rating limit and the templates.
//!
//! Every read goes through here, so `max_rating` is applied in one place: a
//! work above the limit is missing from every list and every lookup.
//!
//! Works come from a [`Snapshot`] kept in memory and reloaded when the
//! catalog's files change (see [`snapshot`]); chapter text is read through a
//! [`Pool`] of catalog handles on blocking threads.
//!
//! Searches have handles of their own, and wait for one asynchronously (a
//! semaphore with one permit per search handle) rather than on a blocking
//! thread: however many slow searches arrive at once, chapter pages never
//! wait behind them. Each search also stops at [`SEARCH_TIME_LIMIT`].

mod pool;
mod snapshot;

use crate::accounts::Accounts;
use crate::catalog::Catalog;
use crate::render::Templates;
use crate::view::without_server_paths;
use crate::WebError;
use ficshelf_library::{Library, LibraryError};
use ficshelf_model::{Asset, Chapter, ChapterBody, Rating, Work};
use pool::Pool;
pub(crate) use snapshot::Snapshot;
use snapshot::Stamp;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Semaphore;

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
}

struct Shared {
    pool: Pool,
    /// Handles for searches; `None` when searches share `pool` (a single
    /// catalog given).
    search_pool: Option<Pool>,
    /// One permit per search handle, taken before a search goes to a
    /// blocking thread.
    search_slots: Semaphore,
    /// Files whose changes mean the works must be reloaded.
    watch: Vec<PathBuf>,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// Held while reloading, so that concurrent requests reload once.
    reloading: tokio::sync::Mutex<()>,
    max_rating: Option<Rating>,
    templates: Templates,
}

/// A work with the text of every chapter, for the entire-work view.
/// What a search came to.
pub(crate) enum SearchOutcome {
    Found(Box<ficshelf_library::SearchResults>),
    /// The query could not be parsed; the message points at the problem.
    BadQuery(String),
    /// The catalog has no search index.
    NoIndex,
}

pub(crate) type FullWork = (Work, Vec<(Chapter, ChapterBody)>);

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
            match Library::open(&root) {
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
        AppState::with_catalogs(Box::new(library), opened, searchers, max_rating)
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
                snapshot: RwLock::new(None),
                reloading: tokio::sync::Mutex::new(()),
                max_rating,
                templates,
            }),
            accounts: None,
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

    /// The current works, reloaded first if the catalog changed.
    pub(crate) async fn snapshot(&self) -> Result<Arc<Snapshot>, WebError> {
        let stamp = Stamp::of(&self.shared.watch);
        if let Some(current) = self.current() {
            if current.is_current(stamp.as_ref()) {
                return Ok(current);
            }
        }
        let _reloading = self.shared.reloading.lock().await;
        // Another request may have reloaded while this one waited.
        let stamp = Stamp::of(&self.shared.watch);
        if let Some(current) = self.current() {
            if current.is_current(stamp.as_ref()) {
                return Ok(current);
            }
        }
        let works = self
            .read(|catalog, max| {
                let mut works = catalog.works()?;
                works.retain(|work| allows(max, work.rating));
                works.iter_mut().for_each(without_server_paths);
                Ok(works)
            })
            .await?;
        let fresh = Arc::new(Snapshot::new(stamp, works));
        match self.shared.snapshot.write() {
            Ok(mut slot) => *slot = Some(Arc::clone(&fresh)),
            Err(_poisoned) => return Err(WebError::LibraryPoisoned),
        }
        Ok(fresh)
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        match self.shared.snapshot.read() {
            Ok(slot) => slot.clone(),
            Err(_poisoned) => None,
        }
    }

    /// Every work the rating limit allows.
    pub(crate) async fn works(&self) -> Result<Vec<Work>, WebError> {
        Ok(self.snapshot().await?.works().to_vec())
    }

    /// One work, or `None` if it is unknown or above the rating limit.
    pub(crate) async fn work(&self, id: &str) -> Result<Option<Work>, WebError> {
        Ok(self.snapshot().await?.work(id).cloned())
    }

    /// Runs a search on a search handle, with the rating limit and
    /// [`SEARCH_TIME_LIMIT`] applied. A query the reader mistyped, or one
    /// that ran out of time, is `Ok(SearchOutcome::BadQuery)`.
    pub(crate) async fn search(
        &self,
        query: String,
        offset: usize,
        limit: usize,
    ) -> Result<SearchOutcome, WebError> {
        let _slot = self
            .shared
            .search_slots
            .acquire()
            .await
            .map_err(|_closed| WebError::LibraryPoisoned)?;
        let shared = Arc::clone(&self.shared);
        let joined = tokio::task::spawn_blocking(move || {
            let options = ficshelf_library::SearchOptions {
                offset,
                limit,
                max_rating: shared.max_rating,
                time_limit: Some(SEARCH_TIME_LIMIT),
                ..ficshelf_library::SearchOptions::default()
            };
            let pool = shared.search_pool.as_ref().unwrap_or(&shared.pool);
            match pool.with(|catalog| catalog.search(&query, &options))? {
                Ok(Some(results)) => Ok(SearchOutcome::Found(Box::new(results))),
                Ok(None) => Ok(SearchOutcome::NoIndex),
                Err(LibraryError::Search(
                    e @ (ficshelf_library::SearchError::Query { .. }
                    | ficshelf_library::SearchError::TimeLimit { .. }),
                )) => Ok(SearchOutcome::BadQuery(e.to_string())),
                Err(e) => Err(WebError::from(e)),
            }
        })
        .await;
        joined.map_err(WebError::ReadTask)?
    }

    /// A visible work and one of its chapters with text, or `None`.
    pub(crate) async fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Work, Chapter, ChapterBody)>, WebError> {
        let Some(work) = self.work(id).await? else {
            return Ok(None);
        };
        Ok(self
            .chapter_text(id, number)
            .await?
            .map(|(chapter, body)| (work, chapter, body)))
    }

    /// Chapter `number` of work `id` with its text, or `None`. The caller
    /// checks that the work is visible (it found it in a [`Snapshot`]).
    pub(crate) async fn chapter_text(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, _max| catalog.chapter(&id, number))
            .await
    }

    /// Image `sha256` of work `id`, or `None` unless that work keeps it.
    /// The caller checks that the work is visible.
    pub(crate) async fn work_asset(
        &self,
        id: &str,
        sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, WebError> {
        let (id, sha256) = (id.to_string(), sha256.to_string());
        self.read(move |catalog, _max| catalog.work_asset(&id, &sha256))
            .await
    }

    /// Every image work `id` keeps. The caller checks that the work is
    /// visible.
    pub(crate) async fn work_images(&self, id: &str) -> Result<Vec<Asset>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, _max| catalog.work_images(&id))
            .await
    }

    /// A work with the text of all its chapters, or `None`.
    pub(crate) async fn full_work(&self, id: &str) -> Result<Option<FullWork>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, max| {
            let Some(mut work) = visible(catalog.work(&id)?, max) else {
                return Ok(None);
            };
            without_server_paths(&mut work);
            let mut chapters = Vec::with_capacity(work.chapters.len());
            for chapter in &work.chapters {
                if let Some(found) = catalog.chapter(&id, chapter.number)? {
                    chapters.push(found);
                }
            }
            Ok(Some((work, chapters)))
        })
        .await
    }
}

fn allows(max: Option<Rating>, rating: Rating) -> bool {
    max.is_none_or(|max| rating <= max)
}

fn visible(work: Option<Work>, max: Option<Rating>) -> Option<Work> {
    work.filter(|work| allows(max, work.rating))
}

#[cfg(test)]
mod tests {
    use super::allows;
    use ficshelf_model::Rating;

    #[test]
    fn not_rated_is_above_every_limit_but_itself() {
        assert!(allows(None, Rating::NotRated));
        assert!(allows(Some(Rating::Teen), Rating::General));
        assert!(allows(Some(Rating::Teen), Rating::Teen));
        assert!(!allows(Some(Rating::Teen), Rating::Mature));
        assert!(!allows(Some(Rating::Explicit), Rating::NotRated));
        assert!(allows(Some(Rating::NotRated), Rating::NotRated));
    }
}
