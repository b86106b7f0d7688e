//! HTML files: AO3 downloads, FanFicFare's HTML and any other page.
//!
//! Public items: [`parse_html`] (text of an HTML file to a [`ParsedFile`])
//! and [`HtmlError`]. Within the crate, [`parse_document`] reads an
//! already-parsed document (the EPUB reader uses it) and the submodules
//! read one layout each: `ao3`, `fanficfare`, `generic`; `flatten` bounds
//! nesting before parsing ([`parse_bounded`]). Story markup goes
//! through `blocks` (iterative, depth-capped) and the crate's sanitiser.

pub(crate) mod ao3;
pub(crate) mod blocks;
pub(crate) mod dom;
pub(crate) mod fanficfare;
mod flatten;
mod generic;

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
    let root = doc.tree.root();
    let mut parsed = if ao3::is_ao3(root) {
        ao3::parse(root)
    } else if fanficfare::is_fff(root) {
        fanficfare::parse(root)
    } else {
        generic::parse(root)
    };
    parsed
        .chapters
        .retain(|c| !c.body.is_empty() || c.title.is_some());
    parsed
}
