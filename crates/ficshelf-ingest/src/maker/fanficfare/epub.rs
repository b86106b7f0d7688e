//! FanFicFare's EPUB output.

use super::html;
use crate::epub::Book;
use crate::html::blocks::body_of;
use crate::html::dom;
use crate::parsed::{ParsedChapter, ParsedFile};

/// FanFicFare's EPUB: a `title_page.xhtml` of `Label: value` lines, then
/// one file per chapter titled by a `chaptertitle` meta or the contents.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    let package = book.package;
    let mut parsed = ParsedFile::default();
    for (entry, doc) in book.docs {
        let root = doc.tree.root();
        if entry.ends_with("title_page.xhtml") {
            html::read_title_page(root, &mut parsed.meta);
            continue;
        }
        let title = dom::find_all(root, "meta", "")
            .find(|m| m.value().attr("name") == Some("chaptertitle"))
            .and_then(|m| m.value().attr("content").map(str::to_string))
            .or_else(|| package.toc_label(entry).map(str::to_string));
        let Some(body) = dom::find(root, "body", "") else {
            continue;
        };
        let nodes = body
            .children()
            .filter(|n| {
                scraper::ElementRef::wrap(*n)
                    .is_none_or(|e| !dom::has_class(&e, "fff_chapter_title"))
            })
            .collect();
        parsed.chapters.push(ParsedChapter {
            title,
            body: body_of(nodes),
            ..ParsedChapter::default()
        });
    }
    parsed
}
