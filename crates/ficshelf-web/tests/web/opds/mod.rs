//! The OPDS catalog, read the way an e-reader app reads it: every feed
//! fetched over HTTP and parsed with an Atom client library
//! (`atom_syndication`), the OPDS attributes it does not model (facet
//! groups, counts) and the OpenSearch description read with quick-xml.

use crate::common::{library, MemoryCatalog, Server, XSS_SCRIPT};
use atom_syndication::Feed;
use ficshelf_library::{Library, NoProgress};
use ficshelf_model::{Rating, Work};
use quick_xml::events::Event;
use std::collections::{BTreeSet, HashMap, VecDeque};

mod readers;

const NAVIGATION: &str = "application/atom+xml;profile=opds-catalog;kind=navigation";
const ACQUISITION: &str = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const OPENSEARCH: &str = "application/opensearchdescription+xml";
const ACQUIRE: &str = "http://opds-spec.org/acquisition";
const FACET: &str = "http://opds-spec.org/facet";

/// A fetched feed: its media type (without parameters after `kind`), the
/// parsed feed and its text.
struct Fetched {
    media_type: String,
    feed: Feed,
    text: String,
}

async fn fetch(server: &Server, href: &str) -> Fetched {
    let response = server.get(href).await;
    assert_eq!(response.status().as_u16(), 200, "GET {href}");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("content type")
        .to_string();
    let media_type = content_type
        .strip_suffix(";charset=utf-8")
        .unwrap_or_else(|| panic!("{href}: charset missing from {content_type}"))
        .to_string();
    let text = response.text().await.expect("body");
    let feed = text
        .parse::<Feed>()
        .unwrap_or_else(|e| panic!("{href} is not Atom: {e}\n{text}"));
    Fetched {
        media_type,
        feed,
        text,
    }
}

fn link<'a>(feed: &'a Feed, rel: &str) -> Option<&'a atom_syndication::Link> {
    feed.links().iter().find(|l| l.rel() == rel)
}

/// The ids of a feed's works (`urn:ficshelf:work:<id>`).
fn work_ids(feed: &Feed) -> Vec<String> {
    feed.entries()
        .iter()
        .map(|e| {
            e.id()
                .strip_prefix("urn:ficshelf:work:")
                .unwrap_or_else(|| panic!("entry id {}", e.id()))
                .to_string()
        })
        .collect()
}

/// Every work of an acquisition feed, following `next` links to the end.
async fn all_pages(server: &Server, href: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next = Some(href.to_string());
    let mut pages = 0;
    while let Some(href) = next {
        pages += 1;
        assert!(pages < 50, "pagination does not end");
        let page = fetch(server, &href).await;
        assert_eq!(page.media_type, ACQUISITION, "{href}");
        ids.extend(work_ids(&page.feed));
        next = link(&page.feed, "next").map(|l| l.href().to_string());
    }
    ids
}

/// A feed-level link's attributes, by name, as written.
type Attributes = HashMap<String, String>;

/// The attributes of every `<link>` directly under `<feed>`.
fn feed_link_attributes(text: &str) -> Vec<Attributes> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0;
    let mut links = Vec::new();
    loop {
        match reader.read_event().expect("XML") {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Empty(element) if depth == 1 && element.name().as_ref() == b"link" => {
                let attributes = element
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let key = String::from_utf8(a.key.as_ref().to_vec()).expect("key");
                        let value = a
                            .decoded_and_normalized_value(
                                quick_xml::XmlVersion::Explicit1_0,
                                reader.decoder(),
                            )
                            .expect("value")
                            .into_owned();
                        (key, value)
                    })
                    .collect();
                links.push(attributes);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    links
}

