//! What every feed has: its header (id, title, updated, links) and the
//! links between pages.

use super::xml::{Xml, ATOM_NS, DC_NS, OPDS_NS, OPENSEARCH_NS, THREAD_NS};
use super::{OpdsError, Timestamp, Urls, NAVIGATION_TYPE, OPENSEARCH_TYPE, REL_FACET};
use std::io::Write;

/// An Atom link, with the OPDS and threading attributes facets use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub rel: String,
    pub href: String,
    /// The media type (`type` attribute).
    pub media_type: String,
    pub title: Option<String>,
    /// How many works the link leads to (`thr:count`).
    pub count: Option<u64>,
    /// The facet group (`opds:facetGroup`), for facet links.
    pub facet_group: Option<String>,
    /// Whether this facet is the one applied (`opds:activeFacet="true"`).
    pub active: bool,
}

impl Link {
    /// A link with no title or count.
    pub fn new(rel: &str, href: impl Into<String>, media_type: &str) -> Link {
        Link {
            rel: rel.to_string(),
            href: href.into(),
            media_type: media_type.to_string(),
            title: None,
            count: None,
            facet_group: None,
            active: false,
        }
    }

    /// A facet link to an acquisition feed.
    pub fn facet(group: &str, title: &str, href: String, count: u64, active: bool) -> Link {
        Link {
            title: Some(title.to_string()),
            count: Some(count),
            facet_group: Some(group.to_string()),
            active,
            ..Link::new(REL_FACET, href, super::ACQUISITION_TYPE)
        }
    }

    /// The same link with a title.
    pub fn titled(mut self, title: impl Into<String>) -> Link {
        self.title = Some(title.into());
        self
    }

    /// The same link with a `thr:count`.
    pub fn counted(mut self, count: u64) -> Link {
        self.count = Some(count);
        self
    }

    pub(super) fn write<W: Write>(&self, xml: &mut Xml<W>) -> Result<(), OpdsError> {
        let count = self.count.map(|n| n.to_string());
        let mut attributes = vec![
            ("rel", self.rel.as_str()),
            ("href", self.href.as_str()),
            ("type", self.media_type.as_str()),
        ];
        if let Some(title) = &self.title {
            attributes.push(("title", title));
        }
        if let Some(count) = &count {
            attributes.push(("thr:count", count));
        }
        if let Some(group) = &self.facet_group {
            attributes.push(("opds:facetGroup", group));
        }
        if self.active {
            attributes.push(("opds:activeFacet", "true"));
        }
        xml.empty("link", &attributes)
    }
}

/// Where a page of results sits among all of them (OpenSearch's
/// `totalResults`, `itemsPerPage`, `startIndex`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub total: u64,
    pub per_page: u64,
    /// 1-based index of the page's first entry.
    pub start_index: u64,
}

/// A feed's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    /// The feed's permanent id (a URI).
    pub id: String,
    pub title: String,
    /// When the feed last changed: the caller's clock.
    pub updated: Timestamp,
    pub links: Vec<Link>,
    pub totals: Option<Totals>,
}

impl FeedMeta {
    /// A header with the links every catalog feed has: `self` (of type
    /// `self_type`), `start` and `search`. The id is derived from `self_href`.
    pub fn new(
        urls: &Urls,
        title: &str,
        self_href: String,
        self_type: &str,
        updated: Timestamp,
    ) -> FeedMeta {
        let links = vec![
            Link::new("self", self_href.clone(), self_type),
            Link::new("start", urls.root(), NAVIGATION_TYPE).titled("Ficshelf"),
            Link::new("search", urls.opensearch(), OPENSEARCH_TYPE).titled("Search works"),
        ];
        FeedMeta {
            id: format!("urn:ficshelf:feed:{self_href}"),
            title: title.to_string(),
            updated,
            links,
            totals: None,
        }
    }

    /// Opens `<feed>` and writes the header.
    pub(super) fn open<W: Write>(&self, xml: &mut Xml<W>) -> Result<(), OpdsError> {
        xml.open(
            "feed",
            &[
                ("xmlns", ATOM_NS),
                ("xmlns:opds", OPDS_NS),
                ("xmlns:dc", DC_NS),
                ("xmlns:thr", THREAD_NS),
                ("xmlns:opensearch", OPENSEARCH_NS),
            ],
        )?;
        xml.text("id", &[], &self.id)?;
        xml.text("title", &[], &self.title)?;
        xml.text("updated", &[], &self.updated.to_string())?;
        xml.open("author", &[])?;
        xml.text("name", &[], "Ficshelf")?;
        xml.close("author")?;
        if let Some(totals) = self.totals {
            xml.text("opensearch:totalResults", &[], &totals.total.to_string())?;
            xml.text("opensearch:itemsPerPage", &[], &totals.per_page.to_string())?;
            xml.text(
                "opensearch:startIndex",
                &[],
                &totals.start_index.to_string(),
            )?;
        }
        for link in &self.links {
            link.write(xml)?;
        }
        Ok(())
    }
}

/// The `first`, `previous`, `next` and `last` links of page `page` (1-based)
/// of `pages`; `href(n)` is page n's URL. None when there is one page.
pub fn pagination_links(
    page: usize,
    pages: usize,
    media_type: &str,
    href: impl Fn(usize) -> String,
) -> Vec<Link> {
    if pages <= 1 {
        return Vec::new();
    }
    let mut links = vec![Link::new("first", href(1), media_type)];
    if page > 1 {
        links.push(Link::new("previous", href(page - 1), media_type));
    }
    if page < pages {
        links.push(Link::new("next", href(page + 1), media_type));
    }
    links.push(Link::new("last", href(pages), media_type));
    links
}
