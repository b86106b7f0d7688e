//! Who made a file, and reading it the way its maker builds it.
//!
//! Each maker is one module: [`ao3`] (the Archive of Our Own's downloads
//! and saved work pages),
//! [`fanficfare`] (FanFicFare's HTML, EPUB and TXT), [`ffn`]
//! (FanFiction.Net's saved pages and stat line), [`fichub`] (FicHub's
//! EPUBs), [`scraper`] (AO3 scrapers' EPUBs), [`generic`] (any page or
//! book). Shared by several: [`front_matter`] (title, information and notes
//! pages of downloaders' books) and [`chapter_label`] (`1. Haven`). A maker is
//! chosen by evidence in the file (markup, package metadata, labels), never
//! by its name; what a maker states goes onto [`crate::StatedMeta`] through
//! one shared mapping (`crate::apply`).
//!
//! Crate items: [`Maker`], [`read_html`], [`read_epub`], [`read_text`].

pub(crate) mod ao3;
pub(crate) mod chapter_label;
pub(crate) mod fanficfare;
pub(crate) mod ffn;
pub(crate) mod fichub;
pub(crate) mod front_matter;
pub(crate) mod generic;
pub(crate) mod scraper;

use crate::epub::Book;
use crate::html::dom::DomNode;
use crate::parsed::ParsedFile;

/// Who made a file, as far as its content tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Maker {
    Ao3,
    FanFicFare,
    FanFictionNet,
    FicHub,
    Scraper,
    Generic,
}

/// Reads a parsed HTML document by its maker.
pub(crate) fn read_html(root: DomNode) -> (Maker, ParsedFile) {
    if let Some(layout) = ao3::layout(root) {
        (Maker::Ao3, ao3::read_html(root, layout))
    } else if fanficfare::html::is_fff(root) {
        (Maker::FanFicFare, fanficfare::html::parse(root))
    } else if ffn::is_story_page(root) {
        (Maker::FanFictionNet, ffn::read_story_page(root))
    } else {
        (Maker::Generic, generic::html::parse(root))
    }
}

/// Reads an EPUB's pages by its maker.
pub(crate) fn read_epub(book: &Book) -> (Maker, ParsedFile) {
    if fanficfare::is_epub(book) {
        (Maker::FanFicFare, fanficfare::epub::read_epub(book))
    } else if ao3::is_epub(book) {
        (Maker::Ao3, ao3::read_epub(book))
    } else if fichub::is_epub(book) {
        (Maker::FicHub, fichub::read_epub(book))
    } else if scraper::is_epub(book) {
        (Maker::Scraper, scraper::read_epub(book))
    } else {
        (Maker::Generic, generic::epub::read_epub(book))
    }
}

/// Reads decoded plain text: a maker's layout when one is evident, else the
/// plain-text rules of `TEXT_FORMAT.md`.
pub(crate) fn read_text(text: &str) -> Result<ParsedFile, crate::TextError> {
    if let Some(parsed) = fanficfare::txt::parse_fff_text(text) {
        return Ok(parsed);
    }
    crate::parse_text(text)
}
