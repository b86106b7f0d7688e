//! The listing pages: `GET /` (the library's numbers, a search box and the
//! works updated last) and `GET /works` (blurbs of the works a query
//! matches, twenty a page, beside the filter form with a count for every
//! option). Listings are the same for every reader, so each is rendered
//! once per snapshot of the works (see [`crate::state`]).

use super::respond::{borrowed, html, query_pairs, render, render_bytes, PageError};
use crate::browse::{count, paginate, select, sort, SortOrder, WorkQuery, PAGE_SIZE};
use crate::view::{thousands, FiltersView, Layout, Pagination, WorkView};
use crate::AppState;
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

/// `GET /works`.
pub(super) async fn works(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let snapshot = state.snapshot().await?;
    let key = format!("/works?{}", raw.as_deref().unwrap_or_default());
    if let Some(page) = snapshot.page(&key) {
        return Ok(html(page));
    }
    let pairs = query_pairs(raw.as_deref());
    let query = WorkQuery::from_pairs(borrowed(&pairs));
    let matched = select(snapshot.works().to_vec(), &query);
    let counts = count(&matched);
    let page = paginate(matched, query.page, PAGE_SIZE);
    let heading = if query.text.is_empty() {
        "Works".to_string()
    } else {
        format!("Works matching “{}”", query.text)
    };
    let summary = match page.total {
        0 => "No works found".to_string(),
        total => {
            let first = (page.number - 1) * PAGE_SIZE + 1;
            let last = first + page.works.len() - 1;
            let noun = if total == 1 { "work" } else { "works" };
            let total = thousands(u64::try_from(total).unwrap_or(u64::MAX));
            if page.pages == 1 {
                format!("{total} {noun}")
            } else {
                format!("{first}–{last} of {total} {noun}")
            }
        }
    };
    let context = ListingContext {
        layout: Layout::new(state.max_rating()),
        heading,
        summary,
        works: page.works.iter().map(WorkView::new).collect(),
        filters: FiltersView::new(&query, &counts, state.max_rating()),
        pagination: Pagination::new("/works", &query, &page),
    };
    let page = render_bytes(&state, "works", context)?;
    snapshot.keep_page(key, page.clone());
    Ok(html(page))
}