/// Every feed reachable from `start` through navigation and acquisition
/// links (pages, facets, subsections, authors), with the hrefs of every
/// link and URI met on the way.
async fn crawl(server: &Server, start: &str) -> (Vec<(String, Fetched)>, BTreeSet<String>) {
    let mut queue = VecDeque::from([start.to_string()]);
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut hrefs = BTreeSet::new();
    let mut feeds = Vec::new();
    while let Some(href) = queue.pop_front() {
        assert!(feeds.len() < 300, "the catalog does not end");
        let fetched = fetch(server, &href).await;
        let mut found: Vec<(String, Option<String>)> = Vec::new();
        for l in fetched.feed.links() {
            found.push((l.href().to_string(), l.mime_type().map(str::to_string)));
        }
        for entry in fetched.feed.entries() {
            for l in entry.links() {
                found.push((l.href().to_string(), l.mime_type().map(str::to_string)));
            }
            for author in entry.authors() {
                if let Some(uri) = author.uri() {
                    found.push((uri.to_string(), Some(ACQUISITION.to_string())));
                }
            }
        }
        for (target, media_type) in found {
            hrefs.insert(target.clone());
            let is_feed = matches!(media_type.as_deref(), Some(NAVIGATION | ACQUISITION));
            if is_feed && target.starts_with("/opds") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
        feeds.push((href, fetched));
    }
    (feeds, hrefs)
}

/// Works from every acquisition feed of a crawl.
fn crawled_ids(feeds: &[(String, Fetched)]) -> BTreeSet<String> {
    feeds
        .iter()
        .filter(|(_, f)| f.media_type == ACQUISITION)
        .flat_map(|(_, f)| work_ids(&f.feed))
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn root_feed_has_the_opds_links_and_every_entry_resolves() {
    let server = Server::start(library(), None).await;
    let root = fetch(&server, "/opds").await;
    assert_eq!(root.media_type, NAVIGATION);
    let feed = &root.feed;
    for (rel, href, media_type) in [
        ("self", "/opds", NAVIGATION),
        ("start", "/opds", NAVIGATION),
        ("search", "/opds/opensearch.xml", OPENSEARCH),
    ] {
        let l = link(feed, rel).unwrap_or_else(|| panic!("no {rel} link"));
        assert_eq!((l.href(), l.mime_type()), (href, Some(media_type)), "{rel}");
    }
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "Recently updated",
            "By fandom",
            "By relationship",
            "By character",
            "By rating",
            "By author",
            "Search"
        ]
    );
    for entry in feed.entries() {
        let l = &entry.links()[0];
        match l.mime_type() {
            Some(OPENSEARCH) => {
                let response = server.get(l.href()).await;
                assert_eq!(
                    response.headers()["content-type"],
                    "application/opensearchdescription+xml;charset=utf-8"
                );
            }
            Some(media_type) => {
                assert_eq!(fetch(&server, l.href()).await.media_type, media_type);
            }
            None => panic!("entry link without a type"),
        }
    }
    let recent = &feed.entries()[0].links()[0];
    assert_eq!(
        (recent.rel(), recent.href()),
        ("http://opds-spec.org/sort/new", "/opds/works")
    );
    server.text("/opds/nonsense", 404).await;
}

/// Checks every navigation feed (each kind of tag, every page) of the
/// catalog at `/opds{query}`: each entry's count is the number of works its
/// acquisition feed lists. Returns each kind's entry titles.
async fn check_navigation(server: &Server, query: &str) -> HashMap<&'static str, Vec<String>> {
    let mut titles = HashMap::new();
    for kind in [
        "fandoms",
        "relationships",
        "characters",
        "authors",
        "ratings",
    ] {
        let mut next = Some(format!("/opds/{kind}{query}"));
        let mut names = Vec::new();
        while let Some(href) = next {
            let nav = fetch(server, &href).await;
            assert_eq!(nav.media_type, NAVIGATION, "{kind}");
            for entry in nav.feed.entries() {
                let l = &entry.links()[0];
                assert_eq!((l.rel(), l.mime_type()), ("subsection", Some(ACQUISITION)));
                let content = entry.content().and_then(|c| c.value()).expect("content");
                let count: usize = content
                    .split(' ')
                    .next()
                    .expect("n")
                    .parse()
                    .expect("number");
                let ids = all_pages(server, l.href()).await;
                assert_eq!(ids.len(), count, "{kind}: {}", entry.title().as_str());
                names.push(entry.title().as_str().to_string());
            }
            next = link(&nav.feed, "next").map(|l| l.href().to_string());
        }
        titles.insert(kind, names);
    }
    titles
}

