//! The Archive of Our Own (and other sites running its software, the OTW's
//! `otwarchive`).
//!
//! - `download`: AO3's "Download → HTML" page: `#preface` with the tag
//!   list, byline, summary and notes, `#chapters`, `#afterword`.
//! - [`read_epub`]: AO3's "Download → EPUB", which calibre makes from that
//!   same HTML, split over several files.
//!
//! Found by evidence in the file: a `#preface` and a `#chapters` element.

pub(crate) mod download;

use crate::epub::Book;
use crate::html::dom;
use crate::html::dom::DomNode;
use crate::parsed::ParsedFile;

/// Whether an HTML document is an AO3 download.
pub(crate) fn is_download(root: DomNode) -> bool {
    download::is_ao3(root)
}

/// Whether an EPUB is AO3's (its pages carry the download's `#preface`).
pub(crate) fn is_epub(book: &Book) -> bool {
    book.docs
        .iter()
        .any(|(_, doc)| dom::by_id(doc.tree.root(), "preface").is_some())
}

/// Calibre's AO3 books keep the download's HTML split over several files:
/// their bodies joined in spine order are the download again.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    let mut joined = String::from("<html><body>");
    for (_, doc) in book.docs {
        if let Some(body) = dom::find(doc.tree.root(), "body", "") {
            joined.push_str(&body.inner_html());
        }
    }
    joined.push_str("</body></html>");
    download::parse(crate::html::parse_bounded(&joined).tree.root())
}
