//! The JSON API: the same works as the pages, in the model's JSON contract.
//!
//! - `GET /api/works`: the works the query matches (the listing's filters
//!   and sort, answered by the search engine), as an array of work objects,
//!   [`API_PAGE_SIZE`] a page (`?page=2`…); the `X-Total-Count` header
//!   gives the number matched, and a `Link` header the next page.
//! - `GET /api/works/{id}`: one work.
//! - `GET /api/works/{id}/chapters/{n}`: `{"number", "title", "notes", "text", "html"}`.
//!
//! The rating limit applies, and so does the adult-content gate, by the
//! pages' rule: a Mature, Explicit or Not Rated work's chapters answer
//! `403 {"error": …}`, and its notes, disclaimer, extra header lines and
//! evidence sentences are left out of the work objects, until the request
//! carries the `view_adult=true` cookie or query parameter. Sources are
//! file names, never the server's paths.

use super::auth::{CurrentReader, Scope};
use super::gate::{admission, Admission};
use super::respond::{borrowed, chapter_number, query_pairs, ApiError};
use crate::browse::WorkQuery;
use crate::state::{ListOutcome, ListRequest};
use crate::urlencode::join_pairs;
use crate::view::withhold_adult_text;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::header::LINK;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ficshelf_model::{Notes, Work};
use serde::Serialize;

fn json(value: impl Serialize) -> Response {
    let mut response = Json(value).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Whether this request may see `work`'s text (the gate's rule; an API
/// client answers it with the cookie or the query parameter).
fn admitted(headers: &HeaderMap, pairs: &[(String, String)], work: &Work) -> bool {
    admission(headers, pairs, work) != Admission::Gated
}

/// `work` as this request may see it.
fn public(headers: &HeaderMap, pairs: &[(String, String)], mut work: Work) -> Work {
    if !admitted(headers, pairs, &work) {
        withhold_adult_text(&mut work);
    }
    work
}

/// Works per page of `GET /api/works`.
pub const API_PAGE_SIZE: usize = 100;

pub(super) async fn works(
    State(state): State<AppState>,
    reader: CurrentReader,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let query = WorkQuery::from_pairs(borrowed(&pairs));
    let parsed = match query.parsed() {
        Ok(parsed) => parsed,
        Err(err) => return Ok(bad_request(&err.to_string())),
    };
    let scope = state.scope_for(&reader).await?;
    let offset = (query.page - 1).saturating_mul(API_PAGE_SIZE);
    let options = scope.search_options(offset, API_PAGE_SIZE, 0);
    let request = ListRequest {
        query: parsed,
        options,
        page_key: None,
        totals: false,
    };
    let listing = match state.list(&scope, request).await? {
        ListOutcome::Found(listing) => listing,
        ListOutcome::BadQuery(message) => return Ok(bad_request(&message)),
        ListOutcome::Cached(_) | ListOutcome::NoIndex => {
            return Err(ApiError::Internal(crate::WebError::NoSearchIndex))
        }
    };
    let more =
        u64::try_from(offset.saturating_add(API_PAGE_SIZE)).unwrap_or(u64::MAX) < listing.total;
    let works: Vec<Work> = listing
        .works
        .into_iter()
        .map(|work| public(&headers, &pairs, work))
        .collect();
    let mut response = json(works);
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(listing.total));
    if more {
        let mut next: Vec<(&str, String)> = query.to_pairs();
        next.push(("page", (query.page + 1).to_string()));
        let next = join_pairs(next.iter().map(|(k, v)| (*k, v.as_str())));
        if let Ok(link) = HeaderValue::from_str(&format!("</api/works?{next}>; rel=\"next\"")) {
            headers.insert(LINK, link);
        }
    }
    Ok(response)
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

pub(super) async fn work(
    State(state): State<AppState>,
    Scope(scope): Scope,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let work = state
        .work_for(&scope, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(json(public(&headers, &pairs, work)))
}

/// A chapter as the API sends it.
#[derive(Serialize)]
struct ChapterJson {
    number: u32,
    title: Option<String>,
    notes: Notes,
    /// Plain text: paragraphs separated by blank lines.
    text: String,
    /// Escaped HTML: `<p>` per paragraph, `<hr>` per scene break; images
    /// point at `/works/{id}/assets/{sha256}`; paragraphs analysis read as
    /// interior monologue carry `class="monologue"` (as in the reader).
    html: String,
}

pub(super) async fn chapter(
    State(state): State<AppState>,
    Scope(scope): Scope,
    headers: HeaderMap,
    Path((id, number)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let number = chapter_number(&number).ok_or(ApiError::NotFound)?;
    let work = state
        .work_for(&scope, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !admitted(&headers, &query_pairs(raw.as_deref()), &work) {
        return Err(ApiError::AdultContent);
    }
    let (chapter, body) = state
        .chapter_text(&work, number)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Marked as the reader marks it: `class="monologue"` on the paragraphs
    // analysis read as interior monologue.
    let (html, _) = crate::view::chapter_html(&body, crate::view::monologue_of(&work, number));
    Ok(json(ChapterJson {
        number: chapter.number,
        title: chapter.title,
        notes: chapter.notes,
        text: body.to_text(),
        html: super::images::asset_urls(
            &html,
            &format!("/works/{}", crate::urlencode::encode(&id)),
        ),
    }))
}
