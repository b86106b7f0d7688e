//! Snapshot tests of every feed kind, with a fixed clock.

use super::*;
use ficshelf_model::{Chapter, Notes, Rating, Status, Work};

/// 2024-06-01T12:00:00Z.
fn clock() -> Timestamp {
    Timestamp::from_unix(1_717_243_200)
}

fn chapter(number: u32, words: u64) -> Chapter {
    Chapter {
        number,
        title: None,
        words,
        notes: Notes::default(),
        sources: Vec::new(),
    }
}

fn works() -> Vec<Work> {
    let mut harbour = Work::new("1", "A Quiet Harbour");
    harbour.authors = vec!["Wren".into()];
    harbour.rating = Rating::General;
    harbour.warnings = vec!["No Archive Warnings Apply".into()];
    harbour.fandoms = vec!["Star Trek".into()];
    harbour.relationships = vec!["Kirk/Spock".into()];
    harbour.characters = vec!["Spock".into()];
    harbour.tags = vec!["Fluff".into()];
    harbour.language = Some("English".into());
    harbour.summary = Some("Shore leave, and nothing goes wrong.".into());
    harbour.status = Some(Status::Complete);
    harbour.words = 12_345;
    harbour.chapters = vec![chapter(1, 6_000), chapter(2, 6_345)];
    harbour.published = Some("2024-01-02".into());
    harbour.updated = Some("2024-05-01".into());

    let mut hostile = Work::new(
        "x&y",
        "Tricky <script>alert(\"1\")</script> & 'quotes'\u{1}",
    );
    hostile.authors = vec!["<b>Mallory</b>".into(), "O'Brien & Sons".into()];
    hostile.rating = Rating::Explicit;
    hostile.fandoms = vec!["A \"quoted\" fandom".into()];
    hostile.tags = vec!["<img src=x onerror=alert(1)>".into()];
    hostile.summary = Some("]]> & <![CDATA[ oops".into());
    hostile.language = Some("Klingon".into());
    hostile.updated = Some("not a date".into());
    vec![harbour, hostile]
}

fn page_links(urls: &Urls) -> Vec<Link> {
    pagination_links(2, 3, ACQUISITION_TYPE, |n| {
        urls.works([("fandom", "Star Trek"), ("page", &n.to_string())])
    })
}

#[test]
fn root_feed() -> Result<(), OpdsError> {
    let urls = Urls::new(false);
    let meta = FeedMeta::new(&urls, "Ficshelf", urls.root(), NAVIGATION_TYPE, clock());
    insta::assert_snapshot!(navigation(&meta, &root_entries(&urls))?);
    Ok(())
}

#[test]
fn tag_navigation_feed_with_consent() -> Result<(), OpdsError> {
    let urls = Urls::new(true);
    let meta = FeedMeta::new(
        &urls,
        "Fandoms",
        urls.browse("fandoms"),
        NAVIGATION_TYPE,
        clock(),
    );
    let entries = [
        tag_entry(&urls, "fandom", "Star Trek", "Star Trek", 2),
        tag_entry(
            &urls,
            "fandom",
            "<Kirk & \"Spock\">",
            "<Kirk & \"Spock\">",
            1,
        ),
    ];
    insta::assert_snapshot!(navigation(&meta, &entries)?);
    Ok(())
}

#[test]
fn acquisition_feed_with_pages_and_facets() -> Result<(), OpdsError> {
    let urls = Urls::new(true);
    let self_href = urls.works([("fandom", "Star Trek"), ("page", "2")]);
    let mut meta = FeedMeta::new(&urls, "Star Trek", self_href, ACQUISITION_TYPE, clock());
    meta.links.extend(page_links(&urls));
    meta.links.push(Link::facet(
        "Rating",
        "All ratings",
        urls.works([("fandom", "Star Trek")]),
        45,
        true,
    ));
    meta.links.push(Link::facet(
        "Rating",
        "General Audiences",
        urls.works([("fandom", "Star Trek"), ("rating", "general")]),
        40,
        false,
    ));
    meta.totals = Some(Totals {
        total: 45,
        per_page: 20,
        start_index: 21,
    });
    insta::assert_snapshot!(acquisition(&meta, &works(), &urls)?);
    Ok(())
}

#[test]
fn opensearch_document() -> Result<(), OpdsError> {
    insta::assert_snapshot!(opensearch_description(&Urls::new(true))?);
    Ok(())
}

#[test]
fn pagination_edges() {
    let rels = |page, pages| -> Vec<String> {
        pagination_links(page, pages, ACQUISITION_TYPE, |n| n.to_string())
            .into_iter()
            .map(|l| format!("{}={}", l.rel, l.href))
            .collect()
    };
    assert!(rels(1, 1).is_empty());
    assert_eq!(rels(1, 3), ["first=1", "next=2", "last=3"]);
    assert_eq!(rels(2, 3), ["first=1", "previous=1", "next=3", "last=3"]);
    assert_eq!(rels(3, 3), ["first=1", "previous=2", "last=3"]);
}

#[test]
fn hostile_text_cannot_break_out() -> Result<(), OpdsError> {
    let urls = Urls::new(false);
    let meta = FeedMeta::new(
        &urls,
        "<feed> & \"more\"",
        urls.works([]),
        ACQUISITION_TYPE,
        clock(),
    );
    let text = acquisition(&meta, &works(), &urls)?;
    assert!(!text.contains("<script>"));
    assert!(!text.contains("<img"));
    assert!(!text.contains("<b>"));
    assert!(!text.contains("<![CDATA["));
    assert!(!text.contains('\u{1}'));
    assert!(text.contains(
        "Tricky &lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;"
    ));
    assert!(text.contains("<title>&lt;feed&gt; &amp; &quot;more&quot;</title>"));
    // The id is percent-encoded in every URL.
    assert!(text.contains("/works/x%26y/download.epub"));
    Ok(())
}

#[test]
fn writes_to_any_writer() -> Result<(), OpdsError> {
    let urls = Urls::new(false);
    let meta = FeedMeta::new(&urls, "All", urls.works([]), ACQUISITION_TYPE, clock());
    let mut buffer = Vec::new();
    write_acquisition(&mut buffer, &meta, &works(), &urls)?;
    assert_eq!(
        String::from_utf8(buffer)?,
        acquisition(&meta, &works(), &urls)?
    );
    Ok(())
}
