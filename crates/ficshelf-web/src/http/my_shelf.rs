//! A signed-in reader's own sections: `GET /shelf` (continue reading, new
//! chapters in works they bookmarked, Marked for Later, their bookmarks —
//! all of them or those holding one of their tags, `?tag=` — and history:
//! visits, chapters read), and the same first three sections, shorter, on
//! the home page ([`home_sections`]). Only works the reader's view allows
//! now are listed.

use super::auth::{CurrentReader, SignedInReader};
use super::reader_works::ReaderWorks;
use super::respond::{query_pairs, render, PageError};
use crate::urlencode::encode;
use crate::view::{Layout, WorkView};
use crate::{AppState, WebError};
use axum::extract::{RawQuery, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ficshelf_library::readers::{same_bookmark_tag, Bookmark, BookmarkTag, Home};
use ficshelf_model::Work;
use serde::Serialize;

/// The most entries in each section of `/shelf`.
const SECTION_LIMIT: usize = 50;

/// One line of a section: a work's title, where the link goes, and what
/// the section says about it.
#[derive(Serialize)]
pub(super) struct Entry {
    title: String,
    url: String,
    chapter: u32,
    chapters: usize,
    percent: u32,
    count: usize,
    private: bool,
    rec: bool,
    notes: Option<String>,
    tags: Vec<TagLink>,
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
            rec: false,
            notes: None,
            tags: Vec::new(),
            visits: 0,
            read: 0,
        }
    }

    /// A bookmark's line; its tags link to `tag_url(tag)`.
    pub(super) fn bookmark(
        work: &Work,
        bookmark: Bookmark,
        tag_url: &dyn Fn(&str) -> String,
    ) -> Entry {
        Entry {
            private: bookmark.private,
            rec: bookmark.rec,
            notes: bookmark.notes,
            tags: bookmark
                .tags
                .iter()
                .map(|name| TagLink {
                    name: name.clone(),
                    url: tag_url(name),
                    count: 0,
                    selected: false,
                })
                .collect(),
            ..Entry::new(work, work_url(work))
        }
    }
}

/// A bookmark tag and the page of bookmarks holding it.
#[derive(Serialize)]
pub(super) struct TagLink {
    name: String,
    url: String,
    /// How many bookmarks hold it (in the list of the reader's tags).
    count: usize,
    /// The list is filtered by it.
    selected: bool,
}

/// The bookmark tag a page's query string asks for (`tag=`), trimmed.
pub(super) fn tag_param(raw: Option<&str>) -> Option<String> {
    query_pairs(raw)
        .into_iter()
        .find(|(key, _)| key == "tag")
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// `/shelf?tag=…`.
fn shelf_tag_url(tag: &str) -> String {
    format!("/shelf?tag={}", encode(tag))
}

fn work_url(work: &Work) -> String {
    WorkView::new(work).url
}

/// The home page's sections of one reader.
#[derive(Serialize)]
pub(super) struct HomeSections {
    continue_reading: Vec<Entry>,
    new_chapters: Vec<Entry>,
    marked: Vec<Entry>,
}

impl HomeSections {
    fn new(home: &Home, works: &ReaderWorks) -> HomeSections {
        let continue_reading = home
            .continue_reading
            .iter()
            .filter_map(|entry| {
                let work = works.get(&entry.position.work_id)?;
                let work = &work;
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
                let work = works.get(&entry.work_id)?;
                let work = &work;
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
            .filter_map(|m| works.get(&m.work_id))
            .map(|work| Entry::new(&work, work_url(&work)))
            .collect();
        HomeSections {
            continue_reading,
            new_chapters,
            marked,
        }
    }
}

/// The home page's sections for `reader`, at most `limit` entries each;
/// `None` on a server without accounts.
pub(super) async fn home_sections(
    state: &AppState,
    reader: &SignedInReader,
    limit: usize,
) -> Result<Option<HomeSections>, WebError> {
    let (Some(accounts), Some(works)) = (state.accounts(), ReaderWorks::of(state, reader).await?)
    else {
        return Ok(None);
    };
    let user = reader.user.id;
    let (home, works) = accounts
        .run(move |r| {
            let home = r.home(user, limit, &|id| works.chapters(id))?;
            Ok((home, works))
        })
        .await?;
    Ok(Some(HomeSections::new(&home, &works)))
}

#[derive(Serialize)]
struct MyShelfPage {
    layout: Layout,
    #[serde(flatten)]
    home: HomeSections,
    bookmarks: Vec<Entry>,
    /// The reader's bookmark tags, each linking to the list filtered by it.
    tags: Vec<TagLink>,
    /// The tag the bookmarks are filtered by.
    tag: Option<String>,
    /// The reader's public bookmarks page.
    public_url: String,
    history: Vec<Entry>,
}

/// `GET /shelf`, `GET /shelf?tag=…`.
pub(super) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let (Some(accounts), Some(signed)) = (state.accounts(), reader.signed_in()) else {
        let mut response = StatusCode::SEE_OTHER.into_response();
        response
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/login?next=/shelf"));
        return Ok(response);
    };
    let tag = tag_param(raw.as_deref());
    let works = ReaderWorks::of(&state, signed)
        .await?
        .ok_or(PageError::NotFound)?;
    let user = signed.user.id;
    let wanted = tag.clone();
    let (home, bookmarks, tags, history, works) = accounts
        .run(move |r| {
            let home = r.home(user, SECTION_LIMIT, &|id| works.chapters(id))?;
            // The works shown are read here, on the blocking thread, and
            // only as many as the page lists.
            let bookmarks: Vec<_> = r
                .bookmarks_tagged(user, wanted.as_deref())?
                .into_iter()
                .filter_map(|b| works.get(&b.work_id).map(|work| (b, work)))
                .take(SECTION_LIMIT)
                .collect();
            let tags = r.bookmark_tags(user)?;
            let mut history = r.history(user)?;
            history.sort_by_key(|h| std::cmp::Reverse(h.last_viewed_at));
            let history: Vec<_> = history
                .into_iter()
                .filter_map(|h| works.get(&h.work_id).map(|work| (h, work)))
                .take(SECTION_LIMIT)
                .collect();
            Ok((home, bookmarks, tags, history, works))
        })
        .await?;
    let bookmarks = bookmarks
        .into_iter()
        .map(|(b, work)| Entry::bookmark(&work, b, &shelf_tag_url))
        .collect();
    let tags = tags
        .into_iter()
        .map(|BookmarkTag { name, count }| TagLink {
            url: shelf_tag_url(&name),
            selected: tag.as_deref().is_some_and(|t| same_bookmark_tag(t, &name)),
            name,
            count,
        })
        .collect();
    let history = history
        .into_iter()
        .map(|(h, work)| Entry {
            visits: h.visits,
            read: h.read_chapters.len(),
            ..Entry::new(&work, work_url(&work))
        })
        .collect();
    let context = MyShelfPage {
        layout: Layout::new(state.max_rating()),
        home: HomeSections::new(&home, &works),
        bookmarks,
        tags,
        tag,
        public_url: format!("/readers/{}/bookmarks", encode(&signed.user.name)),
        history,
    };
    let mut response = render(&state, "myshelf", context)?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
