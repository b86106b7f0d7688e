//! The reading pages:
//! - `GET /works/{id}`: the work's preface and chapter index, or with
//!   `?view_full_work=true` the preface followed by every chapter;
//! - `GET /works/{id}/chapters/{n}`: one chapter, with previous/next links
//!   and the chapter menu;
//! - `GET /works/{id}/chapters?chapter=n`: where the chapter menu's form
//!   goes when JavaScript is off.
//!
//! Each passes through the adult-content gate ([`super::gate`]) first.

use super::auth::{AdmittedWork, Scope};
use super::gate::{admission, gate_page, remember_link_admission, Admission};
use super::respond::{chapter_number, flag, html, query_pairs, render, render_bytes, PageError};
use crate::view::{chapter_heading, monologue_of, ChapterText, Layout, WorkView};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_model::{Chapter, ChapterBody, Work};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct WorkContext {
    layout: Layout,
    work: WorkView,
    /// The entire-work view.
    full: bool,
    /// Every chapter's text, in the entire-work view.
    chapters: Vec<ChapterText>,
    /// Where "Start reading" goes.
    first_chapter: Option<String>,
    /// How many public bookmarks the work has (for a signed-in reader).
    public_bookmarks: Option<usize>,
}

/// `GET /works/{id}`, with `?view_full_work=true` for the entire work.
pub(super) async fn work(
    State(state): State<AppState>,
    Scope(scope): Scope,
    reader: super::auth::CurrentReader,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let pairs = query_pairs(raw.as_deref());
    let full = flag(&pairs, "view_full_work");
    let (work, bodies) = if full {
        state
            .full_work(&scope, &id)
            .await?
            .ok_or(PageError::NotFound)?
    } else {
        (
            state
                .work_for(&scope, &id)
                .await?
                .ok_or(PageError::NotFound)?,
            Vec::new(),
        )
    };
    let view = WorkView::new(&work);
    let admitted = admission(&headers, &pairs, &work);
    if admitted == Admission::Gated {
        let here = if full {
            format!("{}?view_full_work=true", view.url)
        } else {
            view.url.clone()
        };
        return gate_page(&state, &work, &here);
    }
    let chapters = bodies
        .iter()
        .map(|(chapter, body)| {
            ChapterText::new(
                &view.url,
                chapter,
                body,
                monologue_of(&work, chapter.number),
            )
        })
        .collect();
    let context = WorkContext {
        layout: Layout::new(state.max_rating()),
        first_chapter: first_chapter(&work, &view),
        public_bookmarks: super::bookmarks::public_count(&state, &reader, &work.id).await?,
        work: view,
        full,
        chapters,
    };
    let work_url = context.work.url.clone();
    let mut response = render(&state, "work", context)?;
    if admitted == Admission::AdmittedByLink {
        remember_link_admission(&mut response, &work_url);
    }
    Ok(response)
}

fn first_chapter(work: &Work, view: &WorkView) -> Option<String> {
    work.chapters
        .first()
        .map(|chapter| format!("{}/chapters/{}", view.url, chapter.number))
}

/// An entry of the chapter menu.
#[derive(Serialize)]
struct MenuEntry {
    number: u32,
    heading: String,
    selected: bool,
}

#[derive(Serialize)]
struct ChapterContext {
    layout: Layout,
    work: WorkView,
    chapter: ChapterText,
    previous: Option<String>,
    next: Option<String>,
    menu: Vec<MenuEntry>,
    /// The work's own notes go before its first chapter and after its last.
    first: bool,
    last: bool,
    /// `Chapter 2 of 5`.
    position: String,
}

