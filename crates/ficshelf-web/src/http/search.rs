//! Full-text search: `GET /search?q=…&sort=…&page=N` (a page of works with
//! the best-matching chapter and a highlighted snippet, and a sidebar of
//! sorts and facet links) and `GET /api/search` (the CLI's `search --json`
//! contract: `{"total", "hits", "facets"}`).
//!
//! The query language is the library's (`dragon "sea glass" rating:teen
//! -warning:"Major Character Death" words:>5000 sort:updated`). A query that
//! cannot be parsed is answered with its error, pointing at the offending
//! part: the page with status 400, the API with `{"error": …}`.

use super::auth::CurrentReader;
use super::gate::{admission, rating_admission, Admission};
use super::respond::{query_pairs, render, ApiError, PageError};
use crate::state::{HitWorks, SearchOutcome};
use crate::view::{sort_param, with_sort, Layout, SearchFiltersView, WorkView};
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ficshelf_search::query::SortField;
use serde::Serialize;

/// Works per page of search results.
const PER_PAGE: usize = 20;

/// The search a request asks for.
struct Params {
    /// `q`, as typed.
    query: String,
    /// `page`: a number that is not one (or too large to hold) is page 1.
    page: usize,
    /// `sort`, from the sort menu (a `sort:` in the query wins over it).
    sort: Option<SortField>,
}

impl Params {
    fn of(raw: Option<&str>) -> Params {
        let pairs = query_pairs(raw);
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        Params {
            query: get("q").unwrap_or_default(),
            page: get("page")
                .and_then(|p| p.parse::<usize>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            sort: get("sort").as_deref().and_then(sort_param),
        }
    }

    /// The query to run: the typed one with the menu's sort.
    fn effective(&self) -> String {
        with_sort(&self.query, self.sort)
    }

    /// The link to page `page` of search `query`, keeping the menu's sort.
    fn link(&self, query: &str, page: usize) -> String {
        let mut link = format!("/search?q={}", crate::urlencode::encode(query.trim()));
        if let Some(sort) = self.sort {
            link.push_str("&sort=");
            link.push_str(sort.as_str());
        }
        link.push_str(&format!("&page={page}"));
        link
    }
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
    /// The sort menu and facet links, once there are results.
    filters: Option<SearchFiltersView>,
}

/// `GET /search`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::of(raw.as_deref());
    let (query, page) = (params.query.clone(), params.page);
    let mut context = SearchContext {
        layout: Layout::new(state.max_rating()),
        query: query.clone(),
        error: None,
        searched: !query.trim().is_empty(),
        summary: String::new(),
        hits: Vec::new(),
        previous: None,
        next: None,
        filters: None,
    };
    if !context.searched {
        return render(&state, "search", context);
    }
    let offset = offset(page);
    let effective = params.effective();
    let (results, works) = match state
        .search(
            state.scope_for(&reader).await?,
            effective.clone(),
            offset,
            PER_PAGE,
            HitWorks::Read,
        )
        .await?
    {
        SearchOutcome::Found(results, works) => (results, works),
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
    let sorted = ficshelf_search::query::parse(&effective)
        .map_or(SortField::Relevance, |parsed| parsed.effective_sort().field);
    context.filters = Some(SearchFiltersView::new(&query, sorted, &results, |q| {
        params.link(q, 1)
    }));
    for hit in results.hits {
        // Only works the rating limit lets through were read.
        if let Some(work) = works.iter().find(|work| work.id == hit.id) {
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
    context.previous = (page > 1).then(|| params.link(&query, (page - 1).min(pages)));
    context.next = (page < pages).then(|| params.link(&query, page + 1));
    render(&state, "search", context)
}

/// `GET /api/search`. Snippets of adult works are left out (`null`) unless
/// the request carries `view_adult=true` (cookie or query parameter), as on
/// the page.
pub(super) async fn api(
    State(state): State<AppState>,
    reader: CurrentReader,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::of(raw.as_deref());
    let offset = offset(params.page);
    let pairs = query_pairs(raw.as_deref());
    Ok(
        match state
            .search(
                state.scope_for(&reader).await?,
                params.effective(),
                offset,
                PER_PAGE,
                HitWorks::Skip,
            )
            .await?
        {
            SearchOutcome::Found(mut results, _) => {
                for hit in &mut results.hits {
                    if rating_admission(&headers, &pairs, hit.rating) == Admission::Gated {
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
        },
    )
}
