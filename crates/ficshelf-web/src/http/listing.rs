//! The listing pages: `GET /` (the library's numbers, a search box and the
//! works updated last) and `GET /works` (blurbs of the works a query
//! matches, twenty a page, beside the filter form with a count for every
//! option). `/works` is answered by the search engine (the same one
//! `/search` uses, see [`AppState::list`]); it is the same for every reader,
//! so each page is rendered once per index content. The home page still
//! reads the works snapshot.

use super::respond::{borrowed, html, query_pairs, render, render_bytes, PageError};
use crate::browse::{sort, Counts, Page, SortOrder, WorkQuery, PAGE_SIZE};
use crate::state::{ListOutcome, Listing};
use crate::view::{thousands, FiltersView, Layout, Pagination, WorkView};
use crate::AppState;
use crate::WebError;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Serialize;
use std::collections::HashSet;

/// How many recently updated works the home page lists.
const RECENT: usize = 10;

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
}

/// `GET /`.
pub(super) async fn home(State(state): State<AppState>) -> Result<Response, PageError> {
    let mut works = state.works().await?;
    let count = |n: usize| thousands(u64::try_from(n).unwrap_or(u64::MAX));
    let authors: HashSet<&str> = works
        .iter()
        .flat_map(|w| &w.authors)
        .map(String::as_str)
        .collect();
    let fandoms: HashSet<&str> = works
        .iter()
        .flat_map(|w| &w.fandoms)
        .map(String::as_str)
        .collect();
    let stats = Stats {
        works: count(works.len()),
        words: thousands(works.iter().map(|w| w.words).sum()),
        chapters: count(works.iter().map(|w| w.chapters.len()).sum()),
        authors: count(authors.len()),
        fandoms: count(fandoms.len()),
    };
    sort(&mut works, SortOrder::Updated);
    let context = HomeContext {
        layout: Layout::new(state.max_rating()),
        stats,
        empty: works.is_empty(),
        recent: works.iter().take(RECENT).map(WorkView::new).collect(),
    };
    render(&state, "home", context)
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
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let key = format!("/works?{}", raw.as_deref().unwrap_or_default());
    let pairs = query_pairs(raw.as_deref());
    let query = WorkQuery::from_pairs(borrowed(&pairs));
    let (listing, number, problem) = match query.parsed() {
        Ok(parsed) => match find_page(&state, &query, parsed, &key).await? {
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
    query: &WorkQuery,
    parsed: ficshelf_search::query::ParsedQuery,
    key: &str,
) -> Result<Found, WebError> {
    let scope = state.scope();
    let mut number = query.page.max(1);
    let mut cache_key = Some(key.to_string());
    loop {
        let offset = (number - 1).saturating_mul(PAGE_SIZE);
        let options = scope.search_options(offset, PAGE_SIZE, FACET_OPTIONS);
        let outcome = state
            .list(&scope, parsed.clone(), options, cache_key.take())
            .await?;
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