/// `GET /works/{id}/chapters/{n}`.
///
/// The page past the gate is the same for every reader who may see the
/// work, so it is rendered once and kept until the library changes. The
/// work is the one the sign-in middleware admitted ([`AdmittedWork`]), or
/// read here, with the chapter's text in the same trip to the store unless
/// the page is kept; either way a kept page is sent only after the
/// admission and the gate. The pages' version is taken before the work is
/// read, so a page shown from an older library is never kept as current.
pub(super) async fn chapter(
    State(state): State<AppState>,
    Scope(scope): Scope,
    admitted: Option<AdmittedWork>,
    Path((id, number)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let number = chapter_number(&number).ok_or(PageError::NotFound)?;
    let (version, admitted) = match admitted {
        Some(AdmittedWork {
            work,
            pages_version,
            chapter,
        }) => (pages_version, Some((work, chapter))),
        None => (state.chapter_pages_version(), None),
    };
    let (work, mut text) = match admitted {
        Some((work, chapter)) => (work, chapter.map(Arc::unwrap_or_clone)),
        None if state
            .chapter_page(version, &chapter_key(&id, number))
            .is_some() =>
        {
            let work = state.work_for(&scope, &id).await?;
            (Arc::new(work.ok_or(PageError::NotFound)?), None)
        }
        None => {
            let found = state.work_with_chapter(&scope, &id, number).await?;
            let (work, text) = found.ok_or(PageError::NotFound)?;
            (Arc::new(work), Some(text.ok_or(PageError::NotFound)?))
        }
    };
    let work = &*work;
    if !work.chapters.iter().any(|c| c.number == number) {
        return Err(PageError::NotFound);
    }
    let pairs = query_pairs(raw.as_deref());
    let admitted = admission(&headers, &pairs, work);
    let work_url = WorkView::new(work).url;
    if admitted == Admission::Gated {
        let here = format!("{work_url}/chapters/{number}");
        return gate_page(&state, work, &here);
    }
    let key = chapter_key(&work.id, number);
    let page = match state.chapter_page(version, &key) {
        Some(page) => page,
        None => {
            let (chapter, body) = match text.take() {
                Some(text) => text,
                None => state
                    .chapter_text(work, number)
                    .await?
                    .ok_or(PageError::NotFound)?,
            };
            let page = render_bytes(
                &state,
                "chapter",
                chapter_context(&state, work, &chapter, &body),
            )?;
            state.keep_chapter_page(version, key, page.clone());
            page
        }
    };
    let mut response = html(page);
    if admitted == Admission::AdmittedByLink {
        remember_link_admission(&mut response, &work_url);
    }
    Ok(response)
}

/// The key chapter `number` of work `id`'s page is kept under: its path.
pub(super) fn chapter_key(id: &str, number: u32) -> String {
    format!("/works/{}/chapters/{number}", crate::urlencode::encode(id))
}

fn chapter_context(
    state: &AppState,
    work: &Work,
    chapter: &Chapter,
    body: &ChapterBody,
) -> ChapterContext {
    let view = WorkView::new(work);
    let number = chapter.number;
    let position = work
        .chapters
        .iter()
        .position(|c| c.number == number)
        .unwrap_or(0);
    let url_of = |index: usize| {
        work.chapters
            .get(index)
            .map(|c| format!("{}/chapters/{}", view.url, c.number))
    };
    ChapterContext {
        layout: Layout::new(state.max_rating()),
        chapter: ChapterText::new(&view.url, chapter, body, monologue_of(work, chapter.number)),
        previous: position.checked_sub(1).and_then(url_of),
        next: url_of(position + 1),
        menu: menu(work, number),
        first: position == 0,
        last: position + 1 == work.chapters.len(),
        position: format!("Chapter {} of {}", position + 1, work.chapters.len()),
        work: view,
    }
}

fn menu(work: &Work, current: u32) -> Vec<MenuEntry> {
    work.chapters
        .iter()
        .map(|chapter| MenuEntry {
            number: chapter.number,
            heading: chapter_heading(chapter),
            selected: chapter.number == current,
        })
        .collect()
}

/// `GET /works/{id}/chapters?chapter=n`: redirects to chapter `n`, or to the
/// work's chapter index without a valid number.
pub(super) async fn menu_choice(
    State(state): State<AppState>,
    Scope(scope): Scope,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let work = state
        .work_for(&scope, &id)
        .await?
        .ok_or(PageError::NotFound)?;
    let view = WorkView::new(&work);
    let pairs = query_pairs(raw.as_deref());
    let chosen = pairs
        .iter()
        .find(|(key, _)| key == "chapter")
        .and_then(|(_, value)| chapter_number(value))
        .filter(|number| work.chapters.iter().any(|c| c.number == *number));
    let target = match chosen {
        Some(number) => format!("{}/chapters/{number}", view.url),
        None => format!("{}#chapters", view.url),
    };
    let location =
        HeaderValue::from_str(&target).map_err(|_| PageError::Bug("chapter redirect"))?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, location);
    Ok(response)
}
