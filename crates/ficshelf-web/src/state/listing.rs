//! Listings answered by the search engine: which works a reader may see
//! ([`ListingScope`]), and one page of a query's works with its counts
//! ([`Listing`]).
//!
//! Every listing goes through [`AppState::list`](super::AppState::list):
//! the scope becomes filters of the search itself, so totals, facet counts
//! and pages all leave out the same works, and the web keeps no copy of
//! the library. Only the page's works are then read from the store, to
//! show their blurbs.

use crate::view::without_server_paths;
use axum::body::Bytes;
use ficshelf_library::readers::ReaderView;
use ficshelf_library::SearchOptions;
use ficshelf_model::{Rating, Work};
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::{Facets, TagWrangler, Totals};
use std::sync::Arc;

/// What to list: a query, its page and counts, where to find a page
/// rendered before, and whether the library's numbers are wanted too.
pub(crate) struct ListRequest {
    pub(crate) query: ParsedQuery,
    pub(crate) options: SearchOptions,
    /// The key of the rendered page in the cache; `None` never caches.
    pub(crate) page_key: Option<String>,
    /// Also count the library's numbers ([`Listing::totals`]).
    pub(crate) totals: bool,
}

/// Which works a reader may see, applied as filters of every listing,
/// count and search, and checked on every work looked up by id
/// ([`ListingScope::admits`]): the server's rating limit and, for a
/// signed-in reader, their [`ReaderView`] (their own limit, mutes and works
/// read).
#[derive(Debug, Clone, Default)]
pub struct ListingScope {
    /// Only works rated at most this; `None` for no limit.
    pub max_rating: Option<Rating>,
    /// The signed-in reader's view; `None` for anonymous readers.
    pub reader: Option<ReaderScope>,
}

/// A signed-in reader's view and the tag wrangler it is checked with (the
/// library's, so a lookup agrees with the search).
#[derive(Debug, Clone)]
pub struct ReaderScope {
    pub view: Arc<ReaderView>,
    pub wrangler: Arc<TagWrangler>,
}

impl ListingScope {
    /// Search options for one page of `limit` works from `offset`, listing
    /// up to `facet_top` values of the top-N facets (`0` counts none).
    pub(crate) fn search_options(
        &self,
        offset: usize,
        limit: usize,
        facet_top: usize,
    ) -> SearchOptions {
        let options = SearchOptions {
            offset,
            limit,
            facet_top,
            max_rating: self.max_rating,
            time_limit: Some(super::SEARCH_TIME_LIMIT),
            ..SearchOptions::default()
        };
        match &self.reader {
            Some(reader) => reader.view.search_options(options),
            None => options,
        }
    }

    /// Whether pages listed in this scope are the same for every reader
    /// (and so may be cached and served to anyone).
    pub(crate) fn is_shared(&self) -> bool {
        self.reader.is_none()
    }

    /// Whether a work read from the store is one this scope may see: the
    /// one check every lookup by id goes through (pages, chapters,
    /// downloads, images, the API, feed entries), by the rules the search
    /// applies as filters ([`ReaderView::allows`] agrees with
    /// [`ReaderView::search_options`]).
    pub(crate) fn admits(&self, work: &Work) -> bool {
        self.max_rating.is_none_or(|max| work.rating <= max)
            && self
                .reader
                .as_ref()
                .is_none_or(|reader| reader.view.allows(work, &reader.wrangler))
    }
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    /// Works matching in all pages.
    pub(crate) total: u64,
    /// The page's works, in order, as the store has them.
    pub(crate) works: Vec<Work>,
    /// Exact counts over every matching work.
    pub(crate) facets: Facets,
    /// The library's numbers within the scope, when asked for.
    pub(crate) totals: Option<Totals>,
    /// What the search saw, to cache the rendered page under; `None` caches
    /// nothing.
    pub(crate) version: Option<u64>,
}

impl Listing {
    /// A listing of nothing (for a query that could not run).
    pub(crate) fn empty() -> Listing {
        Listing {
            total: 0,
            works: Vec::new(),
            facets: Facets::default(),
            totals: None,
            version: None,
        }
    }
}

/// What a listing came to.
pub(crate) enum ListOutcome {
    Found(Box<Listing>),
    /// The page was rendered before from the same index content.
    Cached(Bytes),
    /// The query could not be run; the message says why.
    BadQuery(String),
    /// The catalog has no search index.
    NoIndex,
}

/// The page's works read from `catalog` in one read, in the hits' order.
/// A hit the store no longer has (deleted since the index saw it) is left
/// out.
pub(crate) fn page_works(
    catalog: &dyn crate::Catalog,
    scope: &ListingScope,
    ids: impl Iterator<Item = String>,
) -> Result<Vec<Work>, ficshelf_library::LibraryError> {
    let ids: Vec<String> = ids.collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut works = catalog.works_by_id(&ids)?;
    works.retain(|work| scope.admits(work));
    for work in &mut works {
        without_server_paths(work);
    }
    Ok(works)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_library::readers::{Mute, MuteKind, ReaderLimits, Vocabulary};

    fn work(rating: Rating, fandom: &str, author: &str) -> Work {
        let mut work = Work::new("7", "Tidewater");
        work.rating = rating;
        work.fandoms = vec![fandom.to_string()];
        work.authors = vec![author.to_string()];
        work
    }

    #[test]
    fn not_rated_is_above_every_limit_but_itself() {
        let capped = |max| ListingScope {
            max_rating: max,
            reader: None,
        };
        let unrated = work(Rating::NotRated, "Star Trek", "Wren");
        assert!(capped(None).admits(&unrated));
        assert!(!capped(Some(Rating::Explicit)).admits(&unrated));
        assert!(capped(Some(Rating::NotRated)).admits(&unrated));
        assert!(capped(Some(Rating::Teen)).admits(&work(Rating::Teen, "x", "y")));
        assert!(!capped(Some(Rating::Teen)).admits(&work(Rating::Mature, "x", "y")));
    }

    #[test]
    fn a_readers_limit_and_mutes_are_checked_on_every_lookup() {
        let wrangler = Arc::new(TagWrangler::new());
        let limits = ReaderLimits {
            max_rating: Some(Rating::Mature),
            mutes: vec![
                Mute {
                    kind: MuteKind::Fandom,
                    value: "babylon 5".into(),
                },
                Mute {
                    kind: MuteKind::Author,
                    value: "Ash".into(),
                },
            ],
            hidden_works: Default::default(),
        };
        let view = ReaderView::new(&limits, &Vocabulary::default(), &wrangler);
        let scope = ListingScope {
            max_rating: None,
            reader: Some(ReaderScope {
                view: Arc::new(view),
                wrangler,
            }),
        };
        assert!(scope.admits(&work(Rating::Mature, "Star Trek", "Wren")));
        assert!(!scope.admits(&work(Rating::Explicit, "Star Trek", "Wren")));
        assert!(!scope.admits(&work(Rating::Teen, "Babylon 5", "Wren")));
        assert!(!scope.admits(&work(Rating::Teen, "Star Trek", "ash")));
        assert!(!scope.is_shared());
    }
}
