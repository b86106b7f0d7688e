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
//! Consent: e-reader apps cannot answer the web's adult-content gate, so a
//! catalog entered plainly lists only works that need no consent (General,
//! Teen) and one entered with `?view_adult=true` lists every work and
//! carries the parameter on every link it writes (feeds, pages, facets, the
//! search template, downloads). Works above `--max-rating` are never listed:
//! the snapshot and the search leave them out.
//!
//! Feeds are built by [`ficshelf_export::opds`]; this module chooses the
//! works and the links. Its submodules: `select` (filters, consent and
//! tallies) and `search`.

mod search;
mod select;

use super::respond::{flag, query_pairs, PageError};
use crate::browse::{paginate, Facet, Page};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_export::opds::{
    acquisition, navigation, opensearch_description, pagination_links, root_entries, tag_entry,
    FeedMeta, Link, NavEntry, OpdsError, Timestamp, Totals, Urls, ACQUISITION_TYPE,
    NAVIGATION_TYPE, VIEW_ADULT,
};
use ficshelf_model::Work;
use select::{select, tally, tally_ratings, visible, Selection};
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

/// `GET /opds/{kind}`: the values of one kind of tag.
pub(super) async fn browse(
    State(state): State<AppState>,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let snapshot = state.snapshot().await?;
    let works = visible(snapshot.works(), urls.adult);
    let (title, entries) = match kind.as_str() {
        "ratings" => {
            let entries = tally_ratings(works.iter().copied())
                .into_iter()
                .map(|(rating, count)| {
                    let name = rating.display_name();
                    tag_entry(&urls, "rating", rating.as_str(), name, count)
                })
                .collect();
            ("Ratings", entries)
        }
        "fandoms" => (
            "Fandoms",
            tag_entries(&urls, "fandom", &works, |w| &w.fandoms),
        ),
        "relationships" => (
            "Relationships",
            tag_entries(&urls, "relationship", &works, |w| &w.relationships),
        ),
        "characters" => (
            "Characters",
            tag_entries(&urls, "character", &works, |w| &w.characters),
        ),
        "authors" => (
            "Authors",
            tag_entries(&urls, "author", &works, |w| &w.authors),
        ),
        _ => return Err(FeedError::Page(PageError::NotFound)),
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

fn tag_entries<'a>(
    urls: &Urls,
    key: &str,
    works: &[&'a Work],
    values: impl Fn(&'a Work) -> &'a [String],
) -> Vec<NavEntry> {
    tally(works.iter().copied(), values)
        .into_iter()
        .map(|(value, count)| tag_entry(urls, key, &value, &value, count))
        .collect()
}

/// `GET /opds/works`: the works matching the filters.
pub(super) async fn works(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let snapshot = state.snapshot().await?;
    let works = visible(snapshot.works(), urls.adult);
    let selection = Selection::from_pairs(&catalog.pairs);
    let page = paginate(select(&works, &selection), selection.query.page, PER_PAGE);
    let base = selection.pairs();
    let href = |n: usize| {
        let mut pairs = base.clone();
        if n > 1 {
            pairs.push(("page", n.to_string()));
        }
        urls.works(borrowed(&pairs))
    };
    let facet_links = facets(&urls, &works, &selection);
    acquisition_page(
        &urls,
        &selection.title(),
        &page,
        href,
        facet_links,
        catalog.now,
    )
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
/// one, and counts them.
fn facets(urls: &Urls, works: &[&Work], selection: &Selection) -> Vec<Link> {
    let href = |s: &Selection| urls.works(borrowed(&s.pairs()));
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let mut links = Vec::new();

    let base = selection.without_ratings();
    let pool: Vec<&Work> = works.iter().copied().filter(|w| base.matches(w)).collect();
    let group = "Rating";
    let none = selection.query.ratings.is_empty();
    links.push(Link::facet(
        group,
        "All ratings",
        href(&base),
        count(pool.len()),
        none,
    ));
    for (rating, n) in tally_ratings(pool.iter().copied()) {
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
    let pool: Vec<&Work> = works.iter().copied().filter(|w| base.matches(w)).collect();
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
        count(pool.len()),
        chosen.is_empty(),
    ));
    let mut fandoms = tally(pool.iter().copied(), |w| &w.fandoms);
    // Most works first; the sort is stable, so names stay in order among equals.
    fandoms.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for (rank, (fandom, n)) in fandoms.into_iter().enumerate() {
        let active = chosen.len() == 1 && chosen[0] == fandom.to_lowercase();
        if rank >= TOP_FANDOMS && !active {
            continue;
        }
        let mut one = base.clone();
        one.query.include.push((Facet::Fandom, fandom.clone()));
        links.push(Link::facet(group, &fandom, href(&one), n, active));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::Rating;

    /// Whether a work rated `rating` may appear in a catalog with or without consent.
    fn listed(adult: bool, rating: Rating) -> bool {
        let mut work = Work::new("w", "w");
        work.rating = rating;
        select::admits(adult, &work)
    }

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

    #[test]
    fn plain_catalogs_list_only_works_that_need_no_consent() {
        assert!(listed(false, Rating::General) && listed(false, Rating::Teen));
        for rating in [Rating::Mature, Rating::Explicit, Rating::NotRated] {
            assert!(!listed(false, rating) && listed(true, rating));
        }
    }
}
