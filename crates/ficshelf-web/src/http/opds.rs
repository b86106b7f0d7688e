//! The OPDS 1.2 catalog for e-reader apps, under `/opds`.
//!
//! Routes (handlers of this module, registered in [`super::router`]):
//! - `GET /opds`: the root navigation feed;
//! - `GET /opds/{fandoms|relationships|characters|authors|ratings}`:
//!   navigation feeds listing values with their number of works, 100 a page;
//! - `GET /opds/works?fandom=…&relationship=…&character=…&rating=…&author=…&page=N`:
//!   acquisition feeds, most recently updated first, 25 works a page, with
//!   facet links for rating and fandom;
//! - `GET /opds/search?q=…&page=N`: the library's search (its query
//!   language), as an acquisition feed; `GET /opds/opensearch.xml` describes it.
//!
//! Every feed is answered by the search engine within the reader's scope
//! ([`crate::AppState::list`]): a reader signed in by HTTP Basic or an API
//! token sees their own rating limit, mutes and works hidden as read, in
//! every entry and every count, and feeds are never cached across readers.
//! Counts in navigation feeds and facets are the engine's exact facets, so
//! each equals the number of works the feed it leads to lists.
//!
//! Consent: e-reader apps cannot answer the web's adult-content gate, so a
//! catalog entered plainly lists only works that need no consent (General,
//! Teen) and one entered with `?view_adult=true` lists every work and
//! carries the parameter on every link it writes (feeds, pages, facets, the
//! search template, downloads). Works above `--max-rating` are never listed.
//!
//! Feeds are built by [`ficshelf_export::opds`]; this module chooses the
//! works and the links. Its submodules: `select` (filters and consent as
//! the engine's query and scope) and `search`.

mod search;
mod select;

use super::auth::Scope;
use super::respond::{flag, query_pairs, PageError};
use crate::browse::{Facet, Page};
use crate::state::{ListOutcome, ListRequest, Listing};
use crate::{AppState, ListingScope, WebError};
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_export::opds::{
    acquisition, navigation, opensearch_description, pagination_links, root_entries, tag_entry,
    FeedMeta, Link, NavEntry, OpdsError, Timestamp, Totals, Urls, ACQUISITION_TYPE,
    NAVIGATION_TYPE, VIEW_ADULT,
};
use ficshelf_model::Rating;
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::{FacetCounts, Facets};
use select::{feed_scope, Selection};
use std::time::SystemTime;

pub(super) use search::search;

/// Works per page of an acquisition feed.
const PER_PAGE: usize = 25;
/// Entries per page of a navigation feed.
const NAV_PER_PAGE: usize = 100;
/// Fandoms offered as facets, most works first.
const TOP_FANDOMS: usize = 20;

const NAVIGATION_CONTENT_TYPE: &str =
    "application/atom+xml;profile=opds-catalog;kind=navigation;charset=utf-8";
const ACQUISITION_CONTENT_TYPE: &str =
    "application/atom+xml;profile=opds-catalog;kind=acquisition;charset=utf-8";
const OPENSEARCH_CONTENT_TYPE: &str = "application/opensearchdescription+xml;charset=utf-8";

/// Why a feed cannot be sent.
#[derive(Debug)]
pub(super) enum FeedError {
    /// The page error the rest of the site would show (404, 500).
    Page(PageError),
    /// The feed could not be written (a bug: it is written to memory).
    Write(OpdsError),
    /// The search query cannot be read; the message points at the problem.
    BadQuery(String),
}

impl From<crate::WebError> for FeedError {
    fn from(err: crate::WebError) -> FeedError {
        FeedError::Page(PageError::from(err))
    }
}

impl From<OpdsError> for FeedError {
    fn from(err: OpdsError) -> FeedError {
        FeedError::Write(err)
    }
}

impl IntoResponse for FeedError {
    fn into_response(self) -> Response {
        match self {
            FeedError::Page(err) => err.into_response(),
            FeedError::Write(err) => {
                tracing::error!(error = %err, "cannot write an OPDS feed");
                PageError::Bug("OPDS feed").into_response()
            }
            FeedError::BadQuery(message) => (
                StatusCode::BAD_REQUEST,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                message,
            )
                .into_response(),
        }
    }
}

/// What every catalog request starts from.
struct FeedRequest {
    pairs: Vec<(String, String)>,
    urls: Urls,
    now: Timestamp,
}

impl FeedRequest {
    fn new(raw: Option<&str>) -> FeedRequest {
        let pairs = query_pairs(raw);
        let urls = Urls::new(flag(&pairs, VIEW_ADULT));
        FeedRequest {
            pairs,
            urls,
            now: Timestamp::from_system_time(SystemTime::now()),
        }
    }

    /// The 1-based `page` parameter; 1 when it is missing or not a number.
    fn page(&self) -> usize {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "page")
            .map_or(1, |(_, v)| v.trim().parse::<usize>().unwrap_or(1).max(1))
    }
}

/// A feed response of `content_type`, revalidated before each use.
fn respond(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// `(key, value)` pairs as the borrowed shape [`Urls`] takes.
fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> impl Iterator<Item = (&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str()))
}

