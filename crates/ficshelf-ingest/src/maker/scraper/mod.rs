//! EPUBs that AO3 scrapers make from the Archive's work pages: a title page
//! printing the tags (`Fandoms:`, `Relationships:`, `Rating:`, `Summary:`),
//! a "Notes" page, then one page per chapter holding the work page's own
//! chapter markup — `div.chapter` with a preface group (`h3.title`, chapter
//! summary and notes, the "(See the end of the chapter for notes.)" marker),
//! `div.userstuff` opened by a `h3.landmark` ("Chapter Text"), and the end
//! notes (`div.end.notes`).
//!
//! The title and notes pages are front matter (`crate::maker::front_matter`,
//! through the shared book walk); chapters are read from that markup, so
//! notes go to the chapter's notes and only the story stays in its text.
//!
//! Found by evidence: a page with a `h3.landmark` heading in or before a
//! `div.userstuff`.
//!
//! Crate items: [`is_epub`], [`read_epub`].

use crate::epub::Book;
use crate::html::blocks::{body_of, serialise};
use crate::html::dom::{elements, find, find_all, has_class, text, DomNode};
use crate::lists::join_notes;
use crate::maker::chapter_label::chapter_label;
use crate::maker::generic::epub::{read_book, Page};
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::html_to_text;
use scraper::ElementRef;

/// Whether any page of the book holds AO3's chapter markup.
pub(crate) fn is_epub(book: &Book) -> bool {
    book.docs
        .iter()
        .any(|(_, doc)| story_container(doc.tree.root()).is_some())
}

/// Reads a scraper's book.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    read_book(book, read_chapter)
}

/// The element holding a chapter's story: the `div.userstuff` that a
/// `h3.landmark` heading opens, or (one-shots) the one after it.
fn story_container(root: DomNode) -> Option<ElementRef> {
    let landmark = find(root, "h3", "landmark")?;
    let parent = landmark.parent().and_then(ElementRef::wrap)?;
    if has_class(&parent, "userstuff") {
        return Some(parent);
    }
    landmark
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .find(|e| has_class(e, "userstuff"))
}

/// A page in AO3's chapter markup, or `None` for any other page.
fn read_chapter(page: &Page) -> Option<ParsedChapter> {
    let story = story_container(page.body)?;
    let nodes = story
        .children()
        .filter(|n| ElementRef::wrap(*n).is_none_or(|e| !has_class(&e, "landmark")))
        .collect();
    let mut chapter = ParsedChapter {
        body: body_of(nodes),
        ..ParsedChapter::default()
    };
    let heading = find(page.body, "h3", "title")
        .map(|h| text(*h))
        .or_else(|| page.label.map(str::to_string));
    if let Some(heading) = heading {
        let label = chapter_label(&heading);
        chapter.stated_number = label.number;
        chapter.title = label.title;
    }
    let mut begin = Vec::new();
    let mut end = Vec::new();
    for module in elements(page.body).filter(|e| has_class(e, "module")) {
        let is_end = has_class(&module, "end");
        let is_note = has_class(&module, "notes") || has_class(&module, "summary");
        if !is_note || has_class(&module, "userstuff") {
            continue;
        }
        let quoted = quoted_text(module);
        if is_end {
            end.extend(quoted);
        } else {
            begin.extend(quoted);
        }
    }
    chapter.notes.begin = join_notes(begin);
    chapter.notes.end = join_notes(end);
    Some(chapter)
}

/// The text of the quotes (`blockquote.userstuff`) in a notes module: the
/// author's words, without the module's heading or the site's markers.
fn quoted_text(module: ElementRef) -> Vec<String> {
    find_all(*module, "blockquote", "")
        .filter(|q| !q.ancestors().any(|a| a.id() != module.id() && is_quote(a)))
        .map(|q| html_to_text(&crate::sanitise::clean(&serialise(*q))))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_quote(node: DomNode) -> bool {
    ElementRef::wrap(node).is_some_and(|e| e.value().name() == "blockquote")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(html: &str) -> Option<ParsedChapter> {
        let doc = scraper::Html::parse_document(html);
        let body = find(doc.tree.root(), "body", "").expect("body");
        read_chapter(&Page {
            body: *body,
            label: Some("Chapter 9: Wrong"),
        })
    }

    #[test]
    fn notes_and_marker_leave_the_story() {
        let ch = chapter(
            "<body><div class=\"chapter\"><div class=\"chapter preface group\">\
             <h3 class=\"title\">Chapter 2: Orbit</h3>\
             <div id=\"notes\" class=\"notes module\"><h3 class=\"heading\">Notes:</h3>\
             <blockquote class=\"userstuff\"><p>Slow going.</p></blockquote>\
             <p>(See the end of the chapter for more notes.)</p></div></div>\
             <div class=\"userstuff module\"><h3 class=\"landmark heading\">Chapter Text</h3>\
             <p>The moon turned.</p></div>\
             <div class=\"chapter preface group\"><div class=\"end notes module\">\
             <h3 class=\"heading\">Notes:</h3><blockquote class=\"userstuff\"><p>Thanks!</p>\
             </blockquote></div></div></div></body>",
        )
        .expect("chapter markup");
        assert_eq!(
            (ch.stated_number, ch.title.as_deref()),
            (Some(2), Some("Orbit"))
        );
        assert_eq!(ch.body.to_text(), "The moon turned.\n");
        assert_eq!(ch.notes.begin.as_deref(), Some("Slow going."));
        assert_eq!(ch.notes.end.as_deref(), Some("Thanks!"));
    }

    #[test]
    fn other_pages_are_not_chapters_here() {
        assert!(chapter("<body><h3>Title page</h3><p>Fandoms: Tides</p></body>").is_none());
    }
}
