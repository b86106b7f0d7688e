//! The listing pages: `GET /` (the library's numbers, a search box and the
//! works updated last) and `GET /works` (blurbs of the works a query
//! matches, twenty a page, beside the filter form with a count for every
//! option). `/works` is answered by the search engine (the same one
//! `/search` uses, see [`AppState::list`]); it is the same for every reader,
//! so each page is rendered once per index content. The home page is
//! answered the same way; for a signed-in reader it is theirs (their view
//! of the library, and their continue reading, new chapters in works they
//! bookmarked and Marked for Later from [`super::my_shelf::home_sections`]),
//! never cached.

use super::auth::CurrentReader;
use super::respond::{borrowed, html, query_pairs, render_bytes, PageError};
use crate::browse::{Counts, Page, SortOrder, WorkQuery, PAGE_SIZE};
use crate::state::{ListOutcome, ListRequest, Listing, ListingScope};
use crate::view::{thousands, FiltersView, Layout, Pagination, WorkView};
use crate::AppState;
use crate::WebError;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use ficshelf_search::query::ParsedQuery;
use serde::Serialize;

/// How many recently updated works the home page lists.
const RECENT: usize = 10;
/// How many entries each of a signed-in reader's sections lists there.
const HOME_SECTION: usize = 5;

#[derive(Serialize)]
struct Stats {
    works: String,
    words: String,
    chapters: String,
    authors: String,
    fandoms: String,
}

#[derive(Serialize)]
struct HomeContext {
    layout: Layout,
    stats: Stats,
    empty: bool,
    recent: Vec<WorkView>,
    /// The signed-in reader's own sections.
    shelf: Option<super::my_shelf::HomeSections>,
}

/// `GET /`: the numbers and the latest works from the search engine,
/// rendered once per index content.
pub(super) async fn home(
    State(state): State<AppState>,
    reader: CurrentReader,
) -> Result<Response, PageError> {
    let key = "/".to_string();
    let scope = state.scope_for(&reader).await?;
    let request = ListRequest {
        query: ParsedQuery {
            expr: None,
            sort: Some(SortOrder::Updated.search_sort()),
        },
        options: scope.search_options(0, RECENT, 0),
        page_key: Some(key.clone()),
        totals: true,
    };
    let listing = match state.list(&scope, request).await? {
        ListOutcome::Found(listing) => listing,
        ListOutcome::Cached(page) => return Ok(html(page)),
        // The query is built here, not typed: a failure is ours.
        ListOutcome::BadQuery(message) => return Err(PageError::from(WebError::Listing(message))),
        ListOutcome::NoIndex => return Err(PageError::from(WebError::NoSearchIndex)),
    };
    let totals = listing.totals.clone().unwrap_or_default();
    let stats = Stats {
        works: thousands(totals.works),
        words: thousands(totals.words),
        chapters: thousands(totals.chapters),
        authors: thousands(totals.authors),
        fandoms: thousands(totals.fandoms),
    };
    let shelf = match reader.signed_in() {
        Some(signed) => super::my_shelf::home_sections(&state, signed, HOME_SECTION).await?,
        None => None,
    };
    let context = HomeContext {
        layout: Layout::new(state.max_rating()),
        stats,
        empty: listing.total == 0,
        recent: listing.works.iter().map(WorkView::new).collect(),
        shelf,
    };
    let page = render_bytes(&state, "home", context)?;
    state.keep_listing(&listing, key, page.clone());
    Ok(html(page))
}

#[derive(Serialize)]
struct ListingContext {
    layout: Layout,
    heading: String,
    /// "1–20 of 45 works".
    summary: String,
    works: Vec<WorkView>,
    filters: FiltersView,
    pagination: Pagination,
}

/// Values listed per top-N facet (fandoms, relationships, characters,
/// tags) in the filter form, most common first.
const FACET_OPTIONS: usize = 50;

/// `GET /works`.
pub(super) async fn works(
    State(state): State<AppState>,
    reader: CurrentReader,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let scope = state.scope_for(&reader).await?;
    let key = format!("/works?{}", raw.as_deref().unwrap_or_default());
    let pairs = query_pairs(raw.as_deref());
    let query = WorkQuery::from_pairs(borrowed(&pairs));
    let (listing, number, problem) = match query.parsed() {
        Ok(parsed) => match find_page(&state, &scope, &query, parsed, &key).await? {
            Found::Page(listing, number) => (*listing, number, None),
            Found::Cached(page) => return Ok(html(page)),
            Found::Problem(message) => (Listing::empty(), 1, Some(message)),
        },
        Err(err) => (Listing::empty(), 1, Some(err.to_string())),
    };
    let total = usize::try_from(listing.total).unwrap_or(usize::MAX);
    let page = Page {
        works: listing.works.clone(),
        number,
        pages: total.div_ceil(PAGE_SIZE).max(1),
        total,
    };
    let heading = if query.text.is_empty() {
        "Works".to_string()
    } else {
        format!("Works matching “{}”", query.text)
    };
    let summary = match (page.total, &problem) {
        (_, Some(problem)) => format!("No works found: {problem}"),
        (0, None) => "No works found".to_string(),
        (total, None) => {
            let first = (page.number - 1) * PAGE_SIZE + 1;
            let last = first + page.works.len().max(1) - 1;
            let noun = if total == 1 { "work" } else { "works" };
            let total = thousands(u64::try_from(total).unwrap_or(u64::MAX));
            if page.pages == 1 {
                format!("{total} {noun}")
            } else {
                format!("{first}–{last} of {total} {noun}")
            }
        }
    };
    let counts = Counts::from_facets(&listing.facets);
    let context = ListingContext {
        layout: Layout::new(state.max_rating()),
        heading,
        summary,
        works: page.works.iter().map(WorkView::new).collect(),
        filters: FiltersView::new(&query, &counts, state.max_rating()),
        pagination: Pagination::new("/works", &query, &page),
    };
    let rendered = render_bytes(&state, "works", context)?;
    if problem.is_none() {
        state.keep_listing(&listing, key, rendered.clone());
    }
    Ok(html(rendered))
}

/// What the engine gave for a listing page.
enum Found {
    /// The page's works and its 1-based number (clamped to the last page).
    Page(Box<Listing>, usize),
    Cached(axum::body::Bytes),
    Problem(String),
}

/// The page `query` asks for; a number past the end gives the last page.
async fn find_page(
    state: &AppState,
    scope: &ListingScope,
    query: &WorkQuery,
    parsed: ficshelf_search::query::ParsedQuery,
    key: &str,
) -> Result<Found, WebError> {
    let mut number = query.page.max(1);
    let mut cache_key = Some(key.to_string());
    loop {
        let offset = (number - 1).saturating_mul(PAGE_SIZE);
        let options = scope.search_options(offset, PAGE_SIZE, FACET_OPTIONS);
        let request = ListRequest {
            query: parsed.clone(),
            options,
            page_key: cache_key.take(),
            totals: false,
        };
        let outcome = state.list(scope, request).await?;
        let listing = match outcome {
            ListOutcome::Found(listing) => *listing,
            ListOutcome::Cached(page) => return Ok(Found::Cached(page)),
            ListOutcome::BadQuery(message) => return Ok(Found::Problem(message)),
            ListOutcome::NoIndex => return Err(WebError::NoSearchIndex),
        };
        let total = usize::try_from(listing.total).unwrap_or(usize::MAX);
        let last = total.div_ceil(PAGE_SIZE).max(1);
        if number <= last {
            return Ok(Found::Page(Box::new(listing), number));
        }
        number = last;
    }
}