/// `GET /opds`.
pub(super) async fn root(RawQuery(raw): RawQuery) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let meta = FeedMeta::new(&urls, "Ficshelf", urls.root(), NAVIGATION_TYPE, catalog.now);
    let body = navigation(&meta, &root_entries(&urls))?;
    Ok(respond(body, NAVIGATION_CONTENT_TYPE))
}

/// `GET /opds/opensearch.xml`.
pub(super) async fn opensearch(RawQuery(raw): RawQuery) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let body = opensearch_description(&catalog.urls)?;
    Ok(respond(body, OPENSEARCH_CONTENT_TYPE))
}

/// `GET /opds/{kind}`: the values of one kind of tag, each with the number
/// of works its acquisition feed lists (the engine's exact counts, within
/// the reader's scope and the catalog's consent).
pub(super) async fn browse(
    State(state): State<AppState>,
    Scope(scope): Scope,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let (title, key) = match kind.as_str() {
        "ratings" => ("Ratings", "rating"),
        "fandoms" => ("Fandoms", "fandom"),
        "relationships" => ("Relationships", "relationship"),
        "characters" => ("Characters", "character"),
        "authors" => ("Authors", "author"),
        _ => return Err(FeedError::Page(PageError::NotFound)),
    };
    let scope = feed_scope(scope, urls.adult);
    let every_work = ParsedQuery {
        expr: None,
        sort: None,
    };
    // Ratings are always counted in full; tags need every value listed.
    let facet_top = if key == "rating" { 1 } else { usize::MAX };
    let counted = listed(&state, &scope, every_work, 0, 0, facet_top).await?;
    let facets = &counted.facets;
    let entries = match key {
        "rating" => Rating::ALL
            .into_iter()
            .filter_map(|rating| {
                let count = facets.rating.get(rating.as_str()).filter(|n| *n > 0)?;
                let name = rating.display_name();
                Some(tag_entry(&urls, key, rating.as_str(), name, count))
            })
            .collect(),
        "fandom" => tag_entries(&urls, key, &facets.fandom.values),
        "relationship" => tag_entries(&urls, key, &facets.relationship.values),
        "character" => tag_entries(&urls, key, &facets.character.values),
        _ => tag_entries(&urls, key, &facets.author.values),
    };
    let pages = entries.len().div_ceil(NAV_PER_PAGE).max(1);
    let page = catalog.page().min(pages);
    let path = format!("/opds/{kind}");
    let href = |n: usize| {
        let page = n.to_string();
        let pairs = (n > 1).then_some(("page", page.as_str()));
        urls.href(&path, pairs)
    };
    let mut meta = FeedMeta::new(&urls, title, href(page), NAVIGATION_TYPE, catalog.now);
    meta.links
        .push(Link::new("up", urls.root(), NAVIGATION_TYPE));
    meta.links
        .extend(pagination_links(page, pages, NAVIGATION_TYPE, href));
    let shown: Vec<NavEntry> = entries
        .into_iter()
        .skip((page - 1) * NAV_PER_PAGE)
        .take(NAV_PER_PAGE)
        .collect();
    Ok(respond(navigation(&meta, &shown)?, NAVIGATION_CONTENT_TYPE))
}

/// One navigation entry per counted value, by name ignoring case.
fn tag_entries(urls: &Urls, key: &str, counts: &FacetCounts) -> Vec<NavEntry> {
    let mut values: Vec<&(String, u64)> = counts.0.iter().collect();
    values.sort_by_cached_key(|(value, _)| (value.to_lowercase(), value.clone()));
    values
        .into_iter()
        .map(|(value, count)| tag_entry(urls, key, value, value, *count))
        .collect()
}

/// `GET /opds/works`: the works matching the filters.
pub(super) async fn works(
    State(state): State<AppState>,
    Scope(scope): Scope,
    RawQuery(raw): RawQuery,
) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let scope = feed_scope(scope, urls.adult);
    let selection = Selection::from_pairs(&catalog.pairs);
    let query = selection.parsed().map_err(bad_query)?;
    let (page, _) = page_of(&state, &scope, query, selection.query.page, 0).await?;
    let base = selection.pairs();
    let href = |n: usize| {
        let mut pairs = base.clone();
        if n > 1 {
            pairs.push(("page", n.to_string()));
        }
        urls.works(borrowed(&pairs))
    };
    let facet_links = facets(&state, &scope, &urls, &selection).await?;
    acquisition_page(
        &urls,
        &selection.title(),
        &page,
        href,
        facet_links,
        catalog.now,
    )
}

/// A query the reader wrote that the engine cannot read.
fn bad_query(error: ficshelf_search::SearchError) -> FeedError {
    FeedError::BadQuery(error.to_string())
}