#[tokio::test]
async fn navigation_feeds_count_what_they_lead_to() {
    let server = Server::start(library(), None).await;
    let titles = check_navigation(&server, "?view_adult=true").await;
    for (kind, names) in &titles {
        assert!(!names.is_empty(), "{kind}");
    }
    let ratings = fetch(&server, "/opds/ratings?view_adult=true").await;
    let names: Vec<&str> = ratings
        .feed
        .entries()
        .iter()
        .map(|e| e.title().as_str())
        .collect();
    assert_eq!(
        names,
        [
            "General Audiences",
            "Teen And Up Audiences",
            "Mature",
            "Not Rated"
        ]
    );
}

#[tokio::test]
async fn acquisition_entries_link_to_downloads() {
    let server = Server::start(library(), None).await;
    let page = fetch(&server, "/opds/works?fandom=Star+Trek").await;
    assert_eq!(work_ids(&page.feed), ["1", "2"]);
    let harbour = &page.feed.entries()[0];
    assert_eq!(harbour.title().as_str(), "A Quiet Harbour");
    assert_eq!(harbour.authors()[0].name(), "Wren");
    assert_eq!(harbour.updated().to_rfc3339(), "2024-05-01T00:00:00+00:00");
    assert_eq!(
        harbour.summary().map(|s| s.as_str()),
        Some("Shore leave, a harbour, and nothing going wrong for once.")
    );
    let language = &harbour.extensions()["dc"]["language"][0];
    assert_eq!(language.value(), Some("en"));
    let terms: Vec<&str> = harbour.categories().iter().map(|c| c.term()).collect();
    for term in ["general", "Star Trek", "Kirk/Spock", "Spock", "Fluff"] {
        assert!(terms.contains(&term), "{term} in {terms:?}");
    }
    let epub = harbour
        .links()
        .iter()
        .find(|l| l.rel() == ACQUIRE && l.mime_type() == Some("application/epub+zip"))
        .expect("EPUB acquisition link");
    assert_eq!(epub.href(), "/works/1/download.epub");
    let alternate = harbour
        .links()
        .iter()
        .find(|l| l.rel() == "alternate")
        .expect("alternate");
    assert_eq!(
        (alternate.href(), alternate.mime_type()),
        ("/works/1", Some("text/html"))
    );
    let up = link(&page.feed, "up").expect("up");
    assert_eq!((up.href(), up.mime_type()), ("/opds", Some(NAVIGATION)));
}

