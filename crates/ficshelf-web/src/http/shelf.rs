//! A work on the reader's shelf: `GET /works/{id}/shelf` (the bookmark
//! with notes, the reader's own tags, private and recommend flags, and
//! Marked for Later) and `POST /works/{id}/shelf` with `action` =
//! `bookmark`, `unbookmark`, `mark` or `unmark`. Per reader, never cached;
//! the work page links here for a signed-in reader. `auth` has already
//! refused a work the reader may not see and checked the CSRF token.

use super::auth::{CurrentReader, SignedInReader};
use super::respond::{render, PageError};
use crate::view::{Layout, WorkView};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use ficshelf_library::readers::{BookmarkInput, ReaderError};
use ficshelf_model::Work;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ShelfPage {
    layout: Layout,
    title: String,
    url: String,
    csrf: String,
    bookmarked: bool,
    notes: String,
    tags: String,
    private: bool,
    rec: bool,
    marked: bool,
    error: Option<String>,
}

/// The work and the signed-in reader, or why the page cannot be shown.
async fn work_and_reader<'a>(
    state: &AppState,
    reader: &'a CurrentReader,
    id: &str,
) -> Result<(Work, &'a SignedInReader), PageError> {
    let (Some(_), Some(signed)) = (state.accounts(), reader.signed_in()) else {
        return Err(PageError::NotFound);
    };
    let work = state.work(id).await?.ok_or(PageError::NotFound)?;
    Ok((work, signed.as_ref()))
}

/// `GET /works/{id}/shelf`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (work, signed) = work_and_reader(&state, &reader, &id).await?;
    show(&state, signed, work, None).await
}

async fn show(
    state: &AppState,
    signed: &SignedInReader,
    work: Work,
    error: Option<String>,
) -> Result<Response, PageError> {
    let accounts = state.accounts().ok_or(PageError::NotFound)?;
    let user = signed.user.id;
    let id = work.id.clone();
    let (bookmark, marked) = accounts
        .run(move |r| {
            let bookmark = r.bookmark(user, &id)?;
            let marked = r
                .store()
                .marked_for_later(user)?
                .iter()
                .any(|m| m.work_id == id);
            Ok((bookmark, marked))
        })
        .await?;
    let view = WorkView::new(&work);
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let context = ShelfPage {
        layout: Layout::new(state.max_rating()),
        title: work.title.clone(),
        url: view.url,
        csrf: signed.csrf(),
        bookmarked: bookmark.is_some(),
        notes: bookmark
            .as_ref()
            .and_then(|b| b.notes.clone())
            .unwrap_or_default(),
        tags: bookmark
            .as_ref()
            .map(|b| b.tags.join(", "))
            .unwrap_or_default(),
        private: bookmark.as_ref().is_some_and(|b| b.private),
        rec: bookmark.as_ref().is_some_and(|b| b.rec),
        marked,
        error,
    };
    let mut response = render(state, "shelf", context)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The shelf form.
#[derive(Deserialize)]
pub(super) struct ShelfForm {
    action: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    private: Option<String>,
    #[serde(default)]
    rec: Option<String>,
}

/// `POST /works/{id}/shelf`.
pub(super) async fn change(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
    Form(form): Form<ShelfForm>,
) -> Result<Response, PageError> {
    let (work, signed) = work_and_reader(&state, &reader, &id).await?;
    let accounts = state.accounts().ok_or(PageError::NotFound)?;
    let user = signed.user.id;
    let input = BookmarkInput {
        notes: Some(form.notes.clone()),
        private: form.private.is_some(),
        rec: form.rec.is_some(),
        tags: form.tags.split(',').map(str::to_string).collect(),
    };
    let action = form.action;
    let kept = work.clone();
    let outcome = accounts
        .run(move |r| {
            let done = match action.as_str() {
                "bookmark" => r.save_bookmark(user, &kept, &input).map(|_| ()),
                "unbookmark" => r.remove_bookmark(user, &kept.id).map(|_| ()),
                "mark" => r.mark_for_later(user, &kept).map(|_| ()),
                "unmark" => r.unmark_for_later(user, &kept.id).map(|_| ()),
                other => return Ok(Some(format!("“{other}” is not something this form does."))),
            };
            match done {
                Ok(()) => Ok(None),
                Err(e @ ReaderError::TooLong { .. }) => Ok(Some(e.to_string())),
                Err(e) => Err(e),
            }
        })
        .await?;
    if let Some(error) = outcome {
        return show(&state, signed, work, Some(error)).await;
    }
    let back = format!("{}/shelf", WorkView::new(&work).url);
    let location = HeaderValue::from_str(&back).map_err(|_| PageError::Bug("shelf redirect"))?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, location);
    Ok(response)
}
