//! The JSON API: the same works as the pages, in the model's JSON contract.
//!
//! - `GET /api/works`: every work the query matches (the listing's filters
//!   and sort, without paging), as an array of work objects.
//! - `GET /api/works/{id}`: one work.
//! - `GET /api/works/{id}/chapters/{n}`: `{"number", "title", "notes", "text", "html"}`.
//!
//! The rating limit applies; the adult-content gate does not.

use super::respond::{borrowed, chapter_number, query_pairs, ApiError};
use crate::browse::{select, WorkQuery};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
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

pub(super) async fn works(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let query = WorkQuery::from_pairs(borrowed(&pairs));
    let works: Vec<Work> = select(state.works().await?, &query);
    Ok(json(works))
}

pub(super) async fn work(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let work = state.work(&id).await?.ok_or(ApiError::NotFound)?;
    Ok(json(work))
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
    Path((id, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let number = chapter_number(&number).ok_or(ApiError::NotFound)?;
    let (work, chapter, body) = state
        .chapter(&id, number)
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