#[tokio::test]
async fn plain_catalog_lists_only_works_that_need_no_consent() {
    let server = Server::start(library(), None).await;
    let (feeds, hrefs) = crawl(&server, "/opds").await;
    assert_eq!(crawled_ids(&feeds), set(&["1", "2", "5"]));
    assert!(hrefs.iter().all(|h| !h.contains("view_adult")), "{hrefs:?}");
    for (href, fetched) in &feeds {
        for gone in ["Midnight Letters", "Loose Pages", "Harry Potter", "Quill"] {
            assert!(!fetched.text.contains(gone), "{gone} in {href}");
        }
    }
    // Asking a plain catalog for adult works finds nothing.
    let mature = fetch(&server, "/opds/works?rating=mature").await;
    assert!(mature.feed.entries().is_empty());
    let search = server.text("/opds/opensearch.xml", 200).await;
    assert!(
        search.contains(r#"template="/opds/search?q={searchTerms}""#),
        "{search}"
    );
}

#[tokio::test]
async fn adult_catalog_carries_consent_on_every_link() {
    let server = Server::start(library(), None).await;
    let (feeds, hrefs) = crawl(&server, "/opds?view_adult=true").await;
    assert_eq!(crawled_ids(&feeds), set(&["1", "2", "3", "4", "5"]));
    assert!(hrefs.len() > 30, "{hrefs:?}");
    for href in &hrefs {
        assert!(href.ends_with("view_adult=true"), "{href}");
    }
    for (href, fetched) in &feeds {
        for entry in fetched.feed.entries() {
            let acquisitions = entry.links().iter().filter(|l| l.rel() == ACQUIRE).count();
            if fetched.media_type == ACQUISITION {
                assert_eq!(acquisitions, 3, "{href}");
            }
        }
    }
    let mature = fetch(&server, "/opds/works?rating=mature&view_adult=true").await;
    let entry = &mature.feed.entries()[0];
    let epub = entry
        .links()
        .iter()
        .find(|l| l.rel() == ACQUIRE)
        .expect("acquisition");
    assert_eq!(epub.href(), "/works/3/download.epub?view_adult=true");
    let search = server
        .text("/opds/opensearch.xml?view_adult=true", 200)
        .await;
    assert!(
        search.contains(r#"template="/opds/search?q={searchTerms}&amp;view_adult=true""#),
        "{search}"
    );
}

/// Checks every facet of the feed at `href`: one active facet per group,
/// and each facet's count is the number of works its feed lists.
async fn check_facets(server: &Server, href: &str) -> usize {
    let page = fetch(server, href).await;
    let facets: Vec<Attributes> = feed_link_attributes(&page.text)
        .into_iter()
        .filter(|a| a.get("rel").map(String::as_str) == Some(FACET))
        .collect();
    let mut active: HashMap<String, usize> = HashMap::new();
    for facet in &facets {
        assert_eq!(facet["type"], ACQUISITION);
        let group = facet["opds:facetGroup"].clone();
        let count: usize = facet["thr:count"].parse().expect("count");
        if facet.get("opds:activeFacet").map(String::as_str) == Some("true") {
            *active.entry(group.clone()).or_default() += 1;
        }
        let ids = all_pages(server, &facet["href"]).await;
        assert_eq!(ids.len(), count, "{href}: facet {}", facet["title"]);
    }
    let groups: BTreeSet<&str> = facets
        .iter()
        .map(|f| f["opds:facetGroup"].as_str())
        .collect();
    assert_eq!(groups, BTreeSet::from(["Fandom", "Rating"]), "{href}");
    for group in groups {
        assert_eq!(
            active.get(group),
            Some(&1),
            "{href}: active facets of {group}"
        );
    }
    facets.len()
}

#[tokio::test]
async fn facet_counts_equal_the_works_they_lead_to() {
    let server = Server::start(big_library(), None).await;
    for href in [
        "/opds/works?view_adult=true",
        "/opds/works",
        "/opds/works?fandom=Fandom+1&view_adult=true",
        "/opds/works?rating=teen&view_adult=true&page=2",
    ] {
        assert!(check_facets(&server, href).await >= 4, "{href}");
    }
}

/// Sixty works over three fandoms and three ratings, each with two
/// characters of its own (120 characters: two pages of navigation).
fn big_library() -> MemoryCatalog {
    let mut catalog = MemoryCatalog::default();
    for i in 0..60 {
        let mut work = Work::new(i.to_string(), format!("Work {i:02}"));
        work.authors = vec![format!("Author {}", i % 7)];
        work.rating = [Rating::General, Rating::Teen, Rating::Explicit][i % 3];
        work.fandoms = vec![format!("Fandom {}", i % 4 % 3)];
        work.characters = vec![format!("Character {i}a"), format!("Character {i}b")];
        work.updated = Some(format!("2020-01-{:02}", i % 28 + 1));
        catalog.add(work, &[("", "Some words here.")]);
    }
    catalog
}

#[tokio::test]
async fn pagination_links_resolve() {
    let server = Server::start(big_library(), None).await;
    let first = fetch(&server, "/opds/works?view_adult=true").await;
    let total = &first.feed.extensions()["opensearch"]["totalResults"][0];
    assert_eq!(total.value(), Some("60"));
    assert!(link(&first.feed, "previous").is_none());
    let last = link(&first.feed, "last").expect("last").href().to_string();
    assert_eq!(last, "/opds/works?page=3&view_adult=true");
    let ids = all_pages(&server, "/opds/works?view_adult=true").await;
    assert_eq!(ids.len(), 60);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 60);

    let second = fetch(&server, "/opds/works?page=2&view_adult=true").await;
    let previous = link(&second.feed, "previous")
        .expect("previous")
        .href()
        .to_string();
    let back = fetch(&server, &previous).await;
    assert_eq!(work_ids(&back.feed), work_ids(&first.feed));
    let end = fetch(&server, &last).await;
    assert!(link(&end.feed, "next").is_none());
    assert_eq!(end.feed.entries().len(), 10);

    // Navigation feeds page too: 120 characters, 100 a page.
    let characters = fetch(&server, "/opds/characters?view_adult=true").await;
    assert_eq!(characters.feed.entries().len(), 100);
    let next = link(&characters.feed, "next")
        .expect("next")
        .href()
        .to_string();
    assert_eq!(next, "/opds/characters?page=2&view_adult=true");
    let rest = fetch(&server, &next).await;
    assert_eq!(rest.media_type, NAVIGATION);
    assert_eq!(rest.feed.entries().len(), 20);
    // Without consent, the explicit third of the works and their characters are gone.
    assert_eq!(all_pages(&server, "/opds/works").await.len(), 40);
    let plain = fetch(&server, "/opds/characters").await;
    assert_eq!(plain.feed.entries().len(), 80);
    assert!(link(&plain.feed, "next").is_none());
}

#[tokio::test]
async fn max_rating_hides_works_even_with_consent() {
    let server = Server::start(library(), Some(Rating::Teen)).await;
    let (feeds, _) = crawl(&server, "/opds?view_adult=true").await;
    assert_eq!(crawled_ids(&feeds), set(&["1", "2", "5"]));
    for (href, fetched) in &feeds {
        assert!(!fetched.text.contains("Midnight Letters"), "{href}");
        assert!(!fetched.text.contains("Harry Potter"), "{href}");
    }
    let ratings = fetch(&server, "/opds/ratings?view_adult=true").await;
    assert_eq!(ratings.feed.entries().len(), 2);
    let search = fetch(&server, "/opds/search?q=letters&view_adult=true").await;
    assert!(search.feed.entries().is_empty());
}

#[tokio::test]
async fn hostile_titles_are_escaped() {
    let mut catalog = library();
    let hostile = "Tom & \"Jerry's\" <b>bold</b> ]]> \u{1}";
    let mut work = Work::new("6", hostile);
    work.authors = vec!["A & B <i>".into()];
    work.rating = Rating::General;
    work.fandoms = vec![format!("Fan\"dom {XSS_SCRIPT}")];
    catalog.add(work, &[("", "Text.")]);
    let server = Server::start(catalog, None).await;
    let (feeds, _) = crawl(&server, "/opds").await;
    for (href, fetched) in &feeds {
        for raw in ["<script>", "<b>", "<i>", "<img", "\u{1}"] {
            assert!(!fetched.text.contains(raw), "{raw:?} unescaped in {href}");
        }
    }
    let all = fetch(&server, "/opds/works").await;
    let titles: Vec<&str> = all
        .feed
        .entries()
        .iter()
        .map(|e| e.title().as_str())
        .collect();
    assert!(
        titles.contains(&"Tom & \"Jerry's\" <b>bold</b> ]]> "),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Tricky <script>alert(1)</script> title"),
        "{titles:?}"
    );
    let fandoms = fetch(&server, "/opds/fandoms").await;
    let entry = fandoms
        .feed
        .entries()
        .iter()
        .find(|e| e.title().as_str().starts_with("Fan\"dom"))
        .expect("hostile fandom listed");
    assert_eq!(entry.title().as_str(), format!("Fan\"dom {XSS_SCRIPT}"));
    let ids = all_pages(&server, entry.links()[0].href()).await;
    assert_eq!(ids, ["6"]);
}

const HARBOUR: &str = "Title: A Quiet Harbour
Author: Wren
Rating: G
Fandom: Star Trek
Status: Complete
Summary: Shore leave, and nothing goes wrong.

The harbour was quiet that morning, and the gulls circled overhead.
";

const LETTERS: &str = "Title: Midnight Letters
Author: Quill
Rating: R
Fandom: Harry Potter
Summary: Letters written at midnight.

The letters were written at midnight by the harbour wall.
";

const ROAD: &str = "Title: Long Road
Author: Ash
Rating: PG-13
Fandom: Star Trek

The road went on and on past the harbour.
";

#[tokio::test]
async fn search_uses_the_library_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    for (name, text) in [("a.txt", HARBOUR), ("b.txt", LETTERS), ("c.txt", ROAD)] {
        std::fs::write(input.join(name), text).expect("write");
    }
    let mut library = Library::open(&dir.path().join("library")).expect("open");
    library.import(&[input], &NoProgress).expect("import");
    let server = Server::start_state(ficshelf_web::AppState::new(library, None)).await;

    let titles = |fetched: &Fetched| -> BTreeSet<String> {
        fetched
            .feed
            .entries()
            .iter()
            .map(|e| e.title().as_str().to_string())
            .collect()
    };
    let plain = fetch(&server, "/opds/search?q=harbour").await;
    assert_eq!(plain.media_type, ACQUISITION);
    assert_eq!(titles(&plain), set(&["A Quiet Harbour", "Long Road"]));
    let adult = fetch(&server, "/opds/search?q=harbour&view_adult=true").await;
    assert_eq!(
        titles(&adult),
        set(&["A Quiet Harbour", "Long Road", "Midnight Letters"])
    );
    let filtered = fetch(&server, "/opds/search?q=harbour+rating:teen").await;
    assert_eq!(titles(&filtered), set(&["Long Road"]));
    // A plain catalog cannot search its way to adult works.
    let sneaky = fetch(&server, "/opds/search?q=rating:mature").await;
    assert!(sneaky.feed.entries().is_empty());

    // The search's facets count what following them finds.
    let facets: Vec<Attributes> = feed_link_attributes(&adult.text)
        .into_iter()
        .filter(|a| a.get("rel").map(String::as_str) == Some(FACET))
        .collect();
    assert!(facets.len() >= 4, "{facets:?}");
    for facet in &facets {
        assert!(facet["href"].ends_with("view_adult=true"), "{facet:?}");
        let count: usize = facet["thr:count"].parse().expect("count");
        assert_eq!(
            all_pages(&server, &facet["href"]).await.len(),
            count,
            "{facet:?}"
        );
    }
    let response = server.get("/opds/search?q=ratin:teen").await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("did you mean rating"));
}

#[tokio::test]
async fn acquisition_links_download_with_the_catalogs_consent() {
    let server = Server::start(library(), None).await;
    let feed = fetch(&server, "/opds/works?rating=mature&view_adult=true").await;
    let entry = &feed.feed.entries()[0];
    for l in entry.links().iter().filter(|l| l.rel() == ACQUIRE) {
        let response = server.get(l.href()).await;
        assert_eq!(response.status().as_u16(), 200, "{}", l.href());
        let content_type = response.headers()["content-type"].to_str().expect("ascii");
        let declared = l.mime_type().expect("type");
        assert!(
            content_type.starts_with(declared),
            "{}: {content_type}",
            l.href()
        );
    }
    // Without the catalog's consent the same download is gated, not sent.
    let bare = server.get("/works/3/download.epub").await;
    let content_type = bare.headers()["content-type"].to_str().expect("ascii");
    assert!(!content_type.starts_with("application/epub+zip"));
}
