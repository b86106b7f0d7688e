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
