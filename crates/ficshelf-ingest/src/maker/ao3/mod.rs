//! The Archive of Our Own and other sites running its software (the OTW's
//! `otwarchive`).
//!
//! - `download`: the "Download → HTML" file (`#preface`, `#chapters`,
//!   `#afterword`), and [`read_epub`]: the "Download → EPUB", which calibre
//!   makes from that same HTML, split over several files with classes
//!   renamed.
//! - `page`: a work page saved from a browser (`div#workskin`, the
//!   `dl.work.meta.group` tag list), furniture and all.
//! - `tags`: the work meta list both share; `markup`: class names as
//!   calibre renames them, notes, chapter headings, story bodies.
//!
//! Found by otwarchive's structure, never by the site's name or address:
//! [`layout`] looks for it in one pass over the document.

mod download;
mod markup;
mod page;
mod tags;

pub(crate) use download::NOTE_LABELS;

use crate::epub::Book;
use crate::html::dom::{elements, DomNode};
use crate::parsed::ParsedFile;

/// Which otwarchive file an HTML document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// "Download → HTML": `#preface` and `#chapters`.
    Download,
    /// A saved work page: `#chapters` with `#workskin` or a
    /// `dl.work.meta` tag list.
    Page,
}

/// The otwarchive layout of `root`, if it has one, from one pass over its
/// elements that stops as soon as the evidence is in.
pub(crate) fn layout(root: DomNode) -> Option<Layout> {
    let (mut preface, mut chapters, mut page) = (false, false, false);
    for e in elements(root) {
        match e.value().id() {
            Some("preface") => preface = true,
            Some("chapters") => chapters = true,
            Some("workskin") => page = true,
            _ => page |= tags::is_work_meta(&e),
        }
        if chapters && (preface || page) {
            break;
        }
    }
    match (chapters, preface, page) {
        (true, true, _) => Some(Layout::Download),
        (true, false, true) => Some(Layout::Page),
        _ => None,
    }
}

/// Reads an HTML document in the layout [`layout`] found.
pub(crate) fn read_html(root: DomNode, layout: Layout) -> ParsedFile {
    match layout {
        Layout::Download => download::parse(root),
        Layout::Page => page::parse(root),
    }
}

/// Whether an EPUB is AO3's: its pages carry the download's preface.
pub(crate) fn is_epub(book: &Book) -> bool {
    download::is_download_book(book.docs.iter().map(|(_, doc)| doc.tree.root()))
}

/// Calibre's AO3 books keep the download's HTML in order over several
/// files: read in spine order, they are the download again.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    download::parse_parts(book.docs.iter().map(|(_, doc)| doc.tree.root()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::Package;
    use scraper::Html;

    #[test]
    fn layouts_are_told_apart_by_structure() {
        let layout_of = |html: &str| layout(Html::parse_document(html).tree.root());
        assert_eq!(
            layout_of("<div id=\"preface\"></div><div id=\"chapters\"></div>"),
            Some(Layout::Download)
        );
        assert_eq!(
            layout_of("<div id=\"workskin\"><div id=\"chapters\"></div></div>"),
            Some(Layout::Page)
        );
        assert_eq!(
            layout_of("<dl class=\"work meta group\"></dl><div id=\"chapters\"></div>"),
            Some(Layout::Page)
        );
        assert_eq!(layout_of("<div id=\"chapters\"><h2>One</h2></div>"), None);
    }

    /// AO3's EPUBs were rejected ("no story text found in the EPUB"): calibre
    /// splits the preface over two files and renames the classes.
    #[test]
    fn a_split_calibre_book_reads_as_the_download() {
        let parts = [
            "<div id=\"preface\" class=\"calibre1\"><p class=\"message\">Posted originally on the \
             <a href=\"https://example.org/\">Archive</a> at \
             <a href=\"https://example.org/works/77\">https://example.org/works/77</a>.</p>\
             <div class=\"calibre1\"><dl class=\"tags\"><dt class=\"calibre3\">Fandom:</dt>\
             <dd class=\"calibre4\"><a>Tidewater</a></dd><dt class=\"calibre3\">Additional Tags:</dt>\
             <dd class=\"calibre4\"><a>Boats</a></dd></dl></div></div>",
            "<div id=\"preface\" class=\"calibre1\"><div class=\"calibre1\">\
             <h1 class=\"calibre6\">Weir</h1><div class=\"byline\">by <a>Oona</a></div></div></div>\
             <div class=\"userstuff1\" id=\"chapters\"><div class=\"calibre8\"></div></div>",
            "<div class=\"userstuff1\" id=\"chapters\"><h2 class=\"toc-heading\">Weir</h2>\
             <div class=\"userstuff2\"><p class=\"calibre7\">The weir held.</p></div></div>",
        ];
        let docs: Vec<(String, Html)> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                (
                    format!("weir_split_00{i}.xhtml"),
                    Html::parse_document(part),
                )
            })
            .collect();
        let package = Package::default();
        let book = Book {
            package: &package,
            docs: &docs,
        };
        assert!(is_epub(&book));
        let file = read_epub(&book);
        assert_eq!(file.meta.title.as_deref(), Some("Weir"));
        assert_eq!(file.meta.authors, ["Oona"]);
        assert_eq!(
            file.meta.url.as_deref(),
            Some("https://example.org/works/77")
        );
        assert_eq!(file.meta.fandoms, ["Tidewater"]);
        assert_eq!(file.meta.tags, ["Boats"]);
        assert_eq!(file.chapters.len(), 1);
        assert_eq!(file.chapters[0].body.to_text(), "The weir held.\n");
    }
}
