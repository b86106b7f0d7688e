//! Full-text search: `GET /search?q=…&page=N` (a page of works with the
//! best-matching chapter and a highlighted snippet) and `GET /api/search`
//! (the CLI's `search --json` contract: `{"total", "hits", "facets"}`).
//!
//! The query language is the library's (`dragon "sea glass" rating:teen
//! -warning:"Major Character Death" words:>5000 sort:updated`). A query that
//! cannot be parsed is answered with its error, pointing at the offending
//! part: the page with status 400, the API with `{"error": …}`.

use super::gate::{admission, Admission};
use super::respond::{query_pairs, render, ApiError, PageError};
use crate::state::SearchOutcome;
use crate::view::{Layout, WorkView};
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Works per page of search results.
const PER_PAGE: usize = 20;

/// The `q` and `page` parameters; a page number that is not one (or too
/// large to hold) is page 1.
fn params(raw: Option<&str>) -> (String, usize) {
    let pairs = query_pairs(raw);
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let query = get("q").unwrap_or_default();
    let page = get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    (query, page)
}

/// How many works come before `page`: saturating, so that a huge page
/// number is past every result instead of wrapping round to an early page.
fn offset(page: usize) -> usize {
    page.saturating_sub(1).saturating_mul(PER_PAGE)
}

#[derive(Serialize)]
struct HitView {
    work: WorkView,
    chapter: Option<u32>,
    /// Escaped text with `<mark>` around matches (safe to insert as HTML);
    /// withheld from an adult work until the reader has agreed to see it.
    snippet: Option<String>,
    snippet_gated: bool,
}

#[derive(Serialize)]
struct SearchContext {
    layout: Layout,
    query: String,
    error: Option<String>,
    searched: bool,
    summary: String,
    hits: Vec<HitView>,
    previous: Option<String>,
    next: Option<String>,
}

fn page_link(query: &str, page: usize) -> String {
    format!("/search?q={}&page={page}", crate::urlencode::encode(query))
}

/// `GET /search`.
pub(super) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let (query, page) = params(raw.as_deref());
    let mut context = SearchContext {
        layout: Layout::new(state.max_rating()),
        query: query.clone(),
        error: None,
        searched: !query.trim().is_empty(),
        summary: String::new(),
        hits: Vec::new(),
        previous: None,
        next: None,
    };
    if !context.searched {
        return render(&state, "search", context);
    }
    let offset = offset(page);
    let results = match state.search(query.clone(), offset, PER_PAGE).await? {
        SearchOutcome::Found(results) => results,
        SearchOutcome::BadQuery(message) => {
            context.error = Some(message);
            let mut response = render(&state, "search", context)?;
            *response.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(response);
        }
        SearchOutcome::NoIndex => {
            context.error = Some("This library has no search index.".into());
            return render(&state, "search", context);
        }
    };
    let snapshot = state.snapshot().await?;
    for hit in results.hits {
        // The snapshot holds only works the rating limit lets through.
        if let Some(work) = snapshot.work(&hit.id) {
            let admitted = admission(&headers, &[], work) == Admission::Admitted;
            context.hits.push(HitView {
                work: WorkView::new(work),
                chapter: hit.chapter,
                snippet_gated: !admitted && hit.snippet.is_some(),
                snippet: hit.snippet.filter(|_| admitted),
            });
        }
    }
    let total = usize::try_from(results.total).unwrap_or(usize::MAX);
    let noun = if total == 1 { "work" } else { "works" };
    let pages = total.div_ceil(PER_PAGE).max(1);
    context.summary = if total == 0 {
        "No works match.".into()
    } else if page > pages {
        let pages_noun = if pages == 1 { "page" } else { "pages" };
        format!("No works on page {page}: {total} {noun} fill {pages} {pages_noun}.")
    } else {
        let last = offset + context.hits.len();
        format!("{}–{last} of {total} {noun}", offset + 1)
    };
    context.previous = (page > 1).then(|| page_link(&query, (page - 1).min(pages)));
    context.next = (page < pages).then(|| page_link(&query, page + 1));
    render(&state, "search", context)
}

/// `GET /api/search`. Snippets of adult works are left out (`null`) unless
/// the request carries `view_adult=true` (cookie or query parameter), as on
/// the page.
pub(super) async fn api(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (query, page) = params(raw.as_deref());
    let offset = offset(page);
    let pairs = query_pairs(raw.as_deref());
    Ok(match state.search(query, offset, PER_PAGE).await? {
        SearchOutcome::Found(mut results) => {
            let snapshot = state.snapshot().await?;
            for hit in &mut results.hits {
                let admitted = snapshot
                    .work(&hit.id)
                    .is_some_and(|work| admission(&headers, &pairs, work) != Admission::Gated);
                if !admitted {
                    hit.snippet = None;
                }
            }
            Json(*results).into_response()
        }
        SearchOutcome::BadQuery(message) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": message })),
        )
            .into_response(),
        SearchOutcome::NoIndex => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": "this library has no search index" })),
        )
            .into_response(),
    })
}
