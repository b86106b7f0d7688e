//! HTML files: the machinery every maker's HTML reader shares.
//!
//! Public items: [`parse_html`] (text of an HTML file to a [`ParsedFile`])
//! and [`HtmlError`]. Within the crate, [`parse_document`] reads an
//! already-parsed document by its maker (`crate::maker`); `flatten` bounds
//! nesting before parsing ([`parse_bounded`]), `dom` finds elements and
//! text without recursion, and story markup goes through `blocks`
//! (iterative, depth-capped) and the crate's sanitiser.

pub(crate) mod blocks;
pub(crate) mod dom;
mod flatten;

use crate::parsed::ParsedFile;
use scraper::Html;

/// Why an HTML file gave no story.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("no story text found in the HTML")]
    NoText,
}

/// Reads an HTML page (AO3 download, FanFicFare HTML or any page).
pub fn parse_html(text: &str) -> Result<ParsedFile, HtmlError> {
    let doc = parse_bounded(text);
    let parsed = parse_document(&doc);
    if parsed.chapters.iter().all(|c| c.body.is_empty()) {
        return Err(HtmlError::NoText);
    }
    Ok(parsed)
}

/// Parses a document after bounding its nesting (see `flatten`).
pub(crate) fn parse_bounded(text: &str) -> Html {
    Html::parse_document(&flatten::flatten_deep(text))
}

/// Reads a parsed document by its layout.
pub(crate) fn parse_document(doc: &Html) -> ParsedFile {
    let (_, mut parsed) = crate::maker::read_html(doc.tree.root());
    parsed
        .chapters
        .retain(|c| !c.body.is_empty() || c.title.is_some());
    parsed
}