/// One listing of `query` within `scope` (`limit` works from `offset`,
/// facets up to `facet_top` values), from the search engine. A feed is
/// never cached: it is one reader's.
async fn listed(
    state: &AppState,
    scope: &ListingScope,
    query: ParsedQuery,
    offset: usize,
    limit: usize,
    facet_top: usize,
) -> Result<Listing, FeedError> {
    let request = ListRequest {
        query,
        options: scope.search_options(offset, limit, facet_top),
        page_key: None,
        totals: false,
    };
    match state.list(scope, request).await? {
        ListOutcome::Found(listing) => Ok(*listing),
        ListOutcome::BadQuery(message) => Err(FeedError::BadQuery(message)),
        ListOutcome::NoIndex => Err(FeedError::from(WebError::NoSearchIndex)),
        ListOutcome::Cached(_) => Err(FeedError::Page(PageError::Bug("a cached OPDS feed"))),
    }
}

/// Page `number` of `query`'s works ([`PER_PAGE`] a page; a number past
/// the end gives the last page) and the facets of all of them.
async fn page_of(
    state: &AppState,
    scope: &ListingScope,
    query: ParsedQuery,
    number: usize,
    facet_top: usize,
) -> Result<(Page, Facets), FeedError> {
    let mut number = number.max(1);
    loop {
        let offset = (number - 1).saturating_mul(PER_PAGE);
        let listing = listed(state, scope, query.clone(), offset, PER_PAGE, facet_top).await?;
        let total = usize::try_from(listing.total).unwrap_or(usize::MAX);
        let pages = total.div_ceil(PER_PAGE).max(1);
        if number > pages {
            number = pages;
            continue;
        }
        let page = Page {
            works: listing.works,
            number,
            pages,
            total,
        };
        return Ok((page, listing.facets));
    }
}

/// An acquisition feed for one page of works: its own link (`href` of the
/// page number), up to the root, pagination, `facet_links`, totals and one
/// entry per work.
pub(super) fn acquisition_page(
    urls: &Urls,
    title: &str,
    page: &Page,
    href: impl Fn(usize) -> String,
    facet_links: Vec<Link>,
    now: Timestamp,
) -> Result<Response, FeedError> {
    let mut meta = FeedMeta::new(urls, title, href(page.number), ACQUISITION_TYPE, now);
    meta.links
        .push(Link::new("up", urls.root(), NAVIGATION_TYPE));
    meta.links.extend(pagination_links(
        page.number,
        page.pages,
        ACQUISITION_TYPE,
        href,
    ));
    meta.links.extend(facet_links);
    meta.totals = Some(totals(page.total, page.number));
    let body = acquisition(&meta, &page.works, urls)?;
    Ok(respond(body, ACQUISITION_CONTENT_TYPE))
}

/// Where page `number` of `total` works starts.
fn totals(total: usize, number: usize) -> Totals {
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    Totals {
        total: wide(total),
        per_page: wide(PER_PAGE),
        start_index: wide((number - 1) * PER_PAGE + 1),
    }
}

/// The rating and fandom facets of `selection`: each leads to the works of
/// the selection with that one rating (or fandom) instead of the current
/// one, and counts them (the engine's exact counts).
async fn facets(
    state: &AppState,
    scope: &ListingScope,
    urls: &Urls,
    selection: &Selection,
) -> Result<Vec<Link>, FeedError> {
    let href = |s: &Selection| urls.works(borrowed(&s.pairs()));
    let mut links = Vec::new();

    let base = selection.without_ratings();
    let query = base.parsed().map_err(bad_query)?;
    let counted = listed(state, scope, query, 0, 0, 1).await?;
    let group = "Rating";
    let none = selection.query.ratings.is_empty();
    links.push(Link::facet(
        group,
        "All ratings",
        href(&base),
        counted.total,
        none,
    ));
    for rating in Rating::ALL {
        let Some(n) = counted
            .facets
            .rating
            .get(rating.as_str())
            .filter(|n| *n > 0)
        else {
            continue;
        };
        let mut one = base.clone();
        one.query.ratings = vec![rating];
        let active = selection.query.ratings == [rating];
        links.push(Link::facet(
            group,
            rating.display_name(),
            href(&one),
            n,
            active,
        ));
    }

    let base = selection.without_fandoms();
    let query = base.parsed().map_err(bad_query)?;
    let counted = listed(state, scope, query, 0, 0, usize::MAX).await?;
    let group = "Fandom";
    let chosen: Vec<String> = selection
        .query
        .included(Facet::Fandom)
        .map(str::to_lowercase)
        .collect();
    links.push(Link::facet(
        group,
        "All fandoms",
        href(&base),
        counted.total,
        chosen.is_empty(),
    ));
    // Most works first, ties by name: the engine's order.
    for (rank, (fandom, n)) in counted.facets.fandom.values.0.iter().enumerate() {
        let active = chosen.len() == 1 && chosen[0] == fandom.to_lowercase();
        if rank >= TOP_FANDOMS && !active {
            continue;
        }
        let mut one = base.clone();
        one.query.include.push((Facet::Fandom, fandom.clone()));
        links.push(Link::facet(group, fandom, href(&one), *n, active));
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_the_feed_kinds() {
        assert_eq!(
            NAVIGATION_CONTENT_TYPE,
            format!("{NAVIGATION_TYPE};charset=utf-8")
        );
        assert_eq!(
            ACQUISITION_CONTENT_TYPE,
            format!("{ACQUISITION_TYPE};charset=utf-8")
        );
    }
}
