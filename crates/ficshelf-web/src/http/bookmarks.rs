//! Public bookmarks: `GET /works/{id}/bookmarks` (every reader's public
//! bookmark of a work: their name, recommendation, tags and notes) and
//! `GET /readers/{name}/bookmarks` (one reader's public bookmarks, `?tag=`
//! for those holding one of their tags). A private bookmark is never on
//! either, and the second lists only works the *viewer's* view allows.
//! Both exist only on a server with accounts, for a signed-in viewer (the
//! library is walled off from anyone else); `auth` has already refused a
//! work the viewer may not see. The work page's "N public bookmarks" line
//! comes from [`public_count`].

use super::auth::{CurrentReader, SignedInReader};
use super::my_shelf::{tag_param, Entry};
use super::reader_works::ReaderWorks;
use super::respond::{render, PageError};
use crate::accounts::Accounts;
use crate::urlencode::encode;
use crate::view::{Layout, WorkView};
use crate::{AppState, WebError};
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::response::Response;
use ficshelf_library::readers::ReaderError;
use serde::Serialize;
use std::sync::Arc;

/// The most bookmarks one page lists.
const PAGE_LIMIT: usize = 200;

/// A public bookmark as listed: whose it is and the bookmark's line.
#[derive(Serialize)]
struct Listed {
    /// The reader's name, on a work's page (on a reader's page: `None`).
    reader: Option<String>,
    reader_url: Option<String>,
    #[serde(flatten)]
    entry: Entry,
}

#[derive(Serialize)]
struct BookmarksPage {
    layout: Layout,
    heading: String,
    /// What the heading links to (the work, or nothing).
    heading_url: Option<String>,
    /// The tag the list is filtered by, and the unfiltered list's address.
    tag: Option<String>,
    all_url: Option<String>,
    bookmarks: Vec<Listed>,
    empty: &'static str,
}

/// `/readers/{name}/bookmarks`, `?tag=` when given.
fn reader_url(name: &str, tag: Option<&str>) -> String {
    let page = format!("/readers/{}/bookmarks", encode(name));
    match tag {
        Some(tag) => format!("{page}?tag={}", encode(tag)),
        None => page,
    }
}

/// The accounts and the signed-in viewer, or a 404 (no accounts, or no one
/// signed in: such a request never gets past `auth` on a walled library).
fn viewer<'a>(
    state: &'a AppState,
    reader: &'a CurrentReader,
) -> Result<(&'a Arc<Accounts>, &'a Arc<SignedInReader>), PageError> {
    match (state.accounts(), reader.signed_in()) {
        (Some(accounts), Some(signed)) => Ok((accounts, signed)),
        _ => Err(PageError::NotFound),
    }
}

fn answer(state: &AppState, page: BookmarksPage) -> Result<Response, PageError> {
    let mut response = render(state, "bookmarks", page)?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// `GET /works/{id}/bookmarks`.
pub(super) async fn of_work(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (accounts, signed) = viewer(&state, &reader)?;
    let works = ReaderWorks::of(&state, signed)
        .await?
        .ok_or(PageError::NotFound)?;
    // The work is read on the blocking thread, with its bookmarks.
    let found = accounts
        .run(move |r| match works.get(&id) {
            Some(work) => Ok(Some((r.public_bookmarks(&work.id)?, work))),
            None => Ok(None),
        })
        .await?;
    let (public, work) = found.ok_or(PageError::NotFound)?;
    let bookmarks = public
        .into_iter()
        .take(PAGE_LIMIT)
        .map(|named| {
            let name = named.reader;
            let tag_url = |tag: &str| reader_url(&name, Some(tag));
            let entry = Entry::bookmark(&work, named.bookmark, &tag_url);
            Listed {
                reader_url: Some(reader_url(&name, None)),
                reader: Some(name),
                entry,
            }
        })
        .collect();
    answer(
        &state,
        BookmarksPage {
            layout: Layout::new(state.max_rating()),
            heading: format!("Public bookmarks of {}", work.title),
            heading_url: Some(WorkView::new(&work).url),
            tag: None,
            all_url: None,
            bookmarks,
            empty: "No one has bookmarked this work publicly yet.",
        },
    )
}

/// `GET /readers/{name}/bookmarks`, `?tag=` for one of their tags.
pub(super) async fn of_reader(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let (accounts, signed) = viewer(&state, &reader)?;
    let tag = tag_param(raw.as_deref());
    let works = ReaderWorks::of(&state, signed)
        .await?
        .ok_or(PageError::NotFound)?;
    let wanted = tag.clone();
    let found = accounts
        .run(move |r| {
            match r.reader_public_bookmarks(&name, wanted.as_deref(), &|id| works.get(id).is_some())
            {
                Ok(found) => Ok(Some((found, works))),
                Err(ReaderError::UnknownUser { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await?;
    let ((owner, bookmarks), works) = found.ok_or(PageError::NotFound)?;
    let tag_url = |tag: &str| reader_url(&owner.name, Some(tag));
    let bookmarks = bookmarks
        .into_iter()
        .filter_map(|bookmark| {
            let work = works.get(&bookmark.work_id)?;
            Some(Listed {
                reader: None,
                reader_url: None,
                entry: Entry::bookmark(&work, bookmark, &tag_url),
            })
        })
        .take(PAGE_LIMIT)
        .collect();
    let heading = match &tag {
        Some(tag) => format!("{}’s public bookmarks tagged “{tag}”", owner.name),
        None => format!("{}’s public bookmarks", owner.name),
    };
    answer(
        &state,
        BookmarksPage {
            layout: Layout::new(state.max_rating()),
            heading,
            heading_url: None,
            all_url: tag.as_ref().map(|_| reader_url(&owner.name, None)),
            tag,
            bookmarks,
            empty: "No public bookmarks to show.",
        },
    )
}

/// How many public bookmarks work `id` has, for the work page of a
/// signed-in reader; `None` otherwise (no accounts, nobody signed in).
pub(super) async fn public_count(
    state: &AppState,
    reader: &CurrentReader,
    id: &str,
) -> Result<Option<usize>, WebError> {
    let (Some(accounts), Some(_)) = (state.accounts(), reader.signed_in()) else {
        return Ok(None);
    };
    let id = id.to_string();
    let count = accounts.run(move |r| r.public_bookmark_count(&id)).await?;
    Ok(Some(count))
}
