//! `GET /shelf`: a signed-in reader's own page — continue reading, new
//! chapters in works they bookmarked, Marked for Later, their bookmarks
//! and history (visits, chapters read) — holding only works their view
//! allows now.

use super::auth::CurrentReader;
use super::respond::{render, PageError};
use crate::view::{Layout, WorkView};
use crate::AppState;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_model::Work;
use serde::Serialize;
use std::collections::HashMap;

/// The most entries in each section.
const SECTION_LIMIT: usize = 50;

/// One line of the page: a work's title and where the link goes.
#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    chapter: u32,
    chapters: usize,
    percent: u32,
    count: usize,
    private: bool,
    notes: Option<String>,
    tags: Vec<String>,
    visits: u64,
    read: usize,
}

impl Entry {
    fn new(work: &Work, url: String) -> Entry {
        Entry {
            title: work.title.clone(),
            url,
            chapter: 0,
            chapters: work.chapters.len(),
            percent: 0,
            count: 0,
            private: false,
            notes: None,
            tags: Vec::new(),
            visits: 0,
            read: 0,
        }
    }
}

#[derive(Serialize)]
struct MyShelfPage {
    layout: Layout,
    continue_reading: Vec<Entry>,
    new_chapters: Vec<Entry>,
    marked: Vec<Entry>,
    bookmarks: Vec<Entry>,
    history: Vec<Entry>,
}

/// `GET /shelf`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
) -> Result<Response, PageError> {
    let (Some(accounts), Some(signed)) = (state.accounts(), reader.signed_in()) else {
        let mut response = StatusCode::SEE_OTHER.into_response();
        response
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/login?next=/shelf"));
        return Ok(response);
    };
    let scope = state.scope_for(&reader).await?;
    let works = std::cell::RefCell::new(state.lookup(scope));
    let user = signed.user.id;
    let (home, bookmarks, history, visible) = accounts
        .run(move |r| {
            let count = |id: &str| works.borrow_mut().get(id).map(|w| w.chapters.len());
            let home = r.home(user, SECTION_LIMIT, &count)?;
            let bookmarks = r.bookmarks(user)?;
            let mut history = r.history(user)?;
            history.sort_by_key(|h| std::cmp::Reverse(h.last_viewed_at));
            // The works the page names, each read once, as far as the view allows.
            let mut works = works.into_inner();
            let named = (home.continue_reading.iter().map(|e| &e.position.work_id))
                .chain(home.new_chapters.iter().map(|e| &e.work_id))
                .chain(home.marked_for_later.iter().map(|m| &m.work_id))
                .chain(bookmarks.iter().map(|b| &b.work_id))
                .chain(history.iter().map(|h| &h.work_id));
            let mut visible: HashMap<String, Work> = HashMap::new();
            for id in named {
                if let Some(work) = works.get(id) {
                    visible.insert(id.clone(), work.clone());
                }
            }
            Ok((home, bookmarks, history, visible))
        })
        .await?;
    let work_url = |work: &Work| WorkView::new(work).url;
    let continue_reading = home
        .continue_reading
        .iter()
        .filter_map(|entry| {
            let work = visible.get(&entry.position.work_id)?;
            let chapter = entry.position.chapter;
            let url = format!("{}/chapters/{chapter}#continue", work_url(work));
            Some(Entry {
                chapter,
                chapters: entry.chapters,
                // A fraction from 0 to 1, shown as a whole percentage.
                percent: (entry.position.fraction.clamp(0.0, 1.0) * 100.0).round() as u32,
                ..Entry::new(work, url)
            })
        })
        .collect();
    let new_chapters = home
        .new_chapters
        .iter()
        .filter_map(|entry| {
            let work = visible.get(&entry.work_id)?;
            let first = entry.chapters.first()?;
            let url = format!("{}/chapters/{first}", work_url(work));
            Some(Entry {
                count: entry.chapters.len(),
                ..Entry::new(work, url)
            })
        })
        .collect();
    let marked = home
        .marked_for_later
        .iter()
        .filter_map(|m| visible.get(&m.work_id))
        .map(|work| Entry::new(work, work_url(work)))
        .collect();
    let bookmarks = bookmarks
        .into_iter()
        .filter_map(|b| {
            let work = visible.get(&b.work_id)?;
            Some(Entry {
                private: b.private,
                notes: b.notes,
                tags: b.tags,
                ..Entry::new(work, work_url(work))
            })
        })
        .take(SECTION_LIMIT)
        .collect();
    let history = history
        .into_iter()
        .filter_map(|h| {
            let work = visible.get(&h.work_id)?;
            Some(Entry {
                visits: h.visits,
                read: h.read_chapters.len(),
                ..Entry::new(work, work_url(work))
            })
        })
        .take(SECTION_LIMIT)
        .collect();
    let context = MyShelfPage {
        layout: Layout::new(state.max_rating()),
        continue_reading,
        new_chapters,
        marked,
        bookmarks,
        history,
    };
    let mut response = render(&state, "myshelf", context)?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
