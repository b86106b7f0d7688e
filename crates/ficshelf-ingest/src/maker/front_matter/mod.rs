//! Front matter in books that downloaders and scrapers make: the pages
//! before (or between) the chapters that describe the work rather than
//! tell it — a title page (`Fandoms:`, `Rating:`, `Summary:` …), FicHub's
//! "Introduction", FanFicFare's "Information", an author's "Notes" page,
//! a cover, a table of contents. They are read as the work's details and
//! never become chapters.
//!
//! A page's role is judged by what it holds (mostly `Label: value` lines, a
//! list of links, only images) and, for notes, by its name in the table of
//! contents; never by the file's name.
//!
//! Crate items: [`PageRole`], [`page_role`], [`TitlePage`] (its lines, read
//! once, then applied), [`read_notes_page`].

mod title_page;

pub(crate) use title_page::{read_notes_page, TitlePage};

use crate::html::dom::{find_all, text, DomNode};

/// What one page of a book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageRole {
    /// The work's details as `Label: value` lines (with a title line, a
    /// byline, a summary).
    TitlePage,
    /// Author's notes to the whole work, before the first chapter.
    Notes,
    /// A table of contents: links and little else.
    Contents,
    /// No text at all (a cover, an image plate).
    Blank,
    /// Story.
    Chapter,
}

/// Names (table-of-contents labels, page titles) of notes pages.
const NOTES_NAMES: &[&str] = &[
    "notes",
    "note",
    "author's note",
    "author's notes",
    "authors note",
    "authors notes",
    "author notes",
    "a/n",
    "foreword",
    "preface",
];

/// Names of pages that describe the work.
const DETAIL_NAMES: &[&str] = &[
    "title page",
    "title",
    "information",
    "story information",
    "info",
    "introduction",
    "about",
    "about this story",
    "front matter",
    "cover",
    "details",
];

/// Label lines a page needs to be a title page; one fewer when its name
/// says it describes the work.
const TITLE_PAGE_LABELS: usize = 3;

/// Words of unlabelled text a title page may hold (a blurb, a stamp) before
/// it counts as a chapter that merely opens with a header.
const TITLE_PAGE_LOOSE_WORDS: usize = 150;

/// Share of a page's text inside links that makes it a table of contents.
const CONTENTS_LINK_SHARE: f64 = 0.6;

/// The role of a page named `name` (its table-of-contents label or
/// `<title>`) whose body is `body` and whose lines are `lines`;
/// `story_started` when a chapter came before it.
pub(crate) fn page_role(
    name: Option<&str>,
    body: DomNode,
    lines: &TitlePage,
    story_started: bool,
) -> PageRole {
    let all_text = text(body);
    if all_text.is_empty() {
        return PageRole::Blank;
    }
    let name = name.map(normalise_name).unwrap_or_default();
    let named_details = DETAIL_NAMES.contains(&name.as_str());
    let needed = TITLE_PAGE_LABELS - usize::from(named_details);
    if lines.label_count() >= needed && lines.loose_words() <= TITLE_PAGE_LOOSE_WORDS {
        return PageRole::TitlePage;
    }
    // Only links that lead somewhere: an XHTML `<a id="x"/>` anchor parses
    // as an open `a` holding the text after it.
    let links: Vec<String> = find_all(body, "a", "")
        .filter(|a| a.value().attr("href").is_some())
        .map(|a| text(*a))
        .collect();
    let link_chars: usize = links.iter().map(|l| l.chars().count()).sum();
    if links.len() >= 3
        && link_chars as f64 >= CONTENTS_LINK_SHARE * all_text.chars().count() as f64
    {
        return PageRole::Contents;
    }
    if !story_started && NOTES_NAMES.contains(&name.as_str()) {
        return PageRole::Notes;
    }
    PageRole::Chapter
}

/// `Author’s  Notes:` → `author's notes`.
fn normalise_name(name: &str) -> String {
    name.replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '.'])
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::blocks::body_of;

    fn role(name: Option<&str>, html: &str, story_started: bool) -> PageRole {
        let doc = scraper::Html::parse_document(html);
        let body = crate::html::dom::find(doc.tree.root(), "body", "").expect("body");
        let lines = TitlePage::read(&body_of(body.children().collect()).blocks);
        page_role(name, *body, &lines, story_started)
    }

    #[test]
    fn pages_are_judged_by_what_they_hold() {
        let details = "<body><h3>Sea Glass by Wren</h3><p>Fandoms: Tides</p>\
                       <p>Rating: Teen</p><p>Words: 300</p></body>";
        assert_eq!(role(None, details, false), PageRole::TitlePage);
        let intro = "<body><h1>Sea Glass</h1><p><b>By: Wren</b></p><p>A short blurb.</p>\
                     <p>Status: complete</p><p>Words: 300</p></body>";
        assert_eq!(
            role(Some("Introduction"), intro, false),
            PageRole::TitlePage
        );
        let header_then_story = format!(
            "<body><p>Title: Sea Glass</p><p>Rating: Teen</p><p>Fandom: Tides</p>{}</body>",
            "<p>The tide went out and did not come back for a long while yet.</p>".repeat(20)
        );
        assert_eq!(role(None, &header_then_story, false), PageRole::Chapter);
        let contents = "<body><h2>Contents</h2><p><a href='a.xhtml'>The Lamp Room</a></p>\
                        <p><a href='b.xhtml'>Salt Without Water</a></p>\
                        <p><a href='c.xhtml'>Tidewrack</a></p></body>";
        assert_eq!(role(None, contents, false), PageRole::Contents);
        let notes = "<body><h3>Notes:</h3><p>Thank you for reading.</p></body>";
        assert_eq!(role(Some("Notes"), notes, false), PageRole::Notes);
        assert_eq!(role(Some("Notes"), notes, true), PageRole::Chapter);
        assert_eq!(
            role(None, "<body><div><img src='c.jpg'></div></body>", false),
            PageRole::Blank
        );
    }
}
