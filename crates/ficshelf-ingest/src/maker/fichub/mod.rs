//! FicHub's EPUBs (fanfiction.net, AO3, SpaceBattles and other sites'
//! stories, exported by FicHub with ebooklib).
//!
//! FicHub builds one book the same way for every site: an "Introduction"
//! page (`<h1>` title, `By: author` in bold, the site's description, then
//! `Status:`, `Published:`, `Updated:`, `Words:`, `Chapters:` lines, the
//! site's own metadata line — for FanFiction.Net its stat line with
//! labelled segments, `Rated: Fiction M - Language: English - Genre: … -
//! Characters: …` — an `Original source:` link and the stamp "Exported with
//! the assistance of FicHub.net"), the EPUB 3 navigation page, then one
//! `chap_N.xhtml` per chapter, its title as the page's `<h2>`.
//!
//! The introduction is front matter, read by the shared title-page reader
//! (the stamp left out, a FanFiction.Net source given in its one address
//! form so it meets the same story saved elsewhere); chapters are plain
//! pages.
//!
//! Found by evidence: a page linking to fichub.net from its stamp.
//!
//! Crate items: [`is_epub`], [`read_epub`].

use crate::epub::Book;
use crate::html::dom::{find_all, text};
use crate::maker::generic::epub::read_book;
use crate::parsed::ParsedFile;

/// The address FicHub's stamp links to.
const FICHUB_HOST: &str = "fichub.net";

/// Whether a page carries FicHub's stamp: "Exported with the assistance
/// of" and a link to fichub.net.
pub(crate) fn is_epub(book: &Book) -> bool {
    book.docs.iter().take(3).any(|(_, doc)| {
        find_all(doc.tree.root(), "a", "").any(|a| {
            a.value()
                .attr("href")
                .is_some_and(|h| h.trim_end_matches('/').ends_with(FICHUB_HOST))
                && a.parent()
                    .is_some_and(|p| text(p).to_lowercase().starts_with("exported with"))
        })
    })
}

/// Reads a FicHub book.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    read_book(book, |_| None)
}
