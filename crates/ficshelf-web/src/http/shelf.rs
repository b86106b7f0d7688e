//! A work on the reader's shelf: `GET /works/{id}/shelf` (the bookmark
//! with notes, the reader's own tags, private and recommend flags, and
//! Marked for Later) and `POST /works/{id}/shelf` with `action` =
//! `bookmark`, `unbookmark`, `mark`, `unmark` or `chapters` (which
//! chapters the reader has read, one `read` field per ticked chapter).
//! Per reader, never cached; the work page links here for a signed-in
//! reader. `auth` has already refused a work the reader may not see and
//! checked the CSRF token.

use super::auth::{CurrentReader, SignedInReader};
use super::respond::{render, PageError};
use crate::view::{Layout, WorkView};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_library::readers::{BookmarkInput, ReaderError};
use ficshelf_model::Work;
use serde::Serialize;

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
    chapters: Vec<ChapterRead>,
    error: Option<String>,
}

/// A chapter and whether the reader has read it.
#[derive(Serialize)]
struct ChapterRead {
    number: u32,
    title: Option<String>,
    read: bool,
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
    let (bookmark, marked, read) = accounts
        .run(move |r| {
            let bookmark = r.bookmark(user, &id)?;
            let marked = r
                .store()
                .marked_for_later(user)?
                .iter()
                .any(|m| m.work_id == id);
            let read = r
                .store()
                .history_entry(user, &id)?
                .map(|entry| entry.read_chapters)
                .unwrap_or_default();
            Ok((bookmark, marked, read))
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
        chapters: work
            .chapters
            .iter()
            .map(|c| ChapterRead {
                number: c.number,
                title: c.title.clone(),
                read: read.contains(&c.number),
            })
            .collect(),
        error,
    };
    let mut response = render(state, "shelf", context)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The shelf form's fields (read from the body's pairs: `read` repeats,
/// one per chapter ticked).
struct ShelfForm {
    action: String,
    notes: String,
    tags: String,
    private: bool,
    rec: bool,
    read: Vec<u32>,
}

impl ShelfForm {
    fn parse(body: &[u8]) -> ShelfForm {
        let pairs = crate::urlencode::parse_pairs(&String::from_utf8_lossy(body));
        let field = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map_or(String::new(), |(_, v)| v.clone())
        };
        ShelfForm {
            action: field("action"),
            notes: field("notes"),
            tags: field("tags"),
            private: pairs.iter().any(|(k, _)| k == "private"),
            rec: pairs.iter().any(|(k, _)| k == "rec"),
            read: pairs
                .iter()
                .filter(|(k, _)| k == "read")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
        }
    }
}

/// `POST /works/{id}/shelf`.
pub(super) async fn change(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let form = ShelfForm::parse(&body);
    let (work, signed) = work_and_reader(&state, &reader, &id).await?;
    let accounts = state.accounts().ok_or(PageError::NotFound)?;
    let user = signed.user.id;
    let input = BookmarkInput {
        notes: Some(form.notes.clone()),
        private: form.private,
        rec: form.rec,
        tags: form.tags.split(',').map(str::to_string).collect(),
    };
    let action = form.action;
    let read = form.read;
    let kept = work.clone();
    let outcome = accounts
        .run(move |r| {
            let done = match action.as_str() {
                "bookmark" => r.save_bookmark(user, &kept, &input).map(|_| ()),
                "unbookmark" => r.remove_bookmark(user, &kept.id).map(|_| ()),
                "mark" => r.mark_for_later(user, &kept).map(|_| ()),
                "unmark" => r.unmark_for_later(user, &kept.id).map(|_| ()),
                "chapters" => kept.chapters.iter().try_for_each(|c| {
                    r.set_chapter_read(user, &kept, c.number, read.contains(&c.number))
                }),
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
