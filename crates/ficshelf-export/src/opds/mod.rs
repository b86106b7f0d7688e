//! OPDS 1.2 catalog feeds: Atom documents an e-reader app browses and
//! downloads from.
//!
//! Every builder is pure: it takes works (or tag names with counts), the
//! links to write and the feed's `updated` instant as arguments, reads no
//! clock and does no IO besides writing to the `io::Write` it is given.
//! Every piece of text is escaped by the XML writer, and characters XML 1.0
//! cannot carry (most control characters) are dropped.
//!
//! Public items:
//! - [`Timestamp`]: an instant written as RFC 3339 (`2024-05-01T00:00:00Z`);
//!   the clock is the caller's.
//! - [`Urls`]: the catalog's URLs (`/opds/…`, `/works/{id}/download.epub`),
//!   each carrying `view_adult=true` when the catalog was entered with it.
//! - [`Link`], [`FeedMeta`]: a feed's links (self, start, search,
//!   pagination, facets) and header; [`pagination_links`].
//! - [`NavEntry`], [`write_navigation`], [`navigation`], [`root_entries`],
//!   [`tag_entry`]: navigation feeds.
//! - [`write_acquisition`], [`acquisition`]: acquisition feeds, one entry
//!   per work with EPUB, HTML and text acquisition links.
//! - [`opensearch_description`]: the OpenSearch description document.
//! - The media types ([`NAVIGATION_TYPE`], [`ACQUISITION_TYPE`],
//!   [`OPENSEARCH_TYPE`], …) and the link relations ([`REL_ACQUISITION`],
//!   [`REL_FACET`], …).
//! - [`OpdsError`].

mod acquisition;
mod feed;
mod navigation;
mod opensearch;
mod time;
mod urls;
mod xml;

#[cfg(test)]
mod tests;

pub use acquisition::{acquisition, write_acquisition};
pub use feed::{pagination_links, FeedMeta, Link, Totals};
pub use navigation::{navigation, root_entries, tag_entry, write_navigation, NavEntry};
pub use opensearch::opensearch_description;
pub use time::Timestamp;
pub use urls::{encode_component, Urls, VIEW_ADULT};

/// A navigation feed's media type.
pub const NAVIGATION_TYPE: &str = "application/atom+xml;profile=opds-catalog;kind=navigation";
/// An acquisition feed's media type.
pub const ACQUISITION_TYPE: &str = "application/atom+xml;profile=opds-catalog;kind=acquisition";
/// The OpenSearch description document's media type.
pub const OPENSEARCH_TYPE: &str = "application/opensearchdescription+xml";
/// An EPUB file's media type.
pub const EPUB_TYPE: &str = "application/epub+zip";

/// The relation of a link that downloads a work.
pub const REL_ACQUISITION: &str = "http://opds-spec.org/acquisition";
/// The relation of a facet link.
pub const REL_FACET: &str = "http://opds-spec.org/facet";
/// The relation of a link to works sorted newest first.
pub const REL_SORT_NEW: &str = "http://opds-spec.org/sort/new";

/// Why a feed could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpdsError {
    /// The destination refused the bytes.
    #[error("cannot write the OPDS document")]
    Write(#[from] std::io::Error),
    /// The document written was not UTF-8 (a bug: every input is a `str`).
    #[error("the OPDS document is not UTF-8")]
    Encoding(#[from] std::string::FromUtf8Error),
}

/// Runs `write` into a buffer and returns the text.
fn to_string(
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), OpdsError>,
) -> Result<String, OpdsError> {
    let mut buffer = Vec::new();
    write(&mut buffer)?;
    Ok(String::from_utf8(buffer)?)
}
