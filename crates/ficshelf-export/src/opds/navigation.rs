//! Navigation feeds: the catalog's root and the lists of fandoms,
//! relationships, characters, ratings and authors, each entry leading to a
//! feed of works.

use super::feed::{FeedMeta, Link};
use super::xml::Xml;
use super::{encode_component, to_string, OpdsError, Urls};
use super::{ACQUISITION_TYPE, NAVIGATION_TYPE, OPENSEARCH_TYPE, REL_SORT_NEW};
use std::io::Write;

/// One entry of a navigation feed: a titled link to another feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    /// The entry's permanent id (a URI).
    pub id: String,
    pub title: String,
    /// A line of text describing where the link leads ("12 works").
    pub content: Option<String>,
    pub link: Link,
}

/// The root feed's entries: recently updated works, the lists by fandom,
/// relationship, character, rating and author, and search.
pub fn root_entries(urls: &Urls) -> Vec<NavEntry> {
    let entry = |key: &str, title: &str, content: &str, link: Link| NavEntry {
        id: format!("urn:ficshelf:root:{key}"),
        title: title.to_string(),
        content: Some(content.to_string()),
        link,
    };
    let browse = |kind: &str| Link::new("subsection", urls.browse(kind), NAVIGATION_TYPE);
    vec![
        entry(
            "recent",
            "Recently updated",
            "Every work, the most recently updated first.",
            Link::new(REL_SORT_NEW, urls.works([]), ACQUISITION_TYPE),
        ),
        entry(
            "fandoms",
            "By fandom",
            "Works by fandom.",
            browse("fandoms"),
        ),
        entry(
            "relationships",
            "By relationship",
            "Works by relationship.",
            browse("relationships"),
        ),
        entry(
            "characters",
            "By character",
            "Works by character.",
            browse("characters"),
        ),
        entry(
            "ratings",
            "By rating",
            "Works by rating.",
            browse("ratings"),
        ),
        entry(
            "authors",
            "By author",
            "Works by author.",
            browse("authors"),
        ),
        entry(
            "search",
            "Search",
            "Search titles, tags, summaries and story text.",
            Link::new("search", urls.opensearch(), OPENSEARCH_TYPE),
        ),
    ]
}

/// An entry leading to the works whose `key` (`fandom`, `rating`, …) is
/// `value`, shown as `title` with the number of works.
pub fn tag_entry(urls: &Urls, key: &str, value: &str, title: &str, count: u64) -> NavEntry {
    let noun = if count == 1 { "work" } else { "works" };
    NavEntry {
        id: format!("urn:ficshelf:{key}:{}", encode_component(value)),
        title: title.to_string(),
        content: Some(format!("{count} {noun}")),
        link: Link::new("subsection", urls.works([(key, value)]), ACQUISITION_TYPE)
            .titled(title)
            .counted(count),
    }
}

/// Writes a navigation feed with `meta`'s header and `entries`.
pub fn write_navigation(
    out: impl Write,
    meta: &FeedMeta,
    entries: &[NavEntry],
) -> Result<(), OpdsError> {
    let mut xml = Xml::new(out)?;
    meta.open(&mut xml)?;
    let updated = meta.updated.to_string();
    for entry in entries {
        xml.open("entry", &[])?;
        xml.text("title", &[], &entry.title)?;
        xml.text("id", &[], &entry.id)?;
        xml.text("updated", &[], &updated)?;
        if let Some(content) = &entry.content {
            xml.text("content", &[("type", "text")], content)?;
        }
        entry.link.write(&mut xml)?;
        xml.close("entry")?;
    }
    xml.close("feed")?;
    xml.finish()
}

/// [`write_navigation`] into a string.
pub fn navigation(meta: &FeedMeta, entries: &[NavEntry]) -> Result<String, OpdsError> {
    to_string(|buffer| write_navigation(buffer, meta, entries))
}
